import DequeModule

/// The scheduler's state: which thread runs on each core, the free cores, the threads waiting
/// for one, and its two settings.
struct CoreSchedulerState {
    let timeslice: SimTime
    let wakeUp: WakeUpPreemption
    /// The thread running on each core, or -1.
    private(set) var coreThread: EngineArray<Int32>
    /// The free cores, taken from the end.
    private(set) var freeCores: EngineArray<Int32>
    /// Runnable threads waiting for a core, first in line first.
    var runQueue = Deque<Int32>()
    /// A time-slice preemption is scheduled: one at a time.
    var preemptPending = false

    init(cores: Int, timeslice: SimTime) {
        self.timeslice = timeslice
        wakeUp = WakeUpPreemption(cores: cores)
        coreThread = EngineArray(repeating: -1, count: cores)
        freeCores = EngineArray((0..<Int32(cores)).reversed())
    }

    /// Copies the engine arrays a snapshot shares (see `ModelSimulation.makeStateUnique`).
    mutating func makeUnique() {
        coreThread.makeUnique()
        freeCores.makeUnique()
    }

    /// A free core, taken, if there is one.
    @inline(__always)
    mutating func takeFreeCore() -> Int32? { freeCores.popLast() }

    @inline(__always)
    mutating func occupy(_ core: Int32, by t: Int32) { coreThread[Int(core)] = t }

    /// Empties `core` and returns the first thread in line, who takes it; with no one in line
    /// the core joins the free ones (nil). A core is never free while a thread waits for one.
    @inline(__always)
    mutating func vacate(_ core: Int32) -> Int32? {
        coreThread[Int(core)] = -1
        if let next = runQueue.popFirst() { return next }
        freeCores.append(core)
        return nil
    }

    /// Puts a waiting thread first in line; false if it is not in line.
    mutating func moveToFront(_ t: Int32) -> Bool {
        guard let index = runQueue.firstIndex(of: t) else { return false }
        runQueue.remove(at: index)
        runQueue.prepend(t)
        return true
    }
}

/// The operating system's scheduler: cores, the run queue of threads waiting for one,
/// round-robin time slices while any thread waits, and wake-up preemption. A thread needs a core
/// to run Python or C code; it gives its core up when it blocks, waits for the GIL, or its slice
/// is over.
extension ModelSimulation {
    /// Runs the thread's current compute segment: on its core, on a free core, or queued for one.
    /// A thread without a core here has just woken (from I/O, a GIL hand-off, a new request).
    @inline(__always)
    mutating func compute(_ t: Int32) {
        if threads[Int(t)].core >= 0 {
            beginSegment(t)
        } else if let core = scheduler.takeFreeCore() {
            giveCore(core, to: t)
        } else {
            setActivity(t, .noCore)
            if wakeUpPreempts(t) {
                // First in line, and it takes a core after the current event: preempting here
                // could stop the very thread whose step woke it, in the middle of that step.
                scheduler.runQueue.prepend(t)
                schedule(.wakeUpPreempt, thread: t, at: now)
            } else {
                scheduler.runQueue.append(t)
            }
            schedulePreemptionIfNeeded()
        }
    }

    /// Linux's wake-up preemption, as CFS states it (kernel/sched/fair.c, `place_entity` with
    /// GENTLE_FAIR_SLEEPERS and `wakeup_preempt_entity`): a waking task's vruntime is moved up to
    /// at most `sleeperCredit` behind the least-run runnable task, and it preempts the running task
    /// that has run most if that one is ahead of it by more than `granularity`. A task that slept
    /// while another computed so runs at once; one that used its share of the core does not jump
    /// the queue. EEVDF (Linux 6.6+) gives a waking task its lag back, to the same effect here.
    private mutating func wakeUpPreempts(_ t: Int32) -> Bool {
        var leastRuntime = scheduler.runQueue.first.map { threads[Int($0)].vruntime } ?? .max
        guard let (_, mostRuntime) = mostRunThread() else { return false }
        for running in scheduler.coreThread where running >= 0 { leastRuntime = min(leastRuntime, currentVruntime(running)) }
        let placed = max(threads[Int(t)].vruntime, leastRuntime - scheduler.wakeUp.sleeperCredit)
        threads[Int(t)].vruntime = placed
        return mostRuntime - placed > scheduler.wakeUp.granularity
    }

    /// The woken thread, still waiting, takes the core of the running thread that has run most,
    /// which goes to the back of the run queue as at the end of its slice (still holding the GIL
    /// if it did).
    mutating func takeCoreOnWakeUp(_ t: Int32) {
        guard let (victim, _) = mostRunThread() else { return }
        // First in line (a later waker may have been put before it), so the freed core is its.
        guard scheduler.moveToFront(t) else { return }
        preempt(victim)
        schedulePreemptionIfNeeded()
    }

    /// The scheduler stops a running thread: it keeps what is left of its segment, goes to the
    /// back of the run queue and its core to the first in line. Queued before the core is freed:
    /// the thread that takes the core may give it straight back (a pending GIL drop), and then
    /// this one must get it, not leave it idle.
    private mutating func preempt(_ t: Int32) {
        threads[Int(t)].remaining -= now - threads[Int(t)].runStart
        setActivity(t, .noCore)
        scheduler.runQueue.append(t)
        releaseCore(t)
    }

    private func currentVruntime(_ t: Int32) -> SimTime {
        threads[Int(t)].vruntime + now - threads[Int(t)].runStart
    }

    private func mostRunThread() -> (Int32, SimTime)? {
        var most: (Int32, SimTime)?
        for running in scheduler.coreThread where running >= 0 {
            let runtime = currentVruntime(running)
            if runtime > most?.1 ?? .min { most = (running, runtime) }
        }
        return most
    }

    /// The core time used so far: the busy total and what the running threads have used since
    /// they last got their cores or began their segments.
    var busyCoreTime: SimTime {
        var busy = metrics.busyCoreTime
        for t in scheduler.coreThread where t >= 0 { busy += now - threads[Int(t)].runStart }
        return busy
    }

    /// Adds the core time the thread used since `runStart` to the busy total and its vruntime.
    @inline(__always)
    mutating func chargeCoreTime(_ t: Int32) {
        let ran = now - threads[Int(t)].runStart
        metrics.busyCoreTime += ran
        threads[Int(t)].vruntime += ran
        threads[Int(t)].runStart = now
    }

    @inline(__always)
    mutating func beginSegment(_ t: Int32) {
        setActivity(t, threads[Int(t)].runsPython ? .running : .native)
        schedule(.segmentEnd, thread: t, at: now + threads[Int(t)].remaining)
    }

    @inline(__always)
    mutating func giveCore(_ core: Int32, to t: Int32) {
        scheduler.occupy(core, by: t)
        threads[Int(t)].core = core
        threads[Int(t)].runStart = now
        threads[Int(t)].sliceStart = now
        metrics.contextSwitches += 1
        timeline?.record(core: Int(core), .running(thread: Int(t)), at: now)
        let p = Int(threads[Int(t)].process)
        if threads[Int(t)].holdsGIL && processes[p].gil.dropRequest {
            // Its first check of the eval breaker: a waiter asked for the GIL while it had no core.
            forceDrop(t)
        } else {
            beginSegment(t)
        }
    }

    /// Frees the thread's core, if it has one, and hands it to the first runnable thread.
    mutating func releaseCore(_ t: Int32) {
        let core = threads[Int(t)].core
        guard core >= 0 else { return }
        chargeCoreTime(t)
        threads[Int(t)].core = -1
        timeline?.record(core: Int(core), .idle, at: now)
        if let next = scheduler.vacate(core) { giveCore(core, to: next) }
    }

    /// Round-robin time slicing, only while threads wait for a core: the running thread whose
    /// slice began first is preempted when its slice ends.
    mutating func schedulePreemptionIfNeeded() {
        guard !scheduler.preemptPending, !scheduler.runQueue.isEmpty else { return }
        var victim: Int32 = -1
        var oldest = SimTime.max
        for t in scheduler.coreThread where t >= 0 && threads[Int(t)].sliceStart < oldest {
            victim = t
            oldest = threads[Int(t)].sliceStart
        }
        guard victim >= 0 else { return }
        scheduler.preemptPending = true
        schedule(.preempt, thread: victim, at: max(now, oldest + scheduler.timeslice))
    }

    /// A time slice ran out while threads wait for a core: the thread goes to the back of the
    /// run queue and its core to the first in line. Nil: the thread moved on since the
    /// preemption was scheduled (a stale event), so no preemption, but the run queue may still
    /// need one.
    mutating func timesliceEnded(_ t: Int32?) {
        scheduler.preemptPending = false
        if let t, !scheduler.runQueue.isEmpty, threads[Int(t)].core >= 0 { preempt(t) }
        schedulePreemptionIfNeeded()
    }
}

/// The two constants of wake-up preemption, from CFS's defaults (6 ms `sched_latency`, of which
/// half is a sleeper's credit, and 1 ms `sched_wakeup_granularity`), scaled as Linux scales them
/// by 1 + log2 of the cores, up to 8.
struct WakeUpPreemption: Sendable {
    let sleeperCredit: SimTime
    let granularity: SimTime

    init(cores: Int) {
        let factor = SimTime(Int.bitWidth - min(max(cores, 1), 8).leadingZeroBitCount)  // 1 + log2
        sleeperCredit = 3 * Time.millisecond * factor
        granularity = Time.millisecond * factor
    }
}
