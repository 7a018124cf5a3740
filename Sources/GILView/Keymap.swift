import GILCore

/// One thing the dashboard does on a key: the keys, the help text the `?` overlay shows, the
/// footer's short form, and the action. Key handling, the overlay and the footer all read the
/// same `Keymap.dashboard` list, so they cannot disagree.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var help: String
    /// The footer's short form (the keys it names, a label); nil keeps it out of the footer.
    public var footer: (keys: [Key], label: String)?
    /// Whether the key does its action while the help overlay is open (any other closes it).
    public var worksInHelp: Bool
    let action: @Sendable (inout DashboardState, Key) -> DashboardState.Outcome

    init(
        _ keys: [Key], _ help: String, footer: (keys: [Key], label: String)? = nil, worksInHelp: Bool = false,
        action: @escaping @Sendable (inout DashboardState, Key) -> DashboardState.Outcome
    ) {
        self.keys = keys
        self.help = help
        self.footer = footer
        self.worksInHelp = worksInHelp
        self.action = action
    }

    /// The keys as the overlay shows them: "p P t T", "← →".
    public func keyNames(ascii: Bool) -> String {
        Key.names(keys, ascii: ascii)
    }
}

extension Key {
    /// The name a user reads for the key: "space", "←" ("<-" in ASCII), "Ctrl-C", "PgUp".
    public func name(ascii: Bool) -> String {
        switch self {
        case .character(" "): "space"
        case .character(let character): String(character)
        case .up: ascii ? "up" : "↑"
        case .down: ascii ? "down" : "↓"
        case .left: ascii ? "<-" : "←"
        case .right: ascii ? "->" : "→"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .enter: "Enter"
        case .tab: "Tab"
        case .shiftTab: "Shift-Tab"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .ctrlC: "Ctrl-C"
        }
    }

    static func names(_ keys: [Key], ascii: Bool) -> String {
        keys.map { $0.name(ascii: ascii) }.joined(separator: " ")
    }
}

public enum Keymap {
    /// Every key the dashboard answers, in the order the overlay lists them (help and quit
    /// first: a narrow footer keeps them).
    public static func dashboard(ascii: Bool, quitReturnsToPicker: Bool = false) -> [KeyBinding] {
        let c = Key.character
        return [
            KeyBinding([c("?")], "this help (any other key closes it)", footer: ([c("?")], "help")) { state, _ in
                state.showHelp = true
                state.helpScroll = 0
                return .keepGoing
            },
            KeyBinding(
                [c("q"), .ctrlC], quitReturnsToPicker ? "back to the scenario list (Ctrl-C: quit)" : "quit",
                footer: ([c("q")], quitReturnsToPicker ? "back" : "quit"), worksInHelp: true
            ) { _, _ in .quit },
            KeyBinding([c(" ")], "play / pause", footer: ([c(" ")], "play/pause")) { state, _ in
                if state.playback.isFinished { state.destination = 0 }
                state.playing.toggle()
                return .keepGoing
            },
            KeyBinding([.left, .right], "step one event back / forward", footer: ([.left, .right], "step")) { state, key in
                state.playing = false
                state.finishWork()
                if key == .left { state.playback.stepBackward() } else { state.playback.stepForward() }
                return .keepGoing
            },
            KeyBinding(
                [c(","), c(".")], "step one switch interval back / forward",
                footer: ([c(","), c(".")], ascii ? "+-interval" : "±interval")
            ) { state, key in
                state.playing = false
                let interval = key == c(",") ? -state.switchInterval : state.switchInterval
                state.destination = max(0, state.heading + interval)
                return .keepGoing
            },
            KeyBinding(
                [c("-"), c("+"), c("_"), c("=")], "slower / faster (1/1000 to 100 times real time)",
                footer: ([c("-"), c("+")], "speed")
            ) { state, key in
                state.changeSpeed(faster: key == c("+") || key == c("="))
                return .keepGoing
            },
            KeyBinding([c("z"), c("Z")], "zoom the time axis in / out", footer: ([c("z"), c("Z")], "zoom")) { state, key in
                let step = key == c("z") ? -1 : 1
                state.zoomIndex = min(DashboardState.zoomLevels.count - 1, max(0, state.zoomIndex + step))
                return .keepGoing
            },
            KeyBinding([.home], "restart from t = 0") { state, _ in
                state.destination = 0
                return .keepGoing
            },
            KeyBinding(
                [c("["), c("]"), .end], "look back / forward through the lanes' history, 10 cells at a time; End: now",
                footer: ([c("["), c("]")], "pan")
            ) { state, key in
                state.pan(key)
                return .keepGoing
            },
            KeyBinding([.tab, .shiftTab], "move the focus to the next / previous model", footer: ([.tab], "focus")) { state, key in
                let count = max(1, state.modelCount)
                state.focus = (state.focus + (key == .tab ? 1 : count - 1)) % count
                return .keepGoing
            },
            KeyBinding([.enter], "show the focused model full screen / all models", footer: ([.enter], "full")) { state, _ in
                state.fullscreen.toggle()
                return .keepGoing
            },
            KeyBinding([c("c")], "show / hide a lane per CPU core", footer: ([c("c")], "cores")) { state, _ in
                state.showCores.toggle()
                return .keepGoing
            },
            KeyBinding(
                [c("x")],
                ascii
                    ? "inspect a lane cell (<- -> along it, up down between lanes, x or Esc: done)"
                    : "inspect a lane cell (← → along it, ↑ ↓ between lanes, x or Esc: done)",
                footer: ([c("x")], "inspect")
            ) { state, _ in
                state.toggleInspecting()
                return .keepGoing
            },
            KeyBinding(
                [c("p"), c("P"), c("t"), c("T"), c("e"), c("E")],
                "focused model: processes, threads, executor threads -/+",
                footer: ([c("p"), c("t"), c("g")], "knobs")
            ) { state, key in state.handleKnob(key) },
            KeyBinding([c("g"), c("i"), c("I"), c("k"), c("K")], "GIL on/off, switch interval halve/double, cores -/+") {
                state, key in state.handleKnob(key)
            },
            KeyBinding([c("u"), c("w")], "undo the focused model's knobs / save them to a new file") { state, key in
                state.handleKnob(key)
            },
            KeyBinding([c("s")], "save the lanes on screen as an SVG picture beside the file") { state, _ in state.savePicture() },
            KeyBinding([c("n"), c("N")], "jump to the next / previous note (caption)", footer: ([c("n"), c("N")], "notes")) {
                state, key in
                state.jumpToNote(next: key == c("n"))
                return .keepGoing
            },
            KeyBinding([c("v")], "compare the models side by side / back to the lanes", footer: ([c("v")], "compare")) {
                state, _ in
                state.showComparison.toggle()
                state.comparisonScroll = 0
                return .keepGoing
            },
            KeyBinding(
                [c("o")], "every pane: the ticket office (window = GIL, queue = thread) / the timeline",
                footer: ([c("o")], "office")
            ) { state, _ in
                state.setOffice(!state.showOffice)
                return .keepGoing
            },
            KeyBinding([c("b")], "compare against the next model (the baseline)") { state, _ in
                state.baseline = (state.baseline + 1) % max(1, state.modelCount)
                state.showComparison = true
                return .keepGoing
            },
            KeyBinding(
                [.up, .down, .pageUp, .pageDown], "scroll this help, or the comparison (v), when it does not fit",
                worksInHelp: true
            ) {
                state, key in
                state.scrollOverlay(key)
                return .keepGoing
            },
        ]
    }
}
