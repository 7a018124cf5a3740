/// What the engine's event queue alone costs: the ceiling `gilview bench` holds the engine to.
/// Hooks for the benchmark, not API: `@_spi(Benchmarks) import GILCore` to use them.
extension ModelSimulation {
    /// Events taken off the queue so far, stale ones included, and arrivals (which skip the heap).
    @_spi(Benchmarks) public var eventsPopped: Int { events.popped }

    /// The mean number of pending events each of those was popped from.
    @_spi(Benchmarks) public var meanPendingEvents: Double {
        events.popped > 0 ? Double(events.pendingSum) / Double(events.popped) : 0
    }
}

/// A bare loop through the engine's own event queue — same heap, same element, no model work;
/// every event goes through the heap (the engine keeps its next arrival beside it).
@_spi(Benchmarks) public enum EventQueueCeiling {
    /// The "hold" pattern of priority-queue benchmarks: `pending` events are queued, then each
    /// of `events` steps pops the earliest and pushes one a random interval (up to ~1 ms) later,
    /// so the heap stays at the size the engine's events saw. Returns the last time popped, so
    /// that the work cannot be optimised away.
    public static func run(events: Int, pending: Int, seed: UInt64 = 1) -> SimTime {
        var queue = EventQueue()
        var rng = SplitMix64(seed: seed)
        for i in 0..<max(1, pending) {
            let event = Event.thread(.segmentEnd, Int32(truncatingIfNeeded: i), generation: 0)
            queue.schedule(event, at: SimTime(rng.next() >> 44))
        }
        var last: SimTime = 0
        for _ in 0..<events {
            guard let entry = queue.popNext() else { break }
            last = entry.time
            queue.schedule(entry.event, at: entry.time + SimTime(rng.next() >> 44))
        }
        return last
    }
}
