import Foundation
import GILCore
import Testing

/// `gilview export --csv`: a row per completed request.
struct ExportCSVTests {
    /// RFC 4180 fields of one line (quoted fields may hold commas and doubled quotes).
    static func fields(_ line: Substring) -> [String] {
        var fields: [String] = [], field = "", quoted = false, previous: Character?
        for character in line {
            if quoted {
                if character == "\"" { quoted = false } else { field.append(character) }
            } else if character == "\"" {
                if previous == "\"" { field.append("\"") }
                quoted = true
            } else if character == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
            previous = character
        }
        return fields + [field]
    }

    /// Milliseconds written to the nanosecond ("12.5", "0.000001") as whole nanoseconds.
    static func nanoseconds(_ text: String) -> SimTime? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = SimTime(parts[0]), parts.count <= 2 else { return nil }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 6, let digits = SimTime(fraction.padding(toLength: 6, withPad: "0", startingAt: 0)) else { return nil }
        return whole * Time.millisecond + digits
    }

    /// In every row the states add up to the latency, exactly, and end − arrival is the
    /// latency; each model has as many rows as the report's completed requests; the columns
    /// are the report's state keys.
    @Test(arguments: ["io_bound", "blocking_in_async", "django_gthread", "celery_offload"])
    func rowsAddUpAndCount(_ name: String) throws {
        let scenario = try Fixtures.scenario(name)
        let export = try ExportFixture.export(scenario)
        let lines = export.csv.split(separator: "\n")
        let header = Self.fields(lines[0])
        let states = RequestState.reported(connectionPools: !scenario.connectionPools.isEmpty)
        #expect(
            header == ["model", "request", "job", "process", "arrival_ms", "start_ms", "end_ms", "latency_ms"]
                + states.map { $0.key + "_ms" })
        var rows: [String: Int] = [:]
        var requests: [String: Set<Int>] = [:]
        for line in lines.dropFirst() {
            let row = Self.fields(line)
            try #require(row.count == header.count, "\(line)")
            let times = try row[4...].map { try #require(Self.nanoseconds($0), "\($0) is no time in ms") }
            let (arrival, start, end, latency) = (times[0], times[1], times[2], times[3])
            #expect(arrival <= start && start <= end && end - arrival == latency, "\(line)")
            #expect(times[4...].reduce(0, +) == latency, "\(name): the states do not add up to the latency in \(line)")
            rows[row[0], default: 0] += 1
            requests[row[0], default: []].insert(Int(row[1])!)
        }
        let report = ScenarioReport(running: scenario)
        for model in report.models {
            #expect(rows[model.name] == model.completed, "\(name), \(model.name): \(rows[model.name] ?? 0) rows")
            #expect(requests[model.name]?.count == model.completed, "each request once")
        }
    }

    /// A name with commas, quotes and control characters is one RFC 4180 field, its control
    /// characters written as visible escapes, so every row stays one line.
    @Test func hostileNamesAreOneField() throws {
        let export = try ExportFixture.export(try ExportFixture.scenario(ExportFixture.hostileScenario))
        let lines = export.csv.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 1 + 2 * 6)
        let hostile = terminalSafe(ExportFixture.hostileName)
        for line in lines.dropFirst() {
            let row = Self.fields(line)
            #expect(row.count == 14)
            #expect(row[0] == hostile || row[0] == "plain")
            #expect(row[2] == hostile)
        }
        #expect(!export.csv.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }
}
