import Foundation

/// A sweep written out: a table, a chart of throughput and p99 per model, JSON and CSV.
extension Sweep {
    var keys: [ScenarioOverride.Key] { axes.compactMap { $0.first?.key } }

    /// The rows of one model, in combination order.
    func rows(of model: Int) -> [Row] { rows.filter { $0.model == model } }

    public func table() -> String {
        var table = TextTable(header: keys.map(\.rawValue) + ["model", "done", "req/s", "p50", "p95", "p99", "CPU", "GIL wait", "mem"])
        table.alignLeft = Set(keys.count...keys.count)
        for model in models {
            for row in rows(of: model) {
                let m = row.figures
                table.rows.append(
                    row.settings.map(\.value.description) + [
                        m.name, "\(m.completed)", Format.rate(m.throughputPerSecond), Format.milliseconds(m.latency.p50),
                        Format.milliseconds(m.latency.p95), Format.milliseconds(m.latency.p99),
                        Format.percent(m.cpuUtilization), Format.milliseconds(m.gilWaitMeanMs), Format.megabytes(m.memoryMB),
                    ])
            }
        }
        return table.render()
    }

    /// Per model, one line per combination: a bar for throughput (longer is better) and one for
    /// p99 (shorter is better), each scaled to the model's largest value.
    public func chart(ascii: Bool, barWidth: Int = 24) -> String {
        var blocks: [String] = []
        for model in models {
            let rows = rows(of: model)
            guard let name = rows.first?.figures.name else { continue }
            let labels = rows.map { $0.settings.map(\.description).joined(separator: " ") }
            let labelWidth = labels.map(\.count).max() ?? 0
            let throughputs = rows.map(\.figures.throughputPerSecond)
            let p99s = rows.map(\.figures.latency.p99)
            let rates = throughputs.map(Format.rate), latencies = p99s.map(Format.milliseconds)
            let rateWidth = rates.map(\.count).max() ?? 0
            // Latencies often span orders of magnitude across a sweep (a queue that never
            // drains against one that keeps up): then a log scale keeps the small ones visible.
            let lowest = p99s.filter { $0 > 0 }.min() ?? 0, highest = p99s.max() ?? 0
            let logScale = lowest > 0 && highest / lowest >= Self.logScaleSpan
            let p99Lengths = logScale ? p99s.map { log($0 / (lowest / 2)) } : p99s
            let p99Top = logScale ? log(highest / (lowest / 2)) : highest
            var lines = ["\(terminalSafe(name)): req/s (longer is better) and p99 (shorter is better\(logScale ? "; log scale" : ""))"]
            for i in rows.indices {
                let label = labels[i].padding(toLength: labelWidth, withPad: " ", startingAt: 0)
                let rate = String(repeating: " ", count: rateWidth - rates[i].count) + rates[i]
                lines.append(
                    "  \(label)  \(Self.bar(throughputs[i], of: throughputs.max() ?? 0, width: barWidth, ascii: ascii)) \(rate)"
                        + "  \(ascii ? "|" : "│") \(Self.bar(max(0, p99Lengths[i]), of: p99Top, width: barWidth, ascii: ascii)) \(latencies[i])"
                )
            }
            blocks.append(lines.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n")
    }

    /// A bar `value / top` of `width` cells, padded to `width`: eighth blocks in Unicode, `#` in ASCII.
    static func bar(_ value: Double, of top: Double, width: Int, ascii: Bool) -> String {
        let eighths = top > 0 ? Int((value / top * Double(width * 8)).rounded()) : 0
        var bar = String(repeating: ascii ? "#" : "█", count: eighths / 8)
        if !ascii, eighths % 8 > 0 { bar.append(Self.partialBlocks[eighths % 8 - 1]) }
        if ascii, eighths % 8 >= 4 { bar.append("#") }
        return bar + String(repeating: " ", count: max(0, width - bar.count))
    }

    /// The p99 bars switch to a log scale when the largest is at least this many times the smallest.
    static let logScaleSpan = 20.0

    private static let partialBlocks: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// `{ "title", "seed", "varied", "rows": [ { "settings": {…}, then the report's model object } ] }`.
    public func json(title: String, seed: UInt64) -> String {
        JSONOutput.object([
            ("title", .string(title)),
            ("seed", .unsigned(seed)),
            ("varied", .array(keys.map { .string($0.rawValue) })),
            (
                "rows",
                .array(
                    models.flatMap { rows(of: $0) }.map { row in
                        .object(
                            [("settings", .object(row.settings.map { ($0.key.rawValue, Self.json($0.value)) }))]
                                + ScenarioReport.json(row.figures))
                    })
            ),
        ]).rendered()
    }

    private static func json(_ value: ScenarioOverride.Value) -> JSONOutput {
        switch value {
        case .integer(let n): .integer(n)
        case .duration(_, let text): .string(text)
        case .number(let x): .number(x)
        case .boolean(let b): .bool(b)
        }
    }

    /// One line per row; durations varied are in milliseconds (`switch_interval_ms`).
    public func csv() -> String {
        let keyColumns = keys.map { key in
            if case .duration = axes.first(where: { $0.first?.key == key })?.first?.value { return key.rawValue + "_ms" }
            return key.rawValue
        }
        let header =
            keyColumns + [
                "model", "completed", "throughput_per_s", "mean_ms", "p50_ms", "p95_ms", "p99_ms", "max_ms",
                "makespan_ms", "cpu_utilization", "gil_held_fraction", "gil_wait_ms_mean", "memory_mb",
            ]
        var lines = [header.joined(separator: ",")]
        for row in models.flatMap({ rows(of: $0) }) {
            let m = row.figures
            let settings = row.settings.map { setting -> String in
                if case .duration(let t, _) = setting.value { return Self.number(Time.ms(t)) }
                return setting.value.description
            }
            let figures = [
                Double(m.completed), rounded(m.throughputPerSecond), rounded(m.latency.mean), rounded(m.latency.p50),
                rounded(m.latency.p95), rounded(m.latency.p99), rounded(m.latency.max), rounded(Time.ms(m.makespan)),
                rounded(m.cpuUtilization, places: 4), rounded(m.gilHeldFraction, places: 4),
                rounded(m.gilWaitMeanMs), rounded(m.memoryMB, places: 1),
            ].map(Self.number)
            lines.append((settings + [Self.csvField(m.name)] + figures).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    private static func number(_ x: Double) -> String { JSONOutput.number(x).rendered() }

    /// Quoted when it holds a comma, a quote or a line break (RFC 4180).
    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
