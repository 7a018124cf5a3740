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
        // Only the shown ones get their source line: a one-line file with thousands of problems
        // would otherwise copy the whole line once per problem.
        let shown = Array(sorted.prefix(ScenarioError.shownLimit))
        throw ScenarioError(diagnostics: withSourceLines(shown, from: text), omitted: sorted.count - shown.count + decoder.unrecorded)
    }

    /// The largest scenario file read, in bytes: a thousand times the largest bundled scenario,
    /// and small enough that reading, parsing and reporting on any file stays fast.
    public static let maximumFileBytes = 4_000_000

    /// Reads the file at `path` and parses it; an unreadable file, one that is not a regular file,
    /// one larger than `maximumFileBytes` or invalid UTF-8 is a diagnostic too.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        let data: Data
        do {
            data = try read(path)
        } catch {
            throw ScenarioError(diagnostics: [ScenarioDiagnostic(file: path, message: error.message)])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ScenarioError(diagnostics: [invalidUTF8(data, file: path)])
        }
        return try parse(text, file: path)
    }

    private struct ReadFailure: Error {
        var message: String
    }

    /// The file's bytes, after checking it is a regular file no larger than `maximumFileBytes`
    /// (a FIFO would block the reader, a device never ends).
    private static func read(_ path: String) throws(ReadFailure) -> Data {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw ReadFailure(message: "cannot read the file: \(errno == ENOENT ? "no such file" : String(cString: strerror(errno)))")
        }
        let kind: String? =
            switch status.st_mode & S_IFMT {
            case S_IFREG: nil
            case S_IFDIR: "it is a directory"
            case S_IFIFO: "it is a FIFO (a named pipe), not a regular file"
            case S_IFCHR: "it is a character device, not a regular file"
            case S_IFBLK: "it is a block device, not a regular file"
            case S_IFSOCK: "it is a socket, not a regular file"
            default: "it is not a regular file"
            }
        if let kind { throw ReadFailure(message: "cannot read the file: \(kind)") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ReadFailure(
                message: "cannot read the file: \(access(path, R_OK) != 0 ? "permission denied" : String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        // Read one byte past the limit, so a file that grew since `stat` is caught too.
        let data: Data
        do { data = try handle.read(upToCount: maximumFileBytes + 1) ?? Data() } catch {
            throw ReadFailure(message: "cannot read the file: \((error as NSError).localizedDescription)")
        }
        guard data.count <= maximumFileBytes else {
            let size = max(Int(status.st_size), data.count)
            throw ReadFailure(message: "the file is \(megabytes(size)); a scenario file may be at most \(megabytes(maximumFileBytes))")
        }
        return data
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB (%d bytes)", Double(bytes) / 1_000_000, bytes)
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
        // Built once per line: the problems of a minified file all share its one long line.
        var built: [Int: String] = [:]
        return diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            if let line = diagnostic.line, lines.indices.contains(line - 1) {
                diagnostic.sourceLine =
                    built[line]
                    ?? {
                        var scalars = lines[line - 1]
                        if scalars.last == "\r" { scalars.removeLast() }
                        let text = String(scalars)
                        built[line] = text
                        return text
                    }()
            }
            return diagnostic
        }
    }
}
