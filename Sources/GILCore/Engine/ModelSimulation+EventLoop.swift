import DequeModule

/// One process's asyncio event loop.
struct EventLoopState {
    /// The loop's thread, or -1 (a model without asyncio).
    var thread: Int32 = -1
    /// Tasks ready to run, first in, first out.
    var ready = Deque<Int32>()
    /// True while the loop thread hands a task to its executor: the loop is busy (its activity
    /// still says where it was before), so offloaded work that completes at once only queues
    /// its task, and the loop takes it when it moves on.
    var submitting = false
    /// When the loop thread entered a blocking call, while it is in one.
    var blockedSince: SimTime?
    var stalledTotal: SimTime = 0

    /// The time the loop has spent stalled in blocking calls, up to `now`.
    func stalled(at now: SimTime) -> SimTime {
        stalledTotal + (blockedSince.map { now - $0 } ?? 0)
    }

    /// The loop thread's blocking call returned: its time joins the stalled total.
    mutating func endBlocking(at now: SimTime) {
        guard let since = blockedSince else { return }
        stalledTotal += now - since
        blockedSince = nil
    }
}

/// asyncio's event loop: one thread per process runs its ready tasks one at a time, first in,
/// first out; an `await` parks the task and the loop takes the next; with nothing ready the loop
/// waits in its selector, holding neither GIL nor core. A `blocking` step on the loop thread
/// stalls every task of the loop (ModelSimulation.advance).
extension ModelSimulation {
    /// A task becomes ready to run on its process's loop (new, back from an await, or its
    /// offloaded work done). Ready tasks run first in, first out.
    mutating func enterReady(_ task: Int32) {
        let p = Int(tasks[Int(task)].process)
        setTaskState(task, .queued)
        tasks[Int(task)].stallMark = processes[p].loop.stalled(at: now)
        processes[p].loop.ready.append(task)
        metrics.changeQueueLength(by: 1, at: now)
        let loopActivity = threads[Int(processes[p].loop.thread)].activity
        if !processes[p].loop.submitting && (loopActivity == .idle || loopActivity == .awaiting) {
            runNextTask(process: Int32(p))
        }
    }

    /// The loop takes its next ready task, or waits in its selector (releasing GIL and core):
    /// awaiting while any of its tasks is in flight (in I/O or offloaded), idle when it has none.
    mutating func runNextTask(process: Int32) {
        let p = Int(process)
        let loop = processes[p].loop.thread
        guard let task = processes[p].loop.ready.popFirst() else {
            releaseGIL(loop)
            releaseCore(loop)
            setActivity(loop, processes[p].inFlight > 0 ? .awaiting : .idle)
            return
        }
        metrics.changeQueueLength(by: -1, at: now)
        let i = Int(task)
        // The ready wait splits into time the loop was stalled by a blocking call, and the rest.
        closeStateInterval(task)
        let stalled = processes[p].loop.stalled(at: now) - tasks[i].stallMark
        tasks[i].times[.queued] -= stalled
        tasks[i].times[.loopStalled] += stalled
        if recording != nil, stalled > 0 { recordLoopStall(stalled) }
        if tasks[i].start < 0 { tasks[i].start = now }
        tasks[i].driver = loop
        threads[Int(loop)].task = task
        advance(loop)
    }

    mutating func detachTaskFromLoop(_ loop: Int32) {
        let task = threads[Int(loop)].task
        tasks[Int(task)].driver = -1
        threads[Int(loop)].task = -1
    }
}
