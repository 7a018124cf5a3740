import Foundation
import Testing

@testable import GILCore

/// The comparison shows the report's own numbers, marks the best, and measures against a baseline.
@Suite struct ComparisonTests {
    static func compare(_ scenario: Scenario, baseline: Int = 0) -> (ScenarioReport, Comparison) {
        let report = ScenarioReport(running: scenario)
        return (report, Comparison(scenario: scenario, figures: report.models, baseline: baseline))
    }

    @Test(arguments: ReportTests.bundledScenarios)
    func numbersAreExactlyTheReportsNumbers(file: String) throws {
        let (report, comparison) = Self.compare(try ReportTests.load(file))
        for (i, m) in report.models.enumerated() {
            #expect(comparison.value(.throughput, of: i) == m.throughputPerSecond)
            #expect(comparison.value(.p50, of: i) == m.latency.p50)
            #expect(comparison.value(.p95, of: i) == m.latency.p95)
            #expect(comparison.value(.p99, of: i) == m.latency.p99)
            #expect(comparison.value(.makespan, of: i) == Time.ms(m.makespan))
            #expect(comparison.value(.cpu, of: i) == m.cpuUtilization)
            #expect(comparison.value(.gilHeld, of: i) == m.gilHeldFraction)
            #expect(comparison.value(.gilWait, of: i) == m.gilWaitMeanMs)
            #expect(comparison.value(.memory, of: i) == m.memoryMB)
        }
        // The printed cells are the report table's cells: the same figure written the same way.
        let reportTable = report.table()
        let table = comparison.table()
        for m in report.models {
            let row = try #require(table.split(separator: "\n").first { $0.hasPrefix(m.name + " ") })
            for cell in [
                Format.rate(m.throughputPerSecond), Format.milliseconds(m.latency.p99),
                Format.percent(m.cpuUtilization), Format.megabytes(m.memoryMB),
            ] {
                #expect(row.contains(cell), "\(cell) in \(row)")
                #expect(reportTable.contains(cell))
            }
        }
        // The JSON's ratios are the figures' ratios.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json(comparison: comparison).utf8)) as? [String: Any])
        #expect(object["baseline"] as? String == report.models[0].name)
        let models = try #require(object["models"] as? [[String: Any]])
        for (i, model) in models.enumerated() {
            let vs = try #require(model["vs_baseline"] as? [String: Any])
            let ratio = try #require(vs["throughput_per_s"] as? Double)
            #expect(abs(ratio - report.models[i].throughputPerSecond / report.models[0].throughputPerSecond) < 1e-4)
        }
        #expect((object["verdicts"] as? [[String: String]])?.count == comparison.verdicts.count)
    }

    @Test func theBestIsMarkedByEachColumnsDirection() throws {
        let (_, c) = Self.compare(try ReportTests.load("cpu_bound.json"))
        let names = c.models.map(\.name)
        #expect(c.best(.throughput).map { names[$0] } == ["4 processes"])
        #expect(c.best(.p99).map { names[$0] } == ["4 processes"])
        #expect(c.best(.memory).map { names[$0] } == ["1 thread"])
        // No direction: no best.
        #expect(c.best(.cpu).isEmpty && c.best(.gilHeld).isEmpty)
        // Tied within 1%: every tied model is marked; all tied: none is.
        #expect(c.best(.gilWait).map { names[$0] } == ["1 thread", "4 processes", "free-threaded, 4"])
        var allTied = c
        for i in allTied.models.indices { allTied.models[i].memoryMB = 40 }
        #expect(allTied.best(.memory).isEmpty)
        #expect(c.table().contains("40.0*"))
    }

    @Test func differencesAreRatiosPointsOrAbsolute() throws {
        let (_, c) = Self.compare(try ReportTests.load("cpu_bound.json"), baseline: 0)
        #expect(c.difference(.throughput, of: 0) == .baseline)
        guard case .ratio(let r) = c.difference(.throughput, of: 2) else {
            Issue.record("no ratio")
            return
        }
        #expect(r == c.models[2].throughputPerSecond / c.models[0].throughputPerSecond)
        #expect(c.formattedDifference(.throughput, of: 2) == Format.ratio(r))
        #expect(c.formattedDifference(.throughput, of: 2, ascii: true).hasPrefix("x"))
        // Fractions in percentage points; a zero baseline gives the absolute difference.
        #expect(c.difference(.cpu, of: 2) == .points((c.models[2].cpuUtilization - c.models[0].cpuUtilization) * 100))
        #expect(c.difference(.gilWait, of: 1) == .absolute(c.models[1].gilWaitMeanMs))
        #expect(c.formattedDifference(.gilWait, of: 1).hasPrefix("+"))
        // Another baseline changes every difference.
        let other = Comparison(scenario: try ReportTests.load("cpu_bound.json"), figures: c.models, baseline: 2)
        #expect(other.difference(.throughput, of: 2) == .baseline)
        #expect(other.table().contains("Against 4 processes"))
    }
}
