/// Latency figures in milliseconds.
public struct LatencySummary: Sendable, Equatable, Codable {
    public var mean: Double
    public var p50: Double
    public var p95: Double
    public var p99: Double
    public var max: Double

    init(_ stats: LatencyStats) {
        self.init(merging: CollectionOfOne(stats))
    }

    /// The figures of all the parts' latencies together.
    init(merging parts: some Collection<LatencyStats>) {
        let count = parts.reduce(0) { $0 + $1.count }
        let sum = parts.reduce(0) { $0 + $1.sum }
        mean = count == 0 ? 0 : Time.ms(sum / Double(count))
        p50 = Time.ms(LatencyStats.percentile(50, of: parts))
        p95 = Time.ms(LatencyStats.percentile(95, of: parts))
        p99 = Time.ms(LatencyStats.percentile(99, of: parts))
        max = Time.ms(LatencyStats.percentile(100, of: parts))
    }
}

extension Time {
    /// Double nanoseconds to milliseconds.
    static func ms(_ t: Double) -> Double { t / Double(millisecond) }
}

/// A rough resident-memory estimate, to compare deployments rather than to predict one.
public enum MemoryEstimate {
    /// An interpreter with a typical web app imported (a bare CPython is ~12 MB resident).
    public static let perProcessMB: Double = 40
    /// A thread's resident stack and thread state (its 8 MB stack is mostly virtual).
    public static let perThreadMB: Double = 1
    /// Free-threaded builds use about 15–20% more memory (PEP 779).
    public static let freeThreadedFactor: Double = 1.15
}

/// A model's figures so far (while running) or in all (once finished).
public struct ModelFigures: Sendable, Equatable {
    public var name: String
    /// Requests that have arrived so far.
    public var requests: Int
    public var completed: Int
    public var inFlight: Int
    /// Requests waiting for a worker, a loop turn or an executor thread right now.
    public var queueLength: Int
    /// Last completion (or now, while running) minus first arrival.
    public var makespan: SimTime
    public var throughputPerSecond: Double
    public var latency: LatencySummary
    public var jobs: [JobFigures]
    /// Busy core-time ÷ (cores × makespan).
    public var cpuUtilization: Double
    /// Time some thread held the GIL ÷ makespan, averaged over processes (0 without a GIL).
    public var gilHeldFraction: Double
    /// Completed requests' time in each state, summed.
    public var stateTotals: StateTotals
    /// The states a request of this model can be in (`poolWait` only with connection pools).
    public var states: [RequestState]
    /// Each worker pool's background tasks (empty without worker pools).
    public var tasks: [BackgroundTaskFigures]
    public var contextSwitches: Int
    public var gilSwitches: Int
    public var queueLengthMean: Double
    public var queueLengthMax: Int
    public var threads: Int
    public var memoryMB: Double
    /// The budget that stopped the run before its end (nil: it ran to the end); the figures
    /// are then the figures so far.
    public var stop: BudgetStop? = nil
    /// Which worker holds the clients' connections (only for a workload with keep-alive clients).
    public var connections: ConnectionFigures? = nil

    /// For a run that ended by itself (no budget stopped it), the requests it left waiting: with
    /// no event left to come, they wait for each other — a deadlock. Nil when every request
    /// completed or a budget stopped the run. Only meaningful for a finished run's figures.
    public var deadlock: String? {
        guard stop == nil, inFlight > 0 else { return nil }
        return
            "\(inFlight) of \(requests) requests never completed: they were left waiting for something no event would bring (a deadlock, like requests holding a pool's connections, each waiting for another of them)"
    }

    /// Mean time a completed request spent in `state`, in milliseconds.
    public func meanMs(in state: RequestState) -> Double {
        completed > 0 ? Time.ms(stateTotals[state] / Double(completed)) : 0
    }

    public var gilWaitMeanMs: Double { meanMs(in: .gilWait) }
}

/// One job's figures in a model: its completed requests and their latency.
public struct JobFigures: Sendable, Equatable {
    public var name: String
    public var completed: Int
    public var latency: LatencySummary

    public init(name: String, completed: Int, latency: LatencySummary) {
        self.name = name
        self.completed = completed
        self.latency = latency
    }
}

/// A model's request counts right now: cheap to read (no percentiles), for the dashboard's
/// sparklines, which sample them every 50 ms of simulated time.
public struct RequestCounts: Sendable, Equatable {
    /// Requests that have arrived so far.
    public var arrived: Int
    public var completed: Int
    public var inFlight: Int
    /// Requests waiting for a worker, a loop turn or an executor thread.
    public var queueLength: Int
}

extension ModelSimulation {
    public var requestCounts: RequestCounts {
        RequestCounts(
            arrived: metrics.arrived, completed: metrics.completed,
            inFlight: metrics.arrived - metrics.completed, queueLength: metrics.queueLength)
    }

    public func figures() -> ModelFigures {
        let first = metrics.firstArrival ?? 0
        let end = ranToEnd ? metrics.lastCompletion : now
        let span = max(end - first, 0)
        // Worker pools may work on after the last request: their cores and GILs count till then.
        let busySpan = ranToEnd ? max(span, pools.lastTaskCompletion - first) : span
        let counts = requestCounts

        let busy = busyCoreTime
        // Double: there can be more processes (worker pools') than cores, each holding a GIL.
        var gilHeld: Double = 0
        for process in processes {
            gilHeld += Double(process.gil.held(at: now))
        }
        let queueMean =
            span > 0
            ? (metrics.queueIntegral + Double(metrics.queueLength) * Double(now - metrics.queueSince)) / Double(span)
            : 0
        let memory =
            (Double(processes.count) * MemoryEstimate.perProcessMB + Double(threads.count) * MemoryEstimate.perThreadMB)
            * (spec.gil ? 1 : MemoryEstimate.freeThreadedFactor)

        return ModelFigures(
            name: spec.name,
            requests: counts.arrived,
            completed: counts.completed,
            inFlight: counts.inFlight,
            queueLength: counts.queueLength,
            makespan: span,
            throughputPerSecond: span > 0 ? Double(counts.completed) / (Double(span) / Double(Time.second)) : 0,
            latency: metrics.latency,
            jobs: jobNames.indices.map {
                JobFigures(name: jobNames[$0], completed: metrics.jobLatency[$0].count, latency: LatencySummary(metrics.jobLatency[$0]))
            },
            cpuUtilization: busySpan > 0 ? Double(busy) / (Double(cores) * Double(busySpan)) : 0,
            gilHeldFraction: busySpan > 0 && spec.gil ? gilHeld / Double(processes.count) / Double(busySpan) : 0,
            stateTotals: metrics.stateTotals,
            states: RequestState.reported(connectionPools: !pools.connectionPools.isEmpty),
            tasks: backgroundTaskFigures,
            contextSwitches: metrics.contextSwitches,
            gilSwitches: metrics.gilSwitches,
            queueLengthMean: queueMean,
            queueLengthMax: metrics.maxQueueLength,
            threads: threads.count,
            memoryMB: memory,
            stop: stoppedBy.map {
                BudgetStop(
                    limit: $0, budget: budget, at: now, arrived: counts.arrived, inFlight: counts.inFlight,
                    queueLengthMax: metrics.maxQueueLength, arrivalRate: arrivalRate, capacity: capacity)
            },
            connections: connectionFigures)
    }
}
