import GILCore

/// The classroom's first screen (`gilview` with no file): the bundled scenarios in teaching
/// order, one a line, and the chosen one's description — or, for a file that does not load,
/// its problems. ↑ ↓ (or k j) move, Enter opens, q and Ctrl-C quit.
public struct ScenarioPicker: Sendable {
    public var library: ScenarioLibrary
    public var selected = 0
    /// Said above the keys until the next key: why the chosen file did not open.
    public var message: String?
    public var theme: Theme

    public enum Outcome: Sendable, Equatable {
        case keepGoing
        /// Open this file (the app loads it; a file that still does not load comes back here).
        case open(ScenarioLibrary.Entry)
        case quit
    }

    /// - Parameter fileName: the entry to select (the one just closed), when still listed.
    public init(library: ScenarioLibrary, theme: Theme = Theme(), selecting fileName: String? = nil) {
        self.library = library
        self.theme = theme
        selected = library.entries.firstIndex { $0.fileName == fileName } ?? 0
    }

    public var selectedEntry: ScenarioLibrary.Entry? {
        library.entries.indices.contains(selected) ? library.entries[selected] : nil
    }

    public mutating func handle(_ key: Key) -> Outcome {
        message = nil
        let last = max(0, library.entries.count - 1)
        switch key {
        case .ctrlC, .character("q"): return .quit
        case .up, .character("k"): selected = max(0, selected - 1)
        case .down, .character("j"): selected = min(last, selected + 1)
        case .pageUp: selected = max(0, selected - Self.pageStep)
        case .pageDown: selected = min(last, selected + Self.pageStep)
        case .home: selected = 0
        case .end: selected = last
        case .enter: return selectedEntry.map(Outcome.open) ?? .keepGoing
        default: break
        }
        return .keepGoing
    }

    static let pageStep = 10
    static let minimumWidth = 40
    static let minimumHeight = 12
}

extension ScenarioPicker: TerminalScreen {
    /// How the picker's run loop ends.
    public enum Ending: Sendable, Equatable {
        case open(ScenarioLibrary.Entry)
        /// q or Ctrl-C, which.
        case quit(Key)
    }

    public func render(width: Int, height: Int) -> CellGrid {
        GILView.render(self, width: width, height: height)
    }

    public mutating func respond(to key: Key) -> Ending? {
        switch handle(key) {
        case .open(let entry): .open(entry)
        case .quit: .quit(key)
        case .keepGoing: nil
        }
    }
}

/// The picker at `width` × `height`: a pure function, tested as text like the dashboard.
///
/// Layout: the header; the list (scrolled to keep the selection in view); a box with the
/// selected file's description or problems; a status line; the keys.
public func render(_ picker: ScenarioPicker, width: Int, height: Int) -> CellGrid {
    var grid = CellGrid(width: width, height: height)
    guard width >= ScenarioPicker.minimumWidth, height >= ScenarioPicker.minimumHeight else {
        TooSmall.draw(into: &grid, minimumWidth: ScenarioPicker.minimumWidth, minimumHeight: ScenarioPicker.minimumHeight)
        return grid
    }
    let theme = picker.theme
    let entries = picker.library.entries

    grid.fill(GridRect(x: 0, y: 0, width: width, height: 1), style: theme.headerStyle)
    let header = TextLine([
        [Span("gilview", CellStyle(bold: true, reverse: true))],
        [Span("Choose a scenario", theme.headerStyle)],
        [Span("\(entries.count) in \(picker.library.directory)", theme.headerStyle)],
    ])
    header.draw(into: &grid, x: 1, y: 0, width: width - 2, separatorStyle: theme.headerStyle)

    // The details box: the description (or the problems) wrapped, 3 to 8 rows inside.
    let details = PickerDetails.lines(picker.selectedEntry, width: width - 4)
    let boxRows = min(max(details.count, 3), 8, height - 9) + 2
    let listTop = 2
    let listRows = height - listTop - boxRows - 2

    if entries.isEmpty {
        grid.put(
            "No scenario files (*.json) in \(picker.library.directory).", x: 2, y: listTop, style: theme.keyStyle,
            maxWidth: width - 4)
    }
    // Scrolled so that the selection sits mid-list when the list is longer than the room.
    let first = max(0, min(picker.selected - listRows / 2, entries.count - listRows))
    for (row, index) in (first..<min(entries.count, first + listRows)).enumerated() {
        PickerDetails.drawRow(
            entries[index], number: index + 1, selected: index == picker.selected,
            into: &grid, y: listTop + row, theme: theme)
    }
    if first > 0 { grid.put(theme.ascii ? "^" : "↑", x: width - 2, y: listTop, style: theme.dimStyle) }
    if first + listRows < entries.count {
        grid.put(theme.ascii ? "v" : "↓", x: width - 2, y: listTop + listRows - 1, style: theme.dimStyle)
    }

    let box = GridRect(x: 0, y: height - 2 - boxRows, width: width, height: boxRows)
    grid.frame(
        box, title: picker.selectedEntry?.fileName, style: theme.borderStyle, titleStyle: theme.titleStyle,
        ascii: theme.ascii)
    for (i, line) in details.prefix(boxRows - 2).enumerated() {
        grid.put(
            line.text, x: 2, y: box.y + 1 + i, style: line.isProblem ? PickerDetails.problemStyle(theme) : .plain,
            maxWidth: width - 4)
    }

    if let message = picker.message {
        grid.put(message, x: 1, y: height - 2, style: PickerDetails.problemStyle(theme), maxWidth: width - 2)
    }
    let keys = TextLine([
        [Span(theme.ascii ? "up down" : "↑ ↓", theme.keyStyle), Span(" choose")],
        [Span("Enter", theme.keyStyle), Span(" open")],
        [Span("q", theme.keyStyle), Span(" quit")],
        [Span("in a scenario: ", theme.dimStyle), Span("q", theme.keyStyle), Span(" back here", theme.dimStyle)],
    ])
    keys.draw(into: &grid, x: 1, y: height - 1, width: width - 2)
    return grid
}

/// The picker's rows and its details box.
enum PickerDetails {
    struct Line: Equatable {
        var text: String
        var isProblem: Bool
    }

    /// One list row: a marker on the selection, the number, the title, and the file name at
    /// the right when there is room; a file that does not load says so.
    static func drawRow(
        _ entry: ScenarioLibrary.Entry, number: Int, selected: Bool, into grid: inout CellGrid,
        y: Int, theme: Theme
    ) {
        let width = grid.width
        let rowStyle = selected ? CellStyle(bold: true, reverse: true) : .plain
        if selected { grid.fill(GridRect(x: 0, y: y, width: width, height: 1), style: rowStyle) }
        let marker = selected ? (theme.ascii ? ">" : "▶") : " "
        let numberText = String(number)
        let prefix = " " + marker + String(repeating: " ", count: max(1, 4 - numberText.count)) + numberText + "  "
        var x = grid.put(prefix, x: 0, y: y, style: rowStyle)
        let invalid = entry.problem != nil
        let right = invalid ? "invalid" : entry.fileName
        let rightX = width - 3 - right.count
        let titleRoom = (rightX - 2 > x + 20 ? rightX - 2 : width - 1) - x
        x += grid.put(entry.title, x: x, y: y, style: rowStyle, maxWidth: titleRoom)
        if rightX - 2 > prefix.count + 20 || invalid {
            let style = invalid ? problemStyle(theme) : selected ? rowStyle : theme.dimStyle
            grid.put(right, x: max(x + 2, rightX), y: y, style: selected && invalid ? rowStyle : style)
        }
    }

    /// What the box under the list says about `entry`: its title and description, or every
    /// problem. Prose is wrapped to `width`; quoted source lines and carets are kept whole, as
    /// their columns matter.
    static func lines(_ entry: ScenarioLibrary.Entry?, width: Int) -> [Line] {
        guard let entry else { return [] }
        guard let problem = entry.problem else {
            let description = entry.description.isEmpty ? "(no description)" : entry.description
            return ([entry.title, ""] + wordWrap(description, width: width)).map { Line(text: $0, isProblem: false) }
        }
        let intro = Line(text: "This file does not load; fix it and press Enter to try again:", isProblem: false)
        return [intro]
            + problem.split(separator: "\n").flatMap { line -> [Line] in
                let text = String(line)
                let wrapped = text.hasPrefix(" ") || text.hasPrefix("\t") ? [text] : wordWrap(text, width: width)
                return wrapped.map { Line(text: $0, isProblem: true) }
            }
    }

    static func problemStyle(_ theme: Theme) -> CellStyle {
        theme.color ? CellStyle(foreground: .brightRed, bold: true) : CellStyle(bold: true)
    }
}
