import GILCore

// The inspect cursor on a measured twin (`verify --show`): what a real thread's records say about
// a cell. A measured lane knows less than the engine: its states come from two clocks
// (`MeasuredTimeline`), so a wait names no holder it saw and no waiters ahead, only what was
// recorded — the request, the step and its times, which thread of the process ran Python then.
extension Inspector {
    /// The footer's explanation of a cell of a measured twin's lane: its states' shares and the
    /// lane's time in each state up to the clock, then what the thread was in at the cell's most
    /// telling instant (the longest part, cut first on a small screen).
    static func measuredLines(_ twin: MeasuredTwin, lane: Timeline.Lane, cell: (start: SimTime, end: SimTime), clock: SimTime)
        -> [String]
    {
        let label = (LaneInfo.lanes(of: twin, at: clock).first { $0.lane == lane }?.label ?? "lane") + " (measured)"
        var (head, parts) = cellLine(label, twin.timeline, lane, cell: cell)
        let totals = durations(changes(twin.timeline, lane), from: 0, to: clock).map { part in
            let name = if case .thread(let activity) = part.value { Theme.shortName(activity) } else { valueName(part.value) }
            return "\(name) \(Format.milliseconds(Time.ms(part.time)))"
        }
        if !totals.isEmpty { head += "; until \(HeaderFooter.time(clock)): " + totals.joined(separator: ", ") }
        guard let (value, instant) = telling(parts), let t = thread(of: value, on: lane), twin.lanes.indices.contains(t) else {
            return [head]
        }
        return [head, "at \(HeaderFooter.time(instant)) " + twin.describe(thread: t, at: instant)]
    }
}

extension MeasuredTwin {
    /// What thread `t` did at `instant`, as far as its records tell: its state, the request and
    /// the step it was in with the step's times, and why a wait is counted as the GIL's or a
    /// core's.
    func describe(thread t: Int, at instant: SimTime) -> String {
        let lane = lanes[t]
        let activity = timeline.thread(t).value(at: instant) ?? .idle
        let request = lane.segments.last { $0.start <= instant && instant < $0.end }?.request ?? -1
        // A thread's steps do not overlap: the one holding the instant is the last to start by it.
        let step = lane.records.last { $0.kind.isThreadStep && $0.wallStart <= instant }.flatMap { $0.wallEnd > instant ? $0 : nil }
        var text = "\(lane.label) \(Theme.name(activity))"
        if request >= 0 {
            let job = requestJobs.indices.contains(request) ? requestJobs[request] : "?"
            text += " for request \(request + 1) (\(job)" + (step.map { ", " + Self.stepName($0, role: lane.role) } ?? "") + ")"
            text += step.map { ": " + Self.stepTimes($0) } ?? ", between its steps"
        }
        switch activity {
        case .noCore where !gil:
            text += ": without a GIL, a thread waits only for a core"
        case .gilWait, .noCore:
            let holder = timeline.gil(process: lane.process).value(at: instant)
            if activity == .gilWait, case .held(let h)? = holder, lanes.indices.contains(h) {
                text += "; counted as the GIL's: \(lanes[h].label) ran Python then"
            } else {
                text += "; counted as a core's: no other thread of its process ran Python then"
            }
            text += " (from inside, the two look alike)"
        case .awaiting where lane.role == .eventLoop:
            let tasks = lane.records.filter { $0.kind == .task && $0.wallStart <= instant && instant < $0.wallEnd }.count
            text += ": \(Format.counted(tasks, "task")) in flight, each parked on I/O, a connection or offloaded work"
        case .idle:
            text += lane.role == .eventLoop ? ": no task in flight" : ": between requests"
        default: break
        }
        return text
    }

    /// The step as the scenario names it: "cpu", "native", "io", "blocking", "offload", "hold".
    static func stepName(_ step: StepRecord, role: ThreadRole) -> String {
        switch step.kind {
        case .cpu: "cpu"
        case .native: "native"
        case .io: role == .eventLoop ? "blocking" : "io"
        case .offload: "offload"
        case .poolWait, .awaitedPoolWait, .poolRelease: "hold"
        case .awaitedIO: "io"
        case .request, .task: "request"
        }
    }

    /// What the step's two clocks say: "the 0.50ms piece took 0.52ms, 0.48ms of it on the CPU".
    static func stepTimes(_ step: StepRecord) -> String {
        let (wall, cpu) = (Format.milliseconds(Time.ms(step.wall)), Format.milliseconds(Time.ms(step.cpu)))
        return switch step.kind {
        case .cpu: "this piece of it took \(wall), \(cpu) of it on the CPU"
        case .native: "the call took \(wall), \(cpu) of it on the CPU"
        case .io, .awaitedIO: "the sleep of \(Format.milliseconds(Time.ms(step.planned))) took \(wall)"
        case .offload: "the offloaded body took \(wall) to return"
        case .poolWait, .awaitedPoolWait: "it asked for a connection \(wall) before it had one"
        case .poolRelease: "it gave its connection back"
        case .request, .task: "it took \(wall)"
        }
    }
}
