import Foundation

/// The `?` overlay: every key, and how to read the lanes.
enum HelpOverlay {
    static let notes = [
        "Lanes: time runs left to right; the right edge is now.",
        "GIL lane: the number of the thread holding it (A = T10).",
        "A cell of several states is underlined and shows one of them, each in turn by its"
            + " time: cells are in proportion.",
    ]

    /// Every key of `Keymap.dashboard`, then the notes, in a box centred on the screen; when
    /// the screen is too small for all of it the box scrolls (`state.helpScroll`).
    static func draw(into grid: inout CellGrid, state: DashboardState) {
        let theme = state.theme
        let bindings = Keymap.dashboard(ascii: theme.ascii, quitReturnsToPicker: state.quitReturnsToPicker)
        let names = bindings.map { $0.keyNames(ascii: theme.ascii) }
        let keyWidth = (names.map(\.count).max() ?? 0) + 2
        let keysWidth = keyWidth + (bindings.map(\.help.count).max() ?? 0)
        let width = min(grid.width, keysWidth + 4)
        let textWidth = max(1, width - 4)
        let noteLines = notes.flatMap { wordWrap($0, width: textWidth) }

        var content = CellGrid(width: textWidth, height: bindings.count + 1 + noteLines.count)
        for (row, (name, binding)) in zip(names, bindings).enumerated() {
            content.put(name, x: 0, y: row, style: theme.keyStyle)
            content.put(binding.help, x: keyWidth, y: row)
        }
        for (row, line) in noteLines.enumerated() {
            content.put(line, x: 0, y: bindings.count + 1 + row, style: theme.dimStyle)
        }
        let height = min(grid.height, content.height + 2)
        let rect = GridRect(x: (grid.width - width) / 2, y: (grid.height - height) / 2, width: width, height: height)
        ScrolledBox.draw(
            content, into: &grid, rect: rect, scroll: state.helpScroll, title: "Keys: any other key closes this",
            style: CellStyle(bold: true), theme: theme)
    }
}
