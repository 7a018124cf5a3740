import GILCore

/// One model the dashboard runs: a scenario (each file, or a model's tweaked copy, has its own
/// workload and machine) and which of its models.
public struct PlaybackModel: Sendable, Equatable {
    public var scenario: Scenario
    public var index: Int

    public init(scenario: Scenario, index: Int) {
        self.scenario = scenario
        self.index = index
    }

    public var spec: ModelSpec { scenario.models[index] }
    /// The GIL switch interval this model runs with.
    public var switchInterval: SimTime { spec.switchInterval ?? scenario.python.switchInterval }
}

/// Models (of one scenario or several) at one shared simulated time, able to go back in time exactly.
///
/// The state at time t is "every event at or before t handled", reached only by running
/// forward, and the engine is a deterministic value type: so copies of all tracks taken at
/// regular times (snapshots) let any earlier time be rebuilt by re-running forward from the
/// nearest one, and the rebuilt state is the one shown the first time.
public struct Playback: Sendable {
    public private(set) var models: [PlaybackModel]
    public private(set) var clock: SimTime = 0
    public private(set) var tracks: [ModelTrack]
    /// Sparkline samples are this far apart in simulated time.
    public let sampleInterval: SimTime

    private struct Snapshot: Sendable {
        var time: SimTime
        var tracks: [ModelTrack]
    }

    /// Ascending, contiguous multiples of `snapshotInterval` from 0.
    private var snapshots: [Snapshot] = []
    private var snapshotInterval: SimTime
    /// Past this many, every other snapshot is dropped and the interval doubles: memory stays
    /// bounded, and stepping back re-runs at most one (longer) interval.
    static let maxSnapshots = 64

    /// - Parameter retention: how much lane history each model keeps (the widest time window
    ///   the view can show).
    public init(
        models: [PlaybackModel], retention: SimTime, sampleInterval: SimTime = 50 * Time.millisecond,
        historyCapacity: Int = 40, budget: SimulationBudget = .standard
    ) {
        self.models = models
        self.retention = retention
        self.budget = budget
        self.sampleInterval = sampleInterval
        self.historyCapacity = historyCapacity
        snapshotInterval = 2 * sampleInterval
        tracks = []
        tracks = models.map(startTrack)
        snapshots = [Snapshot(time: 0, tracks: tracks)]
    }

    /// Every model of one scenario.
    public init(
        scenario: Scenario, retention: SimTime, sampleInterval: SimTime = 50 * Time.millisecond,
        historyCapacity: Int = 40
    ) {
        self.init(
            models: scenario.models.indices.map { PlaybackModel(scenario: scenario, index: $0) },
            retention: retention, sampleInterval: sampleInterval, historyCapacity: historyCapacity)
    }

    private let retention: SimTime
    /// Each model's run stops here (`show --max-events`, …), as in `report`.
    private let budget: SimulationBudget
    private let historyCapacity: Int

    /// A model's track at time 0 (which means "the events at 0 handled", like every other time).
    private func startTrack(_ model: PlaybackModel) -> ModelTrack {
        var track = ModelTrack(
            simulation: ModelSimulation(
                scenario: model.scenario, model: model.index,
                options: SimulationOptions(timeline: .last(retention), budget: budget)),
            sampleInterval: sampleInterval, historyCapacity: historyCapacity)
        track.advance(to: 0)
        return track
    }

    /// Runs `models` instead, at the same clock: a model equal to one already running keeps its
    /// track; any other is simulated from time zero, through every snapshot, to the clock — so
    /// stepping back afterwards is as exact as before.
    public mutating func replaceModels(_ newModels: [PlaybackModel]) {
        var unused = Array(models.indices)
        let reused: [Int?] = newModels.map { model in
            guard let found = unused.firstIndex(where: { models[$0] == model }) else { return nil }
            return unused.remove(at: found)
        }
        var current: [ModelTrack] = []
        var snapshotTracks = snapshots.map { _ in [ModelTrack]() }
        for (model, old) in zip(newModels, reused) {
            if let old {
                current.append(tracks[old])
                for k in snapshots.indices { snapshotTracks[k].append(snapshots[k].tracks[old]) }
                continue
            }
            var track = startTrack(model)
            var now: ModelTrack?
            for k in snapshots.indices {
                // Snapshots may lie beyond the clock (after a step back): the state at the clock
                // is reached from the snapshot before it, as `seek` does.
                if now == nil, snapshots[k].time > clock {
                    var atClock = track
                    atClock.advance(to: clock)
                    now = atClock
                }
                track.advance(to: snapshots[k].time)
                snapshotTracks[k].append(track)
            }
            if now == nil { track.advance(to: clock) }
            current.append(now ?? track)
        }
        models = newModels
        tracks = current
        for k in snapshots.indices { snapshots[k].tracks = snapshotTracks[k] }
    }

    /// The first budget that stopped a model's run, if one did.
    public var stoppedBy: BudgetLimit? {
        tracks.lazy.compactMap(\.simulation.stoppedBy).first
    }

    /// Whether every model has run out of events and the clock has passed the last one.
    public var isFinished: Bool {
        guard let end = endTime else { return false }
        return clock >= end
    }

    /// The least the run can last before every model has finished: the end of the arrivals of
    /// the longest workload given as a duration (nil: no model's workload is one).
    public var arrivalsEnd: SimTime? {
        models.compactMap { model -> SimTime? in
            if case .duration(let t) = model.scenario.workload.size { return t }
            return nil
        }.max()
    }

    /// The run lasts at least this long (a measured twin that ran longer than its simulation).
    public var minimumEnd: SimTime = 0

    /// The time of the last event of all models, once every model has finished.
    public var endTime: SimTime? {
        var end: SimTime = minimumEnd
        for track in tracks {
            guard let finished = track.finishedAt else { return nil }
            end = max(end, finished)
        }
        return end
    }

    /// Moves the clock to `time` (forward or back; clamped at 0).
    public mutating func seek(to time: SimTime) {
        _ = move(toward: time, by: .max)
    }

    /// Moves the clock toward `time` (clamped at 0) by at most `slice` of simulated time
    /// forward — back, first to the snapshot at or before it — so that a long way is covered
    /// in pieces of bounded work. Returns whether the clock is at `time`.
    public mutating func move(toward time: SimTime, by slice: SimTime) -> Bool {
        let target = max(0, time)
        if target < clock {
            // Back: the latest snapshot at or before the target, then forward again.
            let base = snapshots.last { $0.time <= target } ?? snapshots[0]
            tracks = base.tracks
            clock = base.time
        }
        forward(to: target - clock <= max(1, slice) ? target : clock + max(1, slice))
        return clock == target
    }

    /// Instants at which something recorded beside the models changes (a measured twin's lanes),
    /// in order: stepping stops at them as at the models' events.
    public var recordedChangeTimes: [SimTime] = []

    /// Moves to the next instant at which some model handles an event or a recorded lane changes.
    public mutating func stepForward() {
        let recorded = recordedChangeTimes.first { $0 > clock }
        while let next = nextEventTime {
            if let recorded, recorded < next {
                seek(to: recorded)
                return
            }
            let before = processedEvents
            seek(to: next)
            // Stale events (a cancelled timer) change nothing: keep going to a real one.
            if processedEvents != before || next == recorded { return }
        }
        if let recorded { seek(to: recorded) }
    }

    /// Moves to the previous instant at which some model handled an event or a recorded lane
    /// changed (or to 0).
    public mutating func stepBackward() {
        let recorded = recordedChangeTimes.last { $0 < clock }
        stepBackToEvent()
        if let recorded, recorded > clock { seek(to: recorded) }
    }

    /// Moves to the previous instant at which some model handled an event (or to 0).
    private mutating func stepBackToEvent() {
        guard var index = snapshots.lastIndex(where: { $0.time < clock }) else { return }
        var upper = clock
        while true {
            // Replay from a snapshot, noting each instant before `upper` that changed something.
            tracks = snapshots[index].tracks
            clock = snapshots[index].time
            var found: SimTime?
            while let next = nextEventTime, next < upper {
                let before = processedEvents
                forward(to: next)
                if processedEvents != before { found = next }
            }
            if let found {
                seek(to: found)
                return
            }
            guard index > 0 else {
                seek(to: 0)
                return
            }
            // Nothing in between: the instant wanted may be the snapshot's own time or earlier.
            upper = snapshots[index].time + 1
            index -= 1
        }
    }

    /// How many snapshots are kept (bounded by `maxSnapshots`).
    var snapshotCount: Int { snapshots.count }

    private var nextEventTime: SimTime? {
        tracks.compactMap(\.simulation.nextEventTime).min()
    }

    private var processedEvents: [Int] { tracks.map(\.simulation.processedEvents) }

    /// Runs forward to `target`, stopping at each new snapshot time on the way to take one.
    private mutating func forward(to target: SimTime) {
        // Snapshots are only ever taken moving forward from the newest one, so they stay
        // contiguous; the clock never passes the next snapshot time without taking it.
        while let last = snapshots.last, case let time = last.time + snapshotInterval, time <= target, time >= clock {
            advanceTracks(to: time)
            snapshots.append(Snapshot(time: time, tracks: tracks))
            if snapshots.count > Self.maxSnapshots {
                snapshots = snapshots.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
                snapshotInterval *= 2
            }
        }
        if target > clock { advanceTracks(to: target) }
    }

    private mutating func advanceTracks(to time: SimTime) {
        for i in tracks.indices { tracks[i].advance(to: time) }
        clock = time
    }
}
