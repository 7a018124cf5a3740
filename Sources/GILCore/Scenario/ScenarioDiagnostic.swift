/// One problem in a scenario file: where it is, and what would be valid instead.
public struct ScenarioDiagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; nil when the problem is the file as a whole (unreadable, say).
    public var line: Int?
    /// 1-based, in Unicode scalars; nil when only the line is known.
    public var column: Int?
    /// Where in the scenario, like `workload.jobs[2].steps[0].cpu`; empty for the root.
    public var path: String
    public var message: String
    /// The text of `line`, without its line break, for the caret display.
    public var sourceLine: String?

    public init(
        file: String, line: Int? = nil, column: Int? = nil, path: String = "", message: String,
        sourceLine: String? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
        self.sourceLine = sourceLine
    }

    /// Compiler style: `file:line:col: error: message`, then the source line and a caret; text
    /// from the file (keys, values, the line) made terminal-safe.
    public var description: String {
        var position = terminalSafe(file)
        if let line {
            position += ":\(line)"
            if let column { position += ":\(column)" }
        }
        var text = "\(position): error: \(terminalSafe(message))"
        if let sourceLine {
            let (shown, caretOffset) = Self.excerpt(of: sourceLine, around: column)
            text += "\n    " + terminalSafe(shown, keepingLayout: true)
            if let caretOffset {
                // Tabs stay tabs so the caret lines up however wide the terminal draws them; an
                // escaped character takes the width of its escape.
                let before = shown.unicodeScalars.prefix(caretOffset)
                let pad = terminalSafe(String(String.UnicodeScalarView(before)), keepingLayout: true)
                    .unicodeScalars.map { $0 == "\t" ? "\t" : " " }
                text += "\n    " + pad.joined() + String(repeating: " ", count: caretOffset - before.count) + "^"
            }
        }
        return text
    }

    /// A long line is cut to a window around the column, so a minified file still reads.
    /// Only the window is walked, not the whole line: a minified file's one line may be megabytes.
    private static func excerpt(of line: String, around column: Int?) -> (String, caretOffset: Int?) {
        let scalars = line.unicodeScalars
        let width = 120
        let caret = column.map { max(0, $0 - 1) }
        guard let widthEnd = scalars.index(scalars.startIndex, offsetBy: width, limitedBy: scalars.endIndex),
            widthEnd != scalars.endIndex
        else { return (line, caret) }
        var start = max(0, (caret ?? 0) - width / 2)
        var startIndex = scalars.index(scalars.startIndex, offsetBy: start, limitedBy: scalars.endIndex) ?? scalars.endIndex
        var endIndex = scalars.index(startIndex, offsetBy: width, limitedBy: scalars.endIndex) ?? scalars.endIndex
        if scalars.distance(from: startIndex, to: endIndex) < width {
            // Near the end: the window ends with the line.
            endIndex = scalars.endIndex
            startIndex = scalars.index(endIndex, offsetBy: -width)
            start = scalars.distance(from: scalars.startIndex, to: startIndex)
        }
        var shown = String(scalars[startIndex..<endIndex])
        var offset = caret.map { $0 - start }
        if start > 0 {
            shown = "…" + shown
            offset = offset.map { $0 + 1 }
        }
        if endIndex != scalars.endIndex { shown += "…" }
        return (shown, offset)
    }
}

/// The problems found in a scenario file, in file order: the first `shownLimit`, and how many more.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// At most `shownLimit`: past a screenful, more messages about the same file help nobody.
    public var diagnostics: [ScenarioDiagnostic]
    /// Problems found beyond `diagnostics`.
    public var omitted: Int

    public static let shownLimit = 20

    public init(diagnostics: [ScenarioDiagnostic], omitted: Int = 0) {
        self.diagnostics = diagnostics
        self.omitted = omitted
    }

    /// Every problem found, shown or not.
    public var count: Int { diagnostics.count + omitted }

    public var description: String {
        var lines = diagnostics.map(\.description)
        if omitted > 0, let file = diagnostics.first?.file {
            lines.append("\(file): and \(Format.counted(omitted, "more problem")) (the first \(diagnostics.count) are shown)")
        }
        return lines.joined(separator: "\n")
    }
}
