import ArgumentParser
import GILView

/// A test screen for the terminal backend: the end-to-end test uses it to check that every
/// way out gives the terminal back.
struct TerminalDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminal-demo",
        abstract: "Draw a test screen and echo keys, to check the terminal backend.",
        shouldDisplay: false
    )

    @Flag(name: .customLong("no-color"), help: "Draw without colours.")
    var noColor = false

    @Flag(help: "Crash with fatalError after the first frame.")
    var crash = false

    func run() throws {
        let terminal = try CursesTerminal(colorMode: noColor ? .monochrome : .automatic)
        defer { terminal.shutdown() }
        if crash {
            terminal.present(DemoScreen(terminal: terminal).render(width: terminal.size.columns, height: terminal.size.rows))
            fatalError("terminal-demo --crash")
        }
        var screen = DemoScreen(terminal: terminal)
        try Show.exitIfInterrupted(
            by: Show.endOf(TerminalRunLoop.run(&screen, on: terminal), terminal: terminal),
            terminal: terminal)
    }
}

/// The demo's screen: its size, the last key, and samples of colours and glyphs. Ends on q or
/// Ctrl-C, with that key.
private struct DemoScreen: TerminalScreen {
    let colorDepth: ColorDepth
    let isUTF8: Bool
    var lastKey = "none"

    init(terminal: CursesTerminal) {
        colorDepth = terminal.colorDepth
        isUTF8 = terminal.isUTF8
    }

    mutating func respond(to key: Key) -> Key? {
        if key == .character("q") || key == .ctrlC { return key }
        lastKey = "\(key)"
        return nil
    }

    func render(width columns: Int, height rows: Int) -> CellGrid {
        var grid = CellGrid(width: columns, height: rows)
        grid.frame(
            GridRect(x: 0, y: 0, width: columns, height: rows), title: "gilview terminal demo",
            style: CellStyle(foreground: .cyan), titleStyle: CellStyle(bold: true), ascii: !isUTF8)
        grid.put("size \(columns)x\(rows)", x: 2, y: 2)
        grid.put("last key: \(lastKey)", x: 2, y: 3)
        grid.put("colours: \(colorDepth)  UTF-8: \(isUTF8)", x: 2, y: 4)
        let samples: [(String, TerminalColor)] = [
            ("red", .red), ("green", .green), ("yellow", .yellow), ("blue", .blue),
            ("bright magenta", .brightMagenta), ("orange 208", .indexed(208)),
        ]
        var x = 2
        for (name, color) in samples {
            x += grid.put(name, x: x, y: 6, style: CellStyle(foreground: color)) + 1
        }
        grid.put(" reverse ", x: 2, y: 7, style: CellStyle(background: .blue, reverse: true))
        grid.put(isUTF8 ? "█▓▒░·▁▂▃▄▅▆▇" : "#=-. ", x: 12, y: 7, style: CellStyle(foreground: .green))
        grid.put("q or Ctrl-C quits", x: 2, y: rows - 2, style: CellStyle(dim: true))
        return grid
    }
}
