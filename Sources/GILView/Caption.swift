import GILCore

/// The note showing now, as a caption band under the header: "Note 2/5" and its text,
/// wrapped, on a style that stands out from the lanes.
enum Caption {
    /// The most rows a caption takes; longer notes end in an ellipsis.
    static let maxRows = 3

    /// The caption's rows for `width` columns (the band's full width), at most `maxRows`
    /// (and `rows`); none when no note shows.
    static func lines(_ state: DashboardState, width: Int, rows: Int) -> [String] {
        guard let (number, notes) = state.currentNotes, rows > 0 else { return [] }
        let label = "Note \(number)/\(state.notes.count)  "
        let textWidth = width - 2 - label.count
        guard textWidth >= 10 else { return [] }
        let text = inTheme(notes.map(\.text).joined(separator: " "), state.theme)
        var wrapped = wordWrap(text, width: textWidth)
        let limit = min(rows, maxRows)
        if wrapped.count > limit {
            wrapped = Array(wrapped.prefix(limit))
            let ellipsis = state.theme.ascii ? "..." : "…"
            wrapped[limit - 1] = String(wrapped[limit - 1].prefix(textWidth - ellipsis.count)) + ellipsis
        }
        let indent = String(repeating: " ", count: label.count)
        return wrapped.enumerated().map { ($0.offset == 0 ? label : indent) + $0.element }
    }

    /// Notes quote the lanes' glyphs ("the loop's lane in ▀"): an ASCII screen gets its own
    /// glyph for each state, so the text still points at what is drawn.
    static func inTheme(_ text: String, _ theme: Theme) -> String {
        guard theme.ascii else { return text }
        let unicode = Theme(ascii: false, color: theme.color)
        var glyphs: [Character: Character] = [unicode.handoffGlyph: theme.handoffGlyph]
        for activity in ThreadActivity.allCases { glyphs[unicode.glyph(activity)] = theme.glyph(activity) }
        return String(text.map { glyphs[$0] ?? $0 })
    }

    /// Fills rows `y`… with the caption band; the label in bold.
    static func draw(_ lines: [String], into grid: inout CellGrid, y: Int, theme: Theme) {
        let style = theme.captionStyle
        for (i, line) in lines.enumerated() {
            grid.fill(GridRect(x: 0, y: y + i, width: grid.width, height: 1), style: style)
            grid.put(line, x: 1, y: y + i, style: style, maxWidth: grid.width - 2)
        }
        guard let first = lines.first, let labelEnd = first.range(of: "  ") else { return }
        var bold = style
        bold.bold = true
        grid.put(String(first[..<labelEnd.lowerBound]), x: 1, y: y, style: bold)
    }
}
