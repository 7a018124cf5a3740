import HeapModule

/// The engine's pending events, earliest first.
///
/// `Heap` is not stable for equal keys, so each event carries a sequence number: events at the
/// same instant fire in the order they were scheduled, on every run and every platform.
///
/// Open-loop arrivals are made one at a time in time order (the next when one is handled), so
/// the next arrival waits in a slot beside the heap instead of in it — one push and one pop fewer
/// per request — keeping its sequence number, so events fire in exactly the heap's order.
struct EventQueue {
    struct Entry: Comparable {
        var time: SimTime
        var sequence: UInt64
        var event: Event

        static func < (a: Entry, b: Entry) -> Bool {
            a.time != b.time ? a.time < b.time : a.sequence < b.sequence
        }
        static func == (a: Entry, b: Entry) -> Bool {
            a.time == b.time && a.sequence == b.sequence
        }
    }

    private var heap = Heap<Entry>()
    private var nextArrival: Entry?
    private var nextSequence: UInt64 = 0
    /// Events popped so far (stale ones included), and the pending counts they were popped
    /// from, summed: how big the heap was on average, for the benchmark's bare-heap ceiling.
    private(set) var popped = 0
    private(set) var pendingSum = 0

    var isEmpty: Bool { heap.isEmpty && nextArrival == nil }

    var nextTime: SimTime? {
        guard let arrival = nextArrival else { return heap.min?.time }
        guard let first = heap.min else { return arrival.time }
        return Swift.min(arrival.time, first.time)
    }

    mutating func schedule(_ event: Event, at time: SimTime) {
        heap.insert(Entry(time: time, sequence: nextSequence, event: event))
        nextSequence &+= 1
    }

    /// Schedules the next open-loop arrival; the previous one must have been popped.
    mutating func scheduleArrival(at time: SimTime) {
        precondition(nextArrival == nil, "one pending arrival at a time")
        nextArrival = Entry(time: time, sequence: nextSequence, event: Event(kind: .arrival, target: 0, generation: 0))
        nextSequence &+= 1
    }

    /// Takes the earliest event, if it is due at or before `limit`.
    mutating func popNext(notAfter limit: SimTime = .max) -> Entry? {
        let first = heap.min
        if let arrival = nextArrival, first.map({ arrival < $0 }) ?? true {
            guard arrival.time <= limit else { return nil }
            countPop()
            nextArrival = nil
            return arrival
        }
        guard let first, first.time <= limit else { return nil }
        countPop()
        return heap.popMin()
    }

    private mutating func countPop() {
        popped += 1
        pendingSum += heap.count + (nextArrival == nil ? 0 : 1)
    }
}

/// Something that happens at an instant. `generation` makes an event stale when the thread it
/// targets has changed state since it was scheduled (cheaper than deleting it from the heap).
struct Event: Equatable {
    enum Kind: UInt8 {
        case arrival
        case segmentEnd
        case ioEnd
        case taskIOEnd
        case gilTimeout
        case gilHandoff
        case preempt
        case clientSend
        /// The process-pool feeder finished handing a request to the workers (`handoff`).
        case handoffDone
    }

    var kind: Kind
    /// A thread, a task, a process or a client, depending on `kind`.
    var target: Int32
    var generation: UInt32
}
