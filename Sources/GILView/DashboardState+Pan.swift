import GILCore

// Panning the lanes back through the kept history: `[` looks 10 cells further back, `]` 10 cells
// nearer, End back to now. Panning pauses, so the view holds still while it is read.
extension DashboardState {
    /// Cells one `[` or `]` moves the view by.
    static let panStep = 10

    /// The time the lanes end at: now, or earlier while panned back.
    public var viewEnd: SimTime { max(0, playback.clock - panBack) }

    /// `[`, `]`, End.
    mutating func pan(_ key: Key) {
        switch key {
        case .character("["):
            playing = false
            panLanes(back: Self.panStep)
        case .character("]"):
            panLanes(forward: Self.panStep)
        case .end:
            panBack = 0
        default:
            break
        }
    }

    /// Moves the lanes' end `cells` further back: no further than the history the lanes keep,
    /// nor before t = 0. (`[`, and the inspect cursor at the lanes' left edge.)
    mutating func panLanes(back cells: Int) {
        panBack = min(panBack + SimTime(cells) * timePerColumn, playback.clock, Self.laneRetention - timePerColumn)
    }

    /// Moves the lanes' end `cells` nearer now, at most to now.
    mutating func panLanes(forward cells: Int) {
        panBack = max(0, panBack - SimTime(cells) * timePerColumn)
    }
}
