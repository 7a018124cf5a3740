import ArgumentParser
import Foundation
import GILCore
import GILView

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the dashboard for a scenario (the default subcommand).",
        discussion: """
            Without a file, opens a picker of the bundled scenarios (see GILVIEW_SCENARIOS in the README).
            When standard output is not a terminal, prints the report (or the list of bundled scenarios) instead.
            """
    )

    @Argument(help: "The scenario file; without one, a picker of the bundled scenarios.")
    var file: String?

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

    func run() throws {
        guard let file else { return try runClassroom() }
        let scenario = try loadScenario(file)
        guard isatty(STDOUT_FILENO) == 1 else {
            print(ScenarioReport(running: scenario).table())
            return
        }
        let terminal = try CursesTerminal(colorMode: noColor ? .monochrome : .automatic)
        defer { terminal.shutdown() }
        var state = dashboard(scenario, file: file, terminal: terminal)
        try Self.loop(&state, terminal: terminal)
    }

    /// The dashboard for `scenario` as the options ask.
    func dashboard(_ scenario: Scenario, file: String, terminal: CursesTerminal) -> DashboardState {
        var state = DashboardState(
            scenario: scenario, fileName: URL(fileURLWithPath: file).lastPathComponent,
            speed: speed.flatMap(Self.parseSpeed) ?? DashboardState.defaultSpeed, playing: !paused,
            theme: theme(for: terminal))
        state.pauseAtNotes = !noPauseAtNotes
        return state
    }

    func theme(for terminal: CursesTerminal) -> Theme {
        Theme(ascii: ascii || !terminal.isUTF8, color: terminal.colorDepth != .monochrome,
              highContrast: theme == .highContrast)
    }

    /// Draw, wait for input, move the clock on by the wall time that passed, repeat. Playing, the
    /// wait is one frame (~30 fps); paused, it lasts until a key, so an idle dashboard sleeps.
    /// Returns the key that quit (q or Ctrl-C).
    @discardableResult
    static func loop(_ state: inout DashboardState, terminal: CursesTerminal) throws -> Key {
        let clock = ContinuousClock()
        var last = clock.now
        while true {
            let (columns, rows) = terminal.size
            terminal.present(render(state, width: columns, height: rows))
            let event = terminal.nextEvent(timeoutMilliseconds: state.playing ? 33 : nil)
            let now = clock.now
            // The app owns wall time: the engine only ever sees simulated instants.
            let (seconds, attoseconds) = last.duration(to: now).components
            state.advance(wallSeconds: Double(seconds) + Double(attoseconds) / 1e18)
            last = now
            switch event {
            case .key(let key):
                if state.handle(key) == .quit { return key }
            case .terminate(let signal):
                terminal.shutdown()
                throw ExitCode(128 + signal)
            case .resize, nil:
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
