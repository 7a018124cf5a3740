/// What a request is doing at an instant, in the terms of its scenario.
public struct WorkDescription: Sendable, Equatable, CustomStringConvertible {
    /// The request's number (1-based, in arrival order).
    public var request: Int
    public var job: String
    /// The step it is in, if it has started one: "cpu", "native", "io", "blocking".
    public var step: String?
    /// For a background task, the worker pool it runs on.
    public var pool: String?

    /// "request 18 (page, cpu)", "task of request 4 (send_mail on celery, io)".
    public var description: String {
        let what = pool.map { "\(job) on \($0)" } ?? job
        let detail = step.map { "\(what), \($0)" } ?? what
        return (pool == nil ? "request \(request)" : "task of request \(request)") + " (\(detail))"
    }
}

/// Why a thread is where it is at an instant: who holds what it waits for, from the engine's
/// own state (the dashboard's inspect line). Fields that do not apply to the thread's activity
/// are empty.
public struct ThreadInspection: Sendable, Equatable {
    public var thread: Int
    public var activity: ThreadActivity
    /// The request (or background task) the thread works for.
    public var work: WorkDescription?

    /// GIL wait: the holder (or the waiter it is being handed to) and what it runs.
    public var gilHolder: Int?
    public var gilHolderWork: WorkDescription?
    public var gilHandoffTarget: Int?
    /// Waiters served before this one (first come, first served).
    public var waitersAhead = 0
    /// When this waiter's interval runs out and it asks the holder to drop the GIL (if the GIL
    /// has not changed hands by then).
    public var dropRequestAt: SimTime?
    /// A drop request is already set, waiting for the holder to get a core and notice it.
    public var dropRequestPending = false

    /// No core: the threads on the cores.
    public var coreHolders: [Int] = []
    /// Pool wait: the requests holding the pool's connections.
    public var connectionPool: String?
    public var connectionHolders: [WorkDescription] = []
    /// A stalled event loop (this thread is its loop, or waits on it): the request blocking it.
    public var loopBlocker: WorkDescription?
}

extension ModelSimulation {
    /// Thread `t` (an index into `threadSnapshots`) now: what it works on and, if it waits, for whom.
    public func inspect(thread t: Int) -> ThreadInspection {
        let thread = threads[t]
        let p = Int(thread.process)
        var out = ThreadInspection(thread: t, activity: thread.activity, work: work(ofTask: thread.task))
        switch thread.activity {
        case .gilWait:
            let process = processes[p]
            if process.gil.holder >= 0 {
                out.gilHolder = Int(process.gil.holder)
                out.gilHolderWork = work(ofTask: threads[Int(process.gil.holder)].task)
            }
            if process.gil.handoffTarget >= 0 { out.gilHandoffTarget = Int(process.gil.handoffTarget) }
            out.waitersAhead = process.gil.waiters.firstIndex(of: Int32(t)) ?? 0
            out.dropRequestAt = thread.waitTimerEnd
            out.dropRequestPending = process.gil.dropRequest
        case .noCore:
            out.coreHolders = scheduler.coreThread.filter { $0 >= 0 }.map(Int.init)
        case .poolWait:
            // The thread's request has just met its `acquire`: the instruction before its cursor.
            let task = Int(thread.task)
            if task >= 0, tasks[task].cursor.pc > 0, case .acquire(let pool) = program.instructions[Int(tasks[task].cursor.pc) - 1] {
                out.connectionPool = pools.connectionPools[Int(pool)].name
                out.connectionHolders = liveTasks.filter {
                    $0 != task && program.heldPools(job: Int(tasks[$0].job), pc: tasks[$0].cursor.pc).contains(pool)
                }
                .map { work(ofTask: Int32($0))! }
            }
        default:
            break
        }
        let loop = processes[p].loop.thread
        if loop >= 0, processes[p].loop.blockedSince != nil {
            out.loopBlocker = work(ofTask: threads[Int(loop)].task)
        }
        return out
    }

    /// The in-flight tasks (requests and background tasks), by slot.
    private var liveTasks: [Int] {
        let free = Set(freeTaskSlots.map(Int.init))
        return tasks.indices.filter { !free.contains($0) }
    }

    /// The request or task in slot `task` (-1: none), and the step it is in.
    private func work(ofTask task: Int32) -> WorkDescription? {
        guard task >= 0 else { return nil }
        let record = tasks[Int(task)]
        let pc = Int(record.cursor.pc)
        let step: String? =
            switch pc > 0 ? program.instructions[pc - 1] : .taskEnd {
            case .cpu: "cpu"
            case .native: "native"
            case .io: "io"
            case .blocking: "blocking"
            case .acquire: "hold"
            default: nil
            }
        let pool = record.background >= 0 ? pools.workerPools[Int(record.background)].name : nil
        return WorkDescription(request: record.request + 1, job: jobNames[Int(record.job)], step: step, pool: pool)
    }
}

extension JobProgram {
    /// The connection pools a task of `job` holds when its next instruction is `pc`: the
    /// `acquire`s on the way from the job's entry that no `release` has matched. An enqueued
    /// body is skipped unless `pc` lies inside it (then the task is that background task).
    func heldPools(job: Int, pc: Int32) -> [Int32] {
        var held: [Int32] = []
        var i = Int(entries[job])
        while i < Int(pc), i < instructions.count {
            switch instructions[i] {
            case .acquire(let pool): held.append(pool)
            case .release(let pool): if let k = held.lastIndex(of: pool) { held.remove(at: k) }
            case .enqueue(_, let end) where Int(end) <= Int(pc):
                i = Int(end)
                continue
            case .enqueue:
                held = []  // the task is the enqueued body: it holds only what it took itself
            default: break
            }
            i += 1
        }
        return held
    }
}
