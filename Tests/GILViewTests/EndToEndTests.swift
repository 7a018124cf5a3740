import Foundation
import Testing

/// Runs the real-terminal scripts in Tests/e2e against the built `gilview`, so `swift test`
/// covers them. They need tmux; without it they are skipped, saying why.
@Suite(.serialized) struct EndToEndTests {
    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// `gilview` sits next to the test bundle in the build products directory.
    static var binary: URL? {
        let candidates = [Bundle.main.executableURL, Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0])]
        for candidate in candidates.compactMap({ $0 }) {
            var directory = candidate.deletingLastPathComponent()
            for _ in 0..<3 {
                let binary = directory.appendingPathComponent("gilview")
                if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
                directory.deleteLastPathComponent()
            }
        }
        return nil
    }

    @Test(
        .enabled(if: tmux != nil, "tmux is not installed: the end-to-end terminal tests are skipped"),
        arguments: [
            "dashboard.sh", "terminal_restore.sh", "classroom.sh", "live_reload.sh", "heavy_work.sh", "contract.sh",
            "inspect.sh", "office.sh",
        ])
    func script(_ name: String) throws {
        try Self.runScript(name)
    }

    /// Runs Tests/e2e/`name` with the built `gilview`, expecting it to exit 0.
    static func runScript(_ name: String) throws {
        let binary = try #require(Self.binary, "the gilview executable was not built next to the tests")
        let script = Fixtures.packageRoot.appendingPathComponent("Tests/e2e/\(name)")
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("gilview-e2e-\(name)-\(getpid()).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let status = try Self.run(["/bin/bash", script.path, binary.path], output: log.path)
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(name) failed:\n\(text)")
    }

    /// Runs a command with output to a file and waits for it. Spawned with no signal blocked
    /// and default dispositions: the test runner's threads block signals, and a terminal
    /// program started with SIGWINCH or SIGTERM blocked would not behave as it does for a user.
    static func run(_ arguments: [String], output: String) throws -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        // Exited normally: the exit code; killed: 128 + the signal, as a shell reports it.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
