import HeapModule

/// The engine's pending events, earliest first.
///
/// `Heap` is not stable for equal keys, so each event carries a sequence number: events at the
/// same instant fire in the order they were scheduled, on every run and every platform.
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
    private var nextSequence: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var nextTime: SimTime? { heap.min?.time }

    mutating func schedule(_ event: Event, at time: SimTime) {
        heap.insert(Entry(time: time, sequence: nextSequence, event: event))
        nextSequence &+= 1
    }

    mutating func popNext() -> Entry? { heap.popMin() }
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
