import ArgumentParser
import Foundation
import GILCore

@main
struct Gilview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gilview",
        abstract: "Simulate and animate how Python runs concurrent work: the GIL, threads, asyncio, processes.",
        discussion: """
            Exit codes: 0 ok, 1 the scenario is invalid (export: or a file it writes cannot be written), 2 usage; verify: 3 when Python is missing, fails or overruns; bench: 3 when gilview and SimPy disagree; report, sweep, export, show without a terminal: 4 when a budget (--max-events, --max-time, --max-in-flight) stopped a run, whose figures are then those so far, 5 when a run ended with requests left waiting for each other (a deadlock); 74 the output cannot be written.
            """,
        subcommands: [
            Show.self, Report.self, Validate.self, SweepCommand.self, ExportCommand.self, Verify.self, Bench.self, TerminalDemo.self,
        ],
        defaultSubcommand: Show.self
    )

    /// Parses and runs, with the documented exit codes: argument errors exit 2 (not
    /// ArgumentParser's 64), so scripts can tell a usage mistake from an invalid scenario (1).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                writeError(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Loads a scenario or prints its problems to standard error and exits 1.
func loadScenario(_ path: String) throws -> Scenario {
    do {
        return try ScenarioLoader.loadTitled(path: path)
    } catch {
        writeError(error.description)
        throw ExitCode(1)
    }
}
