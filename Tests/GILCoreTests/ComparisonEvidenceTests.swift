import Testing

@testable import GILCore

/// Live verdicts wait until the figures they rest on are settled (Comparison+Evidence).
struct ComparisonEvidenceTests {
    /// io_bound-like: 2 ms of Python and 50 ms of I/O per request, 100 arriving a second.
    static func scenario(models: [ModelSpec]) -> Scenario {
        let ms = TestScenarios.ms
        return TestScenarios.scenario(
            cores: 4, arrivals: .poisson(ratePerSecond: 100), size: .requests(2000),
            jobs: [Job(name: "page", steps: [.cpu(.fixed(ms(2))), .io(.exponential(mean: ms(50)))])],
            models: models)
    }

    static func comparison(_ scenario: Scenario, at time: SimTime?) -> Comparison {
        let figures = scenario.models.indices.map { m in
            var simulation = ModelSimulation(scenario: scenario, model: m)
            if let time { simulation.run(until: time) } else { simulation.runToCompletion() }
            return simulation.figures()
        }
        return Comparison(scenario: scenario, figures: figures)
    }

    @Test func farApartModelsSettleEarlyTheBaselineWaitsForItsCount() {
        let scenario = Self.scenario(models: [ModelSpec(name: "1 thread"), ModelSpec(name: "8 threads", threads: 8)])
        let early = Self.comparison(scenario, at: 2 * Time.second)
        #expect(early.models[0].completed < 100 && early.models[1].completed > 100)
        // ~7× the throughput on ~40 and ~180 completions: no more requests can bring it within 15%.
        #expect(early.isSettled(1, finished: false))
        #expect(!early.isSettled(0, finished: false))
        let (verdicts, held) = early.settledVerdicts(finished: false)
        #expect(held == [0] && !verdicts.isEmpty && verdicts.allSatisfy { $0.model == 1 })
        #expect(early.completedText(0).hasSuffix(" of 2,000 requests"))
        #expect(early.isSettled(0, finished: true))
    }

    @Test func lookAlikesWaitForEnoughCompletions() {
        // Two equal models: their ratio is 1, inside the band, and only many requests make it sure.
        let scenario = Self.scenario(models: [ModelSpec(name: "a", threads: 8), ModelSpec(name: "b", threads: 8)])
        let early = Self.comparison(scenario, at: Time.second)
        #expect(early.models[1].completed >= ComparisonEvidenceTests.fewest && early.models[1].completed < 400)
        #expect(!early.isSettled(1, finished: false))
        let later = Self.comparison(scenario, at: 6 * Time.second)
        #expect(later.models.allSatisfy { $0.completed >= 400 })
        #expect(later.isSettled(0, finished: false) && later.isSettled(1, finished: false))
        // The report's comparison (the run over) holds nothing back.
        let done = Self.comparison(scenario, at: nil)
        #expect(done.settledVerdicts(finished: true).held.isEmpty)
        #expect(done.settledVerdicts(finished: true).verdicts == done.verdicts)
    }

    static let fewest = Comparison.fewestForInterval

    @Test func countsReadWithSeparators() {
        #expect(Format.count(7) == "7" && Format.count(2000) == "2,000" && Format.count(1_234_567) == "1,234,567")
        #expect(Format.count(-1500) == "-1,500" && Format.count(999) == "999")
    }
}
