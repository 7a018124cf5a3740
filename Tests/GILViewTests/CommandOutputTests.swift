import Foundation
import Testing

/// Runs Tests/e2e/command_output.sh against the built `gilview`: the text commands on hostile
/// files print no control or bidi character, a full disk is an error, a closed standard error is
/// not a crash. Needs no terminal.
struct CommandOutputTests {
    @Test func hostileFilesAndFailingStreams() throws {
        let binary = try #require(EndToEndTests.binary, "the gilview executable was not built next to the tests")
        let script = Fixtures.packageRoot.appendingPathComponent("Tests/e2e/command_output.sh")
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("gilview-command-output-\(getpid()).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let status = try EndToEndTests.run(["/bin/bash", script.path, binary.path], output: log.path)
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "command_output.sh failed:\n\(text)")
    }
}
