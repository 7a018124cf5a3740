import GILCore

/// The knobs a user turned on one model in the dashboard, over what its file says. A knob left
/// alone is nil; a knob turned back to the file's value is dropped (`normalized`), so a model
/// differs from its file exactly when its tweaks are not empty.
public struct ModelTweaks: Sendable, Equatable {
    public var processes: Int?
    public var threads: Int?
    public var executorThreads: Int?
    public var gil: Bool?
    public var switchInterval: SimTime?
    public var cores: Int?

    public init(
        processes: Int? = nil, threads: Int? = nil, executorThreads: Int? = nil, gil: Bool? = nil,
        switchInterval: SimTime? = nil, cores: Int? = nil
    ) {
        self.processes = processes
        self.threads = threads
        self.executorThreads = executorThreads
        self.gil = gil
        self.switchInterval = switchInterval
        self.cores = cores
    }

    public var isEmpty: Bool { self == ModelTweaks() }

    /// The switch interval knob's travel: halving and doubling stop here, well inside the
    /// file's range (`ScenarioLimits.interval`), where a step still shows on screen.
    public static let switchIntervalRange: ClosedRange<SimTime> = 10 * Time.microsecond...Time.second

    /// The knobs as the settings a sweep would vary: a knob changes a scenario only through
    /// these, so it is checked as `--vary` is (each value's range, then `ScenarioRules`).
    public var overrides: [ScenarioOverride] {
        var overrides: [ScenarioOverride] = []
        func add(_ key: ScenarioOverride.Key, _ value: ScenarioOverride.Value?) {
            if let value { overrides.append(ScenarioOverride(key: key, value: value)) }
        }
        add(.cores, cores.map { .integer($0) })
        add(.processes, processes.map { .integer($0) })
        add(.threads, threads.map { .integer($0) })
        add(.executorThreads, executorThreads.map { .integer($0) })
        add(.gil, gil.map { .boolean($0) })
        add(.switchInterval, switchInterval.map { .duration($0, text: DurationParser.format($0)) })
        return overrides
    }

    /// `scenario` with model `index` (and the machine) changed as the knobs say: what the same
    /// change made in the file would read to, or why the file would be refused.
    public func applied(to scenario: Scenario, model index: Int) throws(ScenarioOverrideError) -> Scenario {
        try ScenarioOverride.applied(overrides, to: scenario, models: [index])
    }

    /// `applied(to:model:)` for tweaks already accepted (every stored tweak was), which cannot fail.
    func accepted(on scenario: Scenario, model index: Int) -> Scenario {
        (try? applied(to: scenario, model: index)) ?? scenario
    }

    /// Without the knobs that equal the file's values.
    public func normalized(against scenario: Scenario, model index: Int) -> ModelTweaks {
        let base = Values(scenario, model: index)
        var result = self
        if processes == base.processes { result.processes = nil }
        if threads == base.threads { result.threads = nil }
        if gil == base.gil { result.gil = nil }
        if switchInterval == base.switchInterval { result.switchInterval = nil }
        if cores == base.cores { result.cores = nil }
        // The pool size the model would run with anyway (its default follows the core count).
        var withoutPool = result
        withoutPool.executorThreads = nil
        if executorThreads == Values(withoutPool.accepted(on: scenario, model: index), model: index).executorThreads {
            result.executorThreads = nil
        }
        return result
    }

    /// Why the tweaked model could not be written in a file, or nil when it could: the error of
    /// its overrides.
    public func problem(in scenario: Scenario, model index: Int) -> ScenarioOverrideError? {
        do {
            _ = try applied(to: scenario, model: index)
            return nil
        } catch {
            return error
        }
    }

    /// "threads 8→16", "GIL on→off", …: each knob that differs, against the file.
    public func changes(from scenario: Scenario, model index: Int, ascii: Bool) -> [String] {
        let arrow = ascii ? "->" : "→"
        let base = Values(scenario, model: index)
        let now = Values(accepted(on: scenario, model: index), model: index)
        var changes: [String] = []
        func note(_ name: String, _ from: String, _ to: String) { changes.append("\(name) \(from)\(arrow)\(to)") }
        if processes != nil { note("processes", "\(base.processes)", "\(now.processes)") }
        if threads != nil { note("threads", "\(base.threads)", "\(now.threads)") }
        if executorThreads != nil { note("executor", "\(base.executorThreads)", "\(now.executorThreads)") }
        if gil != nil { note("GIL", base.gil ? "on" : "off", now.gil ? "on" : "off") }
        if switchInterval != nil {
            note("interval", DurationParser.format(base.switchInterval), DurationParser.format(now.switchInterval))
        }
        if cores != nil { note("cores", "\(base.cores)", "\(now.cores)") }
        return changes
    }

    /// A model's knob values as it runs, defaults filled in.
    struct Values {
        var processes: Int
        var threads: Int
        var executorThreads: Int
        var gil: Bool
        var switchInterval: SimTime
        var cores: Int

        init(_ scenario: Scenario, model index: Int) {
            let spec = scenario.models[index]
            processes = spec.processes
            threads = spec.threads
            cores = scenario.machine.cores
            executorThreads = spec.executorPoolSize(cores: cores)
            gil = spec.gil
            switchInterval = spec.switchInterval ?? scenario.python.switchInterval
        }
    }
}
