import GILCore

/// Everything the dashboard draws: the simulations at the shared clock and the view settings.
/// The app maps wall time to `advance(wallSeconds:)`; keys go through `handle(_:)`.
public struct DashboardState: Sendable {
    public var playback: Playback
    /// The files shown, as last read without error (see `DashboardState+Reload`).
    public internal(set) var sources: [SourceFile]
    /// Which model of which file each of `playback`'s tracks runs.
    public internal(set) var modelIDs: [ModelID]
    /// The knobs turned on each model (see `DashboardState+Knobs`).
    public internal(set) var tweaks: [ModelID: ModelTweaks] = [:]
    /// The last edit of a file that could not be read, per source: shown until it is fixed.
    public internal(set) var reloadErrors: [Int: String] = [:]
    /// A one-off message (a file saved, a knob at its limit), until the next key.
    public var message: String?
    /// Simulated seconds per wall second.
    public var speed: Double
    public var playing: Bool
    /// Index into `zoomLevels`.
    public var zoomIndex: Int
    /// The model Tab has moved to; Enter shows it alone.
    public var focus = 0
    public var fullscreen = false
    public var showCores = false
    public var showHelp = false
    /// Opened from the scenario picker: q goes back to it (Ctrl-C still quits).
    public var quitReturnsToPicker = false
    /// Playing stops at each note so the class can read it (`--no-pause-at-notes` turns it off).
    public var pauseAtNotes = true
    /// The comparison view (`v`) instead of the lanes, against the model at `baseline` (`b`).
    public var showComparison = false
    public var baseline = 0
    public var theme: Theme

    /// From 1/1000 of real time (a switch interval lasts 5 s) to 100 times real time.
    public static let speedLevels: [Double] = [
        0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100,
    ]
    /// Slow enough that a 5 ms switch interval takes a quarter of a second on screen.
    public static let defaultSpeed = 0.02
    /// Simulated time per lane column.
    public static let zoomLevels: [SimTime] = [
        50 * Time.microsecond, 100 * Time.microsecond, 200 * Time.microsecond, 500 * Time.microsecond,
        Time.millisecond, 2 * Time.millisecond, 5 * Time.millisecond, 10 * Time.millisecond, 20 * Time.millisecond,
    ]
    /// 1 ms a column: a 5 ms switch interval is five columns.
    public static let defaultZoomIndex = 4
    /// Enough lane history for the widest window: the coarsest zoom across 400 columns.
    public static let laneRetention: SimTime = 400 * zoomLevels[zoomLevels.count - 1]

    /// The models of every file, on one clock.
    public init(sources: [SourceFile], speed: Double = defaultSpeed, playing: Bool = true, theme: Theme = Theme(),
                budget: SimulationBudget = .standard) {
        self.sources = sources
        let models = Self.models(of: sources, tweaks: [:])
        modelIDs = models.map(\.id)
        playback = Playback(models: models.map(\.model), retention: Self.laneRetention, budget: budget)
        self.speed = speed
        self.playing = playing
        zoomIndex = Self.defaultZoomIndex
        self.theme = theme
    }

    public init(scenario: Scenario, fileName: String, speed: Double = defaultSpeed, playing: Bool = true,
                theme: Theme = Theme()) {
        self.init(sources: [SourceFile(path: fileName, scenario: scenario)], speed: speed, playing: playing, theme: theme)
    }

    /// What the header calls the files: "io_bound.json", or "a.json + b.json".
    public var fileName: String { sources.map(\.label).joined(separator: " + ") }

    public var timePerColumn: SimTime { Self.zoomLevels[zoomIndex] }

    /// The interval `.` and `,` step by: the focused model's GIL switch interval.
    public var switchInterval: SimTime { playback.models[focus].switchInterval }

    /// Runs the clock on by `wallSeconds` of real time at the current speed, when playing;
    /// stops playing at the end of the run, and at a note's time when pausing at notes.
    public mutating func advance(wallSeconds: Double) {
        guard playing else { return }
        let step = SimTime((wallSeconds * speed * Double(Time.second)).rounded())
        let target = playback.clock + max(0, step)
        if let note = noteStop(after: playback.clock, through: target) {
            playback.seek(to: note)
            playing = false
            return
        }
        playback.seek(to: target)
        if playback.isFinished { playing = false }
    }

    public enum Outcome: Sendable, Equatable {
        case keepGoing
        case quit
        /// Write `contents` to a new file beside `path` (the app does the I/O, then sets `message`).
        case save(path: String, contents: String)
    }

    public mutating func handle(_ key: Key) -> Outcome {
        if key == .ctrlC || key == .character("q") { return .quit }
        if showHelp {
            // The overlay answers any key by closing.
            showHelp = false
            return .keepGoing
        }
        message = nil
        if handleNoteKey(key) { return .keepGoing }
        switch key {
        case .character(" "):
            if playback.isFinished { playback.seek(to: 0) }
            playing.toggle()
        case .right:
            playing = false
            playback.stepForward()
        case .left:
            playing = false
            playback.stepBackward()
        case .character("."):
            playing = false
            playback.seek(to: playback.clock + switchInterval)
        case .character(","):
            playing = false
            playback.seek(to: playback.clock - switchInterval)
        case .character("+"), .character("="):
            speed = Self.speedLevels.first { $0 > speed * 1.0001 } ?? speed
        case .character("-"), .character("_"):
            speed = Self.speedLevels.last { $0 < speed * 0.9999 } ?? speed
        case .character("z"):
            zoomIndex = max(0, zoomIndex - 1)
        case .character("Z"):
            zoomIndex = min(Self.zoomLevels.count - 1, zoomIndex + 1)
        case .home:
            playback.seek(to: 0)
        case .tab:
            focus = (focus + 1) % max(1, modelCount)
        case .shiftTab:
            focus = (focus + modelCount - 1) % max(1, modelCount)
        case .enter:
            fullscreen.toggle()
        case .character("c"):
            showCores.toggle()
        case .character("?"):
            showHelp = true
        case .character("v"), .character("b"):
            handleComparisonKey(key)
        default:
            return handleKnob(key)
        }
        return .keepGoing
    }

    var modelCount: Int { playback.tracks.count }
}

/// Every key the dashboard answers, for the footer and the help overlay.
public struct KeyBinding: Sendable {
    public var keys: String
    public var action: String
    /// Short form for the footer (keys, label); nil keeps it out of the footer.
    public var footer: (keys: String, label: String)?

    public static func all(ascii: Bool, quitReturnsToPicker: Bool = false) -> [KeyBinding] {
        // Help and quit first: a narrow footer keeps them.
        [
            KeyBinding(keys: "?", action: "this help (any key closes it)", footer: ("?", "help")),
            quitReturnsToPicker
                ? KeyBinding(keys: "q Ctrl-C", action: "back to the scenario list / quit", footer: ("q", "back"))
                : KeyBinding(keys: "q Ctrl-C", action: "quit", footer: ("q", "quit")),
            KeyBinding(keys: "space", action: "play / pause", footer: ("space", "play/pause")),
            KeyBinding(keys: ascii ? "<- ->" : "← →", action: "step one event back / forward",
                       footer: (ascii ? "<- ->" : "← →", "step")),
            KeyBinding(keys: ", .", action: "step one switch interval back / forward", footer: (", .", ascii ? "+-interval" : "±interval")),
            KeyBinding(keys: "- +", action: "slower / faster (1/1000 to 100 times real time)", footer: ("- +", "speed")),
            KeyBinding(keys: "z Z", action: "zoom the time axis in / out", footer: ("z Z", "zoom")),
            KeyBinding(keys: "Home", action: "restart from t = 0", footer: nil),
            KeyBinding(keys: "Tab", action: "move the focus to the next model (Shift-Tab: previous)", footer: ("Tab", "focus")),
            KeyBinding(keys: "Enter", action: "show the focused model full screen / all models", footer: ("Enter", "full")),
            KeyBinding(keys: "c", action: "show / hide a lane per CPU core", footer: ("c", "cores")),
            KeyBinding(keys: "p P t T e E", action: "focused model: processes, threads, executor threads -/+",
                       footer: ("p t g", "knobs")),
            KeyBinding(keys: "g i I k K", action: "GIL on/off, switch interval halve/double, cores -/+", footer: nil),
            KeyBinding(keys: "u w", action: "undo the focused model's knobs / save them to a new file", footer: nil),
            KeyBinding(keys: "n N", action: "jump to the next / previous note (caption)", footer: ("n N", "notes")),
            KeyBinding(keys: "v", action: "compare the models side by side / back to the lanes", footer: ("v", "compare")),
            KeyBinding(keys: "b", action: "compare against the next model (the baseline)", footer: nil),
        ]
    }
}
