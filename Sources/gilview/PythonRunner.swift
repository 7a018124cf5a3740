import Foundation
import GILCore

/// Runs Python programs for `gilview verify`: each from a file in a private temporary directory
/// that is removed afterwards, with a time limit, its output captured.
struct PythonRunner {
    let interpreter: URL
    let directory: URL
    /// Ctrl-C, SIGTERM and SIGHUP end the running program and then verify, temporary files removed.
    let signals = TerminationSignals.watch()

    /// Finds `python` (a path, or a name looked up on PATH) and makes the temporary directory.
    init(python: String) throws(VerifyError) {
        let candidates: [String]
        if python.contains("/") {
            candidates = [python]
        } else {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
            candidates = path.split(separator: ":").map { "\($0)/\(python)" }
        }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw VerifyError(
                python.contains("/")
                    ? "\(python) is not an executable file; pass --python with the path of a Python interpreter"
                    : "\(python) was not found on PATH; pass --python with the path of a Python interpreter")
        }
        interpreter = URL(fileURLWithPath: found)
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gilview-verify-\(getpid())-\(UUID().uuidString.prefix(8))")
        do {
            // Owner-only (0700): the generated program and its output are nobody else's to read or replace.
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: false,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw VerifyError("cannot make a temporary directory \(directory.path): \(error.localizedDescription)")
        }
    }

    /// Why a program gave no output: it failed or overran, or a signal asked verify to stop.
    enum Stop: Error {
        case failed(VerifyError)
        case interrupted(signal: Int32)
    }

    /// A signal received since the last look (while no program was running), if any.
    func interruption() -> Stop? {
        signals.next().map { .interrupted(signal: $0) }
    }

    func finish() {
        signals.cancel()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `program` and returns what it printed; throws with its error output when it fails or
    /// overruns `timeLimit` seconds (it is then terminated), or when a signal stops it.
    func run(_ program: String, named name: String, timeLimit: Double) throws(Stop) -> String {
        let script = directory.appendingPathComponent(name)
        let stdout = directory.appendingPathComponent(name + ".out")
        let stderr = directory.appendingPathComponent(name + ".err")
        let process = Process()
        do {
            try program.write(to: script, atomically: true, encoding: .utf8)
            _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
            _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
            process.executableURL = interpreter
            process.arguments = [script.path]
            process.currentDirectoryURL = directory
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: stdout)
            process.standardError = try FileHandle(forWritingTo: stderr)
            try process.run()
        } catch {
            throw .failed(VerifyError("cannot run \(interpreter.path): \(error.localizedDescription)"))
        }
        let deadline = Date().addingTimeInterval(timeLimit)
        var interrupted: Int32?
        while process.isRunning, Date() < deadline, interrupted == nil {
            interrupted = signals.next()
            usleep(20_000)
        }
        let overran = process.isRunning
        if overran {
            // SIGKILL: the program inherits the ignored SIGINT and SIGTERM that `signals` relies on.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        if let interrupted { throw .interrupted(signal: interrupted) }
        let output = (try? String(contentsOf: stdout, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
        if overran {
            throw .failed(VerifyError("\(name) ran over its \(Int(timeLimit)) s limit and was stopped"))
        }
        guard process.terminationStatus == 0 else {
            let tail = errors.isEmpty ? "(it printed no error)" : errors.split(separator: "\n").suffix(12).joined(separator: "\n")
            throw .failed(VerifyError("\(interpreter.path) \(name) exited with status \(process.terminationStatus):\n\(tail)"))
        }
        return output
    }
}
