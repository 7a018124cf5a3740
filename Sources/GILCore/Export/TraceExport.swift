/// `gilview export --trace`: a run as Chrome trace-event JSON, which Perfetto (ui.perfetto.dev)
/// and chrome://tracing open.
///
/// Per model: a process per Python process ("MODEL", or "MODEL · P2" when it has several) with
/// a track per thread, named as on the dashboard ("T3", "T1 loop", "T5 exec"), holding a slice
/// per state (idle left out), and the process's GIL on a track of its own ("GIL": a slice per
/// holder, "held by T3", and per hand-off); a process "MODEL · requests" with a track per
/// in-flight slot, holding each request's time in each of the report's states, so that those
/// slices add up to the report's figures. Slices are complete events ("X") in µs, exact to the
/// nanosecond; on any one track they never overlap. Slices of a request's work carry its number
/// (from 1) and job in `args`. Counters ("C"): each model's queued requests and requests in
/// flight, each process's threads waiting for its GIL. Flows: from a GIL release, on the
/// releasing thread, to the waiter it wakes, when that one takes the GIL.
///
/// Events are written as the run produces them (Perfetto sorts them), so memory stays flat.
public struct TraceExport {
    var events: TraceEvents
    private var model: ModelTrack?

    public init(title: String, output: ExportOutput) {
        events = TraceEvents(output: output)
        events.output.append("{\"otherData\":{\"title\":")
        events.output.appendJSONString(title)
        events.output.append(",\"generator\":\"gilview export\"},\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n")
    }

    /// Starts the events of one model, whose simulation is about to run: names its processes
    /// (after the model, or `name`) and the threads it has so far. Only what happens within
    /// `window` is written.
    public mutating func beginModel(
        _ simulation: ModelSimulation, jobNames: [String], workerPools: [String],
        window: ExportWindow, name: String? = nil
    ) {
        model = ModelTrack(
            simulation, name: name ?? simulation.spec.name, jobNames: jobNames, workerPools: workerPools,
            window: window, events: &events)
    }

    /// Writes the events of recorded changes, in the order the engine made them.
    public mutating func record(_ changes: [RecordedChange], simulation: ModelSimulation) throws {
        for change in changes {
            switch change {
            case .thread(let t, let activity, let work, let at):
                if t >= model!.threads.count { model!.nameNewThreads(simulation, events: &events) }
                model!.threadChanged(t, activity, work: work, at: at, events: &events)
            case .gil(let p, let state, let work, let at):
                model!.gilChanged(p, state, holderWork: work, at: at, events: &events)
            case .gilWake(_, let from, let to, let at, let taken):
                model!.flow(from: from, to: to, released: at, taken: taken, events: &events)
            case .requestState(let span):
                model!.requestSpan(span, events: &events)
            }
            try events.output.flushIfFull()
        }
    }

    /// The model's request counts at `time`; written when they change (the last value at each instant).
    public mutating func requestCounts(_ counts: RequestCounts, at time: SimTime) {
        model?.requestCounts(counts, at: time, events: &events)
    }

    /// Ends the model at `end`: closes the spans still open there, in-flight requests' included.
    public mutating func endModel(at end: SimTime, openRequests: [RequestStateSpan]) throws {
        model?.end(at: end, openRequests: openRequests, events: &events)
        model = nil
        try events.output.flushIfFull()
    }

    /// Closes the JSON and writes out what is left; returns the bytes written in all.
    public mutating func finish() throws -> Int {
        events.output.append("\n]}\n")
        try events.output.flush()
        return events.output.written
    }
}

/// What an export writes: the simulated time from `from` to `to`.
public struct ExportWindow: Sendable, Equatable {
    public var from: SimTime
    public var to: SimTime

    public init(from: SimTime = 0, to: SimTime = .max) {
        self.from = from
        self.to = to
    }

    /// The whole run.
    public static let all = ExportWindow()
}

/// One model's tracks, and the state each is in, while its events are written.
private struct ModelTrack {
    let window: ExportWindow
    let names: WorkNames
    var processPids: [Int] = []
    var gilTids: [Int] = []
    let requestsPid: Int
    var threads: [ThreadTrack] = []
    var gils: [GILTrack]
    var slotTids: [Int] = []
    var gilWaiters: [Counter]
    var requests = Counter()

    /// Names the model's processes, GILs and threads so far.
    init(
        _ simulation: ModelSimulation, name: String, jobNames: [String], workerPools: [String], window: ExportWindow,
        events: inout TraceEvents
    ) {
        let processes = simulation.processSnapshots.count
        self.window = window
        names = WorkNames(jobs: jobNames.map(JSONOutput.quoted), workerPools: workerPools.map(JSONOutput.quoted))
        gils = Array(repeating: GILTrack(state: .free, work: nil, since: 0), count: processes)
        gilWaiters = Array(repeating: Counter(), count: processes)
        for p in 0..<processes {
            processPids.append(events.takeID())
            events.metadata(pid: processPids[p], tid: nil, "process_name", processes > 1 ? "\(name) · P\(p + 1)" : name)
            if simulation.spec.gil {
                gilTids.append(events.takeID())
                events.metadata(pid: processPids[p], tid: gilTids[p], "thread_name", "GIL")
            }
        }
        requestsPid = events.takeID()
        events.metadata(pid: requestsPid, tid: nil, "process_name", "\(name) · requests")
        nameNewThreads(simulation, events: &events)
    }

    mutating func nameNewThreads(_ simulation: ModelSimulation, events: inout TraceEvents) {
        let snapshots = simulation.threadSnapshots
        for t in threads.count..<snapshots.count {
            let thread = snapshots[t]
            threads.append(ThreadTrack(tid: events.takeID(), process: thread.process))
            events.metadata(
                pid: processPids[thread.process], tid: threads[t].tid, "thread_name",
                ThreadSnapshot.label(t, role: thread.role))
        }
    }

    mutating func threadChanged(
        _ t: Int, _ activity: ThreadActivity, work: WorkRef?, at time: SimTime,
        events: inout TraceEvents
    ) {
        let old = threads[t].activity
        if old != activity || threads[t].work != work {
            closeThreadSpan(t, at: time, events: &events)
            threads[t].activity = activity
            threads[t].work = work
            threads[t].since = time
        }
        if (old == .gilWait) != (activity == .gilWait) {
            let p = threads[t].process
            let waiters = gilWaiters[p].current.0 + (activity == .gilWait ? 1 : -1)
            if let due = gilWaiters[p].update((waiters, 0), at: time, window: window) {
                events.counter(pid: processPids[p], "GIL", ("waiters", due.values.0), nil, at: due.time)
            }
        }
    }

    private func closeThreadSpan(_ t: Int, at end: SimTime, events: inout TraceEvents) {
        let span = threads[t]
        guard span.activity != .idle else { return }
        events.slice(
            pid: processPids[span.process], tid: span.tid, name: TraceEvents.sliceName(span.activity), span.since, end,
            work: span.work, names: names, window: window)
    }

    mutating func gilChanged(_ p: Int, _ state: GILState, holderWork: WorkRef?, at time: SimTime, events: inout TraceEvents) {
        closeGILSpan(p, at: time, events: &events)
        gils[p] = GILTrack(state: state, work: holderWork, since: time)
    }

    private func closeGILSpan(_ p: Int, at end: SimTime, events: inout TraceEvents) {
        guard p < gilTids.count else { return }
        let span = gils[p]
        let name: String
        switch span.state {
        case .free: return
        case .handingOff: name = "\"hand-off\""
        case .held(let thread): name = "\"held by T\(thread + 1)\""
        }
        events.slice(
            pid: processPids[p], tid: gilTids[p], name: name, span.since, end, work: span.work, names: names,
            window: window)
    }

    mutating func requestSpan(_ span: RequestStateSpan, events: inout TraceEvents) {
        while slotTids.count <= span.slot {
            slotTids.append(events.takeID())
            events.metadata(pid: requestsPid, tid: slotTids.last!, "thread_name", "request slot \(slotTids.count)")
        }
        events.slice(
            pid: requestsPid, tid: slotTids[span.slot], name: TraceEvents.sliceName(span.state), span.start, span.end,
            work: WorkRef(request: span.request, job: span.job), names: names, window: window)
    }

    mutating func requestCounts(_ counts: RequestCounts, at time: SimTime, events: inout TraceEvents) {
        if let due = requests.update((counts.queueLength, counts.inFlight), at: time, window: window) {
            events.counter(pid: processPids[0], "requests", ("queued", due.values.0), ("in_flight", due.values.1), at: due.time)
        }
    }

    /// A flow from the releasing thread's slice that ends at `released` to the slice the waiter
    /// starts when it takes the GIL, each bound 1 ns inside its slice (a flow binds to the slice
    /// enclosing its timestamp). Only flows wholly inside the window.
    func flow(from: Int, to: Int, released: SimTime, taken: SimTime, events: inout TraceEvents) {
        guard released - 1 >= window.from, taken + 1 <= window.to else { return }
        events.flow(
            from: (processPids[threads[from].process], threads[from].tid, released - 1),
            to: (processPids[threads[to].process], threads[to].tid, taken + 1))
    }

    mutating func end(at end: SimTime, openRequests: [RequestStateSpan], events: inout TraceEvents) {
        for t in threads.indices { closeThreadSpan(t, at: end, events: &events) }
        for p in gils.indices {
            closeGILSpan(p, at: end, events: &events)
            if let due = gilWaiters[p].flush(window: window) {
                events.counter(pid: processPids[p], "GIL", ("waiters", due.values.0), nil, at: due.time)
            }
        }
        if let due = requests.flush(window: window) {
            events.counter(pid: processPids[0], "requests", ("queued", due.values.0), ("in_flight", due.values.1), at: due.time)
        }
        for span in openRequests { requestSpan(span, events: &events) }
    }
}

/// A model's job and worker-pool names, as JSON strings, for the slices' `args`.
struct WorkNames {
    let jobs: [String]
    let workerPools: [String]
}

/// The trace's event writer: ids, and each kind of event as one line of JSON.
struct TraceEvents {
    var output: ExportOutput
    /// Process and thread ids come from one counter: no id is used twice in a trace.
    private var nextID = 1
    private var nextFlow = 1
    private var count = 0

    init(output: ExportOutput) {
        self.output = output
    }

    mutating func takeID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    private mutating func separator() {
        if count > 0 { output.append(",\n") }
        count += 1
    }

    mutating func metadata(pid: Int, tid: Int?, _ kind: StaticString, _ name: String) {
        separator()
        output.append("{\"ph\":\"M\",\"pid\":")
        output.append(pid)
        if let tid {
            output.append(",\"tid\":")
            output.append(tid)
        }
        output.append(",\"name\":\"")
        output.append(kind)
        output.append("\",\"args\":{\"name\":")
        output.appendJSONString(name)
        output.append("}}")
    }

    /// A complete event for [start, end) clipped to the window; nothing if none of it is inside.
    /// `name` is JSON already. `args` say what work it is part of: the request's number (from
    /// 1) and job, and the worker pool for a task sent to one.
    mutating func slice(
        pid: Int, tid: Int, name: String, _ start: SimTime, _ end: SimTime, work: WorkRef?, names: WorkNames,
        window: ExportWindow
    ) {
        let from = max(start, window.from), to = min(end, window.to)
        guard from < to else { return }
        separator()
        output.append("{\"ph\":\"X\",\"pid\":")
        output.append(pid)
        output.append(",\"tid\":")
        output.append(tid)
        output.append(",\"ts\":")
        output.appendTime(from, unit: Time.microsecond)
        output.append(",\"dur\":")
        output.appendTime(to - from, unit: Time.microsecond)
        output.append(",\"name\":")
        output.append(name)
        if let work {
            output.append(",\"args\":{\"request\":")
            output.append(work.request + 1)
            output.append(",\"job\":")
            output.append(names.jobs[work.job])
            if let pool = work.workerPool {
                output.append(",\"worker_pool\":")
                output.append(names.workerPools[pool])
            }
            output.append("}")
        }
        output.append("}")
    }

    mutating func counter(
        pid: Int, _ name: StaticString, _ first: (StaticString, Int), _ second: (StaticString, Int)?,
        at time: SimTime
    ) {
        separator()
        output.append("{\"ph\":\"C\",\"pid\":")
        output.append(pid)
        output.append(",\"ts\":")
        output.appendTime(time, unit: Time.microsecond)
        output.append(",\"name\":\"")
        output.append(name)
        output.append("\",\"args\":{")
        for (i, (key, value)) in [first, second].compactMap({ $0 }).enumerated() {
            output.append(i == 0 ? "\"" : ",\"")
            output.append(key)
            output.append("\":")
            output.append(value)
        }
        output.append("}}")
    }

    /// A flow event pair ("s", then "f" bound to its enclosing slice), in the category "gil".
    mutating func flow(from: (pid: Int, tid: Int, time: SimTime), to: (pid: Int, tid: Int, time: SimTime)) {
        defer { nextFlow += 1 }
        for (end, phase) in [(from, "s"), (to, "f")] {
            separator()
            output.append("{\"ph\":\"" + phase + "\",\"cat\":\"gil\",\"name\":\"GIL hand-off\",\"id\":")
            output.append(nextFlow)
            output.append(",\"pid\":")
            output.append(end.pid)
            output.append(",\"tid\":")
            output.append(end.tid)
            output.append(",\"ts\":")
            output.appendTime(end.time, unit: Time.microsecond)
            output.append(phase == "f" ? ",\"bp\":\"e\"}" : "}")
        }
    }

    /// A request state's slice name: its key in the report, as JSON (worked out once).
    static func sliceName(_ state: RequestState) -> String { requestStateNames[state.rawValue] }
    private static let requestStateNames = RequestState.allCases.map { JSONOutput.quoted($0.key) }

    /// The report's state names, and the dashboard's for the thread states a request has no name for.
    static func sliceName(_ activity: ThreadActivity) -> String { activityNames[Int(activity.rawValue)] }
    private static let activityNames = ThreadActivity.allCases.map { JSONOutput.quoted($0.traceName) }
}

/// A thread's track and the state it is in since `since` (threads start idle).
private struct ThreadTrack {
    let tid: Int
    let process: Int
    var activity = ThreadActivity.idle
    var work: WorkRef?
    var since: SimTime = 0
}

private struct GILTrack {
    var state: GILState
    var work: WorkRef?
    var since: SimTime
}

/// A counter written when its values change, once per instant (the last values at it). Values
/// from before the window are written at its start; changes after it are not written.
private struct Counter {
    typealias Values = (Int, Int)
    private(set) var current: Values = (0, 0)
    private var pendingTime: SimTime?
    private var written: Values?

    /// Takes the values at `time`; returns those of an earlier instant to write now, if any.
    mutating func update(_ values: Values, at time: SimTime, window: ExportWindow) -> (time: SimTime, values: Values)? {
        var due: (time: SimTime, values: Values)?
        // Values from before the window wait for the first change after its start (or the end).
        if let pendingTime, pendingTime != time, pendingTime >= window.from || time > window.from {
            due = flush(window: window)
        }
        current = values
        pendingTime = time
        return due
    }

    /// The pending values, if they changed and fall in the window (at its start if before it).
    mutating func flush(window: ExportWindow) -> (time: SimTime, values: Values)? {
        guard let time = pendingTime else { return nil }
        pendingTime = nil
        guard time <= window.to, written.map({ $0 != current }) ?? true else { return nil }
        written = current
        return (max(time, window.from), current)
    }
}
