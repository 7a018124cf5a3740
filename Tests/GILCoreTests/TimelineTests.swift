import Testing

@testable import GILCore

@Suite struct TimelineTests {
    static let ms = TestScenarios.ms

    static let scenario = TestScenarios.scenario(
        cores: 2, arrivals: .poisson(ratePerSecond: 200), size: .requests(4000),
        jobs: [Job(name: "page", steps: [.cpu(.exponential(mean: ms(1))), .io(.exponential(mean: ms(20))), .cpu(.fixed(ms(0.5)))])],
        models: [ModelSpec(name: "4 threads", threads: 4)])

    /// With a retention window, a long run keeps a bounded history, and what it keeps is exactly
    /// what a full recording holds for the same span.
    @Test func retentionBoundsMemoryAndKeepsRecentHistoryExact() {
        let window = Self.ms(200)
        var bounded = ModelSimulation(scenario: Self.scenario, model: 0, options: SimulationOptions(timeline: .last(window)))
        var full = ModelSimulation(scenario: Self.scenario, model: 0, options: SimulationOptions(timeline: .all))
        var maxBoundedChanges = 0
        for checkpoint in stride(from: Self.ms(1000), through: Self.ms(19_000), by: Int(Self.ms(1000))) {
            bounded.run(until: checkpoint)
            full.run(until: checkpoint)
            #expect(bounded.now == checkpoint)
            let lanes: [Timeline.Lane] = (0..<4).map { .thread($0) } + [.gil(process: 0), .core(0), .core(1)]
            for lane in lanes {
                maxBoundedChanges = Swift.max(maxBoundedChanges, bounded.timeline!.changes(lane).count)
            }
            let (b, f) = (bounded.timeline!, full.timeline!)
            for t in stride(from: checkpoint - window, through: checkpoint, by: Int(Self.ms(0.25))) {
                for i in 0..<4 { #expect(b.thread(i).value(at: t) == f.thread(i).value(at: t)) }
                #expect(b.gil(process: 0).value(at: t) == f.gil(process: 0).value(at: t))
                for c in 0..<2 { #expect(b.core(c).value(at: t) == f.core(c).value(at: t)) }
            }
        }
        let fullChanges = full.timeline!.changes(.gil(process: 0)).count
        #expect(fullChanges > 20 * maxBoundedChanges, "full \(fullChanges) changes, bounded at most \(maxBoundedChanges)")
    }

    @Test func lanesRecordGILHoldersHandoffsAndCores() {
        var sim = ModelSimulation(
            scenario: TestScenarios.scenario(
                arrivals: .batch, size: .requests(2), jobs: [Job(name: "j", steps: [.cpu(.fixed(Self.ms(10)))])],
                models: [ModelSpec(name: "2 threads", threads: 2)]),
            model: 0, options: SimulationOptions(timeline: .all))
        sim.runToCompletion()
        let timeline = sim.timeline!
        let gil = timeline.gil(process: 0).map(\.value)
        // Thread 0 takes it at t=0; at 5 ms thread 1's drop request hands it over (a hand-off gap); and back.
        #expect(Array(gil.prefix(4)) == [.held(byThread: 0), .handingOff, .held(byThread: 1), .handingOff])
        #expect(timeline.thread(1).value(at: Self.ms(3)) == .gilWait)
        #expect(timeline.thread(0).value(at: Self.ms(3)) == .running)
        #expect(timeline.gil(process: 0).value(at: Self.ms(5) + 10_000) == .handingOff)
        #expect(timeline.core(0).value(at: Self.ms(3)) == .running(thread: 0))
    }
}
