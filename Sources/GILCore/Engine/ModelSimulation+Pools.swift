import DequeModule

/// The engine's side of the format extensions (docs/format-extensions.md): connection pools that
/// `hold` steps wait for, worker pools that `enqueue` steps feed, and the feeder that hands
/// requests to worker processes one at a time (`handoff`, `chunk`).
struct PoolState {
    struct ConnectionPoolState {
        let name: String
        /// Connections in all, free or held.
        let size: Int
        var free: Int
        /// Tasks waiting for a connection, first come first served, with the thread that waits
        /// for each (-1: a task parked by its event loop).
        var waiters = Deque<(task: Int32, thread: Int32)>()
    }

    struct WorkerPoolState {
        var name: String
        var size: WorkerPool.Size
        var enqueued = 0
        var latency = LatencyStats()
    }

    var connectionPools: [ConnectionPoolState]
    /// Their tasks wait in dispatch queues of their own (`DispatchQueues`).
    var workerPools: [WorkerPoolState]
    var lastTaskCompletion: SimTime = 0

    /// Requests waiting for the feeder, which hands them to the workers one at a time.
    var feederQueue = Deque<Int32>()
    var feederBusy = false
    var handedOff = 0

    init(scenario: Scenario, spec: ModelSpec) {
        connectionPools = scenario.connectionPools.map {
            let size = spec.connectionPools[$0.name] ?? $0.size
            return ConnectionPoolState(name: $0.name, size: size, free: size)
        }
        workerPools = scenario.workerPools.map {
            WorkerPoolState(name: $0.name, size: spec.workerPools[$0.name] ?? $0.size)
        }
    }
}

/// A worker pool's figures: its tasks, from enqueue to completion.
public struct BackgroundTaskFigures: Sendable, Equatable {
    public var pool: String
    public var enqueued: Int
    public var completed: Int
    /// Enqueue to completion, the wait for a worker included.
    public var latency: LatencySummary
}

extension ModelSimulation {
    // MARK: - Connection pools

    /// Takes a connection if one is free (true); otherwise the thread (or the event loop's task)
    /// waits for one, holding neither GIL nor core.
    mutating func takeConnection(_ pool: Int32, task: Int32, thread t: Int32) -> Bool {
        let p = Int(pool)
        if pools.connectionPools[p].free > 0 {
            pools.connectionPools[p].free -= 1
            return true
        }
        if threads[Int(t)].role == .eventLoop {
            // `async with pool.acquire()`: the task parks, the loop runs the next one.
            setTaskState(task, .poolWait)
            detachTaskFromLoop(t)
            pools.connectionPools[p].waiters.append((task, -1))
            runNextTask(process: threads[Int(t)].process)
        } else {
            releaseGIL(t)
            releaseCore(t)
            setActivity(t, .poolWait)
            pools.connectionPools[p].waiters.append((task, t))
        }
        return false
    }

    /// Returns a connection: straight to the first waiter, who resumes at this instant.
    mutating func releaseConnection(_ pool: Int32) {
        let p = Int(pool)
        guard let waiter = pools.connectionPools[p].waiters.popFirst() else {
            pools.connectionPools[p].free += 1
            return
        }
        if waiter.thread >= 0 {
            schedule(.ioEnd, thread: waiter.thread, at: now)
        } else {
            events.schedule(.taskIOEnd(task: waiter.task), at: now)
        }
    }

    // MARK: - Worker pools

    /// Creates the worker pools' processes and threads, after the model's own.
    mutating func startWorkerPools() {
        var p = Int32(spec.processes)
        for size in pools.workerPools.map(\.size) {
            for _ in 0..<size.processes {
                for _ in 0..<size.threads {
                    let t = newThread(process: p, role: .worker)
                    queues.addIdleWorker(t, to: queueIndex(of: t))
                }
                p += 1
            }
        }
    }

    /// `enqueue`: the body becomes a task of its own in the pool's queue; the request goes on.
    /// The task draws its durations from a stream seeded by the request's, so every model sees
    /// the same tasks.
    mutating func enqueue(from request: Int32, pool: Int32, start: Int32) {
        let parent = tasks[Int(request)]
        let taskSeed = tasks[Int(request)].cursor.rng.next()
        var record = TaskRecord(
            request: parent.request, job: parent.job, client: -1, arrival: now, stateSince: now,
            cursor: ProgramCursor(rng: SplitMix64(seed: taskSeed), pc: start))
        record.background = pool
        let task = store(record)
        pools.workerPools[Int(pool)].enqueued += 1
        let q = queues.queue(ofPool: Int(pool))
        if let worker = queues.takeIdleWorker(q) {
            assign(task, to: worker)
        } else {
            queues.addWaiting(task, to: q)
        }
    }

    /// A worker finished a background task: its own figures, not a request's.
    mutating func completeBackground(_ task: Int32) {
        let i = Int(task)
        let driver = tasks[i].driver
        if driver >= 0, threads[Int(driver)].task == task { threads[Int(driver)].task = -1 }
        tasks[i].driver = -1
        pools.workerPools[Int(tasks[i].background)].latency.record(now - tasks[i].arrival)
        pools.lastTaskCompletion = now
        processes[Int(tasks[i].process)].inFlight -= 1
        processes[Int(tasks[i].process)].served += 1
        freeTaskSlots.append(task)
    }

    var backgroundTaskFigures: [BackgroundTaskFigures] {
        pools.workerPools.map {
            BackgroundTaskFigures(
                pool: $0.name, enqueued: $0.enqueued, completed: $0.latency.count,
                latency: LatencySummary($0.latency))
        }
    }

    // MARK: - Hand-off to worker processes

    /// A request waits for the feeder (queued), which hands requests over one at a time.
    mutating func handOff(_ task: Int32) {
        pools.feederQueue.append(task)
        metrics.changeQueueLength(by: 1, at: now)
        if !pools.feederBusy { feedNext() }
    }

    /// The first request of every chunk pays the hand-off; the rest of the chunk go with it.
    private mutating func feedNext() {
        guard !pools.feederQueue.isEmpty else {
            pools.feederBusy = false
            return
        }
        pools.feederBusy = true
        let cost = pools.handedOff % spec.chunk == 0 ? spec.handoff : 0
        events.schedule(.handoffDone, at: now + cost)
    }

    mutating func finishHandoff() {
        guard let task = pools.feederQueue.popFirst() else { return }
        metrics.changeQueueLength(by: -1, at: now)
        pools.handedOff += 1
        dispatch(task)
        feedNext()
    }
}
