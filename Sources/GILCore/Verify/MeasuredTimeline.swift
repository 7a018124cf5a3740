/// A real run's timeline, built from the generated program's step records: per thread what it
/// did when, in the dashboard's lane states, and per request the time in each of the report's
/// states.
///
/// From inside CPython a thread can only see two clocks: the wall clock and its own CPU time.
/// Inside a step, CPU time advancing is *running* (*native* in a `native` step); wall time that
/// passes while it does not is *waiting*, for the GIL or for a core, which the thread cannot tell
/// apart. They are split here by what the process's other threads did meanwhile: waiting while
/// another thread of the same process was running Python is counted as waiting for the GIL, the
/// rest as waiting for a core (a free-threaded model's waiting is all for a core). An I/O step
/// is *I/O* for its planned duration, waiting after it (a late timer's wake-up included); a
/// `hold` that had to wait for a connection is *waiting for a connection* until one comes back to
/// the pool, then waiting to run again. Outside a request a worker is *idle*; a thread waiting for the body it
/// offloaded is *awaiting*, and so is an event loop between steps while one of its tasks is in
/// flight (idle only while none is).
public struct MeasuredTimeline: Sendable {
    /// One stretch of a thread's lane.
    public struct Segment: Sendable, Equatable {
        public var start: SimTime
        public var end: SimTime
        public var activity: ThreadActivity
        /// The request the thread worked for, or -1.
        public var request: Int

        public init(_ start: SimTime, _ end: SimTime, _ activity: ThreadActivity, request: Int = -1) {
            self.start = start
            self.end = end
            self.activity = activity
            self.request = request
        }
    }

    /// One real thread, named as the dashboard names a simulated one ("T1", "T3 exec").
    public struct Lane: Sendable {
        public var label: String
        public var process: Int
        public var role: ThreadRole
        public var segments: [Segment]
        /// The thread's step records, by start: what the inspector says the thread was in.
        public var records: [StepRecord]
    }

    public var lanes: [Lane]
    public var processes: Int
    /// The same lanes as the engine's `Timeline`, which the dashboard draws: thread lanes, and
    /// per process a GIL lane held by whichever thread was running Python.
    public var timeline: Timeline
    /// Mean time per completed request in each state, in milliseconds; the recording's own CPU
    /// cost is taken out of *running* (and given as `recordingMsMean`).
    public var stateMsMean: [RequestState: Double]
    public var recordingMsMean: Double

    /// A measured request: its index in the planned requests, scheduled arrival and completion.
    public typealias Request = (index: Int, arrival: SimTime, end: SimTime)

    /// - Parameters:
    ///   - gil: whether the model's processes have a GIL (waiting can then be for it).
    ///   - recordCPU: what one record costs its thread in CPU time, measured by the program.
    public init(threads: [RecordedThread], requests: [Request], gil: Bool, recordCPU: SimTime) {
        // Numbered as the engine numbers them: processes and threads by the first request they
        // took (the engine gives the next request to the first idle worker), workers and loops
        // before executor threads; then by when they first recorded.
        let first = threads.map { $0.records.lazy.map(\.request).filter { $0 >= 0 }.min() ?? .max }
        var processFirst: [Int: Int] = [:]
        for (k, thread) in threads.enumerated() { processFirst[thread.process] = min(processFirst[thread.process] ?? .max, first[k]) }
        let processOrder = processFirst.keys.sorted { (processFirst[$0]!, $0) < (processFirst[$1]!, $1) }
        let processNumber = Dictionary(uniqueKeysWithValues: processOrder.enumerated().map { ($1, $0) })
        let ordered = threads.indices.sorted {
            let (a, b) = (threads[$0], threads[$1])
            return (processNumber[a.process]!, Self.rank(a.role), first[$0], a.records.first?.wallStart ?? .max, $0)
                < (processNumber[b.process]!, Self.rank(b.role), first[$1], b.records.first?.wallStart ?? .max, $1)
        }.map { k in
            var thread = threads[k]
            thread.process = processNumber[thread.process]!
            return thread
        }
        processes = max(1, processOrder.count)
        let releases = Releases(threads)
        var lanes = ordered.enumerated().map { t, thread in
            Lane(
                label: ThreadSnapshot.label(t, role: thread.role), process: thread.process, role: thread.role,
                segments: Self.segments(of: thread, releases: releases), records: thread.records.sorted { $0.wallStart < $1.wallStart })
        }
        Self.splitWaiting(&lanes, processes: processes, gil: gil)
        self.lanes = lanes

        var timeline = Timeline(retention: nil, processes: processes, cores: 0)
        for (t, lane) in lanes.enumerated() {
            timeline.addThread(at: 0)
            for (k, segment) in lane.segments.enumerated() {
                timeline.record(thread: t, segment.activity, at: segment.start)
                if k + 1 == lane.segments.count || lane.segments[k + 1].start > segment.end {
                    timeline.record(thread: t, .idle, at: segment.end)
                }
            }
        }
        if gil { Self.recordGIL(lanes, into: &timeline, processes: processes) }
        self.timeline = timeline

        (stateMsMean, recordingMsMean) = Self.requestStates(
            lanes, threads: threads, requests: requests, releases: releases, recordCPU: recordCPU)
    }

    /// When connections went back to their pools, per pool: a model's pool is shared by its
    /// processes, and their clocks are one (`perf_counter_ns` is the system's monotonic clock).
    struct Releases {
        private var times: [SimTime: [SimTime]] = [:]

        init(_ threads: [RecordedThread]) {
            for thread in threads {
                for record in thread.records where record.kind == .poolRelease {
                    times[record.planned, default: []].append(record.wallStart)
                }
            }
            for pool in times.keys { times[pool]!.sort() }
        }

        /// When a wait for a connection ended: the last release of its pool while it waited
        /// (its connection; the waiter then still had to run again), or the wait's end if none
        /// was recorded.
        func freed(_ wait: StepRecord, by end: SimTime) -> SimTime {
            guard let released = times[wait.planned] else { return end }
            var (low, high) = (0, released.count)  // the first release after `end`
            while low < high {
                let mid = (low + high) / 2
                if released[mid] <= end { low = mid + 1 } else { high = mid }
            }
            return low > 0 && released[low - 1] >= wait.wallStart ? released[low - 1] : end
        }
    }

    /// Two clocks read one after the other differ by the reads themselves: CPU time short of
    /// wall time by less than this is running, not waiting (without it, every 0.5 ms piece of a
    /// `cpu` step ended in a sliver of waiting, median 0.2 µs).
    static let clockNoise: SimTime = 10 * Time.microsecond

    /// Of `wall` time in which the thread's CPU clock advanced `cpu`, the time it ran.
    static func onCPU(_ cpu: SimTime, wall: SimTime) -> SimTime {
        wall - cpu < clockNoise ? wall : max(0, min(cpu, wall))
    }

    /// Workers and loops first, then executor threads, as the engine numbers its threads.
    private static func rank(_ role: ThreadRole) -> Int { role == .executor ? 1 : 0 }

    /// One thread's lane. Waiting is marked `noCore` here, and split by `splitWaiting`.
    static func segments(of thread: RecordedThread, releases: Releases = Releases([])) -> [Segment] {
        // Containers (a request's span) before the steps that start at the same instant.
        let records = thread.records.sorted {
            ($0.wallStart, $0.kind == .request ? 0 : 1) < ($1.wallStart, $1.kind == .request ? 0 : 1)
        }
        let spans = records.filter { $0.kind == .request }
        let steps = records.filter { $0.kind.isThreadStep }
        var out: [Segment] = []
        func add(_ start: SimTime, _ end: SimTime, _ activity: ThreadActivity, _ request: Int) {
            let start = max(start, out.last?.end ?? start)
            guard end > start else { return }
            if let last = out.last, last.end == start, last.activity == activity, last.request == request {
                out[out.count - 1].end = end
            } else {
                out.append(Segment(start, end, activity, request: request))
            }
        }
        /// Between two clock readings inside a request: CPU time advancing is the thread running
        /// Python (the job's own code), the rest waiting.
        func gap(from wall: SimTime, _ cpu: SimTime, to nextWall: SimTime, _ nextCPU: SimTime, request: Int) {
            let running = onCPU(nextCPU - cpu, wall: max(0, nextWall - wall))
            add(wall, wall + running, .running, request)
            add(wall + running, nextWall, .noCore, request)
        }
        var span = 0
        var previous: (wall: SimTime, cpu: SimTime)?
        for step in steps {
            // The request span this step lies in, if any: gaps inside it are the request's.
            while span < spans.count, spans[span].wallEnd < step.wallStart {
                if let p = previous { gap(from: p.wall, p.cpu, to: spans[span].wallEnd, spans[span].cpuEnd, request: spans[span].request) }
                previous = nil
                span += 1
            }
            let inSpan = span < spans.count && spans[span].wallStart <= step.wallStart
            if inSpan {
                let from = previous ?? (spans[span].wallStart, spans[span].cpuStart)
                gap(from: from.wall, from.cpu, to: step.wallStart, step.cpuStart, request: spans[span].request)
            }
            pieces(of: step, role: thread.role, releases: releases, add)
            previous = inSpan ? (step.wallEnd, step.cpuEnd) : nil
        }
        while span < spans.count {
            let from = previous ?? (spans[span].wallStart, spans[span].cpuStart)
            gap(from: from.wall, from.cpu, to: spans[span].wallEnd, spans[span].cpuEnd, request: spans[span].request)
            previous = nil
            span += 1
        }
        return awaitingBetweenSteps(
            out, inFlight: merged(records.filter { $0.kind == .task }.map { Segment($0.wallStart, $0.wallEnd, .awaiting) }))
    }

    /// An event loop's lane with its time between steps while a task is in flight marked
    /// awaiting: every task it has is parked on I/O, a connection or offloaded work. The loop's
    /// own bookkeeping between two steps is included: the engine charges it no time.
    static func awaitingBetweenSteps(_ lane: [Segment], inFlight: [(start: SimTime, end: SimTime)]) -> [Segment] {
        guard !inFlight.isEmpty else { return lane }
        var out: [Segment] = []
        var first = 0  // the first in-flight interval that may reach past the gap's start
        func markAwaiting(from: SimTime, to: SimTime) {
            while first < inFlight.count, inFlight[first].end <= from { first += 1 }
            for interval in inFlight[first...] {
                guard interval.start < to else { break }
                let (start, end) = (max(from, interval.start), min(to, interval.end))
                if end > start { out.append(Segment(start, end, .awaiting)) }
            }
        }
        var at = SimTime.min
        for segment in lane {
            markAwaiting(from: at, to: segment.start)
            out.append(segment)
            at = segment.end
        }
        markAwaiting(from: at, to: .max)
        return out
    }

    /// One step's pieces, in order.
    private static func pieces(
        of step: StepRecord, role: ThreadRole, releases: Releases,
        _ add: (SimTime, SimTime, ThreadActivity, Int) -> Void
    ) {
        let (start, end, r) = (step.wallStart, step.wallEnd, step.request)
        let onCPU = Self.onCPU(step.cpu, wall: step.wall)
        switch step.kind {
        case .cpu:
            add(start, start + onCPU, .running, r)
            add(start + onCPU, end, .noCore, r)
        case .native:
            add(start, start + onCPU, .native, r)
            add(start + onCPU, end, .noCore, r)
        case .io:
            // The sleep for its planned time; what is left is waiting to run again, and the
            // few microseconds of CPU around the call.
            let io = min(step.planned, step.wall)
            let running = Self.onCPU(step.cpu, wall: step.wall - io)
            add(start, start + io, role == .eventLoop ? .blocking : .io, r)
            add(start + io, end - running, .noCore, r)
            add(end - running, end, .running, r)
        case .offload:
            add(start, end, .awaiting, r)
        case .poolWait:
            // Blocked in the semaphore (the GIL released) until its connection came back; then,
            // as the engine's waiter, waiting to run again (for the GIL or a core), and the few
            // microseconds of CPU around the call.
            let running = Self.onCPU(step.cpu, wall: step.wall)
            let freed = releases.freed(step, by: end - running)
            add(start, freed, .poolWait, r)
            add(freed, end - running, .noCore, r)
            add(end - running, end, .running, r)
        case .request, .awaitedIO, .task, .awaitedPoolWait, .poolRelease:
            break
        }
    }

    /// Waiting (marked `noCore`) is split: while another thread of the same process was running
    /// Python, the GIL was taken, so it is counted as waiting for the GIL; otherwise for a core.
    static func splitWaiting(_ lanes: inout [Lane], processes: Int, gil: Bool) {
        guard gil else { return }
        for p in 0..<processes {
            let running = merged(lanes.filter { $0.process == p }.flatMap { $0.segments.filter { $0.activity == .running } })
            guard !running.isEmpty else { continue }
            for l in lanes.indices where lanes[l].process == p {
                lanes[l].segments = lanes[l].segments.flatMap { segment -> [Segment] in
                    segment.activity == .noCore ? split(segment, by: running) : [segment]
                }
            }
        }
    }

    /// Sorted, disjoint intervals covering the segments.
    static func merged(_ segments: [Segment]) -> [(start: SimTime, end: SimTime)] {
        var out: [(start: SimTime, end: SimTime)] = []
        for s in segments.sorted(by: { $0.start < $1.start }) {
            if let last = out.last, s.start <= last.end {
                out[out.count - 1].end = max(last.end, s.end)
            } else {
                out.append((s.start, s.end))
            }
        }
        return out
    }

    /// A waiting segment as pieces: `gilWait` where it overlaps `running`, `noCore` elsewhere.
    static func split(_ segment: Segment, by running: [(start: SimTime, end: SimTime)]) -> [Segment] {
        var pieces: [Segment] = []
        var at = segment.start
        // The first interval that ends after the segment starts.
        var low = 0, high = running.count
        while low < high {
            let mid = (low + high) / 2
            if running[mid].end <= segment.start { low = mid + 1 } else { high = mid }
        }
        func piece(_ end: SimTime, _ activity: ThreadActivity) {
            guard end > at else { return }
            if let last = pieces.last, last.activity == activity {
                pieces[pieces.count - 1].end = end
            } else {
                pieces.append(Segment(at, end, activity, request: segment.request))
            }
            at = end
        }
        for interval in running[low...] where interval.start < segment.end {
            piece(min(interval.start, segment.end), .noCore)
            piece(min(interval.end, segment.end), .gilWait)
        }
        piece(segment.end, .noCore)
        return pieces
    }

    /// Each process's GIL: held by the thread running Python, free otherwise.
    private static func recordGIL(_ lanes: [Lane], into timeline: inout Timeline, processes: Int) {
        for p in 0..<processes {
            let held = lanes.enumerated().filter { $0.element.process == p }.flatMap { t, lane in
                lane.segments.filter { $0.activity == .running }.map { (thread: t, segment: $0) }
            }.sorted { $0.segment.start < $1.segment.start }
            var heldUntil: SimTime = 0
            for (k, run) in held.enumerated() {
                timeline.record(gilOf: p, .held(byThread: run.thread), at: max(run.segment.start, 0))
                heldUntil = max(heldUntil, run.segment.end)
                if k + 1 == held.count || held[k + 1].segment.start > heldUntil {
                    timeline.record(gilOf: p, .free, at: heldUntil)
                }
            }
        }
    }

    /// Mean state times of the measured requests, and the recording's mean CPU cost per request.
    static func requestStates(
        _ lanes: [Lane], threads: [RecordedThread], requests: [Request], releases: Releases,
        recordCPU: SimTime
    ) -> ([RequestState: Double], Double) {
        var times: [Int: StateTimes] = [:]
        var records: [Int: Int] = [:]
        for lane in lanes {
            for s in lane.segments where s.request >= 0 {
                if let state = s.activity.requestState { times[s.request, default: StateTimes()][state] += s.end - s.start }
            }
        }
        for thread in threads {
            for record in thread.records where record.request >= 0 {
                if record.costsItsRequest(on: thread.role) { records[record.request, default: 0] += 1 }
                // A task's own waits on an event loop, which its thread's lane does not show; what
                // follows its connection's release is waiting for the loop's turn (queued).
                switch record.kind {
                case .awaitedIO: times[record.request, default: StateTimes()][.io] += min(record.planned, record.wall)
                case .awaitedPoolWait:
                    times[record.request, default: StateTimes()][.poolWait] += releases.freed(record, by: record.wallEnd) - record.wallStart
                default: break
                }
            }
        }
        guard !requests.isEmpty else { return ([:], 0) }
        var totals = StateTotals()
        var recording = 0.0
        for request in requests {
            var states = times[request.index] ?? StateTimes()
            // Whatever the recorded steps do not cover was spent waiting for a worker, an event
            // loop's turn or an executor thread.
            states[.queued] = max(0, request.end - request.arrival - states.total)
            let cost = min(states[.running], SimTime(records[request.index] ?? 0) * recordCPU)
            states[.running] -= cost
            recording += Double(cost)
            totals += states
        }
        let n = Double(requests.count)
        var means: [RequestState: Double] = [:]
        for state in RequestState.allCases { means[state] = Time.ms(totals[state] / n) }
        return (means, Time.ms(recording / n))
    }
}
