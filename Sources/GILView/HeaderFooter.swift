import Foundation
import GILCore

/// The top bar (what is playing, where, how fast) and the bottom lines (legend and keys).
enum HeaderFooter {
    static func drawHeader(into grid: inout CellGrid, state: DashboardState) {
        let theme = state.theme
        let bar = theme.headerStyle
        grid.fill(GridRect(x: 0, y: 0, width: grid.width, height: 1), style: bar)
        let playState: String =
            if let limit = state.playback.stoppedBy {
                (theme.ascii ? "[] " : "■ ")
                    + "stopped by the \(limit == .inFlight ? "in-flight" : limit.rawValue) budget (\(limit.option))"
            } else if state.playback.isFinished {
                theme.ascii ? "[] finished" : "■ finished"
            } else if state.playing {
                theme.ascii ? "> playing" : "▶ playing"
            } else {
                "|| paused"
            }
        // (priority, text, compact text): on a narrow terminal the lowest priorities first take
        // their compact form, then leave. The footer lists the keys, so they leave first; the file,
        // the zoom (what a column is worth) and the run's length stay at 80 columns.
        let zoom = zoom(state.timePerColumn, ascii: theme.ascii) + "/col"
        let speed = speed(state.speed, ascii: theme.ascii)
        // Where the clock is in the run: its length once every model has finished, else at least
        // the arrivals' end where the workload has one.
        let runEnd =
            state.playback.endTime.map { (prefix: "run ", time: $0) }
            ?? state.playback.arrivalsEnd.map { (prefix: theme.ascii ? "run >=" : "run ≥", time: $0) }
        let length = runEnd.map { $0.prefix + time($0.time) } ?? ""
        let shortLength = runEnd.map { $0.prefix + Format.milliseconds(Time.ms($0.time)) } ?? ""
        let pan = state.panBack > 0 ? "lanes to t=" + time(state.viewEnd) + " (End: now)" : ""
        let items: [(priority: Int, text: String, compact: String)] = [
            (9, "gilview", "gilview"),
            (3, state.sources.count == 1 ? state.sources[0].scenario.title : "", ""),
            (8, state.fileName, state.fileName),
            (9, "t=" + time(state.playback.clock), "t=" + time(state.playback.clock)),
            (6, length, shortLength),
            (8, pan, pan),
            (5, "speed " + speed, speed),
            (9, playState, playState),
            (7, "zoom " + zoom, zoom),
            (4, state.quitReturnsToPicker ? "? help  q back" : "? help  q quit", ""),
        ]
        var kept = items.filter { !$0.text.isEmpty }
        let separator = "  "
        func width(_ list: [(priority: Int, text: String, compact: String)]) -> Int {
            list.reduce(0) { $0 + $1.text.count } + max(0, list.count - 1) * separator.count + 2
        }
        while width(kept) > grid.width,
            let lowest = kept.indices.min(by: { kept[$0].priority < kept[$1].priority })
        {
            if kept[lowest].compact.isEmpty || kept[lowest].compact == kept[lowest].text {
                kept.remove(at: lowest)
            } else {
                kept[lowest].text = kept[lowest].compact
            }
        }
        var x = 1
        for (i, item) in kept.enumerated() {
            if i > 0 { x += grid.put(separator, x: x, y: 0, style: bar) }
            x += grid.put(item.text, x: x, y: 0, style: i == 0 ? CellStyle(bold: true, reverse: true) : bar)
        }
    }

    /// The status (a reload error, a saved file; at most two rows, word-wrapped), the legend
    /// (every state's glyph and colour) and the main keys, wrapped to `width`; at most
    /// `legendRows` rows of legend. While a cell is inspected, its `explanation` takes the
    /// legend's rows (and one more), in words that need no legend.
    static func footerLines(state: DashboardState, width: Int, legendRows: Int, explanation: [String] = []) -> [TextLine] {
        let theme = state.theme
        let status: [TextLine] =
            state.statusText.map { text in
                let style = state.reloadErrors.isEmpty ? theme.keyStyle : theme.errorStyle
                return TextLine(text.split(separator: " ").map { [Span(String($0), style)] }, separator: " ").wrapped(width - 2, rows: 2)
            } ?? []
        let keys: [[Span]] = Keymap.dashboard(ascii: theme.ascii, quitReturnsToPicker: state.quitReturnsToPicker).compactMap { binding in
            binding.footer.map { [Span(Key.names($0.keys, ascii: theme.ascii), theme.keyStyle), Span(" " + $0.label)] }
        }
        let width = width - 2
        let explained: [TextLine] = explanation.flatMap { line in
            wordWrap(line, width: width).map { TextLine([[Span($0, theme.keyStyle)]]) }
        }
        let legend = state.showOffice ? state.officeLegend : laneLegend(state)
        let middle = explanation.isEmpty ? TextLine(legend).wrapped(width, rows: legendRows) : Array(explained.prefix(legendRows + 1))
        return status + middle + [TextLine(TextLine(keys).fitting(width))]
    }

    /// Every lane state's glyph and colour, the hand-off, a GIL holder, a mixed cell.
    static func laneLegend(_ state: DashboardState) -> [[Span]] {
        let theme = state.theme
        let pools = state.playback.models.contains { !$0.scenario.connectionPools.isEmpty }
        var legend: [[Span]] = Theme.legendActivities(connectionPools: pools).map {
            [Span(String(theme.glyph($0)), theme.style($0)), Span(" " + Theme.shortName($0))]
        }
        legend.append([Span(String(theme.handoffGlyph), theme.cell(.gil(.handingOff)).style), Span(" GIL hand-off")])
        let held = theme.cell(.gil(.held(byThread: 0)))
        legend.append([Span(String(held.character), held.style), Span(" = T1 holds the GIL")])
        let mixed = theme.cell(.thread(.io), mixed: true)
        legend.append([Span(String(mixed.character), mixed.style), Span(" underlined: several states")])
        return legend
    }

    static func time(_ t: SimTime) -> String {
        let ms = Double(t) / Double(Time.millisecond)
        return ms >= 10_000 ? String(format: "%.4fs", ms / 1000) : String(format: "%.3fms", ms)
    }

    static func speed(_ speed: Double, ascii: Bool) -> String {
        let times = ascii ? "x" : "×"
        if speed >= 1 { return times + String(format: "%g", speed) }
        return times + "1/" + String(format: "%g", (1 / speed).rounded())
    }

    static func zoom(_ perColumn: SimTime, ascii: Bool) -> String {
        let unit = zoomUnit(perColumn, ascii: ascii)
        return "\(perColumn / unit.size) \(unit.name)"
    }

    /// The unit times are told in at a zoom of `perColumn` a column (the header's zoom, the
    /// ruler's labels): milliseconds from 1 ms a column, microseconds below.
    static func zoomUnit(_ perColumn: SimTime, ascii: Bool) -> (size: SimTime, name: String) {
        perColumn >= Time.millisecond ? (Time.millisecond, "ms") : (Time.microsecond, ascii ? "us" : "µs")
    }
}
