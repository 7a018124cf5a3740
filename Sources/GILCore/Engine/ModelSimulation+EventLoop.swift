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
        tasks[Int(task)].stallMark = processes[p].stalled(at: now)
        processes[p].ready.append(task)
        metrics.changeQueueLength(by: 1, at: now)
        let loopActivity = threads[Int(processes[p].loopThread)].activity
        if !processes[p].loopSubmitting && (loopActivity == .idle || loopActivity == .awaiting) {
            runNextTask(process: Int32(p))
        }
    }

    /// The loop takes its next ready task, or waits in its selector (releasing GIL and core):
    /// awaiting while any of its tasks is in flight (in I/O or offloaded), idle when it has none.
    mutating func runNextTask(process: Int32) {
        let p = Int(process)
        let loop = processes[p].loopThread
        guard let task = processes[p].ready.popFirst() else {
            releaseGIL(loop)
            releaseCore(loop)
            setActivity(loop, processes[p].inFlight > 0 ? .awaiting : .idle)
            return
        }
        metrics.changeQueueLength(by: -1, at: now)
        let i = Int(task)
        // The ready wait splits into time the loop was stalled by a blocking call, and the rest.
        closeStateInterval(task)
        let stalled = processes[p].stalled(at: now) - tasks[i].stallMark
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
