/// Every bound on a scenario's values, in one place: the decoder checks files against them,
/// `ScenarioOverride` checks `sweep --vary` values, and the dashboard's knobs stop at them.
///
/// The counts are far beyond any real deployment, so that a typo (an extra zero or six) is an
/// error rather than a run that exhausts memory. The durations and rates follow from what the
/// engine can represent (docs/limits.md): the clock is Int64 nanoseconds (292 years), a run
/// stops at its time budget (at most `SimulationBudget.longestTime`, 100 days), and any one
/// drawn duration is cut at `longestDraw`, so no event time can pass Int64. Sums over a run
/// (latencies, state times) are kept in Double, which cannot trap.
public enum ScenarioLimits {
    public static let cores = 1024
    public static let processes = 1024
    public static let threads = 4096
    public static let totalThreads = 65_536
    public static let clients = 1_000_000
    /// Requests in a workload: `requests`, the sum of job counts, and rate × duration.
    public static let requests = 100_000_000
    public static let repeatCount = 1_000_000
    public static let connections = 100_000

    /// Every duration in a file: a step, a mean or bound of a distribution, a run's duration,
    /// an interval, a cost, a note's time.
    public static let longestDuration: SimTime = 24 * 3600 * Time.second
    /// `switch_interval` and `timeslice`: CPython keeps the switch interval in whole
    /// microseconds, and an OS time slice is never shorter.
    public static let shortestInterval: SimTime = Time.microsecond
    /// `free_threading_slowdown`: measured builds are 1.05–1.4; 100 leaves room for "what if".
    public static let slowdown: ClosedRange<Double> = 1...100
    /// Poisson `rate`, per second: at least one request per `longestDuration` (a mean gap the
    /// clock holds), at most one per nanosecond (the clock's resolution).
    public static let rate: ClosedRange<Double> = (1 / 86_400)...1e9

    /// One drawn duration (an exponential's tail, a lognormal's, a slowed-down `cpu` step) is
    /// cut here: with the time budget's ceiling, `now + draw` stays far inside Int64.
    static let longestDraw: SimTime = SimulationBudget.longestTime

    /// Durations that may be zero: steps, distribution parameters, costs, `gil_handoff`, notes.
    public static let duration: ClosedRange<SimTime> = 0...longestDuration
    /// Durations that must move time: a run's `duration`, a lognormal's mean.
    public static let positiveDuration: ClosedRange<SimTime> = 1...longestDuration
    /// `switch_interval` and `timeslice`.
    public static let interval: ClosedRange<SimTime> = shortestInterval...longestDuration

    /// A duration range in words, for messages: "from 1us to 86400s (a day)".
    public static func words(_ range: ClosedRange<SimTime>) -> String {
        let high = DurationParser.format(range.upperBound) + (range.upperBound == longestDuration ? " (a day)" : "")
        return range.lowerBound == 0 ? "at most \(high)" : "from \(DurationParser.format(range.lowerBound)) to \(high)"
    }
}
