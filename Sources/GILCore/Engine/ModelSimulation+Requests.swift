import DequeModule

/// Requests waiting for a worker thread, and the idle workers that take them.
struct DispatchQueueState {
    var waiting = Deque<Int32>()
    var idle = Deque<Int32>()
}

/// Every dispatch queue of a model: the web processes' first (one their workers share, or one
/// per process), then one per worker pool, which its processes' workers share.
struct DispatchQueues {
    private var queues: EngineArray<DispatchQueueState>
    let webProcesses: Int
    /// Queues 0..<webQueues serve requests; queue webQueues + i serves worker pool i.
    let webQueues: Int
    /// For each process after the model's own (the worker pools'), its queue.
    let poolProcessQueue: [Int]

    init(webProcesses: Int, shared: Bool, workerPools: [WorkerPool.Size]) {
        self.webProcesses = webProcesses
        webQueues = shared ? 1 : webProcesses
        var poolProcessQueue: [Int] = []
        for (i, size) in workerPools.enumerated() {
            poolProcessQueue += Array(repeating: webQueues + i, count: size.processes)
        }
        self.poolProcessQueue = poolProcessQueue
        queues = EngineArray(repeating: DispatchQueueState(), count: webQueues + workerPools.count)
    }

    /// Copies the engine array a snapshot shares (see `ModelSimulation.makeStateUnique`).
    mutating func makeUnique() { queues.makeUnique() }

    // Methods rather than a subscript forwarding `EngineArray`'s: the nested `_modify` was not
    // inlined (0.2% more instructions for django_gthread.json under callgrind).

    /// Queue `q`'s first idle worker, taken, if it has one.
    @inline(__always)
    mutating func takeIdleWorker(_ q: Int) -> Int32? { queues[q].idle.popFirst() }

    @inline(__always)
    mutating func addIdleWorker(_ t: Int32, to q: Int) { queues[q].idle.append(t) }

    /// Queue `q`'s first waiting task, taken, if it has one.
    @inline(__always)
    mutating func takeWaiting(_ q: Int) -> Int32? { queues[q].waiting.popFirst() }

    @inline(__always)
    mutating func addWaiting(_ task: Int32, to q: Int) { queues[q].waiting.append(task) }

    /// The tasks waiting in queue `q`, the first in line first.
    func waiting(_ q: Int) -> Deque<Int32> { queues[q].waiting }

    /// The queue whose requests or tasks process `p`'s workers take.
    @inline(__always)
    func queue(ofProcess p: Int) -> Int {
        if p >= webProcesses { return poolProcessQueue[p - webProcesses] }
        return webQueues == 1 ? 0 : p
    }

    /// The queue of worker pool `pool`.
    func queue(ofPool pool: Int) -> Int { webQueues + pool }
}

/// Requests: arrival, dispatch to workers or event loops, a worker's next request, completion.
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
        let kept = keptConnectionProcess(of: task)
        if spec.asyncio {
            let p = kept ?? loopFor(request: index)
            tasks[Int(task)].process = p
            processes[Int(p)].inFlight += 1
            enterReady(task)
        } else {
            let q = kept.map(Int.init) ?? (spec.dispatch == .shared ? 0 : index % spec.processes)
            if let worker = queues.takeIdleWorker(q) {
                assign(task, to: worker)
            } else {
                queues.addWaiting(task, to: q)
                metrics.changeQueueLength(by: 1, at: now)
            }
        }
    }

    /// Which process's event loop accepts a request. Round-robin deals them out in turn; with a
    /// shared socket the least busy loop wins (a loop stuck in a long step is slow to accept).
    // Inlined, as `queueIndex(of:)`: out of line, a non-mutating method called from the engine's
    // mutating ones is handed a copy of the whole simulation (some 850 bytes) on every call.
    @inline(__always)
    func loopFor(request index: Int) -> Int32 {
        if spec.dispatch == .roundRobin { return Int32(index % spec.processes) }
        var best = 0
        for p in 0..<spec.processes where processes[p].inFlight < processes[best].inFlight { best = p }
        return Int32(best)
    }

    @inline(__always)
    func queueIndex(of worker: Int32) -> Int {
        queues.queue(ofProcess: Int(threads[Int(worker)].process))
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
            if let next = queues.takeWaiting(q) {
                if q < queues.webQueues { metrics.changeQueueLength(by: -1, at: now) }
                assign(next, to: t)
            } else {
                releaseCore(t)
                setActivity(t, .idle)
                queues.addIdleWorker(t, to: q)
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
        completedRequests?.append(
            RequestRecord(
                index: tasks[i].request, job: Int(tasks[i].job), process: Int(tasks[i].process),
                arrival: tasks[i].arrival, start: tasks[i].start, end: now, states: tasks[i].times))
        if let thinkTime, tasks[i].client >= 0 {
            var rng = SplitMix64(seed: seed, stream: RandomStream.thinkTimes.rawValue, index: UInt64(tasks[i].request))
            events.schedule(.clientSend(client: tasks[i].client), at: now + thinkTime.draw(&rng))
        }
        freeTaskSlots.append(task)
    }
}
