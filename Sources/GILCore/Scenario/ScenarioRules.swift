/// The rules that tie a scenario's values together, beyond each value's own range
/// (`ScenarioLimits`): one place for the decoder (a file), `ScenarioOverride` (a sweep's `--vary`)
/// and the dashboard's knobs (which are overrides), each of which adds where the problem is and
/// what to do about it. The decoder calls each rule where it reads the values it ties together,
/// to point at them; an override, and so a knob, calls `problem(in:)` on the scenario it made.
public enum ScenarioRules {
    public enum Problem: Equatable, Sendable {
        /// An asyncio model runs one event-loop thread per process.
        case asyncioThreads(Int)
        /// More threads in all than gilview simulates.
        case tooManyThreads(processes: Int, threads: Int)
        /// Open-loop arrivals over a workload's duration: more requests than `ScenarioLimits.requests`.
        case tooManyRequests(expected: Double)
        /// Jobs with counts fix the number of requests: their sum.
        case requestsDisagreeWithCounts(requests: Int, counts: Int)

        public var sentence: String {
            switch self {
            case .asyncioThreads(let threads):
                "an asyncio model runs one event-loop thread per process, so threads cannot be \(threads)"
            case .tooManyThreads(let processes, let threads):
                "\(processes) processes × \(threads) threads is more than \(ScenarioLimits.totalThreads) threads in all"
            case .tooManyRequests(let expected):
                "the arrivals over the workload's duration are about \(Int(expected)) requests, more than \(ScenarioLimits.requests)"
            case .requestsDisagreeWithCounts(let requests, let counts):
                "requests is \(requests) but the job counts add up to \(counts)"
            }
        }
    }

    /// Why a model (or a worker pool: `asyncio` false) of `processes` × `threads` cannot run, or
    /// nil. Each count is within its own range (`ScenarioLimits`): callers check that first.
    public static func problem(processes: Int, threads: Int, asyncio: Bool) -> Problem? {
        if asyncio, threads > 1 { return .asyncioThreads(threads) }
        let (total, overflow) = processes.multipliedReportingOverflow(by: threads)
        if overflow || total > ScenarioLimits.totalThreads { return .tooManyThreads(processes: processes, threads: threads) }
        return nil
    }

    /// Why `arrivals` over a workload lasting `span` would send too many requests, or nil.
    public static func problem(arrivals: Arrivals, span: SimTime) -> Problem? {
        guard let expected = arrivals.expectedRequests(in: span), expected > Double(ScenarioLimits.requests) else { return nil }
        return .tooManyRequests(expected: expected)
    }

    /// Why a workload of `requests` disagrees with its jobs' counts (`countSum`, nil when the
    /// jobs have weights), or nil.
    public static func problem(requests: Int, countSum: Int?) -> Problem? {
        guard let countSum, countSum != requests else { return nil }
        return .requestsDisagreeWithCounts(requests: requests, counts: countSum)
    }

    /// Where a rule is broken in a scenario built from a valid one (an override's, a knob's):
    /// `subject` names the model, worker pool or workload, for messages.
    public struct Finding: Equatable, Sendable {
        public var subject: String
        public var problem: Problem

        public var sentence: String { "\(subject): \(problem.sentence)" }
    }

    /// The first rule `scenario` breaks, or nil: every rule above over every model, worker pool
    /// and the workload.
    public static func problem(in scenario: Scenario) -> Finding? {
        for model in scenario.models {
            if let problem = problem(processes: model.processes, threads: model.threads, asyncio: model.asyncio) {
                return Finding(subject: "\"\(model.name)\"", problem: problem)
            }
        }
        for pool in scenario.workerPools {
            if let problem = problem(processes: pool.size.processes, threads: pool.size.threads, asyncio: false) {
                return Finding(subject: "worker pool \"\(pool.name)\"", problem: problem)
            }
        }
        let workload = scenario.workload
        let problem: Problem? =
            switch workload.size {
            case .duration(let span): problem(arrivals: workload.arrivals, span: span)
            case .requests(let requests): problem(requests: requests, countSum: workload.countSum)
            }
        return problem.map { Finding(subject: "workload", problem: $0) }
    }
}

extension Workload {
    /// The sum of the jobs' counts when they have counts (the decoder makes it all or none, and
    /// keeps the sum within `ScenarioLimits.requests`), nil when they have weights.
    var countSum: Int? {
        var sum: Int?
        for case .count(let n) in jobs.map(\.mix) { sum = (sum ?? 0) + n }
        return sum
    }
}
