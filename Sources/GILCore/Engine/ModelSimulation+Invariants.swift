extension ModelSimulation {
    /// Checks the engine's invariants at this instant and describes every violation (none: empty).
    /// Tests call it after every event; it is O(threads + cores).
    @_spi(Testing) public func invariantViolations() -> [String] {
        var problems: [String] = []
        var holders = Array(repeating: 0, count: processes.count)
        var running = 0
        for (i, thread) in threads.enumerated() {
            if thread.holdsGIL { holders[Int(thread.process)] += 1 }
            let onCore = thread.activity == .running || thread.activity == .native
            if onCore { running += 1 }
            if onCore != (thread.core >= 0) {
                problems.append("t=\(now): thread \(i) is \(thread.activity) but its core is \(thread.core)")
            }
            if thread.core >= 0, scheduler.coreThread[Int(thread.core)] != Int32(i) {
                problems.append("t=\(now): thread \(i) claims core \(thread.core), which runs \(scheduler.coreThread[Int(thread.core)])")
            }
            if thread.activity == .running, spec.gil, !thread.holdsGIL {
                problems.append("t=\(now): thread \(i) runs Python without the GIL")
            }
            if let holder = connections?.holder, thread.task >= 0, thread.role != .executor {
                // A kept connection's request runs on the worker process that holds it.
                let task = tasks[Int(thread.task)]
                if task.client >= 0, task.background < 0, !holder.isEmpty, holder[Int(task.client)] != thread.process {
                    problems.append(
                        "t=\(now): thread \(i) of process \(thread.process) serves a request on a connection held by \(holder[Int(task.client)])"
                    )
                }
            }
        }
        for (p, count) in holders.enumerated() {
            if count > 1 { problems.append("t=\(now): process \(p) has \(count) GIL holders") }
            let holder = processes[p].gil.holder
            if (holder >= 0) != (count == 1) || (holder >= 0 && !threads[Int(holder)].holdsGIL) {
                problems.append("t=\(now): process \(p) records holder \(holder) but \(count) threads hold its GIL")
            }
        }
        var queued = Set<Int32>()
        for t in scheduler.runQueue {
            if !queued.insert(t).inserted { problems.append("t=\(now): thread \(t) is in the run queue twice") }
            if threads[Int(t)].activity != .noCore {
                problems.append("t=\(now): thread \(t) waits for a core but is \(threads[Int(t)].activity)")
            }
        }
        if running > cores { problems.append("t=\(now): \(running) threads running on \(cores) cores") }
        if !scheduler.runQueue.isEmpty && !scheduler.freeCores.isEmpty {
            problems.append("t=\(now): \(scheduler.runQueue.count) threads wait for a core while \(scheduler.freeCores.count) are free")
        }
        return problems
    }
}
