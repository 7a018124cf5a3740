/// Latencies of completed requests: count, exact sum, and a log-linear histogram for percentiles.
public struct LatencyStats: Sendable {
    public private(set) var count = 0
    /// In nanoseconds; Double, as `StateTotals`, because the sum of a run's latencies can pass Int64.
    public private(set) var sum: Double = 0
    public private(set) var max: SimTime = 0
    /// Microseconds — the report's resolution — with three significant digits, so percentiles are
    /// within 0.1%. (Nanoseconds would only lengthen every percentile scan.) Latencies beyond a
    /// day are recorded as a day; the exact maximum and sum are kept beside it in nanoseconds.
    private var histogram = LatencyHistogram()
    static let highestTracked = UInt64(3600 * 24) * 1_000_000

    mutating func record(_ latency: SimTime) {
        count += 1
        sum += Double(latency)
        if latency > max { max = latency }
        let micros = UInt64(Swift.max(latency, 0) + Time.microsecond / 2) / UInt64(Time.microsecond)
        histogram.record(Swift.min(micros, LatencyStats.highestTracked))
    }

    /// The latency at a percentile (0–100), in nanoseconds; the exact maximum for 100.
    public func percentile(_ p: Double) -> SimTime {
        Self.percentile(p, of: CollectionOfOne(self))
    }

    /// The percentile of all the parts' latencies together, as if they had been recorded in one.
    static func percentile(_ p: Double, of parts: some Collection<LatencyStats>) -> SimTime {
        let max = parts.reduce(0) { Swift.max($0, $1.max) }
        guard parts.contains(where: { $0.count > 0 }) else { return 0 }
        if p >= 100 { return max }
        let micros = LatencyHistogram.valueAtPercentile(p, of: parts.lazy.map(\.histogram))
        return Swift.min(SimTime(micros) * Time.microsecond, max)
    }
}

/// Running totals from which every per-model figure is derived at any instant.
struct MetricsAccumulator {
    /// Latencies per job. A completion is recorded once, under its job; the model's latency is
    /// read from all of them together (`latency`): half the recording work per request.
    var jobLatency: [LatencyStats]
    var stateTotals = StateTotals()
    var arrived = 0
    var firstArrival: SimTime?
    var lastCompletion: SimTime = 0
    /// Core-time spent running (closed intervals; open ones are added when read).
    var busyCoreTime: SimTime = 0
    var contextSwitches = 0
    var gilSwitches = 0
    /// ∫ queued requests dt, for the mean queue length.
    var queueIntegral: Double = 0
    var queueLength = 0
    var maxQueueLength = 0
    var queueSince: SimTime = 0

    init(jobs: Int) {
        jobLatency = Array(repeating: LatencyStats(), count: jobs)
    }

    /// Every completed request's latency.
    var latency: LatencySummary { LatencySummary(merging: jobLatency) }

    var completed: Int { jobLatency.reduce(0) { $0 + $1.count } }

    mutating func changeQueueLength(by delta: Int, at time: SimTime) {
        queueIntegral += Double(queueLength) * Double(time - queueSince)
        queueSince = time
        queueLength += delta
        if queueLength > maxQueueLength { maxQueueLength = queueLength }
    }
}
