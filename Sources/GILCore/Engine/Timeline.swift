import DequeModule

/// State changes per lane — each thread, each process's GIL, each core — as compact intervals:
/// one entry per change, not per tick. With a retention window, entries older than the window are
/// dropped as new ones arrive, so memory stays bounded however long the run.
public struct Timeline: Sendable {
    /// One change: from `start` on, the lane shows `value` (until the next change).
    public struct Change: Sendable, Equatable {
        public var start: SimTime
        public var value: Int32
    }

    /// A lane's values: a `ThreadActivity` raw value for a thread; the holder's thread index for
    /// a GIL (`free` or `handingOff` when none holds it); the running thread's index for a core
    /// (`free` when idle).
    public enum Lane: Hashable, Sendable {
        case thread(Int)
        case gil(process: Int)
        case core(Int)
    }

    public static let free: Int32 = -1
    public static let handingOff: Int32 = -2

    /// How much history to keep; nil keeps everything.
    public let retention: SimTime?
    private(set) var threads: [Deque<Change>] = []
    private(set) var gils: [Deque<Change>]
    private(set) var cores: [Deque<Change>]

    init(retention: SimTime?, processes: Int, cores: Int) {
        self.retention = retention
        gils = Array(repeating: [Change(start: 0, value: Timeline.free)], count: processes)
        self.cores = Array(repeating: [Change(start: 0, value: Timeline.free)], count: cores)
    }

    public func changes(_ lane: Lane) -> Deque<Change> {
        switch lane {
        case .thread(let i): threads[i]
        case .gil(let p): gils[p]
        case .core(let c): cores[c]
        }
    }

    /// The lane's value at time `t` (the last change at or before it).
    public func value(_ lane: Lane, at t: SimTime) -> Int32? {
        let lane = changes(lane)
        var low = 0, high = lane.count
        while low < high {
            let mid = (low + high) / 2
            if lane[mid].start <= t { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : lane[low - 1].value
    }

    mutating func addThread(at time: SimTime) {
        threads.append([Change(start: time, value: Int32(ThreadActivity.idle.rawValue))])
    }

    mutating func record(thread: Int, _ activity: ThreadActivity, at time: SimTime) {
        Self.append(&threads[thread], Int32(activity.rawValue), at: time, retention: retention)
    }

    mutating func record(gilOf process: Int, _ value: Int32, at time: SimTime) {
        Self.append(&gils[process], value, at: time, retention: retention)
    }

    mutating func record(core: Int, _ value: Int32, at time: SimTime) {
        Self.append(&cores[core], value, at: time, retention: retention)
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
