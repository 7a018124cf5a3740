/// A framed box showing a window of rows of content taller than the box: the help overlay and
/// the comparison view, which scroll (↑ ↓ PgUp PgDn) rather than being cut at small sizes.
enum ScrolledBox {
    /// Frames `rect` with `title` and shows `content`'s rows from `scroll` (clamped, so that
    /// the last rows fill the box) inside it, two columns in from each side. When rows lie
    /// above or below, the bottom border says so and names the keys.
    static func draw(
        _ content: CellGrid, into grid: inout CellGrid, rect: GridRect, scroll: Int, title: String,
        style: CellStyle, titleStyle: CellStyle? = nil, theme: Theme
    ) {
        grid.fill(rect)
        grid.frame(rect, title: title, style: style, titleStyle: titleStyle, ascii: theme.ascii)
        let rows = rect.height - 2
        guard rows > 0 else { return }
        let first = max(0, min(scroll, content.height - rows))
        grid.paste(content, rows: first..<first + rows, x: rect.x + 2, y: rect.y + 1)
        let below = content.height - first - rows
        guard first > 0 || below > 0 else { return }
        let up = theme.ascii ? "up" : "↑", down = theme.ascii ? "down" : "↓"
        let marker =
            below > 0
            ? " \(down) \(below) more: \(down) PgDn\(first > 0 ? ", \(up) PgUp" : "") "
            : " \(up) \(first) above: \(up) PgUp "
        let x = max(rect.x + 1, rect.x + rect.width - 1 - marker.count)
        grid.put(marker, x: x, y: rect.y + rect.height - 1, style: theme.dimStyle, maxWidth: rect.x + rect.width - 1 - x)
    }
}
