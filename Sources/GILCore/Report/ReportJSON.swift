import Foundation

/// The machine-readable report: the contract scripts read (design.md). Key names are stable;
/// times are in milliseconds. Keys beyond the contract are additions, never renamings.
extension ScenarioReport {
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(ReportDocument(self))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

private struct ReportDocument: Encodable {
    let report: ScenarioReport
    init(_ report: ScenarioReport) { self.report = report }

    enum Keys: String, CodingKey { case title, seed, cores, models }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(report.title, forKey: .title)
        try container.encode(report.seed, forKey: .seed)
        try container.encode(report.cores, forKey: .cores)
        try container.encode(report.models.map(ModelDocument.init), forKey: .models)
    }
}

private struct ModelDocument: Encodable {
    let figures: ModelFigures

    enum Keys: String, CodingKey {
        case name, requests, completed
        case makespanMs = "makespan_ms"
        case throughputPerSecond = "throughput_per_s"
        case latencyMs = "latency_ms"
        case cpuUtilization = "cpu_utilization"
        case gilHeldFraction = "gil_held_fraction"
        case gilWaitMsMean = "gil_wait_ms_mean"
        case jobs
        case stateMsMean = "state_ms_mean"
        case contextSwitches = "context_switches"
        case gilSwitches = "gil_switches"
        case queueLengthMean = "queue_length_mean"
        case queueLengthMax = "queue_length_max"
        case threads
        case memoryMB = "memory_mb"
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(figures.name, forKey: .name)
        try c.encode(figures.requests, forKey: .requests)
        try c.encode(figures.completed, forKey: .completed)
        try c.encode(rounded(Time.ms(figures.makespan)), forKey: .makespanMs)
        try c.encode(rounded(figures.throughputPerSecond), forKey: .throughputPerSecond)
        try c.encode(LatencyDocument(figures.latency), forKey: .latencyMs)
        try c.encode(rounded(figures.cpuUtilization, places: 4), forKey: .cpuUtilization)
        try c.encode(rounded(figures.gilHeldFraction, places: 4), forKey: .gilHeldFraction)
        try c.encode(rounded(figures.gilWaitMeanMs), forKey: .gilWaitMsMean)
        try c.encode(JobsDocument(jobs: figures.jobs), forKey: .jobs)
        try c.encode(StatesDocument(totals: figures.stateTotals, completed: figures.completed), forKey: .stateMsMean)
        try c.encode(figures.contextSwitches, forKey: .contextSwitches)
        try c.encode(figures.gilSwitches, forKey: .gilSwitches)
        try c.encode(rounded(figures.queueLengthMean), forKey: .queueLengthMean)
        try c.encode(figures.queueLengthMax, forKey: .queueLengthMax)
        try c.encode(figures.threads, forKey: .threads)
        try c.encode(rounded(figures.memoryMB, places: 1), forKey: .memoryMB)
    }
}

private struct LatencyDocument: Encodable {
    let mean, p50, p95, p99, max: Double

    init(_ latency: LatencySummary) {
        mean = rounded(latency.mean)
        p50 = rounded(latency.p50)
        p95 = rounded(latency.p95)
        p99 = rounded(latency.p99)
        max = rounded(latency.max)
    }
}

/// Jobs keyed by name, in the scenario's order (a Swift dictionary would shuffle them).
private struct JobsDocument: Encodable {
    let jobs: [(name: String, completed: Int, latency: LatencySummary)]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct JobDocument: Encodable {
        let completed: Int
        let latencyMs: LatencyDocument
        enum CodingKeys: String, CodingKey {
            case completed
            case latencyMs = "latency_ms"
        }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for job in jobs {
            try c.encode(JobDocument(completed: job.completed, latencyMs: LatencyDocument(job.latency)),
                         forKey: Key(stringValue: job.name))
        }
    }
}

/// Mean time per completed request in each state; they add up to the mean latency.
private struct StatesDocument: Encodable {
    let totals: StateTimes
    let completed: Int

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: JobsDocument.Key.self)
        for state in RequestState.allCases {
            let mean = completed > 0 ? Time.ms(Double(totals[state]) / Double(completed)) : 0
            try c.encode(rounded(mean), forKey: JobsDocument.Key(stringValue: state.key))
        }
    }
}

/// Rounds for the report: microseconds for milliseconds, a few places for fractions.
private func rounded(_ value: Double, places: Int = 3) -> Double {
    let scale = pow(10, Double(places))
    return (value * scale).rounded() / scale
}
