import DequeModule

/// State changes per lane — each thread, each process's GIL, each core — as compact intervals:
/// one entry per change, not per tick. With a retention window, entries older than the window are
/// dropped as new ones arrive, so memory stays bounded however long the run.
public struct Timeline: Sendable {
    /// One change: from `start` on, the lane shows `value` (until the next change). Stored as a
    /// code (see `ThreadActivity`, `GILState` and `CoreState`'s `timelineCode`) to keep a change
    /// at 16 bytes; read through the typed `thread(_:)`, `gil(process:)` and `core(_:)`.
    @usableFromInline struct Change: Sendable, Equatable {
        @usableFromInline var start: SimTime
        @usableFromInline var value: Int32
    }

    /// One lane: a thread's, a process's GIL, a core's.
    public enum Lane: Hashable, Sendable {
        case thread(Int)
        case gil(process: Int)
        case core(Int)
    }

    /// How much history to keep; nil keeps everything.
    public let retention: SimTime?
    private(set) var threads: [Deque<Change>] = []
    private(set) var gils: [Deque<Change>]
    private(set) var cores: [Deque<Change>]

    init(retention: SimTime?, processes: Int, cores: Int) {
        self.retention = retention
        gils = Array(repeating: [Change(start: 0, value: GILState.free.timelineCode)], count: processes)
        self.cores = Array(repeating: [Change(start: 0, value: CoreState.idle.timelineCode)], count: cores)
    }

    /// A thread's activities over the kept history.
    public func thread(_ index: Int) -> LaneHistory<ThreadActivity> {
        LaneHistory(threads[index]) { ThreadActivity(timelineCode: $0) }
    }

    /// Who held a process's GIL over the kept history.
    public func gil(process: Int) -> LaneHistory<GILState> {
        LaneHistory(gils[process]) { GILState(timelineCode: $0) }
    }

    /// Which thread ran on a core over the kept history.
    public func core(_ index: Int) -> LaneHistory<CoreState> {
        LaneHistory(cores[index]) { CoreState(timelineCode: $0) }
    }

    /// Every instant at which a thread or GIL lane changes, in order, once each.
    public var changeTimes: [SimTime] {
        Array(Set((threads + gils).lazy.flatMap { $0.lazy.map(\.start) })).sorted()
    }

    func changes(_ lane: Lane) -> Deque<Change> {
        switch lane {
        case .thread(let i): threads[i]
        case .gil(let p): gils[p]
        case .core(let c): cores[c]
        }
    }

    mutating func addThread(at time: SimTime) {
        threads.append([Change(start: time, value: ThreadActivity.idle.timelineCode)])
    }

    mutating func record(thread: Int, _ activity: ThreadActivity, at time: SimTime) {
        Self.append(&threads[thread], activity.timelineCode, at: time, retention: retention)
    }

    mutating func record(gilOf process: Int, _ state: GILState, at time: SimTime) {
        Self.append(&gils[process], state.timelineCode, at: time, retention: retention)
    }

    mutating func record(core: Int, _ state: CoreState, at time: SimTime) {
        Self.append(&cores[core], state.timelineCode, at: time, retention: retention)
    }

    private static func append(_ lane: inout Deque<Change>, _ value: Int32, at time: SimTime, retention: SimTime?) {
        if let last = lane.last {
            if last.value == value { return }
            if last.start == time {
                // Several changes at one instant: a state held for no time is never seen, so
                // only the last one stays (merged with the one before if they now agree).
                lane[lane.count - 1].value = value
                if lane.count > 1, lane[lane.count - 2].value == value { lane.removeLast() }
                return
            }
        }
        lane.append(Change(start: time, value: value))
        if let retention {
            let cutoff = time - retention
            while lane.count > 2, lane[1].start <= cutoff { lane.removeFirst() }
        }
    }
}
