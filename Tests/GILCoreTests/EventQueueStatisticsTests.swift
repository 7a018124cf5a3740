import Testing

@_spi(Testing) @_spi(Benchmarks) @testable import GILCore

/// The queue figures `gilview bench` sets its bare-heap ceiling by.
@Suite struct EventQueueStatisticsTests {
    @Test func countsEveryEventTakenAndTheHeapItWasTakenFrom() {
        // Eight CPU-bound threads on one GIL: many interval timers go stale when the GIL moves on.
        let scenario = TestScenarios.scenario(
            jobs: [Job(name: "crunch", steps: [.cpu(.fixed(TestScenarios.ms(20)))])],
            models: [ModelSpec(name: "8 threads", threads: 8)])
        var simulation = ModelSimulation(scenario: scenario, model: 0)
        simulation.runToCompletion()
        #expect(simulation.eventsPopped > simulation.processedEvents, "stale timers are popped but not handled")
        // Up to eight threads' timers and segment ends are pending at once, never more than all events.
        #expect(simulation.meanPendingEvents >= 1)
        #expect(simulation.meanPendingEvents <= 8 * 3)
    }

    @Test func ceilingIsDeterministicAndPopsForward() {
        // Each step pops the earliest event and pushes one up to ~1 ms after it: after 10,000
        // steps the clock has moved on, the same way for the same seed.
        let last = EventQueueCeiling.run(events: 10_000, pending: 100, seed: 3)
        #expect(last > 0)
        #expect(last < 10_000 * SimTime(1 << 20))
        #expect(EventQueueCeiling.run(events: 10_000, pending: 100, seed: 3) == last)
        #expect(EventQueueCeiling.run(events: 0, pending: 100) == 0)
    }
}
