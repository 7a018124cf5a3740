import GILCore

/// Everything the dashboard draws: the simulations at the shared clock and the view settings.
/// The run loop (`DashboardScreen`) maps wall time to `elapse(wallSeconds:)` and covers the way in
/// slices with `work(previousSliceSeconds:)`; keys go through `handle(_:)` and `Keymap.dashboard`.
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
    /// The first row of the help overlay shown (↑ ↓ scroll it when it does not fit).
    public var helpScroll = 0
    /// The first row of the comparison view shown.
    public var comparisonScroll = 0
    /// Opened from the scenario picker: q goes back to it (Ctrl-C still quits).
    public var quitReturnsToPicker = false
    /// Playing stops at each note so the class can read it (`--no-pause-at-notes` turns it off).
    public var pauseAtNotes = true
    /// The comparison view (`v`) instead of the lanes, against the model at `baseline` (`b`).
    public var showComparison = false
    public var baseline = 0
    public var theme: Theme
    /// How far back the lanes look from now (`[`, `]`, End).
    public var panBack: SimTime = 0
    /// The inspect cursor (`x`), while it is out.
    public var inspecting: InspectCursor?
    /// The lane cells a row of the screen shows (from the terminal's width; nil until known): at
    /// the lanes' left and right edges the inspect cursor pans the view instead of leaving it.
    public var laneColumns: Int?
    /// Every pane shows the ticket office (`o`, or a note's `show.view`) instead of the timeline.
    public var showOffice = false
    /// Per track, the real run shown under it (`gilview verify --show`).
    public var measuredTwins: [Int: MeasuredTwin] = [:]
    /// The number of the note whose view was last applied (see `followNotes`).
    var followedNote: Int?

    /// From 1/1000 of real time (a switch interval lasts 5 s) to 100 times real time.
    public static let speedLevels: [Double] = [
        0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100,
    ]
    /// Slow enough that a 5 ms switch interval takes a quarter of a second on screen.
    public static let defaultSpeed = 0.02
    /// Simulated time per lane column (a note's `show.zoom` picks one of them).
    public static let zoomLevels = NoteView.zoomLevels
    /// 1 ms a column: a 5 ms switch interval is five columns.
    public static let defaultZoomIndex = 4
    /// Enough lane history for the widest window: the coarsest zoom across 400 columns.
    public static let laneRetention: SimTime = 400 * zoomLevels[zoomLevels.count - 1]

    /// The models of every file, on one clock.
    public init(
        sources: [SourceFile], speed: Double = defaultSpeed, playing: Bool = true, theme: Theme = Theme(),
        budget: SimulationBudget = .standard
    ) {
        self.sources = sources
        let models = Self.models(of: sources, tweaks: [:])
        modelIDs = models.map(\.id)
        playback = Playback(models: models.map(\.model), retention: Self.laneRetention, budget: budget)
        self.speed = speed
        self.playing = playing
        zoomIndex = Self.defaultZoomIndex
        self.theme = theme
        followNotes()
    }

    public init(
        scenario: Scenario, fileName: String, speed: Double = defaultSpeed, playing: Bool = true,
        theme: Theme = Theme()
    ) {
        self.init(sources: [SourceFile(path: fileName, scenario: scenario)], speed: speed, playing: playing, theme: theme)
    }

    /// What the header calls the files: "io_bound.json", or "a.json + b.json".
    public var fileName: String { sources.map(\.label).joined(separator: " + ") }

    public var timePerColumn: SimTime { Self.zoomLevels[zoomIndex] }

    /// The interval `.` and `,` step by: the focused model's GIL switch interval.
    public var switchInterval: SimTime { playback.models[focus].switchInterval }

    /// Where the clock is headed, set by playing (each frame) and by the keys that jump: the
    /// run loop covers the way in slices of bounded work (`work(previousSliceSeconds:)`), so
    /// that keys and signals are answered however much there is to simulate.
    public internal(set) var destination: SimTime?
    var pacer = WorkPacer()
    /// Whether reaching the destination brings up a note's view: it was played or jumped to
    /// (`n`, `N`), not stepped to.
    var followsNoteOnArrival = false

    /// Sets the clock's destination `wallSeconds` of real time on at the current speed, when
    /// playing; stops playing at a note's time when pausing at notes. A destination the last
    /// frame did not reach is given up: a simulation too heavy for the speed asked runs slower
    /// rather than falling ever further behind.
    public mutating func elapse(wallSeconds: Double) {
        guard playing else { return }
        let step = SimTime(min(9e17, max(0, wallSeconds * speed * Double(Time.second))).rounded())
        let target = playback.clock + step
        followsNoteOnArrival = true
        if let note = noteStop(after: playback.clock, through: target) {
            destination = note
            playing = false
            return
        }
        destination = target
    }

    /// Moves the clock one slice of simulated time toward the destination, the slice sized so
    /// that it takes about `WorkPacer.sliceSeconds` (`previousSliceSeconds`: what the last one
    /// took). Returns whether there is more to do; stops playing at the end of the run.
    public mutating func work(previousSliceSeconds: Double?) -> Bool {
        guard let target = destination else { return false }
        if let previousSliceSeconds { pacer.record(sliceSeconds: previousSliceSeconds) }
        pacer.covered = min(pacer.slice, abs(target - playback.clock))
        if playback.move(toward: target, by: pacer.slice) { arrive() }
        return destination != nil
    }

    /// Goes the rest of the way to the destination at once, however long it takes.
    public mutating func finishWork() {
        guard let target = destination else { return }
        playback.seek(to: target)
        arrive()
    }

    /// `elapse` then `finishWork`: the clock on by `wallSeconds` at once.
    public mutating func advance(wallSeconds: Double) {
        elapse(wallSeconds: wallSeconds)
        finishWork()
    }

    private mutating func arrive() {
        destination = nil
        if playback.isFinished { playing = false }
        if followsNoteOnArrival { followNotes() }
        followsNoteOnArrival = false
    }

    public enum Outcome: Sendable, Equatable {
        case keepGoing
        case quit
        /// Write `contents` to a new file beside `path` (the app does the I/O, then sets `message`).
        case save(path: String, contents: String)
        /// Write the picture `svg` to a new file beside `path` (`PictureFileName`; the app does the I/O).
        case savePicture(beside: String, svg: String)
    }

    /// Does what `Keymap.dashboard` binds to `key`; unbound keys do nothing.
    public mutating func handle(_ key: Key) -> Outcome {
        let binding = Keymap.dashboard(ascii: theme.ascii, quitReturnsToPicker: quitReturnsToPicker)
            .first { $0.keys.contains(key) }
        if showHelp, binding?.worksInHelp != true {
            showHelp = false
            return .keepGoing
        }
        message = nil
        defer { keepInspectingFocusedModel() }
        // While the inspect cursor is out, the arrows and Esc move or put it away.
        if handleInspectKey(key) { return .keepGoing }
        return binding?.action(&self, key) ?? .keepGoing
    }

    /// Where the clock is, or is headed: keys that jump count from here.
    var heading: SimTime { destination ?? playback.clock }

    mutating func changeSpeed(faster: Bool) {
        speed =
            faster
            ? Self.speedLevels.first { $0 > speed * 1.0001 } ?? speed
            : Self.speedLevels.last { $0 < speed * 0.9999 } ?? speed
    }

    /// Scrolls the help overlay when it is open, else the comparison view when it is shown;
    /// drawing clamps the offset to what there is to see.
    mutating func scrollOverlay(_ key: Key) {
        let step =
            switch key {
            case .up: -1
            case .down: 1
            case .pageUp: -Self.overlayPage
            default: Self.overlayPage
            }
        if showHelp {
            helpScroll = max(0, helpScroll + step)
        } else if showComparison {
            comparisonScroll = max(0, comparisonScroll + step)
        }
    }

    static let overlayPage = 10

    var modelCount: Int { playback.tracks.count }
}
