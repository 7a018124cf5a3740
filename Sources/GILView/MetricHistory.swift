import GILCore

/// One sample of what a model's sparklines draw, taken at a fixed step of simulated time.
public struct MetricSample: Sendable, Equatable {
    public var completed: Int
    public var queueLength: Int
    public var inFlight: Int
}

/// The most recent samples, in a fixed-size ring: memory does not grow with playback time.
public struct MetricHistory: Sendable, Equatable {
    public let capacity: Int
    private var ring: [MetricSample] = []
    private var next = 0

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        ring.reserveCapacity(self.capacity)
    }

    public mutating func append(_ sample: MetricSample) {
        if ring.count < capacity {
            ring.append(sample)
        } else {
            ring[next] = sample
        }
        next = (next + 1) % capacity
    }

    /// The same as appending `sample` `count` times, in at most `capacity` writes.
    public mutating func append(_ sample: MetricSample, count: Int) {
        guard count > capacity else {
            for _ in 0..<max(0, count) { append(sample) }
            return
        }
        ring = Array(repeating: sample, count: capacity)
        next = Int((UInt64(next) + UInt64(count)) % UInt64(capacity))
    }

    /// Oldest first.
    public var samples: [MetricSample] {
        ring.count < capacity ? ring : Array(ring[next...] + ring[..<next])
    }
}

/// One model's simulation with the history the dashboard draws next to it. Advanced only
/// through `advance(to:)`, so the history is a function of the simulated time alone and a
/// copy taken at time t is exactly what any other run to t produces.
public struct ModelTrack: Sendable {
    public private(set) var simulation: ModelSimulation
    public private(set) var history: MetricHistory
    /// When the last event happened, once there are none left.
    public private(set) var finishedAt: SimTime?
    private let sampleInterval: SimTime
    private var nextSample: SimTime

    init(simulation: ModelSimulation, sampleInterval: SimTime, historyCapacity: Int) {
        self.simulation = simulation
        self.sampleInterval = sampleInterval
        history = MetricHistory(capacity: historyCapacity)
        nextSample = sampleInterval
    }

    /// Handles every event up to and including `time`, sampling the figures on the way.
    mutating func advance(to time: SimTime) {
        while nextSample <= time {
            runEvents(until: nextSample)
            // Only the counts the sparklines draw: the full figures' percentiles cost far more.
            let counts = simulation.requestCounts
            // Until the next event the counts stay as they are: every sample up to then (or to
            // `time`) is this one, taken at once, so a long quiet stretch costs no more than a
            // short one (a jump to a note hours after the last event).
            let quietUntil = min(time, simulation.nextEventTime.map { $0 - 1 } ?? time)
            let samples = quietUntil >= nextSample ? (quietUntil - nextSample) / sampleInterval + 1 : 1
            history.append(
                MetricSample(
                    completed: counts.completed, queueLength: counts.queueLength, inFlight: counts.inFlight),
                count: Int(samples))
            nextSample += samples * sampleInterval
        }
        runEvents(until: time)
    }

    private mutating func runEvents(until time: SimTime) {
        simulation.run(until: time)
        if finishedAt == nil, simulation.isFinished { finishedAt = simulation.lastEventTime }
    }
}
