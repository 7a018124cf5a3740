import Testing

@testable import GILCore

/// Invariants that must hold at every event of every run, over a spread of models and workloads.
@Suite struct EngineInvariantTests {
    static let ms = TestScenarios.ms

    /// A mixed workload touching every step kind, and models touching every mechanism.
    static let mixed: Scenario = TestScenarios.scenario(
        cores: 2, switchInterval: ms(1), arrivals: .poisson(ratePerSecond: 120), size: .requests(600),
        jobs: [
            Job(
                name: "page", mix: .weight(6),
                steps: [.cpu(.exponential(mean: ms(2))), .io(.exponential(mean: ms(20))), .cpu(.fixed(ms(1)))]),
            Job(name: "hash", mix: .weight(1), steps: [.cpu(.fixed(ms(0.5))), .native(.uniform(low: ms(2), high: ms(8)))]),
            Job(
                name: "n+1", mix: .weight(2),
                steps: [.repeat(count: 5, steps: [.io(.fixed(ms(1))), .cpu(.normal(mean: ms(0.3), standardDeviation: ms(0.1)))])]),
            Job(
                name: "sync call", mix: .weight(1),
                steps: [.cpu(.fixed(ms(1))), .blocking(.lognormal(mean: ms(10), standardDeviation: ms(5)))]),
            Job(
                name: "offload", mix: .weight(1),
                steps: [.offload([.cpu(.fixed(ms(3))), .offload([.io(.fixed(ms(2)))])]), .cpu(.fixed(ms(1)))]),
        ],
        models: [
            ModelSpec(name: "1 thread"),
            ModelSpec(name: "8 threads", threads: 8),
            ModelSpec(name: "3 processes × 4 threads", processes: 3, threads: 4),
            ModelSpec(name: "round robin", processes: 3, threads: 2, dispatch: .roundRobin),
            ModelSpec(name: "asyncio", asyncio: true, executorThreads: 2),
            ModelSpec(name: "2 loops", processes: 2, asyncio: true),
            ModelSpec(name: "free-threaded", threads: 6, gil: false),
            ModelSpec(name: "no hand-off cost, 5 ms", threads: 4, switchInterval: ms(5)),
        ])

    static var closedLoop: Scenario {
        var scenario = mixed
        scenario.workload.arrivals = .closed(clients: 12, think: .exponential(mean: ms(5)))
        scenario.workload.size = .duration(ms(1500))
        return scenario
    }

    @Test(arguments: 0..<8)
    func invariantsHoldAtEveryEvent(model: Int) {
        for scenario in [Self.mixed, Self.closedLoop] {
            let (sim, problems) = TestScenarios.runChecked(scenario, model: model)
            #expect(problems.isEmpty, "\(scenario.models[model].name): \(problems)")
            let records = sim.completedRequests!
            // Every request completes exactly once.
            let issued = sim.figures().requests
            #expect(records.count == issued)
            #expect(Set(records.map(\.index)) == Set(0..<issued))
            // The states a request went through add up to its latency.
            let mismatched = records.filter { $0.states.total != $0.latency }
            #expect(mismatched.isEmpty, "\(mismatched.prefix(3))")
            #expect(records.allSatisfy { $0.start >= $0.arrival && $0.end >= $0.start })
        }
    }

    /// Copies of a simulation are snapshots (the dashboard steps back with them): the engine's
    /// arrays copy on write once per step, so neither copy may see the other's later events.
    @Test(arguments: 0..<8)
    func aCopyIsASnapshot(model: Int) {
        var original = ModelSimulation(scenario: Self.mixed, model: model, options: SimulationOptions(timeline: .all))
        original.run(until: Self.ms(300))
        var copy = original
        let atCopy = copy.figures()
        original.run(until: Self.ms(600))
        #expect(copy.figures() == atCopy)
        // Interleaved, each copy reaches exactly what a run without copies reaches.
        var alone = ModelSimulation(scenario: Self.mixed, model: model, options: SimulationOptions(timeline: .all))
        alone.runToCompletion()
        while copy.step() { original.step() }
        original.runToCompletion()
        #expect(copy.figures() == alone.figures())
        #expect(original.figures() == alone.figures())
        #expect(copy.processedEvents == alone.processedEvents)
    }

    @Test func stateTimesAddEveryState() {
        var sum = StateTimes()
        var each = StateTimes()
        for (i, state) in RequestState.allCases.enumerated() { each[state] = SimTime(1 << i) }
        sum += each
        sum += each
        for (i, state) in RequestState.allCases.enumerated() { #expect(sum[state] == SimTime(2 << i), "\(state)") }
    }

    @Test func everyModelSeesTheSameRequests() {
        let runs = (0..<Self.mixed.models.count).map { TestScenarios.runChecked(Self.mixed, model: $0).0 }
        let reference = runs[0].completedRequests!.sorted { $0.index < $1.index }
        for run in runs.dropFirst() {
            let records = run.completedRequests!.sorted { $0.index < $1.index }
            #expect(records.map(\.arrival) == reference.map(\.arrival))
            #expect(records.map(\.job) == reference.map(\.job))
        }
        // The same drawn durations: with one thread and no contention, a request's time on a
        // core is its drawn CPU and native work, the same in every GIL model with one process.
        let single = TestScenarios.runChecked(Self.mixed, model: 0).0.completedRequests!.sorted { $0.index < $1.index }
        let threaded = TestScenarios.runChecked(Self.mixed, model: 1).0.completedRequests!.sorted { $0.index < $1.index }
        #expect(single.map { $0.states[.running] } == threaded.map { $0.states[.running] })
    }

    @Test func sameSeedSameRunDifferentSeedDifferentRun() {
        let a = TestScenarios.figures(Self.mixed, model: 2)
        let b = TestScenarios.figures(Self.mixed, model: 2)
        #expect(a == b)
        var reseeded = Self.mixed
        reseeded.seed = 8
        #expect(TestScenarios.figures(reseeded, model: 2) != a)
    }

    /// Stepping one event at a time and running straight through reach the same state.
    @Test func steppingAndRunningAgree() {
        var stepped = ModelSimulation(scenario: Self.mixed, model: 4)
        var ran = stepped
        while stepped.now < Self.ms(700) && stepped.step() {}
        ran.run(until: stepped.now)
        let names = Self.mixed.workload.jobs.map(\.name)
        #expect(stepped.figures().completed == ran.figures().completed)
        stepped.runToCompletion()
        ran.runToCompletion()
        #expect(stepped.figures() == ran.figures())
    }
}
