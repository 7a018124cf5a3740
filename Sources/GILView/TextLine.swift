/// A run of text in one style.
struct Span {
    var text: String
    var style: CellStyle

    init(_ text: String, _ style: CellStyle = .plain) {
        self.text = text
        self.style = style
    }
}

/// A line made of items (each a few spans), listed most important first: what does not fit
/// is left out whole rather than cut mid-word.
struct TextLine {
    var items: [[Span]]
    var separator: String

    init(_ items: [[Span]], separator: String = "  ") {
        self.items = items
        self.separator = separator
    }

    static func width(_ item: [Span]) -> Int { item.reduce(0) { $0 + $1.text.columns } }

    /// The items that fit in `width` columns, in their order, skipping those that would not fit.
    func fitting(_ width: Int) -> [[Span]] {
        var used = 0
        var kept: [[Span]] = []
        for item in items {
            let extra = Self.width(item) + (kept.isEmpty ? 0 : separator.count)
            if used + extra <= width {
                kept.append(item)
                used += extra
            }
        }
        return kept
    }

    /// Width of the items that fit.
    func fittedWidth(_ width: Int) -> Int {
        let kept = fitting(width)
        return kept.reduce(0) { $0 + Self.width($1) } + max(0, kept.count - 1) * separator.count
    }

    /// Draws the items that fit from (x, y); returns the columns used.
    @discardableResult
    func draw(into grid: inout CellGrid, x: Int, y: Int, width: Int, separatorStyle: CellStyle = .plain) -> Int {
        var column = x
        for (i, item) in fitting(width).enumerated() {
            if i > 0 { column += grid.put(separator, x: column, y: y, style: separatorStyle) }
            for span in item { column += grid.put(span.text, x: column, y: y, style: span.style) }
        }
        return column - x
    }

    /// Splits the items over at most `rows` lines of `width`, in order; items left over are dropped.
    func wrapped(_ width: Int, rows: Int) -> [TextLine] {
        var lines: [TextLine] = []
        var current: [[Span]] = []
        var used = 0
        for item in items {
            let itemWidth = Self.width(item)
            let extra = itemWidth + (current.isEmpty ? 0 : separator.count)
            if used + extra > width, !current.isEmpty {
                lines.append(TextLine(current, separator: separator))
                current = []
                used = 0
                if lines.count == rows { return lines }
            }
            if itemWidth <= width {
                used += itemWidth + (current.isEmpty ? 0 : separator.count)
                current.append(item)
            }
        }
        if !current.isEmpty, lines.count < rows { lines.append(TextLine(current, separator: separator)) }
        return lines
    }
}
