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
        let step = SimTime(Self.panStep) * timePerColumn
        switch key {
        case .character("["):
            playing = false
            // No further back than the history the lanes keep, nor before t = 0.
            panBack = min(panBack + step, playback.clock, Self.laneRetention - timePerColumn)
        case .character("]"):
            panBack = max(0, panBack - step)
        case .end:
            panBack = 0
        default:
            break
        }
    }
}
