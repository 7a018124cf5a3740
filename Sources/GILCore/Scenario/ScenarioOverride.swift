/// One numeric setting of a scenario changed: `threads=8`, `cores=2`, `switch_interval=1ms`.
///
/// What `gilview sweep --vary` applies to each combination, and what a dashboard knob is
/// (`ModelTweaks.overrides`): both get the same checks, each value against its range
/// (`ScenarioLimits`, through `Key.range`) and the scenario made against `ScenarioRules`.
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
        case gil
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
            case .processes, .threads, .executorThreads, .gil, .switchInterval, .freeThreadingSlowdown: "models[].\(rawValue)"
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
            case .gil: .boolean
            }
        }

        /// The valid range (`ScenarioLimits`, as the file's), as a closed range of the value's
        /// Double and as words; nil for a key that takes true or false.
        var range: (ClosedRange<Double>, String)? {
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
            case .gil: nil
            }
        }
    }

    enum ValueKind {
        case integer, duration, number, boolean
    }

    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case integer(Int)
        /// Nanoseconds, with the text it was written as ("5ms"), which names it in output.
        case duration(SimTime, text: String)
        case number(Double)
        case boolean(Bool)

        public var description: String {
            switch self {
            case .integer(let n): String(n)
            case .duration(_, let text): text
            case .number(let x): x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
            case .boolean(let b): String(b)
            }
        }

        /// The value as a number: nanoseconds for durations, 1 for true. For charts and CSV.
        public var number: Double {
            switch self {
            case .integer(let n): Double(n)
            case .duration(let t, _): Double(t)
            case .number(let x): x
            case .boolean(let b): b ? 1 : 0
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
            throw ScenarioOverrideError(
                "\(key.rawValue): a value is missing in \"\(text)\"; list values with commas, like \(key.rawValue)=\(key.example)")
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
        case .boolean:
            guard let b = Bool(text) else {
                throw ScenarioOverrideError("\(key.rawValue) needs true or false, found \"\(text)\"")
            }
            value = .boolean(b)
        }
        if let problem = ScenarioOverride(key: key, value: value).rangeProblem(written: text) { throw problem }
        return value
    }

    /// Why the value is outside its key's range, or nil: the one range check of an override,
    /// made when it is parsed (naming the value as written) and again when it is applied, however
    /// it was built (a knob's are built in code).
    func rangeProblem(written text: String) -> ScenarioOverrideError? {
        guard let (range, words) = key.range, !range.contains(value.number) else { return nil }
        return ScenarioOverrideError("\(key.rawValue)=\(text) is out of range: \(key.rawValue) must be \(words)", cause: .outOfRange)
    }

    /// Whether the key means something for this model: an asyncio model has one event-loop
    /// thread per process, so `threads` does not apply to it.
    public func applies(to model: ModelSpec) -> Bool {
        !(key == .threads && model.asyncio)
    }

    /// The scenario with this setting changed; see `applied(_:to:models:)`.
    public func applied(to scenario: Scenario, models: [Int]? = nil) throws(ScenarioOverrideError) -> Scenario {
        try Self.applied([self], to: scenario, models: models)
    }

    /// The scenario with every setting changed, then checked against `ScenarioRules` once, so
    /// that `processes=16` with `threads=1` is judged together, whatever the file had. A model
    /// key changes the models at `models` (every one it applies to when nil); the others are
    /// scenario-wide.
    public static func applied(
        _ overrides: [ScenarioOverride], to scenario: Scenario, models: [Int]? = nil
    ) throws(ScenarioOverrideError) -> Scenario {
        var result = scenario
        for override in overrides {
            if let problem = override.rangeProblem(written: override.value.description) { throw problem }
            try override.set(in: &result, models: models)
        }
        if let finding = ScenarioRules.problem(in: result) {
            let settings = overrides.map(\.description).joined(separator: ", ")
            let remedy = if case .asyncioThreads = finding.problem { "; vary executor_threads or processes" } else { "" }
            throw ScenarioOverrideError("\(finding.subject) with \(settings): \(finding.problem.sentence)\(remedy)", cause: .rule(finding))
        }
        return result
    }

    /// Sets the value where the key says, refusing a key the scenario has no place for (`rate`
    /// without poisson arrivals); the rules are checked once every setting is made.
    private func set(in scenario: inout Scenario, models: [Int]?) throws(ScenarioOverrideError) {
        if key.isModelKey {
            for i in models ?? Array(scenario.models.indices) {
                // Across every model, asyncio ones keep their one loop thread; a model picked
                // by name gets the value, which ScenarioRules judges.
                if models == nil && !applies(to: scenario.models[i]) { continue }
                set(in: &scenario.models[i])
            }
            return
        }
        switch (key, value) {
        case (.cores, .integer(let n)): scenario.machine.cores = n
        case (.timeslice, .duration(let t, _)): scenario.machine.timeslice = t
        case (.gilHandoff, .duration(let t, _)): scenario.python.gilHandoff = t
        case (.rate, .number(let rate)):
            guard case .poisson = scenario.workload.arrivals else {
                throw ScenarioOverrideError("rate applies to poisson arrivals; this scenario's are \(scenario.workload.arrivals.kindName)")
            }
            scenario.workload.arrivals = .poisson(ratePerSecond: rate)
        case (.clients, .integer(let n)):
            guard case .closed(_, let think) = scenario.workload.arrivals else {
                throw ScenarioOverrideError(
                    "clients applies to closed arrivals; this scenario's are \(scenario.workload.arrivals.kindName)")
            }
            scenario.workload.arrivals = .closed(clients: n, think: think)
        case (.requests, .integer(let n)): scenario.workload.size = .requests(n)
        default:
            preconditionFailure("a value of the wrong kind for \(key): parseValue makes the kind match the key")
        }
    }

    private func set(in spec: inout ModelSpec) {
        switch (key, value) {
        case (.processes, .integer(let n)): spec.processes = n
        case (.threads, .integer(let n)): spec.threads = n
        case (.executorThreads, .integer(let n)): spec.executorThreads = n
        case (.gil, .boolean(let b)): spec.gil = b
        case (.switchInterval, .duration(let t, _)): spec.switchInterval = t
        case (.freeThreadingSlowdown, .number(let x)): spec.freeThreadingSlowdown = x
        default: preconditionFailure("\(key) is not a model key, or \(value) is of the wrong kind for it")
        }
    }
}

extension ScenarioOverride.Key {
    /// A valid list of values to show in messages.
    var example: String {
        switch kind {
        case .integer: "1,2,4"
        case .duration: "1ms,5ms"
        case .number: self == .rate ? "50,100,200" : "1.1,1.4"
        case .boolean: "true,false"
        }
    }
}

/// Why `--vary` (or another override) was rejected: the message names the key and what is valid.
public struct ScenarioOverrideError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var cause: Cause

    /// What was wrong, for a caller that words it its own way (a knob at its limit).
    public enum Cause: Sendable, Equatable {
        /// Not a valid setting for this scenario (a key, a value's form, a key without a place).
        case usage
        /// The value is outside its key's range.
        case outOfRange
        /// The scenario made breaks a rule that ties values together.
        case rule(ScenarioRules.Finding)
    }

    public init(_ message: String, cause: Cause = .usage) {
        self.message = message
        self.cause = cause
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
