import DequeModule

/// One process's GIL: its holder, its waiters, and the switch number drop requests go by.
struct ProcessGILState {
    var holder: Int32 = -1
    /// A waiter the GIL has been released to but who does not hold it yet (it is being woken).
    var handoffTarget: Int32 = -1
    var lastHolder: Int32 = -1
    /// Served first-come first-served (CPython leaves the order to the OS; FIFO is our choice).
    var waiters = Deque<Int32>()
    /// Incremented each time a thread takes the GIL, as in CPython's `ceval_gil.c`.
    var switchNumber: UInt64 = 0
    /// Set when a waiter timed out while the holder had no core to notice it on.
    var dropRequest = false
    var heldTime: SimTime = 0
    var heldSince: SimTime = 0

    /// No holder, no one being handed it, no one waiting: a thread that wants it takes it at once.
    var isUncontended: Bool { holder < 0 && handoffTarget < 0 && waiters.isEmpty }

    /// The time it has been held, up to `now`.
    func held(at now: SimTime) -> SimTime { heldTime + (holder >= 0 ? now - heldSince : 0) }

    /// Thread `t` takes it: a new switch number, any drop request answered. Returns whether it
    /// changed hands (another thread held it last).
    @inline(__always)
    mutating func take(by t: Int32, at now: SimTime) -> Bool {
        holder = t
        switchNumber &+= 1
        dropRequest = false
        heldSince = now
        defer { lastHolder = t }
        return lastHolder != t
    }

    /// The holder lets it go; returns the first waiter, who gets it next, if any.
    @inline(__always)
    mutating func release(at now: SimTime) -> Int32? {
        holder = -1
        heldTime += now - heldSince
        return waiters.popFirst()
    }
}

/// The GIL, as CPython 3.2+ runs it (`Python/ceval_gil.c`): one holder per process; a thread that
/// wants it waits one switch interval, then sets a drop request; the holder answers at its next
/// eval-breaker check by handing it to the first waiter and queueing behind it (FORCE_SWITCHING).
/// The hand-off takes `gil_handoff` (the waiter being woken). Waiters are served in order: the
/// real order is the OS's (docs/engine.md).
extension ModelSimulation {
    mutating func acquireGIL(_ t: Int32) {
        let p = Int(threads[Int(t)].process)
        if processes[p].gil.isUncontended {
            takeGIL(t)
            compute(t)
        } else {
            waitForGIL(t)
        }
    }

    mutating func waitForGIL(_ t: Int32) {
        let p = Int(threads[Int(t)].process)
        releaseCore(t)
        threads[Int(t)].waitSwitchNumber = processes[p].gil.switchNumber
        setActivity(t, .gilWait)
        processes[p].gil.waiters.append(t)
        threads[Int(t)].waitTimerEnd = now + switchInterval
        schedule(.gilTimeout, thread: t, at: now + switchInterval)
    }

    @inline(__always)
    mutating func takeGIL(_ t: Int32) {
        let p = Int(threads[Int(t)].process)
        if processes[p].gil.take(by: t, at: now) { metrics.gilSwitches += 1 }
        threads[Int(t)].holdsGIL = true
        if observed { observeGIL(process: p, .held(byThread: Int(t))) }
    }

    /// Releases the GIL if the thread holds it; the first waiter gets it after the hand-off delay.
    mutating func releaseGIL(_ t: Int32) {
        guard threads[Int(t)].holdsGIL else { return }
        let p = Int(threads[Int(t)].process)
        threads[Int(t)].holdsGIL = false
        guard let next = processes[p].gil.release(at: now) else {
            if observed { observeGIL(process: p, .free) }
            return
        }
        if observed { observeGILWake(process: p, from: t, to: next) }
        if gilHandoff == 0 {
            takeGIL(next)
            compute(next)
        } else {
            processes[p].gil.handoffTarget = next
            if observed { observeGIL(process: p, .handingOff) }
            events.schedule(.gilHandoff(process: Int32(p)), at: now + gilHandoff)
        }
    }

    mutating func completeHandoff(process p: Int) {
        let t = processes[p].gil.handoffTarget
        processes[p].gil.handoffTarget = -1
        takeGIL(t)
        compute(t)
    }

    /// A waiter's interval ran out. As in CPython's `take_gil`: if the GIL has not changed hands
    /// since the wait (re)started, ask the holder to drop it; either way, wait another interval.
    mutating func gilWaitTimedOut(_ t: Int32) {
        let p = Int(threads[Int(t)].process)
        if processes[p].gil.switchNumber == threads[Int(t)].waitSwitchNumber, processes[p].gil.holder >= 0 {
            let holder = processes[p].gil.holder
            if threads[Int(holder)].core >= 0 {
                forceDrop(holder)
            } else {
                processes[p].gil.dropRequest = true
            }
        }
        guard threads[Int(t)].activity == .gilWait else { return }
        threads[Int(t)].waitSwitchNumber = processes[p].gil.switchNumber
        threads[Int(t)].waitTimerEnd = now + switchInterval
        schedule(.gilTimeout, thread: t, at: now + switchInterval)
    }

    /// The holder answers a drop request: gives the GIL to the first waiter, then queues behind
    /// it, so it cannot take the GIL straight back (CPython's FORCE_SWITCHING).
    mutating func forceDrop(_ t: Int32) {
        threads[Int(t)].remaining -= now - threads[Int(t)].runStart
        releaseCore(t)
        releaseGIL(t)
        waitForGIL(t)
    }
}
