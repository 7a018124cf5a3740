import Foundation

/// What one run of the generated program measured: per model, each request's times.
public struct MeasuredRun: Sendable, Equatable {
    public var pythonVersion: String
    public var startMethod: String
    public var models: [Model]
    /// What one step record costs the thread that writes it, in nanoseconds of CPU time.
    public var recordCPU: SimTime

    public struct Model: Sendable, Equatable {
        public var name: String
        /// Why the model did not run (e.g. `gil: false` on a GIL build), or nil.
        public var skipped: String?
        /// Per completed request: its index, then its times in seconds after the first scheduled arrival.
        public var index: [Int]
        public var arrival: [Double]
        public var end: [Double]
        /// CPU time the model's processes used, in seconds (its worker pools' included).
        public var cpuSeconds: Double
        /// Per worker pool the model enqueued to: each task's enqueue and completion times.
        public var tasks: [Tasks] = []
        /// Each real thread's step records.
        public var threads: [RecordedThread] = []
        /// Records not kept: past the program's cap per process.
        public var recordsDropped = 0

        /// The run's timeline and state times, from its step records.
        public func timeline(gil: Bool, recordCPU: SimTime) -> MeasuredTimeline {
            let requests = index.indices.map { k in
                (index: index[k], arrival: SimTime((arrival[k] * 1e9).rounded()), end: SimTime((end[k] * 1e9).rounded()))
            }
            return MeasuredTimeline(threads: threads, requests: requests, gil: gil, recordCPU: recordCPU)
        }
    }

    public struct Tasks: Sendable, Equatable {
        public var pool: String
        public var enqueued: [Double]
        public var end: [Double]
    }

    /// Reads the program's JSON line.
    public init(output: String) throws(VerifyError) {
        let object = try PythonOutput.lastJSONObject(in: output, what: "the generated program")
        guard let rows = object["models"] as? [[String: Any]] else {
            throw VerifyError("the generated program's output has no \"models\" list")
        }
        pythonVersion = object["python"] as? String ?? "?"
        startMethod = object["start_method"] as? String ?? "?"
        recordCPU = ((object["record_cost_ns"] as? [NSNumber])?.last?.int64Value) ?? 0
        models = try rows.map { (row) throws(VerifyError) -> Model in
            let name = row["name"] as? String ?? "?"
            if let reason = row["skipped"] as? String {
                return Model(name: name, skipped: reason, index: [], arrival: [], end: [], cpuSeconds: 0)
            }
            guard let index = (row["index"] as? [NSNumber])?.map(\.intValue),
                let arrival = (row["arrival"] as? [NSNumber])?.map(\.doubleValue),
                let end = (row["end"] as? [NSNumber])?.map(\.doubleValue),
                index.count == arrival.count, arrival.count == end.count
            else { throw VerifyError("the generated program's output for \"\(name)\" has no index, arrival and end times") }
            let tasks = ((row["tasks"] as? [String: [String: [NSNumber]]]) ?? [:]).sorted { $0.key < $1.key }.map {
                Tasks(
                    pool: $0.key, enqueued: ($0.value["enqueued"] ?? []).map(\.doubleValue),
                    end: ($0.value["end"] ?? []).map(\.doubleValue))
            }
            let threads = try ((row["threads"] as? [[String: Any]]) ?? []).map { (thread) throws(VerifyError) in
                try RecordedThread(json: thread)
            }
            return Model(
                name: name, skipped: nil, index: index, arrival: arrival, end: end,
                cpuSeconds: (row["cpu_seconds"] as? NSNumber)?.doubleValue ?? 0, tasks: tasks,
                threads: threads, recordsDropped: (row["records_dropped"] as? NSNumber)?.intValue ?? 0)
        }
    }
}

/// The figures compared: makespan, mean and p99 latency, in milliseconds.
public struct LatencyFigures: Sendable, Equatable {
    public var completed: Int
    public var makespanMs: Double
    public var meanMs: Double
    public var p99Ms: Double
    /// Core-time spent running (Python and native), in milliseconds: measured, the processes' CPU
    /// time; simulated, busy core-time.
    public var cpuMs: Double

    public init(completed: Int, makespanMs: Double, meanMs: Double, p99Ms: Double, cpuMs: Double) {
        self.completed = completed
        self.makespanMs = makespanMs
        self.meanMs = meanMs
        self.p99Ms = p99Ms
        self.cpuMs = cpuMs
    }

    /// From measured arrival and completion times in seconds: makespan is the last completion
    /// minus the first arrival, latency completion minus scheduled arrival, p99 by nearest rank.
    public init(arrival: [Double], end: [Double], cpuSeconds: Double) {
        cpuMs = cpuSeconds * 1000
        let latencies = zip(arrival, end).map { ($1 - $0) * 1000 }.sorted()
        completed = latencies.count
        makespanMs = ((end.max() ?? 0) - (arrival.min() ?? 0)) * 1000
        meanMs = latencies.isEmpty ? 0 : latencies.reduce(0, +) / Double(latencies.count)
        let rank = Int((0.99 * Double(latencies.count)).rounded(.up))
        p99Ms = latencies.isEmpty ? 0 : latencies[max(rank, 1) - 1]
    }

    public init(_ figures: ModelFigures, cores: Int) {
        self.init(
            completed: figures.completed, makespanMs: Time.ms(figures.makespan),
            meanMs: figures.latency.mean, p99Ms: figures.latency.p99,
            cpuMs: figures.cpuUtilization * Double(cores) * Time.ms(figures.makespan))
    }

    /// The median of `values` (0 for none).
    static func middle(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let half = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2
    }

    /// Each figure's median over several runs.
    public static func median(_ runs: [LatencyFigures]) -> LatencyFigures {
        let mid = middle
        return LatencyFigures(
            completed: runs.map(\.completed).min() ?? 0,
            makespanMs: mid(runs.map(\.makespanMs)), meanMs: mid(runs.map(\.meanMs)),
            p99Ms: mid(runs.map(\.p99Ms)), cpuMs: mid(runs.map(\.cpuMs)))
    }
}
