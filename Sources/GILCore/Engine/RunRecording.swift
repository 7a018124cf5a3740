/// The request (or background task) a thread works for.
public struct WorkRef: Sendable, Equatable {
    /// The request's index, from 0 in arrival order (the dashboard numbers it from 1).
    public var request: Int
    /// Its job, by index into the workload's jobs.
    public var job: Int
    /// For a task sent to a worker pool by `enqueue`, the pool's index; nil for the request itself.
    public var workerPool: Int?
}

/// A request's time in one state: [start, end).
public struct RequestStateSpan: Sendable, Equatable {
    public var request: Int
    public var job: Int
    /// The request's in-flight slot, from arrival to completion: a slot is reused only after the
    /// request holding it completed, so one slot's spans never overlap.
    public var slot: Int
    public var state: RequestState
    public var start: SimTime
    public var end: SimTime
}

/// Each change an export needs, in the order the engine made it. Kept only when asked for
/// (`SimulationOptions.recordChanges`) and taken in batches as the run goes
/// (`takeRecordedChanges`), so its memory stays flat however long the run.
public enum RecordedChange: Sendable, Equatable {
    /// From `at` on, thread `thread` does `activity`, working for `work` (nil: no request).
    case thread(Int, ThreadActivity, work: WorkRef?, at: SimTime)
    /// From `at` on, the GIL of process `process` is in `state`; a thread that takes it works for
    /// `holderWork` as it does.
    case gil(process: Int, GILState, holderWork: WorkRef?, at: SimTime)
    /// Thread `from` released the GIL of `process` at `at` to the first waiter, `to`, which
    /// takes it at `taken` (after the hand-off delay).
    case gilWake(process: Int, from: Int, to: Int, at: SimTime, taken: SimTime)
    /// A request's time in one state (zero-length spans are left out).
    case requestState(RequestStateSpan)
}

extension ModelSimulation {
    /// The changes recorded since the last call (empty unless `recordChanges` was set).
    public mutating func takeRecordedChanges() -> [RecordedChange] {
        guard recording != nil else { return [] }
        defer { recording!.removeAll(keepingCapacity: true) }
        return recording!
    }

    /// The completed requests recorded since the last call (empty unless `recordRequests` was set).
    public mutating func takeCompletedRequests() -> [RequestRecord] {
        guard completedRequests != nil else { return [] }
        defer { completedRequests!.removeAll(keepingCapacity: true) }
        return completedRequests!
    }

    // The engine's hooks, out of line: the engine's own paths only test `observed`, as they
    // tested for a timeline before exports recorded anything.

    @inline(never)
    mutating func observeThread(_ t: Int32, _ activity: ThreadActivity) {
        timeline?.record(thread: Int(t), activity, at: now)
        guard recording != nil else { return }
        let work = workRef(ofThread: t)
        recording!.append(.thread(Int(t), activity, work: work, at: now))
    }

    /// The state span of task `task` that ends now, if it is a request's and lasted.
    @inline(never)
    mutating func recordStateSpan(_ task: Int32) {
        let record = tasks[Int(task)]
        guard record.background < 0, now > record.stateSince else { return }
        recording!.append(
            .requestState(
                RequestStateSpan(
                    request: record.request, job: Int(record.job), slot: Int(task), state: record.state, start: record.stateSince, end: now)
            ))
    }

    @inline(never)
    mutating func observeGIL(process p: Int, _ state: GILState) {
        timeline?.record(gilOf: p, state, at: now)
        guard recording != nil else { return }
        var work: WorkRef?
        if case .held(let holder) = state { work = workRef(ofThread: Int32(holder)) }
        recording!.append(.gil(process: p, state, holderWork: work, at: now))
    }

    @inline(never)
    mutating func observeGILWake(process p: Int, from releaser: Int32, to waiter: Int32) {
        recording?.append(.gilWake(process: p, from: Int(releaser), to: Int(waiter), at: now, taken: now + gilHandoff))
    }

    /// The ready wait just recorded ends in `stalled` of a blocking call on the loop: that part
    /// becomes a `loopStalled` span (drawn last: its total is exact, its place within the wait is not).
    @inline(never)
    mutating func recordLoopStall(_ stalled: SimTime) {
        guard case .requestState(var queued) = recording!.last else { preconditionFailure("a stall follows its ready wait") }
        queued.end -= stalled
        var stall = queued
        stall.state = .loopStalled
        (stall.start, stall.end) = (queued.end, queued.end + stalled)
        recording![recording!.count - 1] = .requestState(queued)
        if queued.end == queued.start { recording!.removeLast() }
        recording!.append(.requestState(stall))
    }

    /// The work of thread `t` right now, for a recorded change.
    func workRef(ofThread t: Int32) -> WorkRef? {
        let task = threads[Int(t)].task
        guard task >= 0 else { return nil }
        let record = tasks[Int(task)]
        return WorkRef(
            request: record.request, job: Int(record.job),
            workerPool: record.background >= 0 ? Int(record.background) : nil)
    }
}

extension ModelSimulation {
    /// Each request in flight, in its state since its last change, up to now: what an export that
    /// stops before the run's end shows of them (a ready task's stalled share is counted only
    /// when the task runs).
    public var openRequestStates: [RequestStateSpan] {
        let free = Set(freeTaskSlots.map(Int.init))
        return tasks.indices.compactMap { slot in
            let record = tasks[slot]
            guard !free.contains(slot), record.background < 0, record.stateSince < now else { return nil }
            return RequestStateSpan(
                request: record.request, job: Int(record.job), slot: slot, state: record.state,
                start: record.stateSince, end: now)
        }
    }
}
