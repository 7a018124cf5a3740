/// The format extensions the scenario library needs (docs/format-extensions.md): connection
/// pools and `hold`, worker pools and `enqueue`, per-model job code, process hand-off costs and
/// the cost of an offload. Decoded like every other key: positioned errors, limits, suggestions.
extension ScenarioDecoder {
    /// `"connection_pools": { "db": 10 }`: a capacity per pool name.
    mutating func decodeConnectionPools(_ value: JSONValue, _ path: ValuePath) -> [ConnectionPool]? {
        guard let members = namedMembers(value, path, example: #"{ "db": 10 }"#) else { return nil }
        let pools = members.compactMap { member in
            integer(member.value, path.key(member.key), atLeast: 1, atMost: ScenarioLimits.connections)
                .map { ConnectionPool(name: member.key, size: $0) }
        }
        return pools.count == members.count ? pools : nil
    }

    /// `"worker_pools": { "celery": { "processes": 4, "threads": 1 } }`.
    mutating func decodeWorkerPools(_ value: JSONValue, _ path: ValuePath) -> [WorkerPool]? {
        guard let members = namedMembers(value, path, example: #"{ "celery": { "processes": 4 } }"#) else { return nil }
        let pools = members.compactMap { member in
            decodeWorkerPoolSize(member.value, path.key(member.key)).map { WorkerPool(name: member.key, size: $0) }
        }
        return pools.count == members.count ? pools : nil
    }

    private mutating func decodeWorkerPoolSize(_ value: JSONValue, _ path: ValuePath) -> WorkerPool.Size? {
        guard let fields = object(value, path, keys: Keys.workerPool) else { return nil }
        let processes = fields["processes"].flatMap { integer($0, path.key("processes"), atLeast: 1, atMost: ScenarioLimits.processes) }
        let threads = fields["threads"].flatMap { integer($0, path.key("threads"), atLeast: 1, atMost: ScenarioLimits.threads) }
        if fields["processes"] != nil && processes == nil || fields["threads"] != nil && threads == nil || fields.hadUnknownKeys {
            return nil
        }
        let size = WorkerPool.Size(processes: processes ?? 1, threads: threads ?? 1)
        if let problem = ScenarioRules.problem(processes: size.processes, threads: size.threads, asyncio: false) {
            report(problem.sentence, at: value.location, path)
            return nil
        }
        return size
    }

    /// The pool a `hold` or `enqueue` step names, which the scenario must declare.
    mutating func poolName(_ value: JSONValue, _ path: ValuePath, declared: [String], section: String) -> String? {
        guard let name = string(value, path) else { return nil }
        guard declared.contains(name) else {
            let example = section == "connection_pools" ? #"{ "\#(name)": 10 }"# : #"{ "\#(name)": { "processes": 2 } }"#
            if declared.isEmpty {
                report(
                    "\(path) names the pool \"\(name)\", but the scenario declares none; add \"\(section)\": \(example) at the top level",
                    at: value.location, path)
            } else {
                let suggestion = didYouMean(name, in: declared)
                report(
                    "unknown pool \"\(name)\" for \(path)\(suggestion)\(section) declares: \(declared.joined(separator: ", "))",
                    at: value.location, path)
            }
            return nil
        }
        return name
    }

    /// A model's extension keys, on a spec whose other fields the caller fills; nil after an error.
    mutating func decodeModelExtensions(_ fields: Fields, _ path: ValuePath) -> ModelSpec? {
        var spec = ModelSpec(name: "")
        let before = diagnostics.count
        if let value = fields["job_steps"] {
            spec.jobSteps = decodeJobSteps(value, path.key("job_steps")) ?? [:]
        }
        if let value = fields["connection_pools"] {
            let poolsPath = path.key("connection_pools")
            for member in namedMembers(value, poolsPath, example: #"{ "db": 20 }"#) ?? []
            where declaredPool(member, poolsPath, declared: connectionPoolNames, section: "connection_pools") {
                spec.connectionPools[member.key] = integer(
                    member.value, poolsPath.key(member.key), atLeast: 1, atMost: ScenarioLimits.connections)
            }
        }
        if let value = fields["worker_pools"] {
            let poolsPath = path.key("worker_pools")
            for member in namedMembers(value, poolsPath, example: #"{ "celery": { "processes": 8 } }"#) ?? []
            where declaredPool(member, poolsPath, declared: workerPoolNames, section: "worker_pools") {
                spec.workerPools[member.key] = decodeWorkerPoolSize(member.value, poolsPath.key(member.key))
            }
        }
        spec.handoff = fields["handoff"].flatMap { duration($0, path.key("handoff"), in: ScenarioLimits.duration) } ?? 0
        spec.chunk = fields["chunk"].flatMap { integer($0, path.key("chunk"), atLeast: 1, atMost: ScenarioLimits.requests) } ?? 1
        spec.offloadCost = fields["offload_cost"].flatMap { duration($0, path.key("offload_cost"), in: ScenarioLimits.duration) } ?? 0
        return diagnostics.count == before ? spec : nil
    }

    /// `"job_steps": { "page": [ … ] }`: other code for some of the workload's jobs.
    private mutating func decodeJobSteps(_ value: JSONValue, _ path: ValuePath) -> [String: [Step]]? {
        guard let members = namedMembers(value, path, example: #"{ "page": [ { "io": "50ms" } ] }"#) else { return nil }
        var steps: [String: [Step]] = [:]
        for member in members {
            if let jobNames, !jobNames.contains(member.key) {
                let suggestion = didYouMean(member.key, in: jobNames)
                report(
                    "unknown job \"\(member.key)\" in \(path)\(suggestion)the workload's jobs: \(jobNames.joined(separator: ", "))",
                    at: member.keyLocation, path.key(member.key))
                continue
            }
            steps[member.key] = decodeSteps(member.value, path.key(member.key))
        }
        return steps
    }

    private mutating func declaredPool(_ member: JSONValue.Member, _ path: ValuePath, declared: [String], section: String) -> Bool {
        guard !declared.contains(member.key) else { return true }
        let suggestion = didYouMean(member.key, in: declared)
        let known = declared.isEmpty ? "the scenario declares no \(section)" : "\(section) declares: \(declared.joined(separator: ", "))"
        report("unknown pool \"\(member.key)\" in \(path)\(suggestion)\(known)", at: member.keyLocation, path.key(member.key))
        return false
    }

    /// An object whose keys are names the user chose (pools, jobs), each at least one.
    private mutating func namedMembers(_ value: JSONValue, _ path: ValuePath, example: String) -> [JSONValue.Member]? {
        guard case .object(let members) = value.kind else {
            report("expected an object for \(path), like \(example), found \(value.summary)", at: value.location, path)
            return nil
        }
        if members.isEmpty {
            report("\(path) is empty; leave it out, or give entries like \(example)", at: value.location, path)
            return nil
        }
        return members
    }
}
