import GILCore

/// One row of a model's pane: a GIL, a thread or a core, and what it shows right now.
struct LaneInfo {
    enum Kind: Hashable {
        case gil, thread, core
    }

    var kind: Kind
    var lane: Timeline.Lane
    /// The label left of the lane: "GIL", "GIL P2", "T3", "T1 loop", "core 2".
    var label: String
    /// The number used when lanes are folded into a range ("T5–T16").
    var number: Int
    var current: LaneMark
    /// An event loop's thread: where a stalled loop shows.
    var isEventLoop = false

    /// The lanes of one model, grouped by process: each process's GIL, then its threads; then,
    /// when asked, one lane per core.
    static func lanes(of simulation: ModelSimulation, showCores: Bool) -> [LaneInfo] {
        let threads = simulation.threadSnapshots
        let processes = simulation.processSnapshots
        let several = processes.count > 1
        var lanes: [LaneInfo] = []
        for (p, process) in processes.enumerated() {
            if simulation.spec.gil {
                let current: LaneMark =
                    if let holder = process.gilHolder {
                        .gil(.held(byThread: holder))
                    } else if process.gilHandoffTarget != nil {
                        .gil(.handingOff)
                    } else {
                        .gil(.free)
                    }
                lanes.append(
                    LaneInfo(
                        kind: .gil, lane: .gil(process: p), label: several ? "GIL P\(p + 1)" : "GIL",
                        number: p + 1, current: current))
            }
            for (t, thread) in threads.enumerated() where thread.process == p {
                var lane = LaneInfo(
                    kind: .thread, lane: .thread(t), label: ThreadSnapshot.label(t, role: thread.role), number: t + 1,
                    current: .thread(thread.activity))
                if case .eventLoop = thread.role { lane.isEventLoop = true }
                lanes.append(lane)
            }
        }
        if showCores {
            var occupant = [Int?](repeating: nil, count: simulation.cores)
            for (t, thread) in threads.enumerated() {
                if let core = thread.core, core < occupant.count { occupant[core] = t }
            }
            for core in 0..<simulation.cores {
                lanes.append(
                    LaneInfo(
                        kind: .core, lane: .core(core), label: "core \(core + 1)", number: core + 1,
                        current: .core(occupant[core].map { .running(thread: $0) } ?? .idle)))
            }
        }
        return lanes
    }

    /// What the lane is doing now, in words, for the status column.
    var status: String {
        switch current {
        case .thread(let activity): Theme.shortName(activity)
        case .gil(.held(let thread)): "held by T\(thread + 1)"
        case .gil(.handingOff): "handing off"
        case .gil(.free): "free"
        case .core(.running(let thread)): "runs T\(thread + 1)"
        case .core(.idle): "idle"
        }
    }

    /// The words a folded line counts: "waiting on I/O", "held", "busy".
    var foldWord: String {
        switch current {
        case .thread(let activity): Theme.name(activity)
        case .gil(.held): "held"
        case .gil(.handingOff): "handing off"
        case .gil(.free): "free"
        case .core(.running): "busy"
        case .core(.idle): "idle"
        }
    }

    /// This lane as a note names it.
    var noteName: NoteView.Lane {
        switch lane {
        case .thread(let t): .thread(t + 1)
        case .gil(let p): .gil(process: p + 1)
        case .core(let c): .core(c + 1)
        }
    }

    /// Whether a note's `show.lanes` entry names this lane ("GIL" names every process's GIL).
    func isNamed(by name: NoteView.Lane) -> Bool {
        name == noteName || (name == .gil(process: nil) && kind == .gil)
    }

    /// Which of `lanes` get a row of their own in `rows` rows; the others fold into one last row
    /// (`folded`). Lanes a note names (`pinned`) are chosen first; the chosen keep their order.
    /// A single row shows the lane a lesson points at — a named one, an event loop's, else the
    /// first (the GIL's) — as a timeline says more than a count.
    static func choose(_ lanes: [LaneInfo], rows: Int, pinned: [NoteView.Lane]) -> (shown: [LaneInfo], folded: [LaneInfo]) {
        guard rows > 0, !lanes.isEmpty else { return ([], []) }
        if lanes.count <= rows { return (lanes, []) }
        let isPinned = lanes.map { lane in pinned.contains { lane.isNamed(by: $0) } }
        if rows == 1 {
            let index = isPinned.firstIndex(of: true) ?? lanes.firstIndex(where: \.isEventLoop) ?? 0
            return ([lanes[index]], [])
        }
        // One row goes to the fold line; the rest to named lanes first, then the others in order.
        let capacity = rows - 1
        let order = lanes.indices.filter { isPinned[$0] } + lanes.indices.filter { !isPinned[$0] }
        let chosen = Set(order.prefix(capacity))
        return (
            lanes.indices.filter(chosen.contains).map { lanes[$0] },
            lanes.indices.filter { !chosen.contains($0) }.map { lanes[$0] }
        )
    }

    /// Lanes that do not fit, as one line: "T5–T16: 9 waiting on I/O, 3 waiting for the GIL"
    /// ("T2, T4–T8: …" when lanes named by a note were kept out of the run).
    static func foldSummary(_ lanes: [LaneInfo], theme: Theme) -> String {
        let groups: [(Kind, String)] = [(.thread, "T"), (.gil, "GIL P"), (.core, "core ")]
        return groups.compactMap { kind, prefix -> String? in
            let members = lanes.filter { $0.kind == kind }
            guard !members.isEmpty else { return nil }
            let range = ranges(members.map(\.number), prefix: prefix, theme: theme)
            // Most important states first.
            var counts: [(word: String, rank: Int, count: Int)] = []
            for lane in members {
                if let i = counts.firstIndex(where: { $0.word == lane.foldWord }) {
                    counts[i].count += 1
                } else {
                    counts.append((lane.foldWord, lane.current.rank, 1))
                }
            }
            counts.sort { $0.rank != $1.rank ? $0.rank > $1.rank : $0.word < $1.word }
            return range + ": " + counts.map { "\($0.count) \($0.word)" }.joined(separator: ", ")
        }.joined(separator: "; ")
    }

    /// Increasing numbers as labels of runs: [1, 2, 3, 7] with "T" → "T1–T3, T7".
    static func ranges(_ numbers: [Int], prefix: String, theme: Theme) -> String {
        runs(numbers).map { first, last in
            first == last ? "\(prefix)\(first)" : "\(prefix)\(first)\(theme.dash)\(prefix)\(last)"
        }.joined(separator: ", ")
    }

    /// Increasing numbers as runs of consecutive ones: [1, 2, 3, 7] → [(1, 3), (7, 7)].
    static func runs(_ numbers: [Int]) -> [(Int, Int)] {
        var runs: [(Int, Int)] = []
        for n in numbers {
            if let last = runs.last, last.1 + 1 == n { runs[runs.count - 1].1 = n } else { runs.append((n, n)) }
        }
        return runs
    }
}
