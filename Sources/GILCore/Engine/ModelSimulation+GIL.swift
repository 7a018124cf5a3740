/// The GIL, as CPython 3.2+ runs it (`Python/ceval_gil.c`): one holder per process; a thread that
/// wants it waits one switch interval, then sets a drop request; the holder answers at its next
/// eval-breaker check by handing it to the first waiter and queueing behind it (FORCE_SWITCHING).
/// The hand-off takes `gil_handoff` (the waiter being woken). Waiters are served in order: the
/// real order is the OS's (docs/engine.md).
extension ModelSimulation {
    mutating func acquireGIL(_ t: Int32) {
        let p = Int(threads[Int(t)].process)
        if processes[p].gilHolder < 0 && processes[p].handoffTarget < 0 && processes[p].gilWaiters.isEmpty {
            takeGIL(t)
            compute(t)
        } else {
            waitForGIL(t)
        }
    }

    mutating func waitForGIL(_ t: Int32) {
        let p = Int(threads[Int(t)].process)
        releaseCore(t)
        threads[Int(t)].waitSwitchNumber = processes[p].switchNumber
        setActivity(t, .gilWait)
        processes[p].gilWaiters.append(t)
        threads[Int(t)].waitTimerEnd = now + switchInterval
        schedule(.gilTimeout, thread: t, at: now + switchInterval)
    }

    @inline(__always)
    mutating func takeGIL(_ t: Int32) {
        let p = Int(threads[Int(t)].process)
        processes[p].gilHolder = t
        processes[p].switchNumber &+= 1
        processes[p].dropRequest = false
        processes[p].gilHeldSince = now
        if processes[p].lastHolder != t { metrics.gilSwitches += 1 }
        processes[p].lastHolder = t
        threads[Int(t)].holdsGIL = true
        if observed { observeGIL(process: p, .held(byThread: Int(t))) }
    }

    /// Releases the GIL if the thread holds it; the first waiter gets it after the hand-off delay.
    mutating func releaseGIL(_ t: Int32) {
        guard threads[Int(t)].holdsGIL else { return }
        let p = Int(threads[Int(t)].process)
        threads[Int(t)].holdsGIL = false
        processes[p].gilHolder = -1
        processes[p].gilHeldTime += now - processes[p].gilHeldSince
        guard let next = processes[p].gilWaiters.popFirst() else {
            if observed { observeGIL(process: p, .free) }
            return
        }
        if observed { observeGILWake(process: p, from: t, to: next) }
        if gilHandoff == 0 {
            takeGIL(next)
            compute(next)
        } else {
            processes[p].handoffTarget = next
            if observed { observeGIL(process: p, .handingOff) }
            events.schedule(.gilHandoff(process: Int32(p)), at: now + gilHandoff)
        }
    }

    mutating func completeHandoff(process p: Int) {
        let t = processes[p].handoffTarget
        processes[p].handoffTarget = -1
        takeGIL(t)
        compute(t)
    }

    /// A waiter's interval ran out. As in CPython's `take_gil`: if the GIL has not changed hands
    /// since the wait (re)started, ask the holder to drop it; either way, wait another interval.
    mutating func gilWaitTimedOut(_ t: Int32) {
        let p = Int(threads[Int(t)].process)
        if processes[p].switchNumber == threads[Int(t)].waitSwitchNumber, processes[p].gilHolder >= 0 {
            let holder = processes[p].gilHolder
            if threads[Int(holder)].core >= 0 {
                forceDrop(holder)
            } else {
                processes[p].dropRequest = true
            }
        }
        guard threads[Int(t)].activity == .gilWait else { return }
        threads[Int(t)].waitSwitchNumber = processes[p].switchNumber
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
