/// How much one run may do before it stops with the figures so far: events handled, simulated
/// time, and requests held at once (the engine's memory grows with them, about 170 bytes each).
///
/// The defaults hold every bundled scenario and benchmark many times over (docs/limits.md has
/// the figures); `--max-events`, `--max-time` and `--max-in-flight` raise them.
public struct SimulationBudget: Sendable, Equatable {
    /// Events handled (each costs the engine tens of nanoseconds).
    public var events: Int
    /// Simulated time: no event later than this is handled. At most `longestTime`.
    public var time: SimTime
    /// Requests (and worker-pool tasks) arrived and not yet completed, at once.
    public var inFlight: Int

    public init(events: Int = 500_000_000, time: SimTime = 30 * 86_400 * Time.second, inFlight: Int = 2_000_000) {
        self.events = events
        self.time = min(time, Self.longestTime)
        // Tasks are numbered with Int32.
        self.inFlight = min(inFlight, Int(Int32.max) - 1)
    }

    public static let standard = SimulationBudget()
    /// A budget nothing reaches in practice (tests that compare against exact results).
    public static let unlimited = SimulationBudget(events: .max, time: longestTime, inFlight: .max)

    /// The longest time budget: 100 days. With every drawn duration cut at the same length, no
    /// event time passes 200 days, and the busiest sum kept in Int64 — core-time, at most
    /// `ScenarioLimits.cores` × 100 days = 8.8 × 10^18 ns — stays inside its 9.2 × 10^18.
    public static let longestTime: SimTime = 100 * 86_400 * Time.second
}

/// Which budget stopped a run.
public enum BudgetLimit: String, Sendable, Equatable, CaseIterable {
    case events
    case time
    case inFlight = "in_flight"

    /// The command-line option that raises it.
    public var option: String {
        switch self {
        case .events: "--max-events"
        case .time: "--max-time"
        case .inFlight: "--max-in-flight"
        }
    }
}

/// Where and why a budget stopped a run: the line `report`, `sweep` and the dashboard print.
public struct BudgetStop: Sendable, Equatable {
    public var limit: BudgetLimit
    public var budget: SimulationBudget
    /// The simulated time it stopped at.
    public var at: SimTime
    public var arrived: Int
    public var inFlight: Int
    public var queueLengthMax: Int
    /// What the workload asks and what the model can give, requests per second (nil: batch or
    /// closed-loop arrivals): `Scenario.capacityPerSecond`.
    public var arrivalRate: Double?
    public var capacity: Double

    /// "the in-flight budget (2 M requests at once, --max-in-flight) stopped it at t=2.1 s:
    /// arrivals 1,000/s exceed capacity ~100/s; queue grew to 2.1 M": which budget, and what
    /// ran away, for an unstable workload the lesson itself.
    public var explanation: String {
        let what =
            switch limit {
            case .events: "the event budget (\(Approximate.count(Double(budget.events))) events"
            case .time: "the time budget (\(DurationParser.format(budget.time)) simulated"
            case .inFlight: "the in-flight budget (\(Approximate.count(Double(budget.inFlight))) requests at once"
            }
        var line = "\(what), \(limit.option)) stopped it at t=\(Approximate.seconds(at))"
        if let rate = arrivalRate, rate > capacity {
            line += ": arrivals \(Approximate.count(rate))/s exceed capacity ~\(Approximate.count(capacity))/s;"
            // Early on the queue may still be short; the lesson is that it cannot stay so.
            line +=
                queueLengthMax > 0
                ? " queue grew to \(Approximate.count(Double(queueLengthMax))) and grows without bound"
                : " the queue will grow without bound"
        } else {
            line +=
                "; \(Approximate.count(Double(arrived))) request\(arrived == 1 ? "" : "s") arrived, \(Approximate.count(Double(inFlight))) in flight"
        }
        return line
    }
}

/// Numbers for a sentence: "1,000", "2.1 M", "4.1 s".
enum Approximate {
    static func count(_ x: Double) -> String {
        guard x.isFinite else { return "∞" }
        if x >= 1e9 { return one(x / 1e9) + " G" }
        if x >= 1e6 { return one(x / 1e6) + " M" }
        if x < 10, x != x.rounded() { return one(x) }
        return Format.count(Int(x.rounded()))
    }

    static func seconds(_ t: SimTime) -> String {
        t < Time.second ? one(Time.ms(t)) + " ms" : one(Double(t) / Double(Time.second)) + " s"
    }

    /// One decimal, without a trailing ".0".
    private static func one(_ x: Double) -> String {
        let tenths = (x * 10).rounded()
        let whole = Int(tenths / 10)
        let fraction = Int(tenths) - whole * 10
        return fraction == 0 ? String(whole) : "\(whole).\(fraction)"
    }
}
