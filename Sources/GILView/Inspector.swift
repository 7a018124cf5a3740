import GILCore

/// The inspect cursor (`x`): one cell of one lane of the focused model, which the footer
/// explains — the cell's span, each state's share of it, and the cause of any waiting, read from
/// the engine's state at that moment (`ModelSimulation.inspect(thread:)`).
public struct InspectCursor: Sendable, Equatable {
    public var lane: Timeline.Lane
    /// Cells left of the newest one (0: the cell that ends at the clock).
    public var columnsBack = 0
    /// On the focused model's measured twin (`verify --show`), not its simulated pane.
    public var measured = false

    public init(lane: Timeline.Lane, columnsBack: Int = 0, measured: Bool = false) {
        self.lane = lane
        self.columnsBack = columnsBack
        self.measured = measured
    }
}

enum Inspector {
    /// The simulated time cell `columnsBack` of a lane covers, [start, end), as `LaneRenderer`
    /// draws it: cells sit on multiples of `perColumn`, the last one holding `viewEnd` and
    /// covering only what is simulated so far.
    static func span(viewEnd: SimTime, perColumn: SimTime, columnsBack: Int) -> (start: SimTime, end: SimTime) {
        let start = (viewEnd / perColumn - SimTime(columnsBack)) * perColumn
        return (start, min(start + perColumn, viewEnd))
    }

    /// A lane's changes as marks, whatever its kind.
    static func changes(_ timeline: Timeline, _ lane: Timeline.Lane) -> [(start: SimTime, value: LaneMark)] {
        switch lane {
        case .thread(let t): timeline.thread(t).map { ($0.start, LaneMark.thread($0.value)) }
        case .gil(let p): timeline.gil(process: p).map { ($0.start, LaneMark.gil($0.value)) }
        case .core(let c): timeline.core(c).map { ($0.start, LaneMark.core($0.value)) }
        }
    }

    /// How long each value of a lane lasts within [start, end), in order of first appearance.
    static func durations<Value: Equatable>(_ changes: [(start: SimTime, value: Value)], from start: SimTime, to end: SimTime)
        -> [(value: Value, time: SimTime, longest: (start: SimTime, end: SimTime))]
    {
        var out: [(value: Value, time: SimTime, longest: (start: SimTime, end: SimTime))] = []
        for (i, change) in changes.enumerated() {
            let from = max(change.start, start)
            let to = min(i + 1 < changes.count ? changes[i + 1].start : end, end)
            guard to > from else { continue }
            if let k = out.firstIndex(where: { $0.value == change.value }) {
                out[k].time += to - from
                if to - from > out[k].longest.end - out[k].longest.start { out[k].longest = (from, to) }
            } else {
                out.append((change.value, to - from, (from, to)))
            }
        }
        return out
    }

    /// The footer's explanation of the cursor's cell, for a lane area `columns` wide.
    static func lines(_ state: DashboardState, columns: Int) -> [String] {
        guard let cursor = state.inspecting, state.playback.tracks.indices.contains(state.focus) else { return [] }
        let back = min(cursor.columnsBack, max(0, columns - 1))
        let cell = span(viewEnd: state.viewEnd, perColumn: state.timePerColumn, columnsBack: back)
        if cursor.measured {
            guard let twin = state.measuredTwins[state.focus] else { return [] }
            return measuredLines(twin, lane: cursor.lane, cell: cell, clock: state.playback.clock)
        }
        guard let timeline = state.playback.tracks[state.focus].simulation.timeline else { return [] }
        // The lane as its row is labelled: "T2", "T1 loop", "GIL P2", "core 1".
        let label = state.focusedLanes.first { $0.lane == cursor.lane }?.label ?? "lane"
        let (head, parts) = cellLine(label, timeline, cursor.lane, cell: cell)
        guard let (value, instant) = telling(parts) else { return [head] }
        var past = state.playback
        past.seek(to: instant)
        let simulation = past.tracks[state.focus].simulation
        guard let thread = thread(of: value, on: cursor.lane), thread < simulation.threadSnapshots.count else { return [head] }
        return [head, "at \(HeaderFooter.time(instant)) " + cause(simulation.inspect(thread: thread))]
    }

    /// The time in each state over a lane's `cell` as one line ("T2 10.000ms–11.000ms: waiting
    /// for the GIL 100%"), and those times.
    static func cellLine(_ label: String, _ timeline: Timeline, _ lane: Timeline.Lane, cell: (start: SimTime, end: SimTime))
        -> (line: String, parts: [(value: LaneMark, time: SimTime, longest: (start: SimTime, end: SimTime))])
    {
        guard cell.end > 0 else { return ("\(label): before t = 0, when the run starts", []) }
        // The newest cell holds the clock and may have no length yet: it shows the state at the clock.
        let parts = durations(changes(timeline, lane), from: cell.start, to: max(cell.end, cell.start + 1))
        let total = max(1, parts.reduce(0) { $0 + $1.time })
        let shares = parts.map { "\(valueName($0.value)) \(Format.percent(Double($0.time) / Double(total)))" }
        let line =
            "\(label) \(HeaderFooter.time(max(0, cell.start)))–\(HeaderFooter.time(cell.end)): "
            + (shares.isEmpty ? "before the kept history" : shares.joined(separator: ", "))
        return (line, parts)
    }

    /// The value a cell is explained by, its most telling (a wait before running, running before
    /// idle), and the instant: the middle of its longest stretch; nil for a cell with nothing kept.
    static func telling(_ parts: [(value: LaneMark, time: SimTime, longest: (start: SimTime, end: SimTime))])
        -> (value: LaneMark, instant: SimTime)?
    {
        parts.max { ($0.value.rank, $0.time) < ($1.value.rank, $1.time) }.map {
            ($0.value, ($0.longest.start + $0.longest.end - 1) / 2)
        }
    }

    /// The thread a lane's value is about: a thread lane's own, the GIL's holder, a core's runner.
    static func thread(of value: LaneMark, on lane: Timeline.Lane) -> Int? {
        switch value {
        case .thread: if case .thread(let t) = lane { t } else { nil }
        case .gil(.held(let t)), .core(.running(let t)): t
        case .gil, .core: nil
        }
    }

    /// What the inspected thread does, and whom it waits for, in one sentence.
    static func cause(_ i: ThreadInspection) -> String {
        let me = "T\(i.thread + 1)"
        let work = i.work.map { " for \($0)" } ?? ""
        switch i.activity {
        case .gilWait:
            var text = "\(me) waits for the GIL\(work)"
            if let holder = i.gilHolder {
                text += ": T\(holder + 1) holds it" + (i.gilHolderWork.map { ", running \($0)" } ?? "")
                text +=
                    i.dropRequestPending
                    ? "; a drop request is set, answered when T\(holder + 1) next runs"
                    : "; \(me) asks it to drop the GIL at \(HeaderFooter.time(i.dropRequestAt ?? 0)) unless it changes hands first"
            } else if let target = i.gilHandoffTarget {
                text += ": it is being handed to T\(target + 1)"
            }
            if i.waitersAhead > 0 { text += " (\(Format.counted(i.waitersAhead, "waiter")) ahead)" }
            return text
        case .noCore:
            let holders = i.coreHolders.map { "T\($0 + 1)" }.joined(separator: ", ")
            return "\(me) is runnable\(work) but every core is busy, running \(holders)"
        case .poolWait:
            let holders = i.connectionHolders.map(\.description).joined(separator: "; ")
            return "\(me) waits for a \(i.connectionPool ?? "pool") connection\(work); held by \(holders.isEmpty ? "nobody" : holders)"
        case .blocking:
            return "\(me)'s event loop is stalled by a blocking call\(work): no other task runs"
        case .running, .native:
            return "\(me) runs\(work)" + (i.activity == .native ? " in C code, without the GIL" : "")
        case .io:
            return "\(me) waits on I/O\(work)"
        case .awaiting:
            return "\(me) awaits work it offloaded\(work)"
        case .idle:
            return "\(me) is idle" + (i.loopBlocker.map { "; its loop is stalled by \($0)" } ?? "")
        }
    }

    static func valueName(_ value: LaneMark) -> String {
        switch value {
        case .thread(let activity): Theme.name(activity)
        case .gil(.held(let t)), .core(.running(let t)): "T\(t + 1)"
        case .gil(.free): "free"
        case .gil(.handingOff): "handing off"
        case .core(.idle): "idle"
        }
    }
}
