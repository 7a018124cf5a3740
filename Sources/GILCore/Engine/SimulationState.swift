import DequeModule

/// A simulated OS thread.
struct SimThread {
    let process: Int32
    let role: ThreadRole
    var activity: ThreadActivity = .idle
    /// Bumped on every activity change; events scheduled before it are stale.
    var generation: UInt32 = 0
    /// The task (in-flight request) it is working for, or -1.
    var task: Int32 = -1
    var holdsGIL = false
    /// The core it runs on, or -1.
    var core: Int32 = -1
    /// Whether the current compute segment is Python bytecode (else native code).
    var runsPython = false
    /// Compute time left in the current segment.
    var remaining: SimTime = 0
    /// When it last got a core or started its current segment on one.
    var runStart: SimTime = 0
    /// When its current OS time slice began.
    var sliceStart: SimTime = 0
    /// The OS scheduler's virtual runtime: the core time it has used, moved forward when it wakes
    /// so that a long sleep earns a bounded credit (`wakeUpPreempts`).
    var vruntime: SimTime = 0
    /// The GIL's switch number when this waiter last (re)armed its interval timer.
    var waitSwitchNumber: UInt64 = 0
    /// When that timer runs out: the moment this waiter asks the holder to drop the GIL, if it
    /// has not changed hands by then (read by `inspect`, not by the rules).
    var waitTimerEnd: SimTime = 0

    init(process: Int32, role: ThreadRole) {
        self.process = process
        self.role = role
    }
}

/// A simulated interpreter process: each rule's part of it (its GIL, its event loop, its
/// executor pool, each declared beside its rule), and the requests it serves, which dispatch,
/// the event loop and the figures all read.
struct ProcessState {
    var gil = ProcessGILState()
    var loop = EventLoopState()
    var executor = ExecutorPoolState()
    var inFlight = 0
    /// Requests (or background tasks) this process has finished (the office view's "served").
    var served = 0
}

/// An in-flight request.
struct TaskRecord {
    var request: Int
    var job: Int32
    var process: Int32 = -1
    /// The closed-loop client that sent it, or -1.
    var client: Int32
    /// The worker thread that took it, or -1 on an event loop.
    var owner: Int32 = -1
    /// The thread whose activity is this request's state right now, or -1.
    var driver: Int32 = -1
    var arrival: SimTime
    var start: SimTime = -1
    var state: RequestState = .queued
    var stateSince: SimTime
    var times = StateTimes()
    /// The loop's stalled-time counter when the task became ready (to split its wait).
    var stallMark: SimTime = 0
    /// Offloads met while already on an executor thread run inline; this counts them.
    var inlineOffloads: Int32 = 0
    /// For a task sent to a worker pool by `enqueue`, the pool's index; -1 for a request.
    var background: Int32 = -1
    var cursor: ProgramCursor
}

/// One completed request.
public struct RequestRecord: Sendable, Equatable {
    public var index: Int
    public var job: Int
    public var process: Int
    public var arrival: SimTime
    public var start: SimTime
    public var end: SimTime
    public var states: StateTimes

    public var latency: SimTime { end - arrival }
}
