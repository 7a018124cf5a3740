import Foundation
import Testing

@testable import GILCore

@Suite struct ScenarioWriterTests {
    /// Written, then read back: the scenario it started from.
    private func roundTrip(_ scenario: Scenario, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let text = ScenarioWriter.text(scenario)
        let reread = try ScenarioLoader.parse(text, file: "written.json")
        #expect(reread == scenario, "differs after writing:\n\(text)", sourceLocation: sourceLocation)
        // Writing is deterministic and a fixed point.
        #expect(ScenarioWriter.text(reread) == text, sourceLocation: sourceLocation)
    }

    @Test func everyBundledScenarioRoundTrips() throws {
        #expect(!ReportTests.bundledScenarios.isEmpty)
        for name in ReportTests.bundledScenarios { try roundTrip(try ReportTests.load(name)) }
    }

    @Test func theDesignExampleRoundTrips() throws {
        try roundTrip(try ScenarioLoader.parse(exampleScenario, file: "example.json"))
    }

    @Test func edgeCasesRoundTrip() throws {
        let odd: [SimTime] = [0, 1, 999, 1_000, 1_001, 250 * us, 2_000_001, 1_500_000_000, 120 * Time.second, 3_600 * Time.second + 7]
        let distributions: [Distribution] =
            odd.map(Distribution.fixed) + [
                .exponential(mean: 5 * ms), .uniform(low: 1 * ms, high: 9 * ms), .uniform(low: 0, high: 0),
                .normal(mean: 10 * ms, standardDeviation: 2_500 * us), .lognormal(mean: 10 * ms, standardDeviation: 4 * ms),
            ]
        let steps: [Step] =
            distributions.map(Step.cpu) + [
                .native(.fixed(3 * ms)), .io(.exponential(mean: 50 * ms)), .blocking(.fixed(1 * ms)),
                .offload([.cpu(.fixed(1 * ms)), .repeat(count: 3, steps: [.io(.fixed(2 * ms)), .offload([.native(.fixed(1))])])]),
                .repeat(count: 1_000_000, steps: [.repeat(count: 2, steps: [.cpu(.fixed(1))])]),
            ]
        let models = [
            ModelSpec(name: "plain"),
            ModelSpec(
                name: "every key \"quoted\" \\ é ✓", processes: 3, threads: 7, executorThreads: 5, gil: false,
                dispatch: .roundRobin, switchInterval: 312_500, freeThreadingSlowdown: 1.4),
            ModelSpec(name: "loop", asyncio: true, executorThreads: 1),
        ]
        let arrivals: [(Arrivals, Workload.Size)] = [
            (.batch, .requests(12)),
            (.poisson(ratePerSecond: 0.3), .duration(10 * Time.second)),
            (.poisson(ratePerSecond: 150), .requests(2000)),
            (.uniform(interval: .exponential(mean: 7 * ms)), .duration(1_500_000_001)),
            (.closed(clients: 8, think: .fixed(0)), .requests(100)),
        ]
        for (arrival, size) in arrivals {
            let scenario = Scenario(
                title: "tab\there, newline\nthere", description: "", seed: UInt64.max,
                machine: Machine(cores: 1024, timeslice: 1_250_000),
                python: PythonSettings(switchInterval: ScenarioLimits.shortestInterval, gilHandoff: 0, freeThreadingSlowdown: 1.0000001),
                workload: Workload(
                    arrivals: arrival, size: size,
                    jobs: [
                        Job(name: "a", mix: .weight(0.1), steps: steps),
                        Job(name: "b", mix: .weight(1), steps: [.io(.fixed(1 * ms))]),
                    ]),
                models: models,
                notes: [Note(at: 0, text: "start"), Note(at: 120 * ms + 1, text: "“curly” and \u{1}")])
            try roundTrip(scenario)
        }
        // Exact counts, a batch arriving in order, and defaults everywhere else.
        try roundTrip(
            Scenario(
                workload: Workload(
                    arrivals: .batch, size: .requests(3),
                    jobs: [
                        Job(name: "x", mix: .count(1), steps: [.cpu(.fixed(ms))]), Job(name: "y", mix: .count(2), steps: [.io(.fixed(ms))]),
                    ]), models: [ModelSpec(name: "m")]))
    }

    @Test func durationsAreWrittenExactlyAndReadably() throws {
        let expected: [(SimTime, String)] = [
            (0, "0ms"), (7, "7ns"), (250 * us, "250us"), (5 * ms, "5ms"), (2_500 * us, "2.5ms"),
            (1_500_000_000, "1.5s"), (2_000_001, "2.000001ms"), (120 * Time.second, "120s"),
        ]
        for (nanoseconds, text) in expected {
            #expect(DurationParser.format(nanoseconds) == text)
            #expect(try DurationParser.parse(text) == nanoseconds)
        }
    }

    @Test func defaultsAreLeftOutAndSmallObjectsStayOnOneLine() throws {
        let text = ScenarioWriter.text(try ScenarioLoader.parse(exampleScenario, file: "example.json"))
        #expect(text.contains(#"{ "name": "1 process, 1 thread" }"#))
        #expect(text.contains(#"{ "io": { "exp": "50ms" } }"#))
        #expect(!text.contains("gil_handoff") && !text.contains("timeslice") && !text.contains("\"processes\": 1"))
    }
}
