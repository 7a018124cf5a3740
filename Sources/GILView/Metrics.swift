import GILCore

/// The figures shown with each model: the key ones in the pane's title, the rest with
/// sparklines of recent history in the pane's last row.
enum Metrics {
    /// Throughput, latency, CPU and GIL: what to compare between models at a glance.
    static func titleLine(_ figures: ModelFigures, hasGIL: Bool, theme: Theme) -> TextLine {
        var items: [[Span]] = [
            [Span("thr \(Format.rate(figures.throughputPerSecond))/s")],
            [Span("p50 \(latency(figures.latency.p50, figures.completed, theme))")],
            [Span("p99 \(latency(figures.latency.p99, figures.completed, theme))")],
            [Span("CPU \(Format.percent(figures.cpuUtilization))")],
        ]
        items.append([Span(hasGIL ? "GIL \(Format.percent(figures.gilHeldFraction))" : "no GIL")])
        return TextLine(items)
    }

    /// Completed, the asyncio loop's tasks, GIL wait, queue, in flight and recent throughput.
    static func detailLine(
        _ track: ModelTrack, figures: ModelFigures, sampleInterval: SimTime, theme: Theme,
        sparkWidth: Int
    ) -> TextLine {
        let simulation = track.simulation
        let samples = Array(track.history.samples.suffix(sparkWidth + 1))
        let label = theme.dimStyle
        var items: [[Span]] = [[Span("done ", label), Span("\(figures.completed)/\(figures.requests)")]]
        if let connections = figures.connections {
            items.append([Span("connections ", label), Span(connectionMap(connections))])
        }
        if simulation.spec.asyncio {
            let processes = simulation.processSnapshots
            let threads = simulation.threadSnapshots
            let ready = processes.reduce(0) { $0 + $1.readyTasks }
            // A task on the loop's thread is neither ready nor awaiting.
            let onLoop = processes.filter { process in
                guard let loop = process.loopThread, loop < threads.count else { return false }
                return [.running, .native, .gilWait, .noCore, .blocking].contains(threads[loop].activity)
            }.count
            let awaiting = max(0, processes.reduce(0) { $0 + $1.inFlight } - ready - onLoop)
            items.append([Span("loop ", label), Span("\(ready) ready, \(awaiting) awaiting")])
        }
        if simulation.spec.gil {
            items.append([Span("GIL wait ", label), Span(latency(figures.gilWaitMeanMs, figures.completed, theme))])
        }
        let queue = samples.suffix(sparkWidth).map { Double($0.queueLength) }
        let inFlight = samples.suffix(sparkWidth).map { Double($0.inFlight) }
        // Recent throughput: completions between consecutive samples, per second.
        let perSecond = Double(Time.second) / Double(sampleInterval)
        let recent = zip(samples.dropFirst(), samples).map { Double($0.completed - $1.completed) * perSecond }
        items.append([Span("queue ", label), Span("\(figures.queueLength) ")] + spark(queue, theme, sparkWidth))
        items.append([Span("in flight ", label), Span("\(figures.inFlight) ")] + spark(inFlight, theme, sparkWidth))
        if sparkWidth > 0, !recent.isEmpty {
            items.append([Span("thr ", label)] + spark(recent, theme, sparkWidth))
        }
        return TextLine(items, separator: "  ")
    }

    /// "P1 16 P2 0": the connections each web process holds now (keep-alive clients only).
    static func connectionMap(_ connections: ConnectionFigures) -> String {
        connections.held.enumerated().map { "P\($0.offset + 1) \($0.element)" }.joined(separator: " ")
    }

    private static func spark(_ values: [Double], _ theme: Theme, _ width: Int) -> [Span] {
        width > 0 && !values.isEmpty ? [Span(Sparkline.render(values, width: width, ascii: theme.ascii), theme.sparkStyle)] : []
    }

    /// "–" until something has completed: a percentile of nothing is not 0 ms.
    private static func latency(_ ms: Double, _ completed: Int, _ theme: Theme) -> String {
        completed > 0 ? Format.milliseconds(ms) : theme.dash
    }
}

/// A small bar chart of recent values in one row.
enum Sparkline {
    static let unicodeBars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// Characters no lane uses (a state, a hand-off, a thread's glyph), low to high.
    static let asciiBars: [Character] = ["_", ",", ":", "!"]

    /// The last `width` values (fewer while the history fills), scaled from 0 to the largest
    /// value shown; all zeros draw as the lowest bar.
    static func render(_ values: [Double], width: Int, ascii: Bool) -> String {
        let bars = ascii ? asciiBars : unicodeBars
        let shown = values.suffix(width)
        let top = shown.max() ?? 0
        let glyphs = shown.map { value -> Character in
            guard top > 0 else { return bars[0] }
            let level = Int((value / top * Double(bars.count - 1)).rounded())
            return bars[min(bars.count - 1, max(0, level))]
        }
        return String(glyphs)
    }
}
