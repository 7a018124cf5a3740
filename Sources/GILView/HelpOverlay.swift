import Foundation

/// The `?` overlay: every key, and how to read the lanes.
enum HelpOverlay {
    static let notes = [
        "Lanes: time runs left to right; the right edge is now.",
        "GIL lane: the number of the thread holding it (A = T10).",
        "A cell of several states is underlined and shows one of them, each in turn by its"
            + " time: cells are in proportion.",
    ]

    /// Keys first, every one of them while the screen has rows; then the notes, each whole or
    /// not at all, when rows are left (at 80×24 they all fit).
    static func draw(into grid: inout CellGrid, state: DashboardState) {
        let theme = state.theme
        let bindings = KeyBinding.all(ascii: theme.ascii, quitReturnsToPicker: state.quitReturnsToPicker)
        let keyWidth = bindings.map(\.keys.count).max() ?? 0
        let lines = bindings.map { ($0.keys.padding(toLength: keyWidth + 2, withPad: " ", startingAt: 0), $0.action) }
        let keysWidth = lines.map { $0.0.count + $0.1.count }.max() ?? 0
        let width = min(grid.width, keysWidth + 4)
        let textWidth = width - 4
        let rowsInside = grid.height - 2

        var shownKeys = lines
        var overflow: String?
        if lines.count > rowsInside {
            shownKeys = Array(lines.prefix(max(0, rowsInside - 1)))
            overflow = "… \(lines.count - shownKeys.count) more keys: enlarge the terminal"
        }
        var noteLines: [String] = []
        var rowsLeft = rowsInside - shownKeys.count - (overflow == nil ? 0 : 1) - 1  // a blank row before
        for note in notes {
            let wrapped = wordWrap(note, width: textWidth)
            guard wrapped.count <= rowsLeft else { break }
            noteLines += wrapped
            rowsLeft -= wrapped.count
        }

        let height = shownKeys.count + (overflow == nil ? 0 : 1) + (noteLines.isEmpty ? 0 : noteLines.count + 1) + 2
        let rect = GridRect(x: (grid.width - width) / 2, y: (grid.height - height) / 2, width: width, height: height)
        grid.fill(rect)
        grid.frame(rect, title: "Keys: any key closes this", style: CellStyle(bold: true), ascii: theme.ascii)
        let x = rect.x + 2
        var y = rect.y + 1
        for (keys, action) in shownKeys {
            grid.put(keys, x: x, y: y, style: theme.keyStyle, maxWidth: textWidth)
            grid.put(action, x: x + keys.count, y: y, maxWidth: textWidth - keys.count)
            y += 1
        }
        if let overflow {
            grid.put(overflow, x: x, y: y, style: theme.dimStyle, maxWidth: textWidth)
            y += 1
        }
        y += 1
        for line in noteLines {
            grid.put(line, x: x, y: y, style: theme.dimStyle, maxWidth: textWidth)
            y += 1
        }
    }
}
