import ArgumentParser
import Foundation
import GILCore

/// `--max-events`, `--max-time`, `--max-in-flight`: the engine's budget, the same on `report`,
/// `sweep` and the dashboard. A run that reaches one stops with its figures so far (exit 4).
struct BudgetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Stop a run after this many events (default \(SimulationBudget.standard.events)).", valueName: "n"))
    var maxEvents: Int?

    @Option(
        help: ArgumentHelp(
            "Stop a run at this simulated time, like 3600s (default \(DurationParser.format(SimulationBudget.standard.time)), at most \(DurationParser.format(SimulationBudget.longestTime))).",
            valueName: "duration"))
    var maxTime: String?

    @Option(
        help: ArgumentHelp(
            "Stop a run when more requests than this are in flight at once (default \(SimulationBudget.standard.inFlight)).", valueName: "n"
        ))
    var maxInFlight: Int?

    func validate() throws {
        _ = try budget()
    }

    /// The budget the options give; a usage error (exit 2) names the option and its range.
    func budget() throws -> SimulationBudget {
        var budget = SimulationBudget.standard
        if let maxEvents {
            guard maxEvents >= 1 else { throw ValidationError("--max-events must be at least 1, found \(maxEvents)") }
            budget.events = maxEvents
        }
        if let maxTime {
            let longest = DurationParser.format(SimulationBudget.longestTime)
            let time: SimTime
            do {
                time = try DurationParser.parse(maxTime)
            } catch {
                throw ValidationError("--max-time: \(error.message)")
            }
            guard (1...SimulationBudget.longestTime).contains(time) else {
                throw ValidationError("--max-time must be more than 0 and at most \(longest) (100 days), found \"\(maxTime)\"")
            }
            budget.time = time
        }
        if let maxInFlight {
            let most = SimulationBudget.unlimited.inFlight
            guard (1...most).contains(maxInFlight) else {
                throw ValidationError("--max-in-flight must be from 1 to \(most), found \(maxInFlight)")
            }
            budget.inFlight = maxInFlight
        }
        return budget
    }
}

/// Prints why each unfinished run ended to standard error — "stopped: …" for a budget, "deadlock:
/// …" for requests left waiting — and exits 4 if a budget stopped one, 5 if runs only deadlocked;
/// does nothing when every run finished.
func exitIfUnfinished(_ runs: [(label: String, figures: ModelFigures)]) throws {
    var lines: [String] = []
    var stopped = false
    for (label, figures) in runs {
        if let stop = figures.stop {
            stopped = true
            lines.append("stopped: \(label): \(stop.explanation)")
        } else if let deadlock = figures.deadlock {
            lines.append("deadlock: \(label): \(deadlock)")
        }
    }
    guard !lines.isEmpty else { return }
    writeError(lines.joined(separator: "\n"))
    throw ExitCode(stopped ? 4 : 5)
}
