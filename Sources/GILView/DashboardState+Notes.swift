import GILCore

// The scenario's notes as captions: which one shows now, where playing must stop so that the
// class reads it, and the keys that jump between them.
extension DashboardState {
    /// The files' notes in time order (notes at the same time keep the files' order).
    public var notes: [Note] {
        sources.flatMap(\.scenario.notes).enumerated()
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
    /// one before when the clock is already there.
    mutating func jumpToNote(next: Bool) {
        let clock = heading
        let target = next ? notes.first { $0.at > clock }?.at : notes.last { $0.at < clock }?.at
        if let target {
            playing = false
            destination = target
        }
    }
}
