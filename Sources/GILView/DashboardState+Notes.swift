import GILCore

// The scenario's notes as captions: which one shows now, where playing must stop so that the
// class reads it, the keys that jump between them, and what each note asks the view to show.
extension DashboardState {
    /// The files' notes in time order (notes at the same time keep the files' order), each with
    /// the index of the file it comes from.
    var sourcedNotes: [(source: Int, note: Note)] {
        sources.enumerated().flatMap { source, file in file.scenario.notes.map { (source, $0) } }
            .enumerated()
            .sorted { ($0.element.note.at, $0.offset) < ($1.element.note.at, $1.offset) }
            .map(\.element)
    }

    /// The files' notes in time order.
    public var notes: [Note] { sourcedNotes.map(\.note) }

    /// The notes showing now: those at the time of the latest note at or before the clock
    /// (usually one), with that note's 1-based number; nil before the first note. A note
    /// stays up until the next one.
    public var currentNotes: (number: Int, notes: [Note])? {
        currentSourcedNotes.map { ($0.number, $0.notes.map(\.note)) }
    }

    private var currentSourcedNotes: (number: Int, notes: [(source: Int, note: Note)])? {
        let notes = sourcedNotes
        guard let index = notes.lastIndex(where: { $0.note.at <= playback.clock }) else { return nil }
        return (index + 1, notes.filter { $0.note.at == notes[index].note.at })
    }

    /// The lanes the notes showing now ask to keep unfolded in the pane of `track`: a note that
    /// names a model pins them in its pane alone, one that names none in every pane.
    public func noteLanes(track: Int) -> [NoteView.Lane] {
        let id = modelIDs[track]
        return currentSourcedNotes?.notes.flatMap { source, note -> [NoteView.Lane] in
            guard let view = note.view, source == id.source, view.model.map({ $0 == id.name }) ?? true else { return [] }
            return view.lanes
        } ?? []
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
            followsNoteOnArrival = true
        }
    }

    /// When another note comes up — played into, or jumped to with `n`/`N` — applies what it
    /// asks the view to show: the focused model, alone or not, the zoom, the core lanes, the
    /// timeline or the office. Applied once per note, so the keys change the view freely while
    /// it shows; stepping and seeking with other keys leave the view alone. Notes passed over on
    /// the way forward (`n n` pressed within one frame) apply first, in order, so the view is
    /// the one the lesson has built up to this note.
    mutating func followNotes() {
        let current = currentSourcedNotes
        guard current?.number != followedNote else { return }
        let passed: [(source: Int, note: Note)]
        if let number = current?.number, case let followed = followedNote ?? 0, followed < number - 1 {
            let all = sourcedNotes
            let skippedTimes = Set(all[followed..<(number - 1)].map(\.note.at))
            passed = all.filter { skippedTimes.contains($0.note.at) && $0.note.at < all[number - 1].note.at }
        } else {
            passed = []
        }
        followedNote = current?.number
        for (source, note) in passed + (current?.notes ?? []) {
            guard let view = note.view else { continue }
            if let name = view.model, let track = modelIDs.firstIndex(of: ModelID(source: source, name: name)) {
                focus = track
            }
            if let alone = view.alone { fullscreen = alone }
            if let zoom = view.zoom, let level = Self.zoomLevels.firstIndex(of: zoom) { zoomIndex = level }
            if let cores = view.cores { showCores = cores }
            if let picture = view.picture { setOffice(picture == .office) }
        }
    }
}
