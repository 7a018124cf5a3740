extension TraceExport {
    /// A real run's lanes (`gilview verify --trace`), beside the simulated runs written by
    /// `beginModel`…`endModel`, with the same tracks and slice names: a process per Python
    /// process named `name` (" · P2" when there are several), a track per thread named as on the
    /// dashboard, a slice per state (idle left out; a request's work carries its number and
    /// job), and each process's GIL, held by whichever thread was running Python.
    ///
    /// - Parameter jobOfRequest: each planned request's job, by request index.
    public mutating func measuredModel(
        _ measured: MeasuredTimeline, name: String, gil: Bool, jobNames: [String],
        jobOfRequest: [Int]
    ) throws {
        let names = WorkNames(jobs: jobNames.map(JSONOutput.quoted), workerPools: [])
        var pids: [Int] = []
        for p in 0..<measured.processes {
            pids.append(events.takeID())
            events.metadata(pid: pids[p], tid: nil, "process_name", measured.processes > 1 ? "\(name) · P\(p + 1)" : name)
        }
        for lane in measured.lanes {
            let tid = events.takeID()
            events.metadata(pid: pids[lane.process], tid: tid, "thread_name", lane.label)
            for segment in lane.segments where segment.activity != .idle {
                let work =
                    jobOfRequest.indices.contains(segment.request)
                    ? WorkRef(request: segment.request, job: jobOfRequest[segment.request]) : nil
                events.slice(
                    pid: pids[lane.process], tid: tid, name: TraceEvents.sliceName(segment.activity),
                    segment.start, segment.end, work: work, names: names, window: .all)
            }
            try events.output.flushIfFull()
        }
        guard gil else { return }
        for p in 0..<measured.processes {
            let tid = events.takeID()
            events.metadata(pid: pids[p], tid: tid, "thread_name", "GIL")
            let history = measured.timeline.gil(process: p)
            for (k, change) in history.enumerated() {
                guard case .held(let thread) = change.value, k + 1 < history.count else { continue }
                events.slice(
                    pid: pids[p], tid: tid, name: "\"held by T\(thread + 1)\"", change.start, history[k + 1].start,
                    work: nil, names: names, window: .all)
            }
        }
    }
}
