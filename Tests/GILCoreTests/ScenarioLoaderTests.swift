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
}
