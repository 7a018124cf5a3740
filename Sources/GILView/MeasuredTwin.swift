import GILCore

/// A real run beside its simulated model (`gilview verify --show`): the measured lanes, drawn in
/// a pane of their own under the simulated one, on the same clock, with the same lane types,
/// glyphs and renderer. Its title gives the measured figures against the simulated ones; its
/// last row, the lanes whose shares differ from the simulation's.
public struct MeasuredTwin: Sendable {
    public var name: String
    /// The measured lanes, in the engine's `Timeline`.
    public var timeline: Timeline
    /// Each lane's thread: its label, process, role and step records.
    var lanes: [MeasuredTimeline.Lane]
    /// The job of each planned request, by index ("page"), for the inspector's words.
    var requestJobs: [String]
    var gil: Bool
    var processes: Int
    /// "makespan 1035ms (608)": measured, then simulated in brackets.
    var figures: [(label: String, measured: Double, simulated: Double)]
    var differences: [LaneShareDifference]

    public init(
        modelName: String, measured: MeasuredTimeline, gil: Bool,
        figures: [(label: String, measured: Double, simulated: Double)], differences: [LaneShareDifference],
        requestJobs: [String] = []
    ) {
        name = "\(modelName) (measured)"
        timeline = measured.timeline
        lanes = measured.lanes
        self.requestJobs = requestJobs
        self.gil = gil
        processes = measured.processes
        self.figures = figures
        self.differences = differences
    }

    /// The measured figures, each with the simulated one in brackets.
    func titleLine() -> TextLine {
        TextLine(figures.map { [Span("\($0.label) \(Format.milliseconds($0.measured)) (\(Format.milliseconds($0.simulated)))")] })
    }

    /// The lanes whose shares differ, or that none does.
    func detailLine(theme: Theme) -> TextLine {
        guard !differences.isEmpty else {
            return TextLine([
                [
                    Span(
                        "measured (simulated): no lane's share of a state differs by over \(Int(LaneShareDifference.threshold * 100)) points",
                        theme.dimStyle)
                ]
            ])
        }
        return TextLine([[Span("differs: ", theme.dimStyle)]] + differences.map { [Span($0.text)] })
    }
}

extension LaneInfo {
    /// A measured twin's lanes at time `clock`, as `lanes(of:showCores:)` gives a simulated
    /// model's: each process's GIL, then its threads (no core lanes: from inside, which core
    /// ran a thread is not recorded).
    static func lanes(of twin: MeasuredTwin, at clock: SimTime) -> [LaneInfo] {
        var lanes: [LaneInfo] = []
        for p in 0..<twin.processes {
            if twin.gil {
                let state = twin.timeline.gil(process: p).value(at: clock) ?? .free
                lanes.append(
                    LaneInfo(
                        kind: .gil, lane: .gil(process: p), label: twin.processes > 1 ? "GIL P\(p + 1)" : "GIL",
                        number: p + 1, current: .gil(state)))
            }
            for (t, lane) in twin.lanes.enumerated() where lane.process == p {
                lanes.append(
                    LaneInfo(
                        kind: .thread, lane: .thread(t), label: lane.label, number: t + 1,
                        current: .thread(twin.timeline.thread(t).value(at: clock) ?? .idle),
                        isEventLoop: lane.role == .eventLoop))
            }
        }
        return lanes
    }
}
