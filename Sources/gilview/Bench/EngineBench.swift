@_spi(Benchmarks) import GILCore

/// One workload's models run to the end one after another on this thread, and the same number
/// of events pushed and popped through the bare event queue at the same heap size.
struct EngineRun: Sendable {
    var name: String
    var requests: Int
    var models: Int
    /// Events popped from the queue, stale ones included: what the ceiling repeats.
    var events: Int
    /// The heap size an average event was popped from.
    var meanPending: Double
    var engine: Measurement
    var ceiling: Measurement

    var eventsPerSecond: Double { Double(events) / engine.cpuSeconds }
    var ceilingEventsPerSecond: Double { Double(events) / ceiling.cpuSeconds }
    var nanosecondsPerEvent: Double { engine.cpuSeconds * 1e9 / Double(events) }
    var ceilingNanosecondsPerEvent: Double { ceiling.cpuSeconds * 1e9 / Double(events) }
    /// The engine's speed as a fraction of the bare heap's.
    var fractionOfCeiling: Double { ceiling.cpuSeconds / engine.cpuSeconds }
}

enum EngineBench {
    /// Each model and its ceiling run `repeats` times; each side's least CPU time counts.
    static func run(_ scenario: Scenario, name: String, repeats: Int, sink: inout Sink) -> EngineRun {
        var run = EngineRun(
            name: name, requests: requestCount(scenario), models: scenario.models.count,
            events: 0, meanPending: 0, engine: Measurement(), ceiling: Measurement())
        var pendingTotal = 0.0
        for model in scenario.models.indices {
            let runs = (0..<max(1, repeats)).map { _ in timedRun(scenario, model: model) }
            let engine = Measurement.least(runs.map(\.cost))
            // The engine is deterministic: every run handled the same events.
            let simulation = runs[0].simulation
            sink.take(simulation.processedEvents)
            sink.take(simulation.lastEventTime)
            let events = simulation.eventsPopped
            let pending = simulation.meanPendingEvents
            let ceiling = Measurement.least(
                (0..<repeats).map { _ in
                    let (last, measured) = Measurement.of { EventQueueCeiling.run(events: events, pending: Int(pending.rounded())) }
                    sink.take(last)
                    return measured
                })
            run.engine = run.engine + engine
            run.ceiling = run.ceiling + ceiling
            run.events += events
            pendingTotal += pending * Double(events)
        }
        run.meanPending = run.events > 0 ? pendingTotal / Double(run.events) : 0
        return run
    }

    /// A new simulation of the model run to its end, and the cost of the run (not of building it).
    static func timedRun(_ scenario: Scenario, model: Int) -> (simulation: ModelSimulation, cost: Measurement) {
        var simulation = ModelSimulation(scenario: scenario, model: model)
        let (_, cost) = Measurement.of { simulation.runToCompletion() }
        return (simulation, cost)
    }

    /// The scenario with its request count replaced.
    static func resized(_ scenario: Scenario, requests: Int) -> Scenario {
        var scenario = scenario
        scenario.workload.size = .requests(requests)
        return scenario
    }

    static func requestCount(_ scenario: Scenario) -> Int {
        if case .requests(let n) = scenario.workload.size { return n }
        return 0
    }
}
