/// Maps a JSON tree to a `Scenario`, collecting every problem rather than stopping at the first.
///
/// Each `decode…` method either returns a value or records at least one diagnostic, so a nil
/// result always comes with an explanation.
struct ScenarioDecoder {
    let file: String
    private(set) var diagnostics: [ScenarioDiagnostic] = []
    /// Problems found after `recordedLimit` were recorded.
    private(set) var unrecorded = 0
    /// Far more than are shown (`ScenarioError.shownLimit`), so the first shown in file order are
    /// nearly always among them (the decoder visits the file roughly in order).
    static let recordedLimit = 1000
    /// Declared before the workload and models that name them (nil: none declared).
    var connectionPoolNames: [String] = []
    var workerPoolNames: [String] = []
    /// The workload's job names, for `models[].job_steps` (nil when the workload is invalid).
    var jobNames: [String]?

    init(file: String) {
        self.file = file
    }

    mutating func decode(_ root: JSONValue) -> Scenario? {
        let path = ValuePath.root
        guard let fields = object(root, path, keys: Keys.root) else { return nil }
        let title = fields["title"].flatMap { string($0, path.key("title")) } ?? ""
        let description = fields["description"].flatMap { string($0, path.key("description")) } ?? ""
        let seed = fields["seed"].flatMap { decodeSeed($0, path.key("seed")) } ?? 1
        let machine = fields["machine"].flatMap { decodeMachine($0, path.key("machine")) } ?? Machine()
        let python = fields["python"].flatMap { decodePython($0, path.key("python")) } ?? PythonSettings()
        let connectionPools = fields["connection_pools"].flatMap { decodeConnectionPools($0, path.key("connection_pools")) } ?? []
        let workerPools = fields["worker_pools"].flatMap { decodeWorkerPools($0, path.key("worker_pools")) } ?? []
        connectionPoolNames = connectionPools.map(\.name)
        workerPoolNames = workerPools.map(\.name)
        let workload = required(fields, "workload", example: #"{ "arrivals": { "kind": "batch" }, "requests": 100, "jobs": [ … ] }"#)
            .flatMap { decodeWorkload($0, path.key("workload")) }
        jobNames = workload?.jobs.map(\.name)
        let models = required(fields, "models", example: #"[ { "name": "1 process, 1 thread" } ]"#)
            .flatMap { decodeModels($0, path.key("models")) }
        let notes = fields["notes"].flatMap { decodeNotes($0, path.key("notes"), modelNames: models?.map(\.name)) } ?? []
        if diagnostics.isEmpty, let workload, let models, let workloadValue = fields["workload"], let modelsValue = fields["models"] {
            checkHoldNesting(workloadValue, workload, modelsValue, models, pools: connectionPools)
        }
        guard diagnostics.isEmpty, let workload, let models else { return nil }
        var scenario = Scenario(
            title: title, description: description, seed: seed, machine: machine, python: python,
            workload: workload, models: models, notes: notes)
        scenario.connectionPools = connectionPools
        scenario.workerPools = workerPools
        return scenario
    }

    // MARK: Sections

    mutating func decodeMachine(_ value: JSONValue, _ path: ValuePath) -> Machine? {
        guard let fields = object(value, path, keys: Keys.machine) else { return nil }
        let cores = fields["cores"].flatMap { integer($0, path.key("cores"), atLeast: 1, atMost: ScenarioLimits.cores) } ?? 4
        let timeslice = fields["timeslice"].flatMap { duration($0, path.key("timeslice"), in: ScenarioLimits.interval) }
        return Machine(cores: cores, timeslice: timeslice ?? Machine.defaultTimeslice)
    }

    mutating func decodePython(_ value: JSONValue, _ path: ValuePath) -> PythonSettings? {
        guard let fields = object(value, path, keys: Keys.python) else { return nil }
        let defaults = PythonSettings()
        let interval = fields["switch_interval"].flatMap { duration($0, path.key("switch_interval"), in: ScenarioLimits.interval) }
        let handoff = fields["gil_handoff"].flatMap { duration($0, path.key("gil_handoff"), in: ScenarioLimits.duration) }
        let slowdown = fields["free_threading_slowdown"].flatMap {
            number($0, path.key("free_threading_slowdown"), in: ScenarioLimits.slowdown)
        }
        return PythonSettings(
            switchInterval: interval ?? defaults.switchInterval,
            gilHandoff: handoff ?? defaults.gilHandoff,
            freeThreadingSlowdown: slowdown ?? defaults.freeThreadingSlowdown)
    }

    mutating func decodeWorkload(_ value: JSONValue, _ path: ValuePath) -> Workload? {
        guard let fields = object(value, path, keys: Keys.workload) else { return nil }
        let arrivals = required(fields, "arrivals", example: #"{ "kind": "poisson", "rate": 100 }"#)
            .flatMap { decodeArrivals($0, path.key("arrivals")) }
        let keepAlive = fields["arrivals"].flatMap { decodeKeepAlive($0, path.key("arrivals")) }
        let jobs = required(fields, "jobs", example: #"[ { "name": "page", "steps": [ { "cpu": "2ms" } ] } ]"#)
            .flatMap { decodeJobs($0, path.key("jobs")) }
        let size = decodeSize(fields, path, arrivals: arrivals, jobs: jobs)
        guard let arrivals, let jobs, let size else { return nil }
        if case .closed(_, let think) = arrivals, case .duration = size, think.mean == 0,
            jobs.allSatisfy({ RequestWork($0.steps).elapsed == 0 })
        {
            // Each client would send its next request at the same instant, forever.
            report(
                "closed-loop clients with no think time and jobs that take no time never let the clock reach the duration; give think or a step a duration",
                at: fields.location, path.key("arrivals"))
            return nil
        }
        var workload = Workload(arrivals: arrivals, size: size, jobs: jobs)
        workload.keepAlive = keepAlive ?? false
        return workload
    }

    /// `arrivals.keep_alive`, read beside the arrivals (closed ones only: `decodeArrivals`
    /// refuses the key for other kinds).
    mutating func decodeKeepAlive(_ arrivals: JSONValue, _ path: ValuePath) -> Bool? {
        guard case .object(let members) = arrivals.kind,
            members.contains(where: { $0.key == "kind" && $0.value.kind == .string("closed") }),
            let member = members.first(where: { $0.key == "keep_alive" })
        else { return nil }
        return bool(member.value, path.key("keep_alive"))
    }

    mutating func decodeArrivals(_ value: JSONValue, _ path: ValuePath) -> Arrivals? {
        guard let fields = object(value, path, keys: ["kind"] + Keys.arrivalsByKind.flatMap(\.keys)),
            let kindValue = required(fields, "kind", example: #""poisson" (one of batch, poisson, uniform, closed)"#),
            let kind = choice(kindValue, path.key("kind"), from: Keys.arrivalsByKind.map(\.kind))
        else { return nil }
        var valid = true
        for member in fields.members where member.key != "kind" {
            guard let owner = Keys.arrivalsByKind.first(where: { $0.keys.contains(member.key) }),
                owner.kind != kind
            else { continue }
            report(
                "\"\(member.key)\" does not apply to \(kind) arrivals; it belongs to \(owner.kind)",
                at: member.keyLocation, path.key(member.key))
            valid = false
        }
        let decoded: Arrivals?
        switch kind {
        case "poisson":
            decoded = required(fields, "rate", example: "150 (requests per second)")
                .flatMap { number($0, path.key("rate"), greaterThan: 0) }
                .flatMap { rate in
                    inRange(
                        rate, fields["rate"]!, path.key("rate"), ScenarioLimits.rate,
                        unit: " per second (one a day to one a nanosecond)")
                }
                .map { .poisson(ratePerSecond: $0) }
        case "uniform":
            decoded = required(fields, "interval", example: #""10ms""#)
                .flatMap { interval($0, path.key("interval")) }
                .map { .uniform(interval: $0) }
        case "closed":
            let clients = required(fields, "clients", example: "8")
                .flatMap { integer($0, path.key("clients"), atLeast: 1, atMost: ScenarioLimits.clients) }
            let think = required(fields, "think", example: #""0ms" (a client sends again at once) or "100ms""#)
                .flatMap { distribution($0, path.key("think")) }
            decoded = clients.flatMap { clients in think.map { .closed(clients: clients, think: $0) } }
        default:
            decoded = .batch
        }
        return valid ? decoded : nil
    }

    /// A uniform arrival interval must move time forward, or the workload never ends.
    mutating func interval(_ value: JSONValue, _ path: ValuePath) -> Distribution? {
        guard let interval = distribution(value, path) else { return nil }
        guard interval.mean > 0 else {
            report("\(path) must be greater than zero", at: value.location, path)
            return nil
        }
        return interval
    }

    mutating func decodeSize(
        _ fields: Fields, _ path: ValuePath, arrivals: Arrivals?, jobs: [Job]?
    ) -> Workload.Size? {
        let requestsPath = path.key("requests")
        let durationPath = path.key("duration")
        // Read from the file rather than the decoded jobs, so it is known even when a job is invalid.
        var everyJobCounted = false
        if case .array(let items) = fields["jobs"]?.kind, !items.isEmpty {
            everyJobCounted = items.allSatisfy { item in
                guard case .object(let members) = item.kind else { return false }
                return members.contains { $0.key == "count" }
            }
        }
        var countSum: Int?
        if let jobs, everyJobCounted {
            var total = 0
            for case .count(let n) in jobs.map(\.mix) {
                let (sum, overflow) = total.addingReportingOverflow(n)
                if overflow {
                    report("the job counts add up to more than \(Int.max)", at: fields.location, path.key("jobs"))
                    return nil
                }
                total = sum
            }
            guard total <= ScenarioLimits.requests else {
                report(
                    "the job counts add up to \(total) requests, more than \(ScenarioLimits.requests)", at: fields.location,
                    path.key("jobs"))
                return nil
            }
            countSum = total
        }
        switch (fields["requests"], fields["duration"]) {
        case (.some, .some(let durationValue)):
            report("\(path) has both requests and duration; give one of them", at: durationValue.location, durationPath)
            return nil
        case (nil, .some(let durationValue)):
            if arrivals == .batch {
                report(
                    "batch arrivals all come at t=0, so duration does not apply; give requests instead",
                    at: durationValue.location, durationPath)
                return nil
            }
            if everyJobCounted {
                report(
                    "duration cannot be combined with job counts; the counts fix the number of requests",
                    at: durationValue.location, durationPath)
                return nil
            }
            guard let span = duration(durationValue, durationPath, in: ScenarioLimits.positiveDuration) else { return nil }
            if let arrivals, case .tooManyRequests(let expected) = ScenarioRules.problem(arrivals: arrivals, span: span) {
                report(
                    "\(durationPath) \(durationValue.summary) at these arrivals is about \(Int(expected)) requests, more than \(ScenarioLimits.requests); shorten it or lower the rate",
                    at: durationValue.location, durationPath)
                return nil
            }
            return .duration(span)
        case (.some(let requestsValue), nil):
            guard let requests = integer(requestsValue, requestsPath, atLeast: 1, atMost: ScenarioLimits.requests) else { return nil }
            if case .requestsDisagreeWithCounts(_, let countSum) = ScenarioRules.problem(requests: requests, countSum: countSum) {
                report(
                    "\(requestsPath) is \(requests) but the job counts add up to \(countSum); leave requests out or make them agree",
                    at: requestsValue.location, requestsPath)
                return nil
            }
            return .requests(requests)
        case (nil, nil):
            if everyJobCounted { return countSum.map { .requests($0) } }
            let options =
                arrivals == .batch
                ? "requests (a count, like 1000)"
                : #"requests (a count, like 1000) or duration (like "10s")"#
            report("\(path) needs \(options)", at: fields.location, requestsPath)
            return nil
        }
    }

    mutating func decodeJobs(_ value: JSONValue, _ path: ValuePath) -> [Job]? {
        guard let items = array(value, path, nonEmpty: true, example: #"{ "name": "page", "steps": [ { "cpu": "2ms" } ] }"#)
        else { return nil }
        var jobs: [Job] = []
        var firstByName: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            guard let job = decodeJob(item, path.index(i)) else { continue }
            if let first = firstByName[job.name] {
                report(
                    "duplicate job name \"\(job.name)\" (also \(path.index(first)))",
                    at: item.location, path.index(i).key("name"))
                continue
            }
            firstByName[job.name] = i
            jobs.append(job)
        }
        guard jobs.count == items.count else { return nil }
        if let counted = jobs.first(where: \.hasCount), let i = jobs.firstIndex(where: { !$0.hasCount }) {
            report(
                "job \"\(jobs[i].name)\" has no count but job \"\(counted.name)\" has one; give every job a count, or use weight for all",
                at: items[i].location, path.index(i))
            return nil
        }
        return jobs
    }

    mutating func decodeJob(_ value: JSONValue, _ path: ValuePath) -> Job? {
        guard let fields = object(value, path, keys: Keys.job) else { return nil }
        let name = required(fields, "name", example: #""page""#).flatMap { string($0, path.key("name")) }
        let steps = required(fields, "steps", example: #"[ { "cpu": "2ms" } ]"#).flatMap { decodeSteps($0, path.key("steps")) }
        var mix: Job.Mix? = .weight(1)
        switch (fields["weight"], fields["count"]) {
        case (.some, .some(let countValue)):
            report("\(path) has both weight and count; give one of them", at: countValue.location, path.key("count"))
            mix = nil
        case (.some(let weightValue), nil):
            mix = number(weightValue, path.key("weight"), greaterThan: 0).map { .weight($0) }
        case (nil, .some(let countValue)):
            mix = integer(countValue, path.key("count"), atLeast: 1, atMost: ScenarioLimits.requests).map { .count($0) }
        case (nil, nil):
            break
        }
        guard let name, let steps, let mix else { return nil }
        return Job(name: name, mix: mix, steps: steps)
    }

    mutating func decodeSteps(_ value: JSONValue, _ path: ValuePath) -> [Step]? {
        guard let items = array(value, path, nonEmpty: true, example: #"{ "cpu": "2ms" }"#) else { return nil }
        var steps: [Step] = []
        for (i, item) in items.enumerated() {
            if let step = decodeStep(item, path.index(i)) { steps.append(step) }
        }
        return steps.count == items.count ? steps : nil
    }

    mutating func decodeStep(_ value: JSONValue, _ path: ValuePath) -> Step? {
        guard let fields = object(value, path, keys: Keys.stepKinds + ["steps"]) else { return nil }
        let kinds = fields.members.filter { Keys.stepKinds.contains($0.key) }
        guard let kindMember = kinds.first else {
            if !fields.hadUnknownKeys {
                let hint = fields["steps"] != nil ? #"; nested "steps" need "repeat": N, "hold": POOL or "enqueue": POOL"# : ""
                report("a step needs one of \(Keys.stepKinds.joined(separator: ", "))\(hint)", at: value.location, path)
            }
            return nil
        }
        if kinds.count > 1 {
            report(
                "a step has exactly one kind, found \(kinds.map(\.key).joined(separator: " and ")); split it into separate steps",
                at: kinds[1].keyLocation, path.key(kinds[1].key))
            return nil
        }
        let kind = kindMember.key
        let kindValue = kindMember.value
        let kindPath = path.key(kind)
        if !Keys.nestingStepKinds.contains(kind), let steps = fields.members.first(where: { $0.key == "steps" }) {
            report(#""steps" goes with "repeat", "hold" or "enqueue", not with "\#(kind)""#, at: steps.keyLocation, path.key("steps"))
            return nil
        }
        switch kind {
        case "cpu": return distribution(kindValue, kindPath).map { .cpu($0) }
        case "native": return distribution(kindValue, kindPath).map { .native($0) }
        case "io": return distribution(kindValue, kindPath).map { .io($0) }
        case "blocking": return distribution(kindValue, kindPath).map { .blocking($0) }
        case "offload": return decodeSteps(kindValue, kindPath).map { .offload($0) }
        case "hold", "enqueue":
            let declared = kind == "hold" ? connectionPoolNames : workerPoolNames
            let pool = poolName(kindValue, kindPath, declared: declared, section: kind == "hold" ? "connection_pools" : "worker_pools")
            let steps = required(
                fields, "steps",
                example: #"[ { "io": "2ms" } ] (the steps to run \#(kind == "hold" ? "holding a connection" : "as the task"))"#
            )
            .flatMap { decodeSteps($0, path.key("steps")) }
            guard let pool, let steps else { return nil }
            return kind == "hold" ? .hold(pool: pool, steps: steps) : .enqueue(pool: pool, steps: steps)
        default:
            let count = integer(kindValue, kindPath, atLeast: 1, atMost: ScenarioLimits.repeatCount)
            let steps = required(fields, "steps", example: #"[ { "io": "2ms" } ] (the steps to repeat)"#)
                .flatMap { decodeSteps($0, path.key("steps")) }
            guard let count, let steps else { return nil }
            return .repeat(count: count, steps: steps)
        }
    }

    mutating func decodeModels(_ value: JSONValue, _ path: ValuePath) -> [ModelSpec]? {
        guard let items = array(value, path, nonEmpty: true, example: #"{ "name": "1 process, 1 thread" }"#)
        else { return nil }
        var models: [ModelSpec] = []
        var firstByName: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            guard let model = decodeModel(item, path.index(i)) else { continue }
            if let first = firstByName[model.name] {
                report(
                    "duplicate model name \"\(model.name)\" (also \(path.index(first)))",
                    at: item.location, path.index(i).key("name"))
                continue
            }
            firstByName[model.name] = i
            models.append(model)
        }
        return models.count == items.count ? models : nil
    }

    mutating func decodeModel(_ value: JSONValue, _ path: ValuePath) -> ModelSpec? {
        guard let fields = object(value, path, keys: Keys.model) else { return nil }
        let name = required(fields, "name", example: #""4 processes""#).flatMap { nonEmptyName($0, path.key("name")) }
        let processes =
            fields["processes"].flatMap { integer($0, path.key("processes"), atLeast: 1, atMost: ScenarioLimits.processes) } ?? 1
        let threads = fields["threads"].flatMap { integer($0, path.key("threads"), atLeast: 1, atMost: ScenarioLimits.threads) } ?? 1
        let asyncio = fields["asyncio"].flatMap { bool($0, path.key("asyncio")) } ?? false
        let executorThreads = fields["executor_threads"].flatMap {
            integer($0, path.key("executor_threads"), atLeast: 1, atMost: ScenarioLimits.threads)
        }
        let gil = fields["gil"].flatMap { bool($0, path.key("gil")) } ?? true
        let dispatch =
            fields["dispatch"]
            .flatMap { choice($0, path.key("dispatch"), from: ModelSpec.Dispatch.allCases.map(\.rawValue)) }
            .flatMap(ModelSpec.Dispatch.init(rawValue:)) ?? .shared
        let switchInterval = fields["switch_interval"].flatMap { duration($0, path.key("switch_interval"), in: ScenarioLimits.interval) }
        let slowdown = fields["free_threading_slowdown"].flatMap {
            number($0, path.key("free_threading_slowdown"), in: ScenarioLimits.slowdown)
        }
        let extended = decodeModelExtensions(fields, path)
        if let problem = ScenarioRules.problem(processes: processes, threads: threads, asyncio: asyncio),
            let threadsValue = fields["threads"]
        {
            let remedy =
                if case .asyncioThreads = problem {
                    "; remove threads, and set executor_threads for work offloaded to threads"
                } else {
                    ""
                }
            report(problem.sentence + remedy, at: threadsValue.location, path.key("threads"))
            return nil
        }
        guard let name, var spec = extended else { return nil }
        (spec.name, spec.processes, spec.threads, spec.asyncio) = (name, processes, threads, asyncio)
        (spec.executorThreads, spec.gil, spec.dispatch) = (executorThreads, gil, dispatch)
        (spec.switchInterval, spec.freeThreadingSlowdown) = (switchInterval, slowdown)
        return spec
    }

    // MARK: Values

    mutating func distribution(_ value: JSONValue, _ path: ValuePath) -> Distribution? {
        let expected =
            #"a duration like "5ms" or one of { "exp": D }, { "uniform": [low, high] }, { "normal": [mean, sd] }, { "lognormal": [mean, sd] }"#
        switch value.kind {
        case .string, .number:
            return duration(value, path, in: ScenarioLimits.duration).map { .fixed($0) }
        case .object:
            break
        default:
            report("expected \(expected) for \(path), found \(value.summary)", at: value.location, path)
            return nil
        }
        guard let fields = object(value, path, keys: Keys.distributionKinds) else { return nil }
        let kinds = fields.members.filter { Keys.distributionKinds.contains($0.key) }
        guard let member = kinds.first, !fields.hadUnknownKeys else {
            if !fields.hadUnknownKeys {
                report("expected \(expected) for \(path), found an empty object", at: value.location, path)
            }
            return nil
        }
        if kinds.count > 1 {
            report(
                "a distribution has exactly one of exp, uniform, normal, lognormal; found \(member.key) and \(kinds[1].key)",
                at: kinds[1].keyLocation, path.key(kinds[1].key))
            return nil
        }
        let kindPath = path.key(member.key)
        if member.key == "exp" {
            return duration(member.value, kindPath, in: ScenarioLimits.duration).map { .exponential(mean: $0) }
        }
        let names = member.key == "uniform" ? ("low", "high") : ("mean", "sd")
        guard let items = array(member.value, kindPath, nonEmpty: false, example: #""1ms""#) else { return nil }
        guard items.count == 2 else {
            report(
                "\(member.key) takes two durations, [\(names.0), \(names.1)], found \(items.count)",
                at: member.value.location, kindPath)
            return nil
        }
        guard
            let first = duration(
                items[0], kindPath.index(0), in: member.key == "lognormal" ? ScenarioLimits.positiveDuration : ScenarioLimits.duration),
            let second = duration(items[1], kindPath.index(1), in: ScenarioLimits.duration)
        else { return nil }
        switch member.key {
        case "uniform":
            guard first <= second else {
                report(
                    "uniform needs low ≤ high, found [\(items[0].summary), \(items[1].summary)]",
                    at: member.value.location, kindPath)
                return nil
            }
            return .uniform(low: first, high: second)
        case "normal":
            return .normal(mean: first, standardDeviation: second)
        default:
            return .lognormal(mean: first, standardDeviation: second)
        }
    }

    /// A duration within `range` (one of `ScenarioLimits`' duration ranges).
    mutating func duration(_ value: JSONValue, _ path: ValuePath, in range: ClosedRange<SimTime>) -> SimTime? {
        switch value.kind {
        case .string(let text):
            do {
                let nanoseconds = try DurationParser.parse(text)
                if nanoseconds == 0, range.lowerBound > 0 {
                    report("\(path) must be greater than zero, found \(value.summary)", at: value.location, path)
                    return nil
                }
                guard range.contains(nanoseconds) else {
                    report("\(path) must be \(ScenarioLimits.words(range)), found \(value.summary)", at: value.location, path)
                    return nil
                }
                return nanoseconds
            } catch {
                report("\(path): \(error.message)", at: value.location, path)
                return nil
            }
        case .number(let literal):
            report(
                "\(path): a duration needs a unit, found the bare number \(literal); write a string like \"\(literal)ms\" or \"\(literal)s\" (units: \(DurationParser.validUnits))",
                at: value.location, path)
            return nil
        default:
            report(#"expected a duration like "5ms" for \#(path), found \#(value.summary)"#, at: value.location, path)
            return nil
        }
    }

    /// An integer from `minimum` to `maximum`: every count in a scenario is positive, and bounded
    /// so that a typo (an extra zero or six) is an error rather than a run that exhausts memory.
    mutating func integer(
        _ value: JSONValue, _ path: ValuePath, atLeast minimum: Int, atMost maximum: Int = Int.max
    ) -> Int? {
        guard let parsed = integerLiteral(value, path) else { return nil }
        let n = parsed.negative ? Int(exactly: 0) : Int(exactly: parsed.magnitude)
        guard let n else {
            report("\(path) is out of range, found \(value.summary)", at: value.location, path)
            return nil
        }
        guard !parsed.negative || parsed.magnitude == 0, n >= minimum else {
            report("\(path) must be at least \(minimum), found \(value.summary)", at: value.location, path)
            return nil
        }
        guard n <= maximum else {
            report("\(path) must be at most \(maximum), found \(value.summary)", at: value.location, path)
            return nil
        }
        return n
    }

    mutating func decodeSeed(_ value: JSONValue, _ path: ValuePath) -> UInt64? {
        guard let parsed = integerLiteral(value, path) else { return nil }
        guard !parsed.negative || parsed.magnitude == 0 else {
            report("\(path) must be a non-negative integer, found \(value.summary)", at: value.location, path)
            return nil
        }
        return parsed.magnitude
    }

    /// Sign and magnitude of an integer literal; reports non-integers and literals beyond 64 bits.
    mutating func integerLiteral(_ value: JSONValue, _ path: ValuePath) -> (negative: Bool, magnitude: UInt64)? {
        guard case .number(let literal) = value.kind else {
            report("expected an integer for \(path), found \(value.summary)", at: value.location, path)
            return nil
        }
        var digits = Substring(literal)
        let negative = digits.first == "-"
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        let radix = digits.hasPrefix("0x") || digits.hasPrefix("0X") ? 16 : 10
        if radix == 16 {
            digits = digits.dropFirst(2)
        } else if digits.contains(where: { !$0.isASCII || !$0.isNumber }) {
            report("expected an integer for \(path), found \(literal)", at: value.location, path)
            return nil
        }
        // The reader only produces valid digits, so a failed conversion means overflow.
        guard let magnitude = UInt64(digits, radix: radix) else {
            report("\(path) is out of range, found \(literal)", at: value.location, path)
            return nil
        }
        return (negative, magnitude)
    }

    mutating func number(_ value: JSONValue, _ path: ValuePath, in range: ClosedRange<Double>) -> Double? {
        finiteNumber(value, path).flatMap { inRange($0, value, path, range, unit: "") }
    }

    /// `x` if `range` holds it; otherwise reports the range, with `unit` after it.
    mutating func inRange(_ x: Double, _ value: JSONValue, _ path: ValuePath, _ range: ClosedRange<Double>, unit: String) -> Double? {
        guard range.contains(x) else {
            report(
                "\(path) must be from \(range.lowerBound.shortDescription) to \(range.upperBound.shortDescription)\(unit), found \(value.summary)",
                at: value.location, path)
            return nil
        }
        return x
    }

    mutating func number(_ value: JSONValue, _ path: ValuePath, greaterThan minimum: Double) -> Double? {
        guard let x = finiteNumber(value, path) else { return nil }
        guard x > minimum else {
            report("\(path) must be greater than \(minimum.shortDescription), found \(value.summary)", at: value.location, path)
            return nil
        }
        return x
    }

    mutating func finiteNumber(_ value: JSONValue, _ path: ValuePath) -> Double? {
        guard case .number(let literal) = value.kind else {
            report("expected a number for \(path), found \(value.summary)", at: value.location, path)
            return nil
        }
        var unsigned = Substring(literal)
        let negative = unsigned.first == "-"
        if unsigned.first == "-" || unsigned.first == "+" { unsigned = unsigned.dropFirst() }
        let magnitude =
            unsigned.hasPrefix("0x") || unsigned.hasPrefix("0X")
            ? UInt64(unsigned.dropFirst(2), radix: 16).map(Double.init) : Double(unsigned)
        guard let magnitude, magnitude.isFinite else {
            report("\(path) is out of range, found \(literal)", at: value.location, path)
            return nil
        }
        return negative ? -magnitude : magnitude
    }

    mutating func string(_ value: JSONValue, _ path: ValuePath) -> String? {
        guard case .string(let text) = value.kind else {
            report("expected a string for \(path), found \(value.summary)", at: value.location, path)
            return nil
        }
        return text
    }

    /// A name that identifies something in the output: not empty, not only spaces.
    mutating func nonEmptyName(_ value: JSONValue, _ path: ValuePath) -> String? {
        guard let text = string(value, path) else { return nil }
        guard text.contains(where: { !$0.isWhitespace }) else {
            report(
                "\(path) is empty; give a name that tells the models apart in the tables, like \"4 processes\"", at: value.location, path)
            return nil
        }
        return text
    }

    mutating func bool(_ value: JSONValue, _ path: ValuePath) -> Bool? {
        guard case .bool(let flag) = value.kind else {
            report("expected true or false for \(path), found \(value.summary)", at: value.location, path)
            return nil
        }
        return flag
    }

    /// One of a fixed set of strings.
    mutating func choice(_ value: JSONValue, _ path: ValuePath, from options: [String]) -> String? {
        guard let text = string(value, path) else { return nil }
        guard options.contains(text) else {
            let suggestion = didYouMean(text, in: options)
            report(
                "unknown value \"\(text)\" for \(path)\(suggestion)valid values: \(options.joined(separator: ", "))",
                at: value.location, path)
            return nil
        }
        return text
    }

    mutating func array(
        _ value: JSONValue, _ path: ValuePath, nonEmpty: Bool, example: String
    ) -> [JSONValue]? {
        guard case .array(let items) = value.kind else {
            report("expected an array for \(path), like [ \(example) ], found \(value.summary)", at: value.location, path)
            return nil
        }
        if nonEmpty, items.isEmpty {
            report("\(path) is empty; it needs at least one entry, like [ \(example) ]", at: value.location, path)
            return nil
        }
        return items
    }

    /// An object's members, after reporting any key not in `keys`.
    mutating func object(_ value: JSONValue, _ path: ValuePath, keys: [String]) -> Fields? {
        guard case .object(let members) = value.kind else {
            let place = path.isRoot ? "a scenario file holds a JSON object" : "expected an object for \(path)"
            report("\(place), found \(value.summary)", at: value.location, path)
            return nil
        }
        var hadUnknownKeys = false
        for member in members where !keys.contains(member.key) {
            hadUnknownKeys = true
            report(Self.unknownKeyMessage(member.key, in: path, keys: keys), at: member.keyLocation, path.key(member.key))
        }
        return Fields(location: value.location, path: path, members: members, hadUnknownKeys: hadUnknownKeys)
    }

    private static func unknownKeyMessage(_ key: String, in path: ValuePath, keys: [String]) -> String {
        let place = path.isRoot ? "at the top level" : "in \(path)"
        let suggestion = didYouMean(key, in: keys)
        return "unknown key \"\(key)\" \(place)\(suggestion)valid keys: \(keys.joined(separator: ", "))"
    }

    mutating func required(_ fields: Fields, _ key: String, example: String) -> JSONValue? {
        if let value = fields[key] { return value }
        let place = fields.path.isRoot ? "the scenario" : "\(fields.path)"
        report("\(place) is missing \"\(key)\", for example \"\(key)\": \(example)", at: fields.location, fields.path.key(key))
        return nil
    }

    /// Records a problem; past `recordedLimit` only counts it, without building its message, so
    /// a file with a million mistakes costs no more than one with a thousand.
    mutating func report(_ message: @autoclosure () -> String, at location: SourceLocation, _ path: ValuePath) {
        guard diagnostics.count < Self.recordedLimit else {
            unrecorded += 1
            return
        }
        diagnostics.append(
            ScenarioDiagnostic(
                file: file, line: location.line, column: location.column, path: path.description, message: message()))
    }
}

/// The keys each object accepts, in the order they are listed to users.
enum Keys {
    static let root = [
        "title", "description", "seed", "machine", "python", "connection_pools", "worker_pools", "workload", "models", "notes",
    ]
    static let machine = ["cores", "timeslice"]
    static let python = ["switch_interval", "gil_handoff", "free_threading_slowdown"]
    static let workload = ["arrivals", "requests", "duration", "jobs"]
    static let arrivalsByKind: [(kind: String, keys: [String])] = [
        ("batch", []), ("poisson", ["rate"]), ("uniform", ["interval"]), ("closed", ["clients", "think", "keep_alive"]),
    ]
    static let job = ["name", "weight", "count", "steps"]
    static let stepKinds = ["cpu", "native", "io", "blocking", "offload", "repeat", "hold", "enqueue"]
    /// Step kinds whose nested steps are given in "steps".
    static let nestingStepKinds = ["repeat", "hold", "enqueue"]
    static let distributionKinds = ["exp", "uniform", "normal", "lognormal"]
    static let model = [
        "name", "processes", "threads", "asyncio", "executor_threads", "gil", "dispatch", "switch_interval",
        "free_threading_slowdown", "job_steps", "connection_pools", "worker_pools", "handoff", "chunk", "offload_cost",
    ]
    static let workerPool = ["processes", "threads"]
    static let note = ["at", "text", "show"]
    static let noteView = ["model", "alone", "lanes", "zoom", "cores", "view"]
}

/// An object's members, looked up by key.
struct Fields {
    let location: SourceLocation
    let path: ValuePath
    let members: [JSONValue.Member]
    let hadUnknownKeys: Bool

    subscript(key: String) -> JSONValue? {
        members.first { $0.key == key }?.value
    }
}

/// Where a value sits in the scenario, like `workload.jobs[2].steps[0].cpu`.
struct ValuePath: CustomStringConvertible {
    let description: String

    static let root = ValuePath(description: "")

    var isRoot: Bool { description.isEmpty }

    func key(_ key: String) -> ValuePath {
        ValuePath(description: isRoot ? key : "\(description).\(key)")
    }

    func index(_ index: Int) -> ValuePath {
        ValuePath(description: "\(description)[\(index)]")
    }
}

extension Job {
    fileprivate var hasCount: Bool {
        if case .count = mix { true } else { false }
    }
}

extension JSONValue {
    /// The value as a message shows it after "found".
    var summary: String {
        switch kind {
        case .object: "an object"
        case .array: "an array"
        case .string(let text):
            text.unicodeScalars.count > 40
                ? "\"\(String(String.UnicodeScalarView(text.unicodeScalars.prefix(40))))…\"" : "\"\(text)\""
        case .number(let literal): literal
        case .bool(let flag): String(flag)
        case .null: "null"
        }
    }
}

extension Double {
    /// `1` rather than `1.0` in messages.
    fileprivate var shortDescription: String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}

/// The separator before "valid …" in a message about `word`: "; did you mean "x"? " when one of
/// `options` is a likely typo of it (see `nearest`), else "; ".
func didYouMean(_ word: String, in options: [String]) -> String {
    nearest(to: word, in: options).map { "; did you mean \"\($0)\"? " } ?? "; "
}

/// The option closest to `word`, if it is close enough to be a likely typo.
///
/// Case, `_` and `-` are ignored (`switchInterval` → `switch_interval`); otherwise the
/// optimal-string-alignment distance must be at most a third of the word's length (at least 1).
func nearest(to word: String, in options: [String]) -> String? {
    func normalized(_ s: String) -> [Character] {
        Array(s.lowercased().filter { $0 != "_" && $0 != "-" })
    }
    let target = normalized(word)
    let limit = max(1, target.count / 3)
    let scored = options.map { (option: $0, distance: editDistance(target, normalized($0))) }
    guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= limit else { return nil }
    return best.option
}

/// Levenshtein distance that also counts swapping two neighbours as one edit.
private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var before = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var row = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        row[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                row[j] = min(row[j], before[j - 2] + 1)
            }
        }
        (before, previous, row) = (previous, row, before)
    }
    return previous[b.count]
}
