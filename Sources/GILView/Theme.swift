import GILCore

/// What a lane shows at one time: a thread's activity, a GIL's holder, a core's occupant.
public enum LaneMark: Hashable, Sendable {
    case thread(ThreadActivity)
    case gil(GILState)
    case core(CoreState)

    /// How much a state asks to be noticed, for ordering the counts of folded lanes:
    /// GIL wait > no core > pool wait > running > native > blocking > I/O > awaiting > idle.
    public var rank: Int {
        switch self {
        case .thread(let activity):
            switch activity {
            case .gilWait: 8
            case .noCore: 7
            case .poolWait: 6
            case .running: 5
            case .native: 4
            case .blocking: 3
            case .io: 2
            case .awaiting: 1
            case .idle: 0
            }
        case .gil(.handingOff): 8
        case .gil(.held), .core(.running): 5
        case .gil(.free), .core(.idle): 0
        }
    }
}

/// How the dashboard draws: glyph set and colours.
public struct Theme: Hashable, Sendable {
    /// ASCII glyphs only (no UTF-8 locale, or `--ascii`).
    public var ascii: Bool
    /// Colours allowed (not `NO_COLOR`, not `--no-color`, and the terminal has them).
    public var color: Bool
    /// Stark colours and bold for projectors (`--theme high-contrast`); see Theme+HighContrast.
    public var highContrast: Bool

    public init(ascii: Bool = false, color: Bool = true, highContrast: Bool = false) {
        self.ascii = ascii
        self.color = color
        self.highContrast = highContrast
    }

    /// Thread states in the order the legend lists them (`poolWait` only for scenarios with
    /// connection pools: the only ones where it can happen).
    public static func legendActivities(connectionPools: Bool) -> [ThreadActivity] {
        [.running, .native, .gilWait, .noCore] + (connectionPools ? [.poolWait] : []) + [.io, .blocking, .awaiting, .idle]
    }

    /// Sentences gilview writes (verdicts, the inspector's lines) as the theme draws them: in
    /// ASCII, the few other characters they use spelled in ASCII.
    public func text(_ sentence: String) -> String {
        guard ascii, !sentence.allSatisfy(\.isASCII) else { return sentence }
        return Self.asciiSpellings.reduce(sentence) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
    }

    private static let asciiSpellings = ["×": "x", "–": "-", "—": "-", "…": "...", "≥": ">=", "≤": "<=", "·": "-", "→": "->"]

    public func glyph(_ activity: ThreadActivity) -> Character {
        switch activity {
        case .running: ascii ? "#" : "█"
        case .native: ascii ? "%" : "▄"
        case .gilWait: ascii ? "=" : "▒"
        case .noCore: ascii ? "+" : "▓"
        case .io: ascii ? "-" : "░"
        case .blocking: ascii ? "X" : "▀"
        case .awaiting: ascii ? "~" : "┈"
        case .idle: ascii ? "." : "·"
        case .poolWait: ascii ? "@" : "▚"
        }
    }

    /// The legend's words for a state; also used when lanes are folded into one line.
    public static func name(_ activity: ThreadActivity) -> String {
        switch activity {
        case .running: "running"
        case .native: "native (no GIL)"
        case .gilWait: "waiting for the GIL"
        case .noCore: "runnable, no core"
        case .io: "waiting on I/O"
        case .blocking: "blocking the loop"
        case .awaiting: "awaiting"
        case .idle: "idle"
        case .poolWait: "waiting for a connection"
        }
    }

    /// Short words for the legend line, where space is tight.
    public static func shortName(_ activity: ThreadActivity) -> String {
        switch activity {
        case .running: "running"
        case .native: "native"
        case .gilWait: "GIL wait"
        case .noCore: "no core"
        case .io: "I/O"
        case .blocking: "blocking"
        case .awaiting: "awaiting"
        case .idle: "idle"
        case .poolWait: "pool wait"
        }
    }

    public func style(_ activity: ThreadActivity) -> CellStyle {
        guard color else {
            // Without colour the glyphs carry the meaning; bold marks the states to notice.
            return activity == .gilWait || activity == .blocking || activity == .poolWait || highContrast
                ? CellStyle(bold: true) : .plain
        }
        if highContrast { return Self.highContrastStyle(activity) }
        switch activity {
        case .running: return CellStyle(foreground: .green)
        case .native: return CellStyle(foreground: .cyan)
        case .gilWait: return CellStyle(foreground: .brightRed, bold: true)
        case .noCore: return CellStyle(foreground: .yellow)
        case .io: return CellStyle(foreground: .blue)
        case .blocking: return CellStyle(foreground: .magenta, bold: true)
        case .awaiting: return CellStyle(foreground: .brightBlack)
        case .idle: return CellStyle(foreground: .brightBlack)
        case .poolWait: return CellStyle(foreground: .brightYellow, bold: true)
        }
    }

    /// A range's dash ("T3–T8"), and what an empty figure shows.
    public var dash: String { ascii ? "-" : "–" }

    /// The glyph for a GIL hand-off: released, not yet taken.
    public var handoffGlyph: Character { ascii ? ">" : "»" }

    /// A GIL lane or core lane names the thread it serves: 1–9, then A–Z for T10–T35, a–z for
    /// T36–T61, and (not in ASCII) Greek α–ω for T62–T83 and Cyrillic б–я for T84–T104; beyond,
    /// `*` (the status column, the fold line and the inspect line name it).
    public func threadGlyph(_ thread: Int) -> Character {
        let glyphs = ascii ? Self.asciiThreadGlyphs : Self.threadGlyphs
        return glyphs.indices.contains(thread) ? glyphs[thread] : "*"
    }

    private static let asciiThreadGlyphs = Array("123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    // Letters that look like no Latin one and no lane glyph: Greek without ο, υ, ς (like o, u,
    // s); Cyrillic without а, в, е, к, м, н, о, р, с, т, у, х (like Latin or Greek letters).
    private static let threadGlyphs = asciiThreadGlyphs + Array("αβγδεζηθικλμνξπρστφχψω") + Array("бгдёжзийлпфцчшщъыьэюя")

    /// A lane cell; `mixed`: its span held other states too, marked by an underline (and, as an
    /// underline does not show under a block filling the cell's bottom, a shorter block).
    public func cell(_ mark: LaneMark, mixed: Bool = false) -> Cell {
        var cell = stateCell(mark)
        guard mixed else { return cell }
        cell.style.underline = true
        switch cell.character {
        case "█": cell.character = "▉"
        case "▄": cell.character = "▃"
        default: break
        }
        return cell
    }

    private func stateCell(_ mark: LaneMark) -> Cell {
        switch mark {
        case .thread(let activity):
            return Cell(glyph(activity), style: style(activity))
        case .gil(.held(let thread)), .core(.running(let thread)):
            // Reverse video makes the holder's number read as a bar, with or without colour.
            return Cell(
                threadGlyph(thread),
                style: color
                    ? CellStyle(
                        foreground: .black, background: highContrast ? .brightGreen : .green,
                        bold: highContrast)
                    : CellStyle(bold: highContrast, reverse: true))
        case .gil(.handingOff):
            return Cell(handoffGlyph, style: color ? CellStyle(foreground: .brightRed, bold: true) : CellStyle(bold: true))
        case .gil(.free), .core(.idle):
            return Cell(glyph(.idle), style: style(.idle))
        }
    }

    // Styles of the frame around the lanes.
    public var borderStyle: CellStyle { color && !highContrast ? CellStyle(foreground: .brightBlack) : .plain }
    public var titleStyle: CellStyle { CellStyle(bold: true) }
    public var focusedTitleStyle: CellStyle { CellStyle(bold: true, reverse: true) }
    public var labelStyle: CellStyle {
        color ? CellStyle(foreground: highContrast ? .brightCyan : .cyan, bold: highContrast) : CellStyle(bold: highContrast)
    }
    /// Secondary text; the high-contrast theme keeps it at full strength, as grey washes out on a projector.
    public var dimStyle: CellStyle {
        highContrast ? .plain : color ? CellStyle(foreground: .brightBlack) : CellStyle(dim: true)
    }
    public var headerStyle: CellStyle { CellStyle(reverse: true) }
    public var keyStyle: CellStyle { CellStyle(bold: true) }
    public var errorStyle: CellStyle { color ? CellStyle(foreground: .brightRed, bold: true) : CellStyle(bold: true, reverse: true) }
    public var sparkStyle: CellStyle { color ? CellStyle(foreground: highContrast ? .brightYellow : .yellow) : .plain }
    /// The note caption: a band that stands out from the lanes.
    public var captionStyle: CellStyle {
        color ? CellStyle(foreground: .black, background: highContrast ? .brightYellow : .yellow) : CellStyle(reverse: true)
    }
}
