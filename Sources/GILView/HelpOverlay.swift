import Foundation

/// The `?` overlay: every key, and how to read the lanes.
enum HelpOverlay {
    static func draw(into grid: inout CellGrid, theme: Theme) {
        let bindings = KeyBinding.all(ascii: theme.ascii)
        let notes = [
            "Lanes: time runs left to right; the right edge is now.",
            "GIL lane: the number of the thread holding it (A = T10).",
            "A cell covering several states shows the most telling:",
            "GIL wait > no core > running > native > blocking > I/O",
            "> awaiting > idle, so short hand-offs stay visible.",
        ]
        let keyWidth = bindings.map(\.keys.count).max() ?? 0
        let lines = bindings.map { ($0.keys.padding(toLength: keyWidth + 2, withPad: " ", startingAt: 0), $0.action) }
        let contentWidth = max(lines.map { $0.0.count + $0.1.count }.max() ?? 0, notes.map(\.count).max() ?? 0)
        let width = min(grid.width, contentWidth + 4)
        let height = min(grid.height, lines.count + notes.count + 4)
        let rect = GridRect(x: (grid.width - width) / 2, y: (grid.height - height) / 2, width: width, height: height)
        grid.fill(rect)
        grid.frame(rect, title: "Keys: any key closes this", style: CellStyle(bold: true), ascii: theme.ascii)
        var y = rect.y + 1
        for (keys, action) in lines {
            let x = rect.x + 2
            grid.put(keys, x: x, y: y, style: theme.keyStyle, maxWidth: width - 3)
            grid.put(action, x: x + keys.count, y: y, maxWidth: width - 3 - keys.count)
            y += 1
        }
        y += 1
        for note in notes {
            grid.put(note, x: rect.x + 2, y: y, style: theme.dimStyle, maxWidth: width - 3)
            y += 1
        }
    }
}
