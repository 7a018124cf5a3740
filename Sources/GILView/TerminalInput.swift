// What the terminal backend reports to the input loop, in terms the view can handle without
// knowing about curses.

/// A key the dashboard reacts to.
public enum Key: Hashable, Sendable {
    /// A printable character, including space.
    case character(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, tab, shiftTab, escape, backspace
    /// Ctrl-C, whether it arrived as a keystroke or as SIGINT.
    case ctrlC
}

/// One thing that happened at the terminal.
public enum TerminalEvent: Hashable, Sendable {
    case key(Key)
    /// The terminal changed size: read the new size and redraw.
    case resize
    /// SIGTERM or SIGHUP asked the program to end: shut the terminal down and exit.
    case terminate(signal: Int32)
    /// The program was stopped (Ctrl-Z) and has been continued (`fg`): the time it was
    /// stopped is no time the user watched, and the screen must be drawn again.
    case resumed
    /// A mouse click or wheel turn, where the terminal reports them.
    case mouse(MouseEvent)
}

/// A mouse event at a cell (0-based column `x`, row `y`).
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case click
        /// The wheel turned away from the user (up) or towards them (down).
        case wheelUp, wheelDown
    }

    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}
