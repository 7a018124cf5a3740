import Foundation

/// The models of a scenario side by side: one row per model, one column per figure, the best
/// in each column marked and every model measured against a baseline model.
///
/// Built from the very `ModelFigures` the report prints (finished, or live while the dashboard
/// plays), so its numbers are the report's numbers.
public struct Comparison: Sendable {
    public var models: [ModelFigures]
    /// The models' settings, in the same order: verdicts explain the numbers with them.
    public var specs: [ModelSpec]
    public var cores: Int
    /// Index of the model every other is compared with.
    public var baseline: Int
    /// The workload and settings the verdicts explain the numbers with.
    var arrivals: Arrivals
    /// How many requests the workload makes (or for how long).
    var size: Workload.Size
    var jobs: [Job]
    var python: PythonSettings
    var connectionPools: [ConnectionPool]
    var workerPools: [WorkerPool]

    public init(scenario: Scenario, figures: [ModelFigures], baseline: Int = 0) {
        precondition(figures.count == scenario.models.count, "one figures value per model")
        models = figures
        specs = scenario.models
        cores = scenario.machine.cores
        arrivals = scenario.workload.arrivals
        size = scenario.workload.size
        jobs = scenario.workload.jobs
        python = scenario.python
        connectionPools = scenario.connectionPools
        workerPools = scenario.workerPools
        self.baseline = figures.indices.contains(baseline) ? baseline : 0
    }

    /// A compared figure: its value, how to write it, and which way is better.
    public enum Column: String, CaseIterable, Sendable {
        case throughput, p50, p95, p99, makespan, cpu, gilHeld, gilWait, memory

        /// Which way a column is better, if any.
        public enum Direction: Sendable {
            case higher, lower
        }

        /// CPU % and GIL held % have no "best": a busier CPU or GIL is the cost of the work done
        /// (or wasted, as with a free-threaded build's slower bytecode), not a goal in itself.
        /// Every other column is a rate to raise or a time or cost to lower.
        public var direction: Direction? {
            switch self {
            case .throughput: .higher
            case .p50, .p95, .p99, .makespan, .gilWait, .memory: .lower
            case .cpu, .gilHeld: nil
            }
        }

        /// The table header.
        public var label: String {
            switch self {
            case .throughput: "req/s"
            case .p50: "p50"
            case .p95: "p95"
            case .p99: "p99"
            case .makespan: "makespan"
            case .cpu: "CPU"
            case .gilHeld: "GIL"
            case .gilWait: "GIL wait"
            case .memory: "mem"
            }
        }

        /// The key naming the column in JSON (the report's own name for the figure).
        public var key: String {
            switch self {
            case .throughput: "throughput_per_s"
            case .p50: "p50_ms"
            case .p95: "p95_ms"
            case .p99: "p99_ms"
            case .makespan: "makespan_ms"
            case .cpu: "cpu_utilization"
            case .gilHeld: "gil_held_fraction"
            case .gilWait: "gil_wait_ms_mean"
            case .memory: "memory_mb"
            }
        }

        /// Fractions (0–1), compared in percentage points rather than as ratios.
        public var isFraction: Bool { self == .cpu || self == .gilHeld }

        /// The figure, exactly as the report holds it; nil while a latency is undefined (nothing
        /// has completed yet).
        public func value(of m: ModelFigures) -> Double? {
            switch self {
            case .throughput: m.throughputPerSecond
            case .p50: m.completed > 0 ? m.latency.p50 : nil
            case .p95: m.completed > 0 ? m.latency.p95 : nil
            case .p99: m.completed > 0 ? m.latency.p99 : nil
            case .makespan: Time.ms(m.makespan)
            case .cpu: m.cpuUtilization
            case .gilHeld: m.gilHeldFraction
            case .gilWait: m.completed > 0 ? m.gilWaitMeanMs : nil
            case .memory: m.memoryMB
            }
        }

        /// The value as the report's table writes it.
        public func format(_ value: Double) -> String {
            switch self {
            case .throughput: Format.rate(value)
            case .p50, .p95, .p99, .makespan, .gilWait: Format.milliseconds(value)
            case .cpu, .gilHeld: Format.percent(value)
            case .memory: Format.megabytes(value)
            }
        }
    }

    /// Values within this fraction of the best one are tied with it and marked too: 100.8 and
    /// 101.1 requests a second read the same in the table and should not be told apart.
    public static let tieTolerance = 0.01

    public func value(_ column: Column, of model: Int) -> Double? {
        column.value(of: models[model])
    }

    /// The models best in `column`: none when the column has no direction, fewer than two models
    /// have a value, or they are all tied (a mark on every row says nothing).
    public func best(_ column: Column) -> [Int] {
        guard let direction = column.direction else { return [] }
        let values = models.indices.compactMap { i in value(column, of: i).map { (i, $0) } }
        guard values.count > 1 else { return [] }
        let target = direction == .higher ? values.map(\.1).max()! : values.map(\.1).min()!
        let slack = abs(target) * Self.tieTolerance
        let winners = values.filter { abs($0.1 - target) <= slack }.map(\.0)
        return winners.count == values.count ? [] : winners
    }

    public func isBest(_ model: Int, in column: Column) -> Bool {
        best(column).contains(model)
    }

    /// How a model's figure differs from the baseline's.
    public enum Difference: Sendable, Equatable {
        /// This is the baseline model.
        case baseline
        /// value ÷ baseline value.
        case ratio(Double)
        /// A fraction's difference in percentage points.
        case points(Double)
        /// value − baseline value, when the baseline's is 0 and a ratio is undefined.
        case absolute(Double)
        /// One of the two values is undefined.
        case unavailable
    }

    public func difference(_ column: Column, of model: Int) -> Difference {
        if model == baseline { return .baseline }
        guard let own = value(column, of: model), let base = value(column, of: baseline) else { return .unavailable }
        if column.isFraction { return .points((own - base) * 100) }
        return base != 0 ? .ratio(own / base) : .absolute(own - base)
    }

    /// The difference as a table cell: "×2.10" ("x2.10" in ASCII), "+12pt", "+2.20ms", "=" for
    /// no change.
    public func formattedDifference(_ column: Column, of model: Int, ascii: Bool = false) -> String {
        switch difference(column, of: model) {
        case .baseline: "base"
        case .unavailable: ascii ? "-" : "–"
        case .ratio(let r): Format.ratio(r, ascii: ascii)
        case .points(let p): abs(p) < 0.5 ? "=" : String(format: "%+.0fpt", p)
        case .absolute(let d): d == 0 ? "=" : (d > 0 ? "+" : "-") + column.format(abs(d))
        }
    }

    /// The ratio to the baseline for scripts: nil when the baseline's value is 0 or undefined.
    public func ratio(_ column: Column, of model: Int) -> Double? {
        guard let own = value(column, of: model), let base = value(column, of: baseline), base != 0 else { return nil }
        return own / base
    }
}

extension Format {
    /// "×2.10", "×0.52", "×12".
    public static func ratio(_ r: Double, ascii: Bool = false) -> String {
        let sign = ascii ? "x" : "×"
        if r == 0 { return sign + "0" }
        if r >= 10 { return sign + String(format: "%.0f", r) }
        if r >= 0.1 { return sign + String(format: "%.2f", r) }
        return sign + String(format: "%.3f", r)
    }

    /// A ratio in a sentence: "6.9×", "1.01×" and "0.21×" (two places near and below 1), "12×".
    public static func times(_ r: Double) -> String {
        if r >= 10 { return String(format: "%.0f×", r) }
        if abs(r - 1) < 0.1 || r < 1 { return String(format: "%.2f×", r) }
        return String(format: "%.1f×", r)
    }

    /// "41MB".
    public static func megabytes(_ mb: Double) -> String {
        String(format: "%.0fMB", mb)
    }
}
