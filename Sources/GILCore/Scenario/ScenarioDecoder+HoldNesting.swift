/// A request that holds a connection and, inside that hold, asks the same pool for another waits
/// for itself when the pool has no connection left: with a pool of 1, a nested hold never starts,
/// and the run ends with requests silently never done. Refused here, for every model, with the
/// path of the hold that cannot be served.
extension ScenarioDecoder {
    /// Checks the holds of the workload's jobs and of each model's `job_steps` against the pool
    /// sizes of the models that run them. `workload` and `models` are the values decoded from
    /// `workloadValue` and `modelsValue`, so the JSON has the shape of the decoded steps.
    mutating func checkHoldNesting(
        _ workloadValue: JSONValue, _ workload: Workload, _ modelsValue: JSONValue, _ models: [ModelSpec],
        pools: [ConnectionPool]
    ) {
        guard !pools.isEmpty else { return }
        func size(of pool: String, in model: ModelSpec) -> Int {
            model.connectionPools[pool] ?? pools.first { $0.name == pool }?.size ?? 1
        }
        let jobsPath = ValuePath.root.key("workload").key("jobs")
        if case .object(let fields) = workloadValue.kind, case .array(let jobs)? = fields.first(where: { $0.key == "jobs" })?.value.kind {
            for (i, job) in zip(workload.jobs.indices, jobs) {
                let runners = models.filter { $0.jobSteps[workload.jobs[i].name] == nil }
                guard case .object(let jobFields) = job.kind, let steps = jobFields.first(where: { $0.key == "steps" }) else { continue }
                checkHolds(in: steps.value, jobsPath.index(i).key("steps"), held: [:]) { pool, depth in
                    runners.first { size(of: pool, in: $0) < depth }.map { ($0.name, size(of: pool, in: $0)) }
                }
            }
        }
        guard case .array(let modelValues) = modelsValue.kind else { return }
        for (m, modelValue) in zip(models.indices, modelValues) {
            guard case .object(let fields) = modelValue.kind,
                case .object(let jobSteps)? = fields.first(where: { $0.key == "job_steps" })?.value.kind
            else { continue }
            let model = models[m]
            for member in jobSteps {
                checkHolds(in: member.value, ValuePath.root.key("models").index(m).key("job_steps").key(member.key), held: [:]) {
                    pool, depth in
                    size(of: pool, in: model) < depth ? (model.name, size(of: pool, in: model)) : nil
                }
            }
        }
    }

    /// Walks a steps array; `tooSmall` names a model whose pool cannot serve `depth` holds at once.
    private mutating func checkHolds(
        in stepsValue: JSONValue, _ path: ValuePath, held: [String: Int],
        tooSmall: (_ pool: String, _ depth: Int) -> (model: String, size: Int)?
    ) {
        guard case .array(let steps) = stepsValue.kind else { return }
        for (k, step) in steps.enumerated() {
            guard case .object(let fields) = step.kind,
                let kind = fields.first(where: { Keys.stepKinds.contains($0.key) })
            else { continue }
            let nested = fields.first { $0.key == "steps" }?.value
            let stepPath = path.index(k)
            switch kind.key {
            case "hold":
                guard case .string(let pool) = kind.value.kind else { continue }
                let depth = (held[pool] ?? 0) + 1
                if depth > 1, let (model, size) = tooSmall(pool, depth) {
                    let connections = size == 1 ? "1 connection" : "\(size) connections"
                    report(
                        "\(stepPath.key("hold")): this hold of \"\(pool)\" is nested \(depth) deep in holds of \"\(pool)\", so a request needs \(depth) of its connections at once, but model \"\(model)\" gives \"\(pool)\" \(connections): the request would wait forever for a connection it holds itself. Give the pool at least \(depth) connections, or do not nest the holds",
                        at: kind.value.location, stepPath.key("hold"))
                    continue
                }
                if let nested {
                    checkHolds(in: nested, stepPath.key("steps"), held: held.merging([pool: depth]) { $1 }, tooSmall: tooSmall)
                }
            case "repeat":
                if let nested { checkHolds(in: nested, stepPath.key("steps"), held: held, tooSmall: tooSmall) }
            case "offload":
                // The request awaits its offloaded steps: still the same request holding.
                checkHolds(in: kind.value, stepPath.key("offload"), held: held, tooSmall: tooSmall)
            case "enqueue":
                // A background task: it holds nothing of the request that enqueued it.
                if let nested { checkHolds(in: nested, stepPath.key("steps"), held: [:], tooSmall: tooSmall) }
            default:
                continue
            }
        }
    }
}
