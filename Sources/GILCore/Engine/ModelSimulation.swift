import DequeModule

/// What a run keeps besides its metrics.
public struct SimulationOptions: Sendable {
    /// Which timeline history to keep for the dashboard.
    public enum TimelineRecording: Sendable, Equatable {
        case off
        case all
        /// Only the most recent span of simulated time (bounded memory).
        case last(SimTime)
    }

    public var timeline: TimelineRecording
    /// Keep a `RequestRecord` per completed request (for tests and exports; memory grows with the
    /// run unless they are taken as it goes: `takeCompletedRequests`).
    public var recordRequests: Bool
    /// Keep every change an export needs (`RecordedChange`), to be taken as the run goes.
    public var recordChanges: Bool
    /// Where the run stops if it has not finished (`stoppedBy`).
    public var budget: SimulationBudget

    public init(
        timeline: TimelineRecording = .off, recordRequests: Bool = false, recordChanges: Bool = false,
        budget: SimulationBudget = .standard
    ) {
        self.timeline = timeline
        self.recordRequests = recordRequests
        self.recordChanges = recordChanges
        self.budget = budget
    }
}

/// One execution model running the scenario's workload: a discrete-event simulation.
///
/// A value type: copying it snapshots the whole run (the dashboard steps back this way), and it
/// is deterministic — no wall clock, no global state, randomness only from the scenario's seed.
/// Each event costs O(log n) in the number of pending events.
public struct ModelSimulation: Sendable {
    // MARK: Settings, fixed for the run

    public let spec: ModelSpec
    public let cores: Int
    /// The GIL's (`ModelSimulation+GIL.swift`).
    let switchInterval: SimTime
    let gilHandoff: SimTime
    let freeThreadingSlowdown: Double
    let program: JobProgram
    /// The workload's job names, by index (for inspection and figures).
    let jobNames: [String]
    let seed: UInt64
    let thinkTime: Distribution?
    /// Each process's executor pool size (`ModelSimulation+Executors.swift`).
    let executorLimit: Int
    let budget: SimulationBudget
    /// For a budget stop's explanation: open-loop arrivals per second, and the model's capacity.
    let arrivalRate: Double?
    let capacity: Double

    // MARK: The run

    /// `budget.events`, or 0 once another budget stopped the run: one comparison per event.
    private var eventLimit: Int
    /// The budget that stopped the run before its last event, if one did.
    public private(set) var stoppedBy: BudgetLimit?
    public internal(set) var now: SimTime = 0
    public private(set) var processedEvents = 0
    /// When the last event that changed something happened (`now` may be later: `run(until:)`).
    public private(set) var lastEventTime: SimTime = 0
    var events = EventQueue()

    // MARK: Each rule's state, declared beside its rule

    /// Cores and the run queue (`ModelSimulation+CoreScheduler.swift`).
    var scheduler: CoreSchedulerState
    /// Each process's GIL, event loop and executor pool (`ProcessState`), and its requests.
    var processes: EngineArray<ProcessState>
    /// Requests and background tasks waiting for worker threads (`ModelSimulation+Requests.swift`).
    var queues: DispatchQueues
    /// The requests to come (`ModelSimulation+Requests.swift`).
    var source: RequestSource
    var pendingArrival: IssuedRequest?
    /// Connection pools, worker pools and the process-pool feeder (`ModelSimulation+Pools.swift`).
    var pools: PoolState
    /// Which web process holds each keep-alive client's connection, nil without keep-alive
    /// (`ModelSimulation+Connections.swift`).
    var connections: ConnectionState?

    // MARK: Shared by every rule
    // A thread's activity, core, GIL and task, and a task's state, driver and program, are read
    // and written by every rule (the scheduler gives a thread a core, the GIL rule makes it wait,
    // the loop gives it a task…), so they belong to none of them; so do the figures' counters.

    var threads = EngineArray<SimThread>()
    var tasks = EngineArray<TaskRecord>()
    /// Slots of finished tasks, reused by the next ones.
    var freeTaskSlots = EngineArray<Int32>()
    /// `program.loopDepth` loop counters per task slot (none for jobs without `repeat`).
    var loopCounters = EngineArray<Int32>()
    var metrics: MetricsAccumulator
    /// Shared only by copies of this simulation: while it is unique, so are the engine arrays.
    private var stateOwner = EngineStateOwner()

    // MARK: What the run keeps for the dashboard and exports

    public internal(set) var timeline: Timeline?
    var completedRequests: [RequestRecord]?
    /// The changes recorded for an export and not taken yet (nil: not recording).
    var recording: [RecordedChange]?
    /// Whether a timeline or a recording is kept: the one test on the engine's paths when neither is.
    let observed: Bool

    public init(scenario: Scenario, model index: Int, options: SimulationOptions = SimulationOptions()) {
        let spec = scenario.models[index]
        self.spec = spec
        cores = scenario.machine.cores
        scheduler = CoreSchedulerState(cores: cores, timeslice: scenario.machine.timeslice)
        switchInterval = spec.switchInterval ?? scenario.python.switchInterval
        gilHandoff = scenario.python.gilHandoff
        freeThreadingSlowdown = spec.freeThreadingSlowdown ?? scenario.python.freeThreadingSlowdown
        program = JobProgram(
            jobs: scenario.workload.jobs.map { spec.jobSteps[$0.name] ?? $0.steps },
            connectionPools: scenario.connectionPools.map(\.name), workerPools: scenario.workerPools.map(\.name))
        jobNames = scenario.workload.jobs.map(\.name)
        seed = scenario.seed
        if case .closed(_, let think) = scenario.workload.arrivals { thinkTime = think } else { thinkTime = nil }
        executorLimit = spec.executorPoolSize(cores: scenario.machine.cores)
        budget = options.budget
        arrivalRate = scenario.workload.arrivals.ratePerSecond
        capacity = scenario.capacityPerSecond(model: index)
        eventLimit = options.budget.events
        source = RequestSource(workload: scenario.workload, seed: scenario.seed)
        connections = ConnectionState(workload: scenario.workload, spec: spec)
        // A worker that keeps connections serves them from its own queue, as round-robin does.
        let sharedQueue = spec.dispatch == .shared && connections?.policy.keepsConnections != true
        pools = PoolState(scenario: scenario, spec: spec)
        queues = DispatchQueues(webProcesses: spec.processes, shared: sharedQueue, workerPools: pools.workerPools.map(\.size))
        processes = EngineArray(repeating: ProcessState(), count: spec.processes + queues.poolProcessQueue.count)
        metrics = MetricsAccumulator(jobs: scenario.workload.jobs.count)
        switch options.timeline {
        case .off: timeline = nil
        case .all: timeline = Timeline(retention: nil, processes: processes.count, cores: cores)
        case .last(let span): timeline = Timeline(retention: span, processes: processes.count, cores: cores)
        }
        completedRequests = options.recordRequests ? [] : nil
        recording = options.recordChanges ? [] : nil
        observed = timeline != nil || recording != nil

        for p in 0..<Int32(spec.processes) {
            if spec.asyncio {
                processes[Int(p)].loop.thread = newThread(process: p, role: .eventLoop)
            } else {
                for _ in 0..<spec.threads {
                    let t = newThread(process: p, role: .worker)
                    queues.addIdleWorker(t, to: queueIndex(of: t))
                }
            }
        }
        startWorkerPools()
        if case .closed(let clients, _) = scenario.workload.arrivals {
            for client in 0..<Int32(clients) { events.schedule(.clientSend(client: client), at: 0) }
        } else {
            scheduleNextArrival()
        }
    }

    // MARK: - Running

    /// Whether the run is over: every event handled, or a budget stopped it.
    public var isFinished: Bool { events.isEmpty || stoppedBy != nil }

    /// Every event handled: the workload ran to its end.
    var ranToEnd: Bool { events.isEmpty }

    /// The time of the next event, if any (none once a budget stopped the run).
    public var nextEventTime: SimTime? { stoppedBy == nil ? events.nextTime : nil }

    /// Handles the next event (skipping stale ones). Returns false when the run is over.
    @discardableResult
    public mutating func step() -> Bool { step(notAfter: .max) }

    /// Handles the next event at or before `limit`, skipping stale ones; the limit is checked
    /// before every pop, so skipping stale events never carries the clock past it.
    private mutating func step(notAfter limit: SimTime) -> Bool {
        guard processedEvents < eventLimit else {
            if stoppedBy == nil { stoppedBy = .events }
            return false
        }
        makeStateUnique()
        while let entry = events.popNext(notAfter: min(limit, budget.time)) {
            now = entry.time
            if handle(entry.event) {
                processedEvents += 1
                lastEventTime = now
                return true
            }
        }
        if limit > budget.time, let next = events.nextTime, next > budget.time {
            // The clock reached the budget: the figures are those at that time.
            stoppedBy = .time
            now = budget.time
        }
        return false
    }

    /// Handles every event up to and including `time`, then sets the clock to `time` (to the
    /// time budget at most; not at all once a budget stopped the run).
    public mutating func run(until time: SimTime) {
        while step(notAfter: time) {}
        if stoppedBy == nil || stoppedBy == .time, time > now { now = min(time, budget.time) }
    }

    /// Called where the engine keeps one more request or task: past the in-flight budget, the
    /// run stops after the current event.
    @inline(__always)
    mutating func checkInFlightBudget(holding count: Int) {
        if count > budget.inFlight, stoppedBy == nil {
            stoppedBy = .inFlight
            eventLimit = 0
        }
    }

    public mutating func runToCompletion() {
        while step() {}
    }

    /// Copies the engine arrays if a copy of this simulation (a snapshot) shares them: once per
    /// step rather than on every element write (see `EngineArray`).
    @inline(__always)
    private mutating func makeStateUnique() {
        if !isKnownUniquelyReferenced(&stateOwner) { copySharedState() }
    }

    @inline(never)
    private mutating func copySharedState() {
        stateOwner = EngineStateOwner()
        threads.makeUnique()
        processes.makeUnique()
        queues.makeUnique()
        scheduler.makeUnique()
        tasks.makeUnique()
        freeTaskSlots.makeUnique()
        loopCounters.makeUnique()
    }

    /// Returns false for a stale event (its target changed state since it was scheduled).
    private mutating func handle(_ event: Event) -> Bool {
        let target = event.target
        switch event.kind {
        case .arrival:
            arrive()
        case .clientSend:
            if let request = source.issue(at: now) { admit(request, client: target) }
        case .handoffDone:
            finishHandoff()
        case .segmentEnd:
            guard isCurrent(event) else { return false }
            chargeCoreTime(target)
            threads[Int(target)].remaining = 0
            advance(target)
        case .ioEnd:
            guard isCurrent(event) else { return false }
            if threads[Int(target)].activity == .blocking {
                // Only an event loop's thread blocks so: its loop was stalled until now.
                processes[Int(threads[Int(target)].process)].loop.endBlocking(at: now)
            }
            advance(target)
        case .taskIOEnd:
            enterReady(target)
        case .gilTimeout:
            guard isCurrent(event) else { return false }
            gilWaitTimedOut(target)
        case .gilHandoff:
            completeHandoff(process: Int(target))
        case .wakeUpPreempt:
            guard isCurrent(event) else { return false }
            takeCoreOnWakeUp(target)
        case .preempt:
            timesliceEnded(isCurrent(event) ? target : nil)
        }
        return true
    }

    private func isCurrent(_ event: Event) -> Bool {
        threads[Int(event.target)].generation == event.generation
    }

    /// Schedules an event for thread `t`, stale once the thread changes state.
    @inline(__always)
    mutating func schedule(_ kind: Event.ThreadKind, thread t: Int32, at time: SimTime) {
        events.schedule(.thread(kind, t, generation: threads[Int(t)].generation), at: time)
    }

    // MARK: - A thread's work

    /// Moves a thread on to its task's next action.
    mutating func advance(_ t: Int32) {
        while true {
            let task = Int(threads[Int(t)].task)
            let action = nextAction(of: task)
            switch action {
            case .cpu(let duration):
                threads[Int(t)].runsPython = true
                if spec.gil {
                    threads[Int(t)].remaining = duration
                    if threads[Int(t)].holdsGIL { compute(t) } else { acquireGIL(t) }
                } else {
                    threads[Int(t)].remaining = Distribution.rounded(Double(duration) * freeThreadingSlowdown)
                    compute(t)
                }
            case .native(let duration):
                releaseGIL(t)
                threads[Int(t)].runsPython = false
                threads[Int(t)].remaining = duration
                compute(t)
            case .io(let duration):
                if threads[Int(t)].role == .eventLoop {
                    // An await: the task parks, the loop moves on to the next ready task.
                    setTaskState(Int32(task), .io)
                    detachTaskFromLoop(t)
                    events.schedule(.taskIOEnd(task: Int32(task)), at: now + duration)
                    runNextTask(process: threads[Int(t)].process)
                } else {
                    block(t, .io, for: duration)
                }
            case .blocking(let duration):
                if threads[Int(t)].role == .eventLoop {
                    // A synchronous call on the loop thread: nothing else on this loop runs until it returns.
                    processes[Int(threads[Int(t)].process)].loop.blockedSince = now
                    block(t, .blocking, for: duration)
                } else {
                    block(t, .io, for: duration)
                }
            case .offload:
                if threads[Int(t)].role == .executor {
                    tasks[task].inlineOffloads += 1
                    continue
                }
                offload(from: t)
            case .offloadEnd:
                if tasks[task].inlineOffloads > 0 {
                    tasks[task].inlineOffloads -= 1
                    continue
                }
                finishOffload(on: t)
            case .acquire(let pool):
                if takeConnection(pool, task: Int32(task), thread: t) { continue }
            case .release(let pool):
                releaseConnection(pool)
                continue
            case .enqueue(let pool, let start):
                enqueue(from: Int32(task), pool: pool, start: start)
                // A repeat of enqueues runs within one event: stop it here once over budget.
                if stoppedBy != nil { return }
                continue
            case .finished:
                complete(Int32(task))
                finishedTask(t)
            }
            return
        }
    }

    /// Releases GIL and core and waits (I/O, or a blocking call on an event loop).
    mutating func block(_ t: Int32, _ activity: ThreadActivity, for duration: SimTime) {
        releaseGIL(t)
        releaseCore(t)
        setActivity(t, activity)
        schedule(.ioEnd, thread: t, at: now + duration)
    }

    @inline(__always)
    mutating func setActivity(_ t: Int32, _ activity: ThreadActivity) {
        threads[Int(t)].activity = activity
        threads[Int(t)].generation &+= 1
        if observed { observeThread(t, activity) }
        let task = threads[Int(t)].task
        if task >= 0, tasks[Int(task)].driver == t, let state = activity.requestState {
            setTaskState(task, state)
        }
    }

    @inline(__always)
    mutating func setTaskState(_ task: Int32, _ state: RequestState) {
        guard tasks[Int(task)].state != state else { return }
        closeStateInterval(task)
        tasks[Int(task)].state = state
    }

    /// Adds the time since the request's last state change to that state.
    @inline(__always)
    mutating func closeStateInterval(_ task: Int32) {
        let i = Int(task)
        tasks[i].times[tasks[i].state] += now - tasks[i].stateSince
        if recording != nil { recordStateSpan(task) }
        tasks[i].stateSince = now
    }

    mutating func newThread(process: Int32, role: ThreadRole) -> Int32 {
        threads.append(SimThread(process: process, role: role))
        timeline?.addThread(at: now)
        return Int32(threads.count - 1)
    }
}

/// Identity of one simulation's state, shared by its copies (see `ModelSimulation.makeStateUnique`).
final class EngineStateOwner: Sendable {}
