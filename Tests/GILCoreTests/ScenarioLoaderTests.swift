import Foundation
import GILCore
import Testing

@Suite("Loading scenario files")
struct ScenarioLoaderTests {
    private func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gilview-\(UUID().uuidString).json")
        try Data(bytes).write(to: url)
        return url.path
    }

    private func loadErrors(_ path: String) -> [ScenarioDiagnostic] {
        do {
            _ = try ScenarioLoader.load(path: path)
            Issue.record("expected an error")
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test("a valid file loads")
    func valid() throws {
        let path = try temporaryFile(Array(exampleScenario.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ScenarioLoader.load(path: path) == ScenarioLoader.parse(exampleScenario, file: path))
    }

    @Test("a missing file or a directory is a diagnostic naming the path")
    func unreadable() {
        let missing = loadErrors("/nonexistent/gilview.json")
        #expect(missing.map(\.description) == ["/nonexistent/gilview.json: error: cannot read the file: no such file"])
        let directory = loadErrors(FileManager.default.temporaryDirectory.path)
        #expect(directory.first?.message == "cannot read the file: it is a directory")
    }

    @Test("invalid UTF-8 points at the first bad byte")
    func invalidUTF8() throws {
        let path = try temporaryFile(Array("{\n  \"title\": \"ab".utf8) + [0xFF] + Array("\" }".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let found = loadErrors(path)
        #expect(found.count == 1)
        #expect(found.first?.line == 2)
        #expect(found.first?.column == 15)
        #expect(found.first?.message == "the file is not valid UTF-8 text (first bad byte at offset 16); save it as UTF-8")
    }

    @Test("a FIFO or a device is named for what it is, not reported as a permission problem")
    func notRegularFiles() throws {
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("gilview-\(UUID().uuidString).fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: fifo) }
        #expect(loadErrors(fifo).first?.message == "cannot read the file: it is a FIFO (a named pipe), not a regular file")
        #expect(loadErrors("/dev/null").first?.message == "cannot read the file: it is a character device, not a regular file")
    }

    @Test("a file larger than the limit is refused with the limit and its size, before it is parsed")
    func oversized() throws {
        let path = try temporaryFile(Array(repeating: UInt8(ascii: " "), count: ScenarioLoader.maximumFileBytes + 1))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(
            loadErrors(path).map(\.message) == [
                "the file is 4.0 MB (4000001 bytes); a scenario file may be at most 4.0 MB (4000000 bytes)"
            ])
    }

    @Test("thousands of problems on one line: the first ones shown, the rest counted, in bounded text")
    func manyProblemsOnOneLine() throws {
        let keys = (0..<10_000).map { "\"k\($0)\": 1" }.joined(separator: ", ")
        do {
            _ = try ScenarioLoader.parse("{ \(keys) }", file: "many.json")
            Issue.record("expected an error")
        } catch {
            // 10,000 unknown keys, then "workload" and "models" missing.
            #expect(error.count == 10_002)
            #expect(error.diagnostics.count == ScenarioError.shownLimit)
            #expect(error.diagnostics.first?.message.hasPrefix("unknown key \"k0\"") == true)
            #expect(
                error.description.hasSuffix(
                    "many.json: and \(10_002 - ScenarioError.shownLimit) more problems (the first \(ScenarioError.shownLimit) are shown)"))
            // Each shown problem quotes a window of the line, not the whole 100 KB line.
            #expect(error.description.utf8.count < ScenarioError.shownLimit * 600)
        }
    }
}
