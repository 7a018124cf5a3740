import GILCore

// The scenario's notes as captions: which one shows now, where playing must stop so that the
// class reads it, and the keys that jump between them.
extension DashboardState {
    /// The scenario's notes in time order (notes at the same time keep the file's order).
    public var notes: [Note] {
        playback.scenario.notes.enumerated()
            .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
            .map(\.element)
    }

    /// The notes showing now: those at the time of the latest note at or before the clock
    /// (usually one), with that note's 1-based number; nil before the first note. A note
    /// stays up until the next one.
    public var currentNotes: (number: Int, notes: [Note])? {
        let notes = notes
        guard let index = notes.lastIndex(where: { $0.at <= playback.clock }) else { return nil }
        return (index + 1, notes.filter { $0.at == notes[index].at })
    }

    /// Where playing from `start` on to `end` must stop: the first note after `start`, at or
    /// before `end` — exactly its time, however large the frame's step. Nil when there is
    /// none or pausing at notes is off.
    func noteStop(after start: SimTime, through end: SimTime) -> SimTime? {
        guard pauseAtNotes else { return nil }
        return notes.first { $0.at > start && $0.at <= end }?.at
    }

    /// `n` pauses on the next note; `N` goes back to the start of the note showing, or to the
    /// one before when the clock is already there. Returns false for other keys.
    mutating func handleNoteKey(_ key: Key) -> Bool {
        let clock = playback.clock
        let target: SimTime?
        switch key {
        case .character("n"): target = notes.first { $0.at > clock }?.at
        case .character("N"): target = notes.last { $0.at < clock }?.at
        default: return false
        }
        if let target {
            playing = false
            playback.seek(to: target)
        }
        return true
    }
}
