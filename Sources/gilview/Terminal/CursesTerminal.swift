import CNcurses
import Foundation
import GILView

/// Why the terminal could not be set up.
enum TerminalError: Error, CustomStringConvertible {
    case notATerminal
    case unknownTerminal(term: String)
    /// A terminal that cannot move the cursor (TERM=dumb): only a scrolling printout.
    case cannotAddressCursor(term: String)
    case alreadyActive

    var description: String {
        switch self {
        case .notATerminal:
            "standard input and output must be a terminal to draw the dashboard"
        case .unknownTerminal(let term):
            "cannot drive terminal type '\(term)' (check TERM)"
        case .cannotAddressCursor(let term):
            "terminal type '\(term)' cannot move the cursor, so the dashboard cannot be drawn on it; "
                + "run it in a terminal that can (TERM=xterm-256color, for example), "
                + "or see the figures as text with 'gilview report FILE'"
        case .alreadyActive:
            "a terminal session is already active"
        }
    }
}

/// The colours the caller allows.
enum ColorMode: Sendable {
    /// Colours when the terminal has them and `NO_COLOR` is not set.
    case automatic
    /// Attributes only (bold, dim, reverse, underline).
    case monochrome
}

/// The colours actually in use.
enum ColorDepth: Sendable {
    case monochrome
    /// The 8 basic colours: other colours fall back to `TerminalColor.basicFallback`, bright
    /// foregrounds add bold.
    case basic
    case palette256
}

/// The one curses session of the process: copies cell grids to the terminal and reads keys.
/// Use it from one thread only. `shutdown()` (also run by `deinit`) gives the terminal back;
/// a crash gives it back through `FatalSignalRestore`.
final class CursesTerminal: TerminalBackend {
    let colorDepth: ColorDepth
    /// Whether the locale encodes text as UTF-8; when not, draw with ASCII glyphs only.
    let isUTF8: Bool

    private var screen: OpaquePointer?
    private let signals: TerminationSignals
    private var pairs = ColorPairs()
    /// Reused between runs and frames so that drawing does not allocate.
    private var runBuffer: [wchar_t] = []

    private static let session = SessionClaim()
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    /// Starts curses on standard input and output. Throws when they are not a terminal or
    /// TERM names a terminal curses does not know.
    init(colorMode: ColorMode) throws {
        guard Self.session.claim() else { throw TerminalError.alreadyActive }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            Self.session.release()
            throw TerminalError.notATerminal
        }
        setlocale(LC_ALL, "")
        // A parent may start us with signals blocked (Foundation's Process does, and tmux
        // servers started from it pass that on): resizes and termination requests must arrive.
        var wanted = sigset_t()
        sigemptyset(&wanted)
        for number in [SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT] { sigaddset(&wanted, number) }
        pthread_sigmask(SIG_UNBLOCK, &wanted, nil)
        isUTF8 = gv_locale_is_utf8() != 0
        var shellModes = termios()
        tcgetattr(STDIN_FILENO, &shellModes)

        start = clock.now
        signals = TerminationSignals.watch()
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        guard let screen = gv_newterm() else {
            signals.cancel()
            Self.session.release()
            throw TerminalError.unknownTerminal(term: term)
        }
        guard gv_can_address_cursor() != 0 else {
            endwin()
            delscreen(screen)
            signals.cancel()
            Self.session.release()
            throw TerminalError.cannotAddressCursor(term: term)
        }
        self.screen = screen
        FatalSignalRestore.install(
            savedModes: shellModes, ttyDescriptor: STDIN_FILENO, outputDescriptor: STDOUT_FILENO)

        let window = gv_stdscr()
        cbreak()
        noecho()
        keypad(window, true)
        gv_enable_mouse()
        curs_set(0)
        // Escape is also the start of every arrow key's sequence: curses waits this long for
        // the rest before reporting a lone Escape.
        set_escdelay(25)

        let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        if colorMode == .automatic, !noColor, has_colors() {
            start_color()
            use_default_colors()
            colorDepth = gv_colors() >= 256 ? .palette256 : .basic
        } else {
            colorDepth = .monochrome
        }
    }

    deinit {
        shutdown()
    }

    /// Ends the curses session and gives the terminal back as it was. Safe to call again.
    func shutdown() {
        guard let screen else { return }
        self.screen = nil
        endwin()
        FatalSignalRestore.uninstall()
        delscreen(screen)
        signals.cancel()
        Self.session.release()
    }

    var now: Double {
        let (seconds, attoseconds) = (clock.now - start).components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// The terminal's size in cells.
    var size: (columns: Int, rows: Int) {
        guard screen != nil else { return (0, 0) }
        let window = gv_stdscr()
        return (Int(gv_getmaxx(window)), Int(gv_getmaxy(window)))
    }

    /// Shows `grid`, clipped to the terminal, in one update of the screen.
    func present(_ grid: CellGrid) {
        guard screen != nil else { return }
        let window = gv_stdscr()
        werase(window)
        let (columns, rows) = size
        for y in 0..<min(grid.height, rows) {
            let row = grid.row(y).prefix(columns)
            var start = row.startIndex
            // One call per run of cells in the same style.
            while start < row.endIndex {
                let style = row[start].style
                var end = start
                var blank = style == .plain
                runBuffer.removeAll(keepingCapacity: true)
                while end < row.endIndex, row[end].style == style {
                    let character = row[end].character
                    blank = blank && character == " "
                    appendScalars(of: character, to: &runBuffer)
                    end += 1
                }
                // erase already left plain spaces there.
                if !blank {
                    gv_set_style(window, attributes(for: style), pair(for: style))
                    // Writing the bottom-right cell returns ERR (the cursor cannot move past
                    // it) after drawing the character: the result carries no information.
                    _ = mvwaddnwstr(window, Int32(y), Int32(start - row.startIndex), runBuffer, Int32(runBuffer.count))
                }
                start = end
            }
        }
        gv_set_style(window, gv_a_normal(), 0)
        wnoutrefresh(window)
        doupdate()
    }

    /// Waits up to `timeoutMilliseconds` (nil: until something happens) for a key, a resize
    /// or a termination signal, sleeping in the input call meanwhile. Nil when the time ran out.
    func nextEvent(timeoutMilliseconds: Int?) -> TerminalEvent? {
        guard screen != nil else { return nil }
        let window = gv_stdscr()
        let clock = ContinuousClock()
        let deadline = timeoutMilliseconds.map { clock.now + .milliseconds(max(0, $0)) }
        while true {
            if let signal = signals.next() {
                switch signal {
                case SIGINT: return .key(.ctrlC)
                case SIGCONT: return .resumed
                default: return .terminate(signal: signal)
                }
            }
            // Signals are seen between waits: wait in slices so that one ends the wait soon.
            var slice = Self.signalLatencyMilliseconds
            if let deadline {
                let left = clock.now.duration(to: deadline).milliseconds
                guard left > 0 || timeoutMilliseconds == 0 else { return nil }
                slice = min(slice, max(0, left))
            }
            wtimeout(window, Int32(slice))
            var input: wint_t = 0
            switch wget_wch(window, &input) {
            case gv_key_code_yes:
                if Int32(input) == gv_key_resize { return .resize }
                if Int32(input) == gv_key_mouse, let mouse = Self.mouseEvent() { return .mouse(mouse) }
                if let key = Self.functionKey(Int32(input)) { return .key(key) }
            case OK:
                if let key = Self.characterKey(input) { return .key(key) }
            default:
                if timeoutMilliseconds == 0 { return nil }
            }
        }
    }

    /// The mouse event curses has just reported, if it is one the screens use.
    private static func mouseEvent() -> MouseEvent? {
        var x: Int32 = 0, y: Int32 = 0
        let kind: MouseEvent.Kind
        switch gv_mouse_event(&x, &y) {
        case 0: kind = .click
        case 1: kind = .wheelUp
        case 2: kind = .wheelDown
        default: return nil
        }
        return MouseEvent(kind, x: Int(x), y: Int(y))
    }

    /// The longest a termination signal waits for `nextEvent` to notice it.
    private static let signalLatencyMilliseconds = 50

    private static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case gv_key_up: .up
        case gv_key_down: .down
        case gv_key_left: .left
        case gv_key_right: .right
        case gv_key_home: .home
        case gv_key_end: .end
        case gv_key_ppage: .pageUp
        case gv_key_npage: .pageDown
        case gv_key_enter: .enter
        case gv_key_btab: .shiftTab
        case gv_key_backspace: .backspace
        default: nil
        }
    }

    private static func characterKey(_ input: wint_t) -> Key? {
        switch input {
        case 3: return .ctrlC
        case 8, 127: return .backspace
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        default:
            guard let scalar = Unicode.Scalar(input), scalar.properties.generalCategory != .control else { return nil }
            return .character(Character(scalar))
        }
    }

    private func attributes(for style: CellStyle) -> attr_t {
        var attributes = gv_a_normal()
        if style.bold || (colorDepth == .basic && style.foreground?.isBright == true) {
            attributes |= gv_a_bold()
        }
        if style.dim { attributes |= gv_a_dim() }
        if style.reverse { attributes |= gv_a_reverse() }
        if style.underline { attributes |= gv_a_underline() }
        return attributes
    }

    private func pair(for style: CellStyle) -> Int32 {
        let index: (TerminalColor?) -> Int32 =
            switch colorDepth {
            case .monochrome: { _ in -1 }
            case .basic: { $0.map { Int32($0.basicFallback.paletteIndex) } ?? -1 }
            case .palette256: { $0.map { Int32($0.paletteIndex) } ?? -1 }
            }
        return pairs.number(foreground: index(style.foreground), background: index(style.background))
    }

    private func appendScalars(of character: Character, to buffer: inout [wchar_t]) {
        for scalar in character.unicodeScalars {
            // CellGrid keeps control characters out; a stray one would take two columns (^X).
            let printable = scalar.properties.generalCategory == .control ? "?" : scalar
            buffer.append(wchar_t(bitPattern: printable.value))
        }
    }
}

/// Colour pairs, initialised the first time a (foreground, background) combination is drawn.
private struct ColorPairs {
    private struct Colors: Hashable {
        var foreground: Int32
        var background: Int32
    }

    private var numbers: [Colors: Int32] = [:]

    /// The pair for two palette indexes (-1: the terminal's default). When the terminal has
    /// no pairs left, pair 0 (default colours): the cell keeps its glyph and attributes.
    mutating func number(foreground: Int32, background: Int32) -> Int32 {
        let colors = Colors(foreground: foreground, background: background)
        if colors == Colors(foreground: -1, background: -1) { return 0 }
        if let number = numbers[colors] { return number }
        let next = Int32(numbers.count + 1)
        guard next < gv_color_pairs(), init_extended_pair(next, foreground, background) == OK else { return 0 }
        numbers[colors] = next
        return next
    }
}

/// Makes sure only one `CursesTerminal` exists at a time.
private final class SessionClaim: @unchecked Sendable {
    // @unchecked: `active` is only touched with `lock` held.
    private let lock = NSLock()
    private var active = false

    func claim() -> Bool {
        lock.withLock {
            if active { return false }
            active = true
            return true
        }
    }

    func release() {
        lock.withLock { active = false }
    }
}

extension Duration {
    fileprivate var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
