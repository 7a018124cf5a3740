/// Writes a `Scenario` back as a scenario file that `ScenarioLoader` reads to an equal scenario:
/// how the dashboard saves a model the user tweaked with its knobs.
///
/// Keys that hold their default are left out (the loader fills them in the same way), so the
/// file reads like one written by hand; small objects and arrays stay on one line.
public enum ScenarioWriter {
    public static func text(_ scenario: Scenario) -> String {
        var root: [(String, JSONOutput)] = []
        if !scenario.title.isEmpty { root.append(("title", .string(scenario.title))) }
        if !scenario.description.isEmpty { root.append(("description", .string(scenario.description))) }
        root.append(("seed", .unsigned(scenario.seed)))
        root.append(("machine", machine(scenario.machine)))
        root.append(("python", python(scenario.python)))
        if !scenario.connectionPools.isEmpty {
            root.append(("connection_pools", .object(scenario.connectionPools.map { ($0.name, .integer($0.size)) })))
        }
        if !scenario.workerPools.isEmpty {
            root.append(("worker_pools", .object(scenario.workerPools.map { ($0.name, workerPoolSize($0.size)) })))
        }
        root.append(("workload", workload(scenario.workload)))
        root.append(("models", .array(scenario.models.map(model))))
        if !scenario.notes.isEmpty {
            root.append(("notes", .array(scenario.notes.map(note))))
        }
        return JSONOutput.object(root).rendered(inlineWidth: 100) + "\n"
    }

    private static func note(_ note: Note) -> JSONOutput {
        var members: [(String, JSONOutput)] = [("at", duration(note.at)), ("text", .string(note.text))]
        if let view = note.view {
            var show: [(String, JSONOutput)] = []
            if let model = view.model { show.append(("model", .string(model))) }
            if let alone = view.alone { show.append(("alone", .bool(alone))) }
            if !view.lanes.isEmpty { show.append(("lanes", .array(view.lanes.map { .string($0.description) }))) }
            if let zoom = view.zoom { show.append(("zoom", duration(zoom))) }
            if let cores = view.cores { show.append(("cores", .bool(cores))) }
            if let picture = view.picture { show.append(("view", .string(picture.rawValue))) }
            members.append(("show", .object(show)))
        }
        return .object(members)
    }

    private static func machine(_ machine: Machine) -> JSONOutput {
        var members: [(String, JSONOutput)] = [("cores", .integer(machine.cores))]
        if machine.timeslice != Machine.defaultTimeslice { members.append(("timeslice", duration(machine.timeslice))) }
        return .object(members)
    }

    private static func python(_ python: PythonSettings) -> JSONOutput {
        var members: [(String, JSONOutput)] = [("switch_interval", duration(python.switchInterval))]
        if python.gilHandoff != PythonSettings.defaultGILHandoff { members.append(("gil_handoff", duration(python.gilHandoff))) }
        if python.freeThreadingSlowdown != PythonSettings.defaultFreeThreadingSlowdown {
            members.append(("free_threading_slowdown", .number(python.freeThreadingSlowdown)))
        }
        return .object(members)
    }

    private static func workload(_ workload: Workload) -> JSONOutput {
        var arrivals: [(String, JSONOutput)] =
            switch workload.arrivals {
            case .batch: [("kind", .string("batch"))]
            case .poisson(let rate): [("kind", .string("poisson")), ("rate", .number(rate))]
            case .uniform(let interval): [("kind", .string("uniform")), ("interval", distribution(interval))]
            case .closed(let clients, let think):
                [("kind", .string("closed")), ("clients", .integer(clients)), ("think", distribution(think))]
            }
        if workload.keepAlive { arrivals.append(("keep_alive", .bool(true))) }
        let size: (String, JSONOutput) =
            switch workload.size {
            case .requests(let count): ("requests", .integer(count))
            case .duration(let span): ("duration", duration(span))
            }
        return .object([("arrivals", .object(arrivals)), size, ("jobs", .array(workload.jobs.map(job)))])
    }

    private static func job(_ job: Job) -> JSONOutput {
        var members: [(String, JSONOutput)] = [("name", .string(job.name))]
        switch job.mix {
        case .weight(let weight) where weight != 1: members.append(("weight", .number(weight)))
        case .weight: break
        case .count(let count): members.append(("count", .integer(count)))
        }
        members.append(("steps", steps(job.steps)))
        return .object(members)
    }

    private static func steps(_ steps: [Step]) -> JSONOutput {
        .array(
            steps.map { step in
                switch step {
                case .cpu(let d): .object([("cpu", distribution(d))])
                case .native(let d): .object([("native", distribution(d))])
                case .io(let d): .object([("io", distribution(d))])
                case .blocking(let d): .object([("blocking", distribution(d))])
                case .offload(let body): .object([("offload", self.steps(body))])
                case .repeat(let count, let body): .object([("repeat", .integer(count)), ("steps", self.steps(body))])
                case .hold(let pool, let body): .object([("hold", .string(pool)), ("steps", self.steps(body))])
                case .enqueue(let pool, let body): .object([("enqueue", .string(pool)), ("steps", self.steps(body))])
                }
            })
    }

    private static func distribution(_ distribution: Distribution) -> JSONOutput {
        switch distribution {
        case .fixed(let t): duration(t)
        case .exponential(let mean): .object([("exp", duration(mean))])
        case .uniform(let low, let high): .object([("uniform", .array([duration(low), duration(high)]))])
        case .normal(let mean, let sd): .object([("normal", .array([duration(mean), duration(sd)]))])
        case .lognormal(let mean, let sd): .object([("lognormal", .array([duration(mean), duration(sd)]))])
        }
    }

    private static func model(_ model: ModelSpec) -> JSONOutput {
        var members: [(String, JSONOutput)] = [("name", .string(model.name))]
        if model.processes != 1 { members.append(("processes", .integer(model.processes))) }
        if model.threads != 1 { members.append(("threads", .integer(model.threads))) }
        if model.asyncio { members.append(("asyncio", .bool(true))) }
        if let executor = model.executorThreads { members.append(("executor_threads", .integer(executor))) }
        if !model.gil { members.append(("gil", .bool(false))) }
        if model.dispatch != .shared { members.append(("dispatch", .string(model.dispatch.rawValue))) }
        if let interval = model.switchInterval { members.append(("switch_interval", duration(interval))) }
        if let slowdown = model.freeThreadingSlowdown { members.append(("free_threading_slowdown", .number(slowdown))) }
        // Dictionaries in name order, so the same scenario is always written the same way.
        if !model.jobSteps.isEmpty {
            members.append(("job_steps", .object(model.jobSteps.sorted { $0.key < $1.key }.map { ($0.key, steps($0.value)) })))
        }
        if !model.connectionPools.isEmpty {
            members.append(
                ("connection_pools", .object(model.connectionPools.sorted { $0.key < $1.key }.map { ($0.key, .integer($0.value)) })))
        }
        if !model.workerPools.isEmpty {
            members.append(
                ("worker_pools", .object(model.workerPools.sorted { $0.key < $1.key }.map { ($0.key, workerPoolSize($0.value)) })))
        }
        if model.handoff != 0 { members.append(("handoff", duration(model.handoff))) }
        if model.chunk != 1 { members.append(("chunk", .integer(model.chunk))) }
        if model.offloadCost != 0 { members.append(("offload_cost", duration(model.offloadCost))) }
        return .object(members)
    }

    private static func workerPoolSize(_ size: WorkerPool.Size) -> JSONOutput {
        .object([("processes", .integer(size.processes)), ("threads", .integer(size.threads))])
    }

    private static func duration(_ t: SimTime) -> JSONOutput {
        .string(DurationParser.format(t))
    }
}

extension DurationParser {
    /// The exact text `parse` reads back to `nanoseconds`: the largest unit it reaches, with
    /// as many decimals as it needs ("1.5s", "250us", "2.000001ms", "0ms").
    public static func format(_ nanoseconds: SimTime) -> String {
        let units: [(name: String, size: SimTime, digits: Int)] = [
            ("s", Time.second, 9), ("ms", Time.millisecond, 6), ("us", Time.microsecond, 3),
        ]
        guard nanoseconds != 0 else { return "0ms" }
        guard let unit = units.first(where: { nanoseconds >= $0.size }) else { return "\(nanoseconds)ns" }
        let whole = nanoseconds / unit.size
        let fraction = nanoseconds % unit.size
        guard fraction != 0 else { return "\(whole)\(unit.name)" }
        var decimals = String(fraction)
        decimals = String(repeating: "0", count: unit.digits - decimals.count) + decimals
        while decimals.last == "0" { decimals.removeLast() }
        return "\(whole).\(decimals)\(unit.name)"
    }
}
