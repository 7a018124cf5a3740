import Foundation
import GILCore

/// Exports made in memory, for the export tests.
enum ExportFixture {
    struct Result {
        var trace: Data
        var csv: String
        /// Each model's figures at the end of its export run.
        var figures: [ModelFigures]
    }

    /// Every model of `scenario` exported over `window`, the trace and the CSV collected in memory.
    static func export(_ scenario: Scenario, window: ExportWindow = .all) throws -> Result {
        let traceBytes = Collected(), csvBytes = Collected()
        var trace: TraceExport? = TraceExport(title: scenario.title, output: ExportOutput { traceBytes.data.append(contentsOf: $0) })
        var csv: RequestCSV? = RequestCSV(
            states: RequestState.reported(connectionPools: !scenario.connectionPools.isEmpty),
            output: ExportOutput { csvBytes.data.append(contentsOf: $0) })
        let figures = try scenario.models.indices.map { index in
            try ExportRun.run(scenario, model: index, window: window, budget: .standard, csv: &csv, trace: &trace)
        }
        _ = try trace!.finish()
        _ = try csv!.finish()
        return Result(trace: traceBytes.data, csv: String(decoding: csvBytes.data, as: UTF8.self), figures: figures)
    }

    /// Bytes an export's sink appends to.
    final class Collected {
        var data = Data()
    }

    /// A scenario from JSON text.
    static func scenario(_ json: String) throws -> Scenario {
        try ScenarioLoader.parse(json, file: "test.json")
    }

    /// Names with quotes, backslashes, commas, control and bidi characters, `<` and `&`.
    static let hostileName = "a\"b\\c,d\u{1B}[2J\u{7}e\r\nf<g>&h'\u{202E}i\u{0}j"

    static var hostileScenario: String {
        let name = String(data: try! JSONSerialization.data(withJSONObject: [hostileName], options: []), encoding: .utf8)!
            .dropFirst().dropLast()
        return """
            { "title": \(name), "seed": 3,
              "workload": { "arrivals": { "kind": "batch" }, "requests": 6,
                "jobs": [ { "name": \(name), "steps": [ { "cpu": "2ms" }, { "io": "3ms" }, { "cpu": "1ms" } ] } ] },
              "models": [ { "name": \(name), "threads": 2 }, { "name": "plain" } ] }
            """
    }
}

/// The trace's events, read back with Foundation's JSON parser.
struct ParsedTrace {
    struct Slice {
        var start: SimTime
        var duration: SimTime
        var name: String
        var args: [String: Any]?
        var end: SimTime { start + duration }
    }

    struct Track: Hashable {
        var pid: Int
        var tid: Int
    }

    var processNames: [Int: String] = [:]
    var threadNames: [Track: String] = [:]
    var slices: [Track: [Slice]] = [:]
    var counters: [(pid: Int, name: String, time: SimTime, args: [String: Any])] = []
    var flows: [(phase: String, id: Int, track: Track, time: SimTime)] = []

    init(_ data: Data) throws {
        let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        guard let events = root?["traceEvents"] as? [[String: Any]] else { throw ExportError("no traceEvents array") }
        for event in events {
            let pid = event["pid"] as! Int
            let track = Track(pid: pid, tid: event["tid"] as? Int ?? 0)
            let name = event["name"] as! String
            switch event["ph"] as! String {
            case "M" where name == "process_name":
                processNames[pid] = (event["args"] as! [String: Any])["name"] as? String
            case "M" where name == "thread_name":
                threadNames[track] = (event["args"] as! [String: Any])["name"] as? String
            case "X":
                slices[track, default: []].append(
                    Slice(
                        start: Self.nanoseconds(event["ts"]), duration: Self.nanoseconds(event["dur"]),
                        name: name, args: event["args"] as? [String: Any]))
            case "C":
                counters.append((pid, name, Self.nanoseconds(event["ts"]), event["args"] as! [String: Any]))
            case let phase where phase == "s" || phase == "f":
                flows.append((phase, event["id"] as! Int, track, Self.nanoseconds(event["ts"])))
            default:
                break
            }
        }
    }

    /// A time in µs (a JSON number) in nanoseconds, as Perfetto reads it.
    static func nanoseconds(_ value: Any?) -> SimTime {
        SimTime((((value as? NSNumber)?.doubleValue ?? .nan) * 1000).rounded())
    }

    /// The tracks of the process named `name`.
    func tracks(ofProcess name: String) -> [Track] {
        let pids = processNames.filter { $0.value == name }.map(\.key)
        return slices.keys.filter { pids.contains($0.pid) }
    }
}
