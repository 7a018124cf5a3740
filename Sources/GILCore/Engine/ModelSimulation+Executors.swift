import DequeModule

/// One process's executor pool, as ThreadPoolExecutor keeps it.
struct ExecutorPoolState {
    /// Threads waiting for work.
    var idle = Deque<Int32>()
    /// Offloaded tasks waiting for a thread.
    var queue = Deque<Int32>()
    /// Threads made so far (on demand, up to the pool's size; they never end).
    var threads = 0
}

/// Executors: `run_in_executor`, `asyncio.to_thread`, `sync_to_async` — the offloaded steps run
/// on a thread of the process's pool, created on demand up to its size like ThreadPoolExecutor.
extension ModelSimulation {
    /// `run_in_executor` / `to_thread` / `sync_to_async`: the nested steps run on an executor
    /// thread; a worker thread blocks on the future, an event loop moves on to other tasks.
    mutating func offload(from t: Int32) {
        let task = threads[Int(t)].task
        let p = threads[Int(t)].process
        releaseGIL(t)
        if threads[Int(t)].role == .eventLoop {
            detachTaskFromLoop(t)
            processes[Int(p)].loop.submitting = true
            submitToExecutor(task, process: p)
            processes[Int(p)].loop.submitting = false
            runNextTask(process: p)
        } else {
            tasks[Int(task)].driver = -1
            releaseCore(t)
            setActivity(t, .awaiting)
            submitToExecutor(task, process: p)
        }
    }

    private mutating func submitToExecutor(_ task: Int32, process p: Int32) {
        setTaskState(task, .queued)
        if let idle = processes[Int(p)].executor.idle.popFirst() {
            startOffloaded(task, on: idle)
        } else if processes[Int(p)].executor.threads < executorLimit {
            // Like ThreadPoolExecutor: a new thread only when none is idle, up to the limit.
            processes[Int(p)].executor.threads += 1
            startOffloaded(task, on: newThread(process: p, role: .executor))
        } else {
            processes[Int(p)].executor.queue.append(task)
            metrics.changeQueueLength(by: 1, at: now)
        }
    }

    private mutating func startOffloaded(_ task: Int32, on executor: Int32) {
        threads[Int(executor)].task = task
        tasks[Int(task)].driver = executor
        if spec.offloadCost > 0 {
            // The switch to the executor thread and back (sync_to_async): the thread is woken
            // and the request stays queued; then the offloaded steps run.
            block(executor, .idle, for: spec.offloadCost)
        } else {
            advance(executor)
        }
    }

    /// The executor thread reached the end of the offloaded steps: the future completes.
    mutating func finishOffload(on executor: Int32) {
        let task = threads[Int(executor)].task
        let p = threads[Int(executor)].process
        threads[Int(executor)].task = -1
        tasks[Int(task)].driver = -1
        releaseGIL(executor)
        let next = processes[Int(p)].executor.queue.popFirst()
        if next == nil {
            releaseCore(executor)
            setActivity(executor, .idle)
            processes[Int(p)].executor.idle.append(executor)
        }
        let owner = tasks[Int(task)].owner
        if owner >= 0 {
            tasks[Int(task)].driver = owner
            advance(owner)
        } else {
            enterReady(task)
        }
        if let next {
            metrics.changeQueueLength(by: -1, at: now)
            startOffloaded(next, on: executor)
        }
    }
}
