/// What the dashboard shows while a note is up (`notes[].show`): the lanes, model and zoom the
/// caption talks about, so that at 80×24 a class sees what it reads. Every field is optional;
/// what a note leaves out stays as it was.
public struct NoteView: Sendable, Equatable {
    /// The model to focus, by name (in the note's own file).
    public var model: String?
    /// Show the focused model alone (`true`) or every model (`false`).
    public var alone: Bool?
    /// Lanes kept unfolded while the note shows, in every pane that has them.
    public var lanes: [Lane] = []
    /// Simulated time per lane column: one of `NoteView.zoomLevels`.
    public var zoom: SimTime?
    /// Show a lane per CPU core (`true`) or not.
    public var cores: Bool?
    /// Draw the panes as the timeline or as the ticket office (`"view"`).
    public var picture: Picture?

    public init(
        model: String? = nil, alone: Bool? = nil, lanes: [Lane] = [], zoom: SimTime? = nil, cores: Bool? = nil,
        picture: Picture? = nil
    ) {
        self.model = model
        self.alone = alone
        self.lanes = lanes
        self.zoom = zoom
        self.cores = cores
        self.picture = picture
    }

    /// How the panes draw a model: its lanes over time, or the ticket office now.
    public enum Picture: String, Sendable, CaseIterable {
        case timeline
        case office
    }

    /// A lane as its label on screen: `"GIL"` (every process's GIL), `"GIL P2"`, `"T3"`, `"core 1"`.
    public enum Lane: Sendable, Hashable, CustomStringConvertible {
        case gil(process: Int?)
        case thread(Int)
        case core(Int)

        /// Parses a label; numbers count from 1, as on screen.
        public init?(label: String) {
            let words = label.split(separator: " ", omittingEmptySubsequences: false)
            func number(_ text: Substring) -> Int? {
                guard let n = Int(text), n >= 1, String(n) == text else { return nil }
                return n
            }
            switch words.count {
            case 1 where label == "GIL": self = .gil(process: nil)
            case 1 where label.hasPrefix("T"):
                guard let n = number(label.dropFirst()) else { return nil }
                self = .thread(n)
            case 2 where words[0] == "GIL" && words[1].hasPrefix("P"):
                guard let n = number(words[1].dropFirst()) else { return nil }
                self = .gil(process: n)
            case 2 where words[0] == "core":
                guard let n = number(words[1]) else { return nil }
                self = .core(n)
            default: return nil
            }
        }

        public var description: String {
            switch self {
            case .gil(nil): "GIL"
            case .gil(let p?): "GIL P\(p)"
            case .thread(let t): "T\(t)"
            case .core(let c): "core \(c)"
            }
        }
    }

    /// The dashboard's zoom levels, time per column: a note may ask for any of them.
    public static let zoomLevels: [SimTime] = [
        50 * Time.microsecond, 100 * Time.microsecond, 200 * Time.microsecond, 500 * Time.microsecond,
        Time.millisecond, 2 * Time.millisecond, 5 * Time.millisecond, 10 * Time.millisecond, 20 * Time.millisecond,
    ]
}
