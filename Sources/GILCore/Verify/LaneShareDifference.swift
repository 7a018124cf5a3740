/// Where a measured thread's lane differs from the simulated one's: a state whose share of the
/// run differs by more than `threshold` (of the run's time, each side over its own makespan).
public struct LaneShareDifference: Sendable, Equatable {
    /// The lane's label ("T2"): the same thread number on both sides.
    public var label: String
    public var activity: ThreadActivity
    public var simulated: Double
    public var measured: Double

    /// Differences of more than 10 points of the run's time are noted.
    public static let threshold = 0.10

    /// Each thread lane present on both sides, by number, compared state by state (idle left out).
    public static func differences(
        simulated: Timeline, simulatedEnd: SimTime, simulatedThreads: Int,
        measured: MeasuredTimeline, measuredEnd: SimTime
    ) -> [LaneShareDifference] {
        var out: [LaneShareDifference] = []
        for (t, lane) in measured.lanes.enumerated() where t < simulatedThreads {
            let s = shares(simulated.thread(t), end: simulatedEnd)
            let m = shares(measured.timeline.thread(t), end: measuredEnd)
            for activity in ThreadActivity.allCases where activity != .idle {
                let (a, b) = (s[activity] ?? 0, m[activity] ?? 0)
                if abs(a - b) > threshold {
                    out.append(LaneShareDifference(label: lane.label, activity: activity, simulated: a, measured: b))
                }
            }
        }
        return out
    }

    /// The share of [0, end) the lane spent in each state.
    public static func shares(_ lane: LaneHistory<ThreadActivity>, end: SimTime) -> [ThreadActivity: Double] {
        guard end > 0 else { return [:] }
        var time: [ThreadActivity: SimTime] = [:]
        for (k, change) in lane.enumerated() {
            let from = max(0, change.start), to = min(end, k + 1 < lane.count ? lane[k + 1].start : end)
            if to > from { time[change.value, default: 0] += to - from }
        }
        return time.mapValues { Double($0) / Double(end) }
    }

    /// "T2 gil_wait 45% (simulated 25%)".
    public var text: String {
        "\(label) \(activity.traceName) \(Int((measured * 100).rounded()))% (simulated \(Int((simulated * 100).rounded()))%)"
    }
}

extension ThreadActivity {
    /// The name a trace slice and a note give the state (the report's key where a request has one).
    public var traceName: String {
        switch self {
        case .running: "running"
        case .native: "native"
        case .gilWait: "gil_wait"
        case .noCore: "no_core"
        case .io: "io"
        case .blocking: "blocking"
        case .awaiting: "awaiting"
        case .poolWait: "pool_wait"
        case .idle: "idle"
        }
    }
}
