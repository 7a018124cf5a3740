import ArgumentParser
import Foundation
import GILCore
import GILView

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the dashboard for one or more scenarios (the default subcommand).",
        discussion: """
            The models of every file run on one clock, each file with its own workload and machine. \
            The files are watched: a saved edit is re-simulated at once, a broken one shown as an error.
            Without a file, opens a picker of the bundled scenarios (see GILVIEW_SCENARIOS in the README).
            When standard output is not a terminal, prints each file's report (or the list of bundled scenarios) instead.
            """
    )

    @Argument(help: "The scenario files; without one, a picker of the bundled scenarios.")
    var files: [String] = []

    @Flag(name: .customLong("no-color"), help: "Draw without colours (as does NO_COLOR=1).")
    var noColor = false

    @Flag(help: "Draw with ASCII characters only (automatic when the locale is not UTF-8).")
    var ascii = false

    @Option(help: "Simulated time per real time: 0.001 to 100, as a number or a fraction like 1/50.")
    var speed: String?

    @Flag(name: [.customLong("start-paused"), .customLong("paused")], help: "Start paused.")
    var paused = false

    @Flag(name: .customLong("no-pause-at-notes"), help: "Play through the scenario's notes instead of pausing at each.")
    var noPauseAtNotes = false

    @Option(help: "Colours; high-contrast is stark and bold, for projectors.")
    var theme: ThemeChoice = .standard

    func validate() throws {
        if let speed, Self.parseSpeed(speed) == nil {
            throw ValidationError("--speed must be a number or a fraction between 0.001 and 100, like 0.02 or 1/50")
        }
    }

    @OptionGroup var budget: BudgetOptions

    func run() throws {
        guard !files.isEmpty else { return try runClassroom() }
        // Stamps first: an edit made while a file is being read is noticed afterwards.
        let stamps = files.map(ScenarioWatcher.stamp)
        var scenarios: [Scenario] = []
        var invalid = false
        for file in files {
            // Every file's problems are printed before giving up.
            do { scenarios.append(try loadScenario(file)) } catch { invalid = true }
        }
        if invalid { throw ExitCode(1) }
        guard isatty(STDOUT_FILENO) == 1 else {
            var runs: [(label: String, figures: ModelFigures)] = []
            for (file, scenario) in zip(files, scenarios) {
                if files.count > 1 { writeOutput((file == files[0] ? "" : "\n") + "==> \(file) <==") }
                let report = ScenarioReport(running: scenario, budget: try budget.budget())
                writeOutput(Report.text(report, comparison: Comparison(scenario: scenario, figures: report.models, baseline: 0)))
                runs += report.labelledModels.map { (files.count > 1 ? "\(file), \($0.label)" : $0.label, $0.figures) }
            }
            return try exitIfUnfinished(runs)
        }
        let terminal = try CursesTerminal(colorMode: noColor ? .monochrome : .automatic)
        defer { terminal.shutdown() }
        let state = dashboard(
            SourceFile.labelled(Array(zip(files, scenarios)).map { (path: $0, scenario: $1) }),
            terminal: terminal)
        try Self.exitIfInterrupted(by: Self.run(state, terminal: terminal, stamps: stamps), terminal: terminal)
    }

    /// Ctrl-C (a key or SIGINT) gives the terminal back and exits as a shell reports a process
    /// SIGINT ended: 128 + 2.
    static func exitIfInterrupted(by key: Key, terminal: CursesTerminal) throws {
        guard key == .ctrlC else { return }
        terminal.shutdown()
        throw ExitCode(128 + SIGINT)
    }

    /// The dashboard for `scenario` as the options ask.
    func dashboard(_ scenario: Scenario, file: String, terminal: CursesTerminal) -> DashboardState {
        dashboard([SourceFile(path: file, scenario: scenario)], terminal: terminal)
    }

    /// The dashboard for the models of every file, on one clock.
    func dashboard(_ sources: [SourceFile], terminal: CursesTerminal) -> DashboardState {
        var state = DashboardState(
            sources: sources,
            speed: speed.flatMap(Self.parseSpeed) ?? DashboardState.defaultSpeed, playing: !paused,
            theme: theme(for: terminal), budget: (try? budget.budget()) ?? .standard)
        state.pauseAtNotes = !noPauseAtNotes
        return state
    }

    func theme(for terminal: CursesTerminal) -> Theme {
        Theme(
            ascii: ascii || !terminal.isUTF8, color: terminal.colorDepth != .monochrome,
            highContrast: theme == .highContrast)
    }

    /// Runs the dashboard in the shared run loop, its files watched (re-read when saved) and
    /// tweaks saved beside them, until q or Ctrl-C: returns that key. SIGTERM and SIGHUP give
    /// the terminal back and exit 128 + the signal.
    /// - Parameter stamps: the files' stamps from before they were read (nil: taken now).
    static func run(_ state: DashboardState, terminal: CursesTerminal, stamps: [FileStamp?]? = nil) throws -> Key {
        let clock = ContinuousClock()
        let paths = state.sources.map(\.path)
        var watcher = ScenarioWatcher(paths: paths, stamps: stamps ?? paths.map(ScenarioWatcher.stamp), now: clock.now)
        var screen = DashboardScreen(
            state, pollMilliseconds: ScenarioWatcher.intervalMilliseconds,
            changes: { watcher.changes(now: clock.now) },
            save: { contents, path in TweakedScenarioSaver.save(contents, beside: path) },
            savePicture: { svg, path in TweakedScenarioSaver.savePicture(svg, beside: path) })
        return try endOf(TerminalRunLoop.run(&screen, on: terminal), terminal: terminal)
    }

    /// What a run loop ended with; SIGTERM and SIGHUP give the terminal back and exit 128 + the signal.
    static func endOf<Ending>(_ end: TerminalRunLoop.End<Ending>, terminal: CursesTerminal) throws -> Ending {
        switch end {
        case .ended(let ending):
            return ending
        case .terminated(let signal):
            terminal.shutdown()
            throw ExitCode(128 + signal)
        }
    }

    /// "0.02", "1/50", "2" → simulated seconds per real second, within the dashboard's range.
    static func parseSpeed(_ text: String) -> Double? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let value: Double?
        switch parts.count {
        case 1: value = Double(parts[0])
        case 2: value = Double(parts[0]).flatMap { numerator in Double(parts[1]).map { numerator / $0 } }
        default: value = nil
        }
        guard let value, value.isFinite, value >= 0.001, value <= 100 else { return nil }
        return value
    }
}
