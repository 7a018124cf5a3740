import DequeModule

/// Requests: arrival, dispatch to workers or event loops, offload to executors, completion.
extension ModelSimulation {
    // MARK: - Arrival and dispatch

    @inline(__always)
    mutating func scheduleNextArrival() {
        pendingArrival = source.nextOpenArrival()
        if let next = pendingArrival {
            events.scheduleArrival(at: next.arrival)
        }
    }

    mutating func arrive() {
        guard let request = pendingArrival else { return }
        admit(request, client: -1)
        scheduleNextArrival()
    }

    @inline(__always)
    mutating func admit(_ request: IssuedRequest, client: Int32) {
        let record = TaskRecord(
            request: request.index, job: Int32(request.job), client: client,
            arrival: now, stateSince: now,
            cursor: ProgramCursor(
                rng: SplitMix64(seed: seed, stream: RandomStream.requestDurations.rawValue, index: UInt64(request.index)),
                pc: program.entries[request.job]))
        let task = store(record)
        metrics.arrived += 1
        if metrics.firstArrival == nil { metrics.firstArrival = now }
        if spec.handoff > 0 {
            handOff(task)
        } else {
            dispatch(task)
        }
    }

    /// Keeps an in-flight task's record, in a freed slot if there is one.
    @inline(__always)
    mutating func store(_ record: TaskRecord) -> Int32 {
        if let slot = freeTaskSlots.popLast() {
            tasks[Int(slot)] = record
            return slot
        }
        checkInFlightBudget(holding: tasks.count + 1)
        tasks.append(record)
        loopCounters.append(contentsOf: repeatElement(0, count: program.loopDepth))
        return Int32(tasks.count - 1)
    }

    /// Gives a request to a worker (or queues it), or to an event loop.
    @inline(__always)
    mutating func dispatch(_ task: Int32) {
        let index = tasks[Int(task)].request
        if spec.asyncio {
            let p = loopFor(request: index)
            tasks[Int(task)].process = p
            processes[Int(p)].inFlight += 1
            enterReady(task)
        } else {
            let q = spec.dispatch == .shared ? 0 : index % spec.processes
            if let worker = queues[q].idle.popFirst() {
                assign(task, to: worker)
            } else {
                queues[q].waiting.append(task)
                metrics.changeQueueLength(by: 1, at: now)
            }
        }
    }

    /// Which process's event loop accepts a request. Round-robin deals them out in turn; with a
    /// shared socket the least busy loop wins (a loop stuck in a long step is slow to accept).
    // Inlined, as `queueIndex(of:)`: out of line, a non-mutating method called from the engine's
    // mutating ones is handed a copy of the whole simulation (some 850 bytes) on every call.
    @inline(__always)
    private func loopFor(request index: Int) -> Int32 {
        if spec.dispatch == .roundRobin { return Int32(index % spec.processes) }
        var best = 0
        for p in 0..<spec.processes where processes[p].inFlight < processes[best].inFlight { best = p }
        return Int32(best)
    }

    @inline(__always)
    func queueIndex(of worker: Int32) -> Int {
        let p = Int(threads[Int(worker)].process)
        if p >= spec.processes { return pools.backgroundQueue[p - spec.processes] }
        return spec.dispatch == .shared ? 0 : p
    }

    mutating func assign(_ task: Int32, to worker: Int32) {
        let p = threads[Int(worker)].process
        tasks[Int(task)].process = p
        tasks[Int(task)].owner = worker
        tasks[Int(task)].driver = worker
        tasks[Int(task)].start = now
        processes[Int(p)].inFlight += 1
        threads[Int(worker)].task = task
        advance(worker)
    }

    /// A thread finished its task's last step.
    @inline(__always)
    mutating func finishedTask(_ t: Int32) {
        switch threads[Int(t)].role {
        case .worker:
            // Back to accept(): a system call, so the GIL goes; the core stays if work is waiting.
            releaseGIL(t)
            let q = queueIndex(of: t)
            if let next = queues[q].waiting.popFirst() {
                if q < pools.queueBase { metrics.changeQueueLength(by: -1, at: now) }
                assign(next, to: t)
            } else {
                releaseCore(t)
                setActivity(t, .idle)
                queues[q].idle.append(t)
            }
        case .eventLoop:
            runNextTask(process: threads[Int(t)].process)
        case .executor:
            preconditionFailure("an executor thread finishes at the end of its offloaded steps")
        }
    }

    @inline(__always)
    mutating func complete(_ task: Int32) {
        if tasks[Int(task)].background >= 0 { return completeBackground(task) }
        let i = Int(task)
        closeStateInterval(task)
        let driver = tasks[i].driver
        if driver >= 0, threads[Int(driver)].task == task { threads[Int(driver)].task = -1 }
        tasks[i].driver = -1
        let latency = now - tasks[i].arrival
        metrics.jobLatency[Int(tasks[i].job)].record(latency)
        metrics.stateTotals += tasks[i].times
        metrics.lastCompletion = now
        processes[Int(tasks[i].process)].inFlight -= 1
        processes[Int(tasks[i].process)].served += 1
        completedRequests?.append(RequestRecord(
            index: tasks[i].request, job: Int(tasks[i].job), process: Int(tasks[i].process),
            arrival: tasks[i].arrival, start: tasks[i].start, end: now, states: tasks[i].times))
        if let thinkTime, tasks[i].client >= 0 {
            var rng = SplitMix64(seed: seed, stream: RandomStream.thinkTimes.rawValue, index: UInt64(tasks[i].request))
            schedule(.clientSend, tasks[i].client, at: now + thinkTime.draw(&rng))
        }
        freeTaskSlots.append(task)
    }

    // MARK: - Event loops

    /// A task becomes ready to run on its process's loop (new, back from an await, or its
    /// offloaded work done). Ready tasks run first in, first out.
    mutating func enterReady(_ task: Int32) {
        let p = Int(tasks[Int(task)].process)
        setTaskState(task, .queued)
        tasks[Int(task)].stallMark = processes[p].stalled(at: now)
        processes[p].ready.append(task)
        metrics.changeQueueLength(by: 1, at: now)
        let loopActivity = threads[Int(processes[p].loopThread)].activity
        if loopActivity == .idle || loopActivity == .awaiting {
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

    // MARK: - Executors

    /// `run_in_executor` / `to_thread` / `sync_to_async`: the nested steps run on an executor
    /// thread; a worker thread blocks on the future, an event loop moves on to other tasks.
    mutating func offload(from t: Int32) {
        let task = threads[Int(t)].task
        let p = threads[Int(t)].process
        releaseGIL(t)
        if threads[Int(t)].role == .eventLoop {
            detachTaskFromLoop(t)
        } else {
            tasks[Int(task)].driver = -1
            releaseCore(t)
            setActivity(t, .awaiting)
        }
        submitToExecutor(task, process: p)
        if threads[Int(t)].role == .eventLoop { runNextTask(process: p) }
    }

    private mutating func submitToExecutor(_ task: Int32, process p: Int32) {
        setTaskState(task, .queued)
        if let idle = processes[Int(p)].executorIdle.popFirst() {
            startOffloaded(task, on: idle)
        } else if processes[Int(p)].executorThreads < executorLimit {
            // Like ThreadPoolExecutor: a new thread only when none is idle, up to the limit.
            processes[Int(p)].executorThreads += 1
            startOffloaded(task, on: newThread(process: p, role: .executor))
        } else {
            processes[Int(p)].executorQueue.append(task)
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
        let next = processes[Int(p)].executorQueue.popFirst()
        if next == nil {
            releaseCore(executor)
            setActivity(executor, .idle)
            processes[Int(p)].executorIdle.append(executor)
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
