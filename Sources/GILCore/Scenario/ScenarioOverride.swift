/// One numeric setting of a scenario changed: `threads=8`, `cores=2`, `switch_interval=1ms`.
///
/// What `gilview sweep --vary` applies to each combination; written so any feature that edits a
/// scenario's numbers (a dashboard knob) can reuse it and get the same checks.
public struct ScenarioOverride: Sendable, Equatable, CustomStringConvertible {
    public var key: Key
    public var value: Value

    public init(key: Key, value: Value) {
        self.key = key
        self.value = value
    }

    /// The settings that can be changed, named as in the scenario file.
    public enum Key: String, CaseIterable, Sendable {
        // A model's keys.
        case processes, threads
        case executorThreads = "executor_threads"
        case switchInterval = "switch_interval"
        case freeThreadingSlowdown = "free_threading_slowdown"
        // The machine's.
        case cores, timeslice
        // The interpreter's.
        case gilHandoff = "gil_handoff"
        // The workload's.
        case rate, clients, requests

        /// Where the key lives in the file, as written in messages and accepted on the command line.
        public var path: String {
            switch self {
            case .processes, .threads, .executorThreads, .switchInterval, .freeThreadingSlowdown: "models[].\(rawValue)"
            case .cores, .timeslice: "machine.\(rawValue)"
            case .gilHandoff: "python.\(rawValue)"
            case .rate, .clients: "workload.arrivals.\(rawValue)"
            case .requests: "workload.requests"
            }
        }

        /// Set per model (the others are scenario-wide).
        public var isModelKey: Bool { path.hasPrefix("models") }

        /// The key named `text`: its name or its path (`cores`, `machine.cores`).
        public init?(named text: String) {
            guard let key = Key.allCases.first(where: { [$0.rawValue, $0.path, "models.\($0.rawValue)"].contains(text) })
            else { return nil }
            self = key
        }

        var kind: ValueKind {
            switch self {
            case .processes, .threads, .executorThreads, .cores, .clients, .requests: .integer
            case .switchInterval, .timeslice, .gilHandoff: .duration
            case .freeThreadingSlowdown, .rate: .number
            }
        }

        /// The valid range (`ScenarioLimits`, as the file's), as a closed range of the value's
        /// Double and as words.
        var range: (ClosedRange<Double>, String) {
            func durations(_ range: ClosedRange<SimTime>) -> (ClosedRange<Double>, String) {
                (Double(range.lowerBound)...Double(range.upperBound), ScenarioLimits.words(range))
            }
            func numbers(_ range: ClosedRange<Double>, _ unit: String) -> (ClosedRange<Double>, String) {
                (range, "from \(Value.number(range.lowerBound)) to \(Value.number(range.upperBound))\(unit)")
            }
            return switch self {
            case .processes: (1...Double(ScenarioLimits.processes), "from 1 to \(ScenarioLimits.processes)")
            case .threads, .executorThreads: (1...Double(ScenarioLimits.threads), "from 1 to \(ScenarioLimits.threads)")
            case .cores: (1...Double(ScenarioLimits.cores), "from 1 to \(ScenarioLimits.cores)")
            case .clients: (1...Double(ScenarioLimits.clients), "from 1 to \(ScenarioLimits.clients)")
            case .requests: (1...Double(ScenarioLimits.requests), "from 1 to \(ScenarioLimits.requests)")
            case .switchInterval, .timeslice: durations(ScenarioLimits.interval)
            case .gilHandoff: durations(ScenarioLimits.duration)
            case .freeThreadingSlowdown: numbers(ScenarioLimits.slowdown, "")
            case .rate: numbers(ScenarioLimits.rate, " (per second)")
            }
        }
    }

    enum ValueKind {
        case integer, duration, number
    }

    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case integer(Int)
        /// Nanoseconds, with the text it was written as ("5ms"), which names it in output.
        case duration(SimTime, text: String)
        case number(Double)

        public var description: String {
            switch self {
            case .integer(let n): String(n)
            case .duration(_, let text): text
            case .number(let x): x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
            }
        }

        /// The value as a number: nanoseconds for durations. For charts and CSV.
        public var number: Double {
            switch self {
            case .integer(let n): Double(n)
            case .duration(let t, _): Double(t)
            case .number(let x): x
            }
        }
    }

    public var description: String { "\(key.rawValue)=\(value)" }

    /// Parses `key=v1,v2,…`; every problem is an error saying what would be valid.
    public static func parseList(_ text: String) throws(ScenarioOverrideError) -> [ScenarioOverride] {
        guard let equals = text.firstIndex(of: "=") else {
            throw ScenarioOverrideError("\"\(text)\" has no \"=\"; write KEY=VALUE,VALUE…, like threads=1,2,4,8")
        }
        let name = String(text[..<equals]).trimmingCharacters(in: " ")
        guard let key = Key(named: name) else {
            let valid = Key.allCases.map(\.rawValue).joined(separator: ", ")
            throw ScenarioOverrideError("unknown key \"\(name)\"; keys that can vary: \(valid)")
        }
        let items = text[text.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0).trimmingCharacters(in: " ") }
        guard !items.contains(where: \.isEmpty) else {
            throw ScenarioOverrideError("\(key.rawValue): a value is missing in \"\(text)\"; list values with commas, like \(key.rawValue)=\(key.example)")
        }
        var overrides: [ScenarioOverride] = []
        for item in items {
            let value = try parseValue(item, for: key)
            if overrides.contains(where: { $0.value.number == value.number }) {
                throw ScenarioOverrideError("\(key.rawValue): the value \(item) is listed twice")
            }
            overrides.append(ScenarioOverride(key: key, value: value))
        }
        return overrides
    }

    static func parseValue(_ text: String, for key: Key) throws(ScenarioOverrideError) -> Value {
        let value: Value
        switch key.kind {
        case .integer:
            guard let n = Int(text) else {
                throw ScenarioOverrideError("\(key.rawValue) needs whole numbers, found \"\(text)\"")
            }
            value = .integer(n)
        case .duration:
            do {
                value = .duration(try DurationParser.parse(text), text: text)
            } catch {
                throw ScenarioOverrideError("\(key.rawValue): \(error.message)")
            }
        case .number:
            guard let x = Double(text), x.isFinite else {
                throw ScenarioOverrideError("\(key.rawValue) needs numbers, found \"\(text)\"")
            }
            value = .number(x)
        }
        let (range, words) = key.range
        guard range.contains(value.number) else {
            throw ScenarioOverrideError("\(key.rawValue)=\(text) is out of range: \(key.rawValue) must be \(words)")
        }
        return value
    }

    /// Whether the key means something for this model: an asyncio model has one event-loop
    /// thread per process, so `threads` does not apply to it.
    public func applies(to model: ModelSpec) -> Bool {
        !(key == .threads && model.asyncio)
    }

    /// The scenario with this setting changed: for a model key, in the models at `models`
    /// (every one it applies to when nil); otherwise scenario-wide.
    public func applied(to scenario: Scenario, models: [Int]? = nil) throws(ScenarioOverrideError) -> Scenario {
        var result = scenario
        if key.isModelKey {
            for i in models ?? Array(scenario.models.indices) {
                let spec = scenario.models[i]
                guard applies(to: spec) else {
                    // threads=1 is what an asyncio model has: nothing to change.
                    if models == nil || value == .integer(1) { continue }
                    throw ScenarioOverrideError("threads does not apply to \"\(spec.name)\": an asyncio model runs one event-loop thread per process; vary executor_threads or processes")
                }
                result.models[i] = try applied(to: spec)
            }
            return result
        }
        switch (key, value) {
        case (.cores, .integer(let n)): result.machine.cores = n
        case (.timeslice, .duration(let t, _)): result.machine.timeslice = t
        case (.gilHandoff, .duration(let t, _)): result.python.gilHandoff = t
        case (.rate, .number(let rate)):
            guard case .poisson = scenario.workload.arrivals else {
                throw ScenarioOverrideError("rate applies to poisson arrivals; this scenario's are \(scenario.workload.arrivals.kindName)")
            }
            result.workload.arrivals = .poisson(ratePerSecond: rate)
            if case .duration(let span) = scenario.workload.size,
                let expected = result.workload.arrivals.expectedRequests(in: span), expected > Double(ScenarioLimits.requests) {
                throw ScenarioOverrideError("rate=\(value) over the workload's duration is about \(Int(expected)) requests, more than \(ScenarioLimits.requests)")
            }
        case (.clients, .integer(let n)):
            guard case .closed(_, let think) = scenario.workload.arrivals else {
                throw ScenarioOverrideError("clients applies to closed arrivals; this scenario's are \(scenario.workload.arrivals.kindName)")
            }
            result.workload.arrivals = .closed(clients: n, think: think)
        case (.requests, .integer(let n)):
            if scenario.workload.jobs.contains(where: { if case .count = $0.mix { true } else { false } }) {
                throw ScenarioOverrideError("requests cannot change when jobs have a count: the requests are their sum")
            }
            result.workload.size = .requests(n)
        default:
            preconditionFailure("a value of the wrong kind for \(key): parseValue makes the kind match the key")
        }
        return result
    }

    private func applied(to spec: ModelSpec) throws(ScenarioOverrideError) -> ModelSpec {
        var spec = spec
        switch (key, value) {
        case (.processes, .integer(let n)): spec.processes = n
        case (.threads, .integer(let n)): spec.threads = n
        case (.executorThreads, .integer(let n)): spec.executorThreads = n
        case (.switchInterval, .duration(let t, _)): spec.switchInterval = t
        case (.freeThreadingSlowdown, .number(let x)): spec.freeThreadingSlowdown = x
        default: preconditionFailure("\(key) is not a model key")
        }
        if let problem = ScenarioRules.problem(processes: spec.processes, threads: spec.threads, asyncio: spec.asyncio) {
            throw ScenarioOverrideError("\"\(spec.name)\" with \(problem.sentence)")
        }
        return spec
    }
}

extension ScenarioOverride.Key {
    /// A valid list of values to show in messages.
    var example: String {
        switch kind {
        case .integer: "1,2,4"
        case .duration: "1ms,5ms"
        case .number: self == .rate ? "50,100,200" : "1.1,1.4"
        }
    }
}

/// Why `--vary` (or another override) was rejected: the message names the key and what is valid.
public struct ScenarioOverrideError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension Arrivals {
    /// The `kind` written in the file.
    var kindName: String {
        switch self {
        case .batch: "batch"
        case .poisson: "poisson"
        case .uniform: "uniform"
        case .closed: "closed"
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return String(text)
    }
}
