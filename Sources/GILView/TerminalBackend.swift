/// What the run loop needs of a terminal: its size, a way to show a grid, the next thing that
/// happens, and a clock. The app's curses terminal is one; `ScriptedTerminal` plays a test's
/// script.
public protocol TerminalBackend: AnyObject {
    /// The size in cells.
    var size: (columns: Int, rows: Int) { get }
    /// Shows `grid`, clipped to the terminal, in one update.
    func present(_ grid: CellGrid)
    /// Waits up to `timeoutMilliseconds` (nil: until something happens; 0: only looks) for a
    /// key, a resize or a signal. Nil when the time ran out.
    func nextEvent(timeoutMilliseconds: Int?) -> TerminalEvent?
    /// Seconds on a monotonic clock: the only wall time the run loop sees.
    var now: Double { get }
}

/// A screen the run loop drives: the dashboard, the scenario picker, the terminal demo.
public protocol TerminalScreen {
    /// What a key that ends the loop says (quit, open a file).
    associatedtype Ending

    func render(width: Int, height: Int) -> CellGrid
    /// Whether the screen moves with time (drawn about 30 times a second) or only on events.
    var isAnimating: Bool { get }
    /// How long to wait for a key when not animating, for `poll` to look around (nil: until a key).
    var idleWaitMilliseconds: Int? { get }
    /// What `key` does; non-nil ends the loop.
    mutating func respond(to key: Key) -> Ending?
    /// `wallSeconds` of real time passed (time the program was stopped not counted).
    mutating func elapse(wallSeconds: Double)
    /// Does one slice of pending work (`previousSliceSeconds`: what the last slice took);
    /// returns whether more is pending.
    mutating func work(previousSliceSeconds: Double?) -> Bool
    /// Looks at the world outside (watched files) between frames; true when the screen changed.
    mutating func poll() -> Bool
    /// What a mouse event on a `width` × `height` screen does.
    mutating func respond(to mouse: MouseEvent, width: Int, height: Int)
    /// The screen is `width` × `height` now: before the first frame and after each change.
    mutating func resize(width: Int, height: Int)
}

extension TerminalScreen {
    public var isAnimating: Bool { false }
    public var idleWaitMilliseconds: Int? { nil }
    public mutating func elapse(wallSeconds: Double) {}
    public mutating func work(previousSliceSeconds: Double?) -> Bool { false }
    public mutating func poll() -> Bool { false }
    public mutating func respond(to mouse: MouseEvent, width: Int, height: Int) {}
    public mutating func resize(width: Int, height: Int) {}
}
