import DequeModule

/// The operating system's scheduler: cores, the run queue of threads waiting for one, and
/// round-robin time slices while any thread waits. A thread needs a core to run Python or C
/// code; it gives its core up when it blocks, waits for the GIL, or its slice is over.
extension ModelSimulation {
    /// Runs the thread's current compute segment: on its core, on a free core, or queued for one.
    @inline(__always)
    mutating func compute(_ t: Int32) {
        if threads[Int(t)].core >= 0 {
            beginSegment(t)
        } else if let core = freeCores.popLast() {
            giveCore(core, to: t)
        } else {
            setActivity(t, .noCore)
            runQueue.append(t)
            schedulePreemptionIfNeeded()
        }
    }

    @inline(__always)
    mutating func beginSegment(_ t: Int32) {
        setActivity(t, threads[Int(t)].runsPython ? .running : .native)
        schedule(.segmentEnd, thread: t, at: now + threads[Int(t)].remaining)
    }

    @inline(__always)
    mutating func giveCore(_ core: Int32, to t: Int32) {
        coreThread[Int(core)] = t
        threads[Int(t)].core = core
        threads[Int(t)].runStart = now
        threads[Int(t)].sliceStart = now
        metrics.contextSwitches += 1
        timeline?.record(core: Int(core), .running(thread: Int(t)), at: now)
        let p = Int(threads[Int(t)].process)
        if threads[Int(t)].holdsGIL && processes[p].dropRequest {
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
        metrics.busyCoreTime += now - threads[Int(t)].runStart
        threads[Int(t)].core = -1
        coreThread[Int(core)] = -1
        timeline?.record(core: Int(core), .idle, at: now)
        if let next = runQueue.popFirst() {
            giveCore(core, to: next)
        } else {
            freeCores.append(core)
        }
    }

    /// Round-robin time slicing, only while threads wait for a core: the running thread whose
    /// slice began first is preempted when its slice ends.
    mutating func schedulePreemptionIfNeeded() {
        guard !preemptPending, !runQueue.isEmpty else { return }
        var victim: Int32 = -1
        var oldest = SimTime.max
        for t in coreThread where t >= 0 && threads[Int(t)].sliceStart < oldest {
            victim = t
            oldest = threads[Int(t)].sliceStart
        }
        guard victim >= 0 else { return }
        preemptPending = true
        schedule(.preempt, thread: victim, at: max(now, oldest + timeslice))
    }

    /// A time slice ran out while threads wait for a core: the thread goes to the back of the
    /// run queue and its core to the first in line.
    mutating func timesliceEnded(_ t: Int32) {
        preemptPending = false
        if !runQueue.isEmpty, threads[Int(t)].core >= 0 {
            threads[Int(t)].remaining -= now - threads[Int(t)].runStart
            // Queue it before freeing the core: the thread that takes the core may give it
            // straight back (a pending GIL drop), and then this one must get it, not leave it idle.
            setActivity(t, .noCore)
            runQueue.append(t)
            releaseCore(t)
        }
        schedulePreemptionIfNeeded()
    }
}
