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
            var stopLines: [String] = []
            for (file, scenario) in zip(files, scenarios) {
                if files.count > 1 { print((file == files[0] ? "" : "\n") + "==> \(file) <==") }
                let report = ScenarioReport(running: scenario, budget: try budget.budget())
                print(report.table())
                stopLines += report.stopLines
            }
            return try exitIfStopped(stopLines)
        }
        let terminal = try CursesTerminal(colorMode: noColor ? .monochrome : .automatic)
        defer { terminal.shutdown() }
        var state = dashboard(SourceFile.labelled(Array(zip(files, scenarios)).map { (path: $0, scenario: $1) }),
                              terminal: terminal)
        try Self.loop(&state, terminal: terminal, stamps: stamps)
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
        Theme(ascii: ascii || !terminal.isUTF8, color: terminal.colorDepth != .monochrome,
              highContrast: theme == .highContrast)
    }

    /// Draw, wait for input, move the clock on by the wall time that passed, look at the files,
    /// repeat. Playing, the wait is one frame (~30 fps); paused, it is the files' polling
    /// interval, and nothing is drawn until something changes, so an idle dashboard sleeps.
    /// Returns the key that quit (q or Ctrl-C).
    /// - Parameter stamps: the files' stamps from before they were read (nil: taken now).
    @discardableResult
    static func loop(_ state: inout DashboardState, terminal: CursesTerminal, stamps: [FileStamp?]? = nil) throws -> Key {
        let clock = ContinuousClock()
        var last = clock.now
        let paths = state.sources.map(\.path)
        var watcher = ScenarioWatcher(paths: paths, stamps: stamps ?? paths.map(ScenarioWatcher.stamp), now: last)
        var needsDrawing = true
        while true {
            if needsDrawing || state.playing {
                let (columns, rows) = terminal.size
                terminal.present(render(state, width: columns, height: rows))
            }
            let event = terminal.nextEvent(timeoutMilliseconds: state.playing ? 33 : ScenarioWatcher.intervalMilliseconds)
            let now = clock.now
            // The app owns wall time: the engine only ever sees simulated instants.
            let (seconds, attoseconds) = last.duration(to: now).components
            // A clock that moved (perhaps to a stop: a note, the end) is drawn where it stopped.
            let wasPlaying = state.playing
            state.advance(wallSeconds: Double(seconds) + Double(attoseconds) / 1e18)
            last = now
            let changes = watcher.changes(now: now)
            for change in changes { state.reload(source: change.source, with: change.result) }
            needsDrawing = wasPlaying || !changes.isEmpty
            switch event {
            case .key(let key):
                needsDrawing = true
                switch state.handle(key) {
                case .quit: return key
                case .save(let path, let contents): state.message = TweakedScenarioSaver.save(contents, beside: path)
                case .keepGoing: break
                }
            case .terminate(let signal):
                terminal.shutdown()
                throw ExitCode(128 + signal)
            case .resize:
                needsDrawing = true
            case nil:
                continue
            }
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
