import Foundation
import Testing

@_spi(Testing) @_spi(Benchmarks) @testable import GILCore

/// Issue 16, "Prove it": random valid scenarios — anywhere within `ScenarioLimits`, from a
/// seeded generator — never trap, stop within their budget, and keep the engine's invariants.
@Suite struct EnginePropertyTests {
    static let budget = SimulationBudget(events: 600, time: 600 * Time.second, inFlight: 100)

    @Test func randomValidScenariosKeepTheInvariantsWithinTheBudget() {
        var rng = GILCore.SplitMix64(seed: 16)
        var stops: [BudgetLimit: Int] = [:]
        var refused = 0
        for case_ in 0..<200 {
            var generator = RandomScenario(rng: rng)
            let generated = generator.scenario()
            rng = generator.rng
            // Within the limits exactly when the decoder accepts its file (rate × duration can pass them).
            guard let scenario = try? ScenarioLoader.parse(ScenarioWriter.text(generated), file: "random-\(case_).json") else {
                refused += 1
                continue
            }
            for model in scenario.models.indices {
                var sim = ModelSimulation(
                    scenario: scenario, model: model,
                    options: SimulationOptions(recordRequests: true, budget: Self.budget))
                var problems: [String] = []
                while sim.step() {
                    if problems.isEmpty { problems = sim.invariantViolations() }
                }
                let figures = sim.figures()
                #expect(
                    problems.isEmpty,
                    "case \(case_), \(scenario.models[model].name): \(problems.prefix(3)) stop \(String(describing: sim.stoppedBy)) \(ScenarioWriter.text(scenario))"
                )
                #expect(sim.processedEvents <= Self.budget.events)
                #expect(sim.now <= Self.budget.time)
                if let stop = figures.stop {
                    stops[stop.limit, default: 0] += 1
                } else {
                    #expect(figures.completed == figures.requests, "case \(case_): ran to its end with requests left")
                }
                // Each request completes once, and its states add up to its latency.
                let records = sim.completedRequests!
                #expect(Set(records.map(\.index)).count == records.count, "case \(case_): a request completed twice")
                #expect(records.count == figures.completed)
                #expect(records.allSatisfy { $0.states.total == $0.latency }, "case \(case_)")
            }
        }
        #expect(refused < 30, "the generator should mostly make valid scenarios")
        // The generator reaches every budget, so each stop path is exercised.
        #expect(BudgetLimit.allCases.allSatisfy { stops[$0, default: 0] > 0 }, "\(stops)")
    }
}

extension EnginePropertyTests {
    /// Found by the generator above (with 20,000-event budgets): an event loop offloads work that
    /// completes at once (two enqueues and a blocking call drawn as 0); finishing it re-entered
    /// the loop, which still read as awaiting, so the loop took its next task, queued for a core,
    /// then went back to awaiting while still in the run queue — and later got a core in the
    /// middle of a `blocking` step.
    @Test func asyncioHoldBlockingKeepsTheInvariants() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures/limits/asyncio_hold_blocking_invariant.json").path
        let scenario = try ScenarioLoader.load(path: path)
        var sim = ModelSimulation(scenario: scenario, model: 1, options: SimulationOptions(budget: SimulationBudget(events: 20_000)))
        var problems: [String] = []
        while problems.isEmpty, sim.step() { problems = sim.invariantViolations() }
        #expect(problems.isEmpty, "\(problems)")
    }
}

/// Scenarios drawn from the whole valid range: durations from 0 to a day, intervals from 1 µs,
/// every step kind nested, every arrival kind, pools, asyncio and free-threaded models.
struct RandomScenario {
    var rng: GILCore.SplitMix64

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { rng.nextUnit() < p }

    /// Mostly short, sometimes up to the longest a file may give.
    mutating func time(atLeast low: SimTime = 0) -> SimTime {
        let exponent = chance(0.05) ? log10(Double(ScenarioLimits.longestDuration)) : 3 + rng.nextUnit() * 5  // 1 µs – 100 ms
        return min(max(low, SimTime(pow(10, exponent) * rng.nextUnit())), ScenarioLimits.longestDuration)
    }

    mutating func distribution() -> Distribution {
        switch int(0...4) {
        case 0: .fixed(time())
        case 1: .exponential(mean: time())
        case 2:
            {
                let a = time(), b = time()
                return .uniform(low: min(a, b), high: max(a, b))
            }()
        case 3: .normal(mean: time(), standardDeviation: time())
        default: .lognormal(mean: time(atLeast: 1), standardDeviation: time())
        }
    }

    /// No `hold` inside a `hold`: on a pool of one that deadlocks, silently (issue 16 item 7).
    mutating func steps(depth: Int, pools: Bool) -> [Step] {
        (0..<int(1...3)).map { _ in
            switch int(0...(depth < 2 ? 7 : 3)) {
            case 0: .cpu(distribution())
            case 1: .native(distribution())
            case 2: .io(distribution())
            case 3: .blocking(distribution())
            case 4: .offload(steps(depth: depth + 1, pools: pools))
            case 5: .repeat(count: chance(0.1) ? ScenarioLimits.repeatCount : int(1...20), steps: steps(depth: depth + 1, pools: pools))
            case 6 where pools: .hold(pool: "db", steps: steps(depth: depth + 1, pools: false))
            case 7 where pools: .enqueue(pool: "celery", steps: steps(depth: depth + 1, pools: pools))
            default: .cpu(distribution())
            }
        }
    }

    mutating func scenario() -> Scenario {
        let pools = chance(0.3)
        let arrivals: Arrivals =
            switch int(0...3) {
            case 0: .batch
            case 1: .poisson(ratePerSecond: chance(0.1) ? ScenarioLimits.rate.upperBound : pow(10, rng.nextUnit() * 4))
            case 2: .uniform(interval: .fixed(time(atLeast: 1)))
            default: .closed(clients: int(1...20), think: .exponential(mean: time(atLeast: Time.microsecond)))
            }
        let size: Workload.Size = arrivals == .batch || chance(0.5) ? .requests(int(1...150)) : .duration(time(atLeast: Time.millisecond))
        let jobs = (0..<int(1...3)).map { Job(name: "job\($0)", mix: .weight(Double(int(1...5))), steps: steps(depth: 0, pools: pools)) }
        var models: [ModelSpec] = [
            ModelSpec(
                name: "threads", processes: int(1...3), threads: int(1...4), dispatch: chance(0.5) ? .shared : .roundRobin,
                switchInterval: chance(0.2) ? ScenarioLimits.shortestInterval : nil),
            ModelSpec(name: "asyncio", processes: int(1...2), asyncio: true, executorThreads: int(1...3)),
            ModelSpec(name: "free-threaded", threads: int(1...4), gil: false, freeThreadingSlowdown: chance(0.1) ? 100 : 1.1),
        ]
        models[0].handoff = chance(0.2) ? time() : 0
        models[1].offloadCost = chance(0.2) ? time() : 0
        var scenario = Scenario(
            title: "random", seed: rng.next(),
            machine: Machine(cores: int(1...4), timeslice: chance(0.2) ? ScenarioLimits.shortestInterval : time(atLeast: Time.microsecond)),
            python: PythonSettings(switchInterval: time(atLeast: Time.microsecond), gilHandoff: chance(0.3) ? 0 : time()),
            workload: Workload(arrivals: arrivals, size: size, jobs: jobs), models: models)
        if pools {
            scenario.connectionPools = [ConnectionPool(name: "db", size: int(1...3))]
            scenario.workerPools = [WorkerPool(name: "celery", size: WorkerPool.Size(processes: int(1...2), threads: 1))]
        }
        return scenario
    }
}
