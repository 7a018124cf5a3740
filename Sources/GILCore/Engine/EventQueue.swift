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
        nextArrival = Entry(time: time, sequence: nextSequence, event: .arrival)
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

/// Something that happens at an instant, made by the constructors below, so that what `target`
/// names (a thread, a task, a process or a client) follows from how the event was made.
/// `generation` makes a thread's event stale when the thread has changed state since it was
/// scheduled (cheaper than deleting it from the heap).
struct Event: Equatable {
    enum Kind: UInt8 {
        case arrival
        case segmentEnd
        case ioEnd
        case taskIOEnd
        case gilTimeout
        case gilHandoff
        case preempt
        case wakeUpPreempt
        case clientSend
        /// The process-pool feeder finished handing a request to the workers (`handoff`).
        case handoffDone
    }

    /// What can happen to a thread: its compute segment ends, its I/O (or blocking call or
    /// connection wait) ends, its GIL wait's interval runs out, its time slice runs out, it woke
    /// and takes a running thread's core.
    enum ThreadKind {
        case segmentEnd, ioEnd, gilTimeout, preempt, wakeUpPreempt
    }

    private(set) var kind: Kind
    /// A thread, a task, a process or a client, as the constructor says.
    private(set) var target: Int32
    private(set) var generation: UInt32

    private init(kind: Kind, target: Int32, generation: UInt32) {
        self.kind = kind
        self.target = target
        self.generation = generation
    }

    /// An event for `thread`, stale once the thread's generation is no longer `generation`.
    @inline(__always)
    static func thread(_ kind: ThreadKind, _ thread: Int32, generation: UInt32) -> Event {
        let kind: Kind =
            switch kind {
            case .segmentEnd: .segmentEnd
            case .ioEnd: .ioEnd
            case .gilTimeout: .gilTimeout
            case .preempt: .preempt
            case .wakeUpPreempt: .wakeUpPreempt
            }
        return Event(kind: kind, target: thread, generation: generation)
    }

    /// An event loop's task is back from its awaited I/O (or got its connection).
    static func taskIOEnd(task: Int32) -> Event { Event(kind: .taskIOEnd, target: task, generation: 0) }
    /// The GIL of `process` reaches the waiter it was handed to.
    static func gilHandoff(process: Int32) -> Event { Event(kind: .gilHandoff, target: process, generation: 0) }
    /// A closed-loop client sends its next request.
    static func clientSend(client: Int32) -> Event { Event(kind: .clientSend, target: client, generation: 0) }
    static let arrival = Event(kind: .arrival, target: 0, generation: 0)
    static let handoffDone = Event(kind: .handoffDone, target: 0, generation: 0)
}
