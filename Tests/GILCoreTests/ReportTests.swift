import Foundation
import Testing

@testable import GILCore

/// The JSON report contract, determinism, and the bundled scenarios.
@Suite struct ReportTests {
    static let scenarioDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios")

    static var bundledScenarios: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: scenarioDirectory.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
    }

    static func load(_ name: String) throws -> Scenario {
        try ScenarioLoader.load(path: scenarioDirectory.appendingPathComponent(name).path)
    }

    @Test func theREADMEsScenariosAreBundled() {
        #expect(Self.bundledScenarios.contains("io_bound.json"))
        #expect(Self.bundledScenarios.contains("cpu_bound.json"))
    }

    @Test func sameFileAndSeedGiveByteIdenticalJSON() throws {
        let scenario = try Self.load("io_bound.json")
        let first = ScenarioReport(running: scenario).json()
        let second = ScenarioReport(running: scenario).json()
        #expect(first == second)
        var reseeded = scenario
        reseeded.seed += 1
        #expect(ScenarioReport(running: reseeded).json() != first)
    }

    @Test func jsonFollowsTheContract() throws {
        let scenario = try Self.load("io_bound.json")
        let report = ScenarioReport(running: scenario)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(object["title"] as? String == scenario.title)
        #expect(object["seed"] as? Int == Int(scenario.seed))
        #expect(object["cores"] as? Int == scenario.machine.cores)
        let models = try #require(object["models"] as? [[String: Any]])
        #expect(models.map { $0["name"] as? String } == scenario.models.map(\.name))
        for (model, figures) in zip(models, report.models) {
            for key in [
                "requests", "completed", "makespan_ms", "throughput_per_s", "cpu_utilization",
                "gil_held_fraction", "gil_wait_ms_mean",
            ] {
                #expect(model[key] is NSNumber, "\(key) in \(figures.name)")
            }
            let latency = try #require(model["latency_ms"] as? [String: Double])
            #expect(Set(latency.keys) == ["mean", "p50", "p95", "p99", "max"])
            #expect(abs(latency["p99"]! - figures.latency.p99) < 0.001)
            #expect(latency["p50"]! <= latency["p95"]! && latency["p95"]! <= latency["p99"]! && latency["p99"]! <= latency["max"]!)
            let jobs = try #require(model["jobs"] as? [String: [String: Any]])
            #expect(Set(jobs.keys) == Set(scenario.workload.jobs.map(\.name)))
            let completedByJob = jobs.values.compactMap { $0["completed"] as? Int }.reduce(0, +)
            #expect(completedByJob == model["completed"] as? Int)
            // The mean time in each state adds up to the mean latency.
            let states = try #require(model["state_ms_mean"] as? [String: Double])
            #expect(abs(states.values.reduce(0, +) - latency["mean"]!) < 0.01)
            let utilization = try #require(model["cpu_utilization"] as? Double)
            #expect(utilization >= 0 && utilization <= 1)
        }
        // Job keys keep the scenario's order in the text (a dictionary would shuffle them).
        let text = report.json()
        let page = try #require(text.range(of: "\"page\""))
        let reportJob = try #require(text.range(of: "\"report\""))
        #expect(page.lowerBound < reportJob.lowerBound)
    }

    /// The engine's invariants, checked at every event of every bundled scenario's models.
    @Test(arguments: bundledScenarios)
    func bundledScenariosKeepTheInvariants(file: String) throws {
        let scenario = try Self.load(file)
        for model in scenario.models.indices {
            let (sim, problems) = TestScenarios.runChecked(scenario, model: model)
            #expect(problems.isEmpty, "\(file) / \(scenario.models[model].name): \(problems)")
            let records = try #require(sim.completedRequests)
            #expect(records.allSatisfy { $0.states.total == $0.latency })
            #expect(Set(records.map(\.index)).count == records.count)
        }
    }

    @Test func jsonEscapesTitlesAndNamesSoItParses() throws {
        var scenario = try Self.load("cpu_bound.json")
        scenario.title = "quotes \" backslash \\ newline \n tab \t bell \u{7} é"
        scenario.models = [ModelSpec(name: "a \"quoted\" model")]
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(ScenarioReport(running: scenario).json().utf8)) as? [String: Any])
        #expect(object["title"] as? String == scenario.title)
        #expect((object["models"] as? [[String: Any]])?.first?["name"] as? String == "a \"quoted\" model")
    }

    @Test func tableShowsEveryModelAndItsFigures() throws {
        let scenario = try Self.load("cpu_bound.json")
        let report = ScenarioReport(running: scenario)
        let table = report.table()
        for model in report.models {
            let row = try #require(table.split(separator: "\n").first { $0.hasPrefix(model.name + " ") })
            #expect(row.contains(Format.milliseconds(model.latency.p99)))
        }
        #expect(table.contains("GIL wait"))
    }
}
