import Foundation

/// Reads scenario files: JSON (with JSON5 comments and trailing commas) to a validated `Scenario`.
public enum ScenarioLoader {
    /// Parses and validates `text`; `file` names it in diagnostics.
    /// Throws every problem found, in file order.
    public static func parse(_ text: String, file: String) throws(ScenarioError) -> Scenario {
        let root: JSONValue
        do {
            root = try JSONReader.parse(text)
        } catch {
            let diagnostic = ScenarioDiagnostic(
                file: file, line: error.location.line, column: error.location.column, message: error.message)
            throw ScenarioError(diagnostics: withSourceLines([diagnostic], from: text))
        }
        var decoder = ScenarioDecoder(file: file)
        if let scenario = decoder.decode(root) { return scenario }
        let sorted = decoder.diagnostics.enumerated()
            .sorted { a, b in
                let keyA = (a.element.line ?? 0, a.element.column ?? 0, a.offset)
                let keyB = (b.element.line ?? 0, b.element.column ?? 0, b.offset)
                return keyA < keyB
            }
            .map(\.element)
        throw ScenarioError(diagnostics: withSourceLines(sorted, from: text))
    }

    /// Reads the file at `path` and parses it; an unreadable file or invalid UTF-8 is a diagnostic too.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ScenarioError(diagnostics: [
                ScenarioDiagnostic(file: path, message: "cannot read the file: \(readFailure(error, path: path))")
            ])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ScenarioError(diagnostics: [invalidUTF8(data, file: path)])
        }
        return try parse(text, file: path)
    }

    private static func readFailure(_ error: any Error, path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        if isDirectory.boolValue { return "it is a directory" }
        return (error as NSError).localizedDescription
    }

    /// Points at the first byte that is not UTF-8.
    private static func invalidUTF8(_ data: Data, file: String) -> ScenarioDiagnostic {
        var iterator = data.makeIterator()
        var utf8 = UTF8()
        var offset = 0
        var line = 1
        var column = 1
        var lineText = String.UnicodeScalarView()
        decoding: while true {
            switch utf8.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                if scalar == "\n" {
                    line += 1
                    column = 1
                    lineText = String.UnicodeScalarView()
                } else {
                    column += 1
                    lineText.append(scalar)
                }
            case .emptyInput, .error:
                break decoding
            }
        }
        return ScenarioDiagnostic(
            file: file, line: line, column: column,
            message: "the file is not valid UTF-8 text (first bad byte at offset \(offset)); save it as UTF-8",
            sourceLine: String(lineText))
    }

    private static func withSourceLines(_ diagnostics: [ScenarioDiagnostic], from text: String) -> [ScenarioDiagnostic] {
        // Split on "\n" only, as the reader counts lines.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        return diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            if let line = diagnostic.line, lines.indices.contains(line - 1) {
                var scalars = lines[line - 1]
                if scalars.last == "\r" { scalars.removeLast() }
                diagnostic.sourceLine = String(String.UnicodeScalarView(scalars))
            }
            return diagnostic
        }
    }
}
