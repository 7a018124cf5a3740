/// The mean work in a list of steps, with nothing waiting for anything: the static estimates
/// behind `validate`'s warnings and a budget stop's explanation (docs/limits.md).
struct RequestWork {
    /// Python bytecode (`cpu`), nanoseconds.
    var cpu: Double = 0
    /// C code that releases the GIL (`native`).
    var native: Double = 0
    /// Awaited I/O (`io`).
    var io: Double = 0
    /// Synchronous calls (`blocking`): I/O for a thread, a stall for an event loop.
    var blocking: Double = 0
    /// Steps run, repeats multiplied out, worker-pool tasks included: each is an event or two.
    var steps: Double = 0

    init() {}

    init(_ steps: [Step]) {
        for step in steps { add(step, times: 1) }
    }

    /// Time the steps take end to end.
    var elapsed: Double { cpu + native + io + blocking }

    private mutating func add(_ step: Step, times n: Double) {
        steps += n
        switch step {
        case .cpu(let d): cpu += n * d.mean
        case .native(let d): native += n * d.mean
        case .io(let d): io += n * d.mean
        case .blocking(let d): blocking += n * d.mean
        case .offload(let body), .hold(_, let body):
            for inner in body { add(inner, times: n) }
        case .enqueue(_, let body):
            // The request goes on at once: the task's steps are work, not the request's time.
            var task = RequestWork(body)
            task.steps *= n
            steps += task.steps
        case .repeat(let count, let body):
            for inner in body { add(inner, times: n * Double(count)) }
        }
    }

    /// The mean over a workload's jobs, weighted by their share of requests, with a model's own
    /// job steps where it has them.
    init(workload: Workload, model: ModelSpec? = nil) {
        let shares = workload.jobs.map { job -> Double in
            switch job.mix {
            case .weight(let w): w
            case .count(let c): Double(c)
            }
        }
        let total = shares.reduce(0, +)
        for (job, share) in zip(workload.jobs, shares) {
            let work = RequestWork(model?.jobSteps[job.name] ?? job.steps)
            let f = total > 0 ? share / total : 0
            cpu += f * work.cpu
            native += f * work.native
            io += f * work.io
            blocking += f * work.blocking
            steps += f * work.steps
        }
    }
}

extension Arrivals {
    /// Requests per second of open-loop arrivals (nil for batch and closed-loop clients).
    var ratePerSecond: Double? {
        switch self {
        case .poisson(let rate): rate
        case .uniform(let interval): interval.mean > 0 ? 1e9 / interval.mean : nil
        case .batch, .closed: nil
        }
    }

    /// Requests expected in `span` (nil where arrivals are not open-loop).
    func expectedRequests(in span: SimTime) -> Double? {
        ratePerSecond.map { $0 * Double(span) / 1e9 }
    }
}

extension Scenario {
    /// Requests a model can complete per second in the long run, roughly: the least of what its
    /// cores, its GILs and its workers allow, from the mean work per request. Connection pools,
    /// worker pools and hand-off costs are left out, so the estimate can be high.
    func capacityPerSecond(model index: Int) -> Double {
        let spec = models[index]
        let work = RequestWork(workload: workload, model: spec)
        let slowdown = spec.gil ? 1 : spec.freeThreadingSlowdown ?? python.freeThreadingSlowdown
        let onCore = work.cpu * slowdown + work.native
        var bounds = [Double(machine.cores) / onCore]
        if spec.gil { bounds.append(Double(spec.processes) / work.cpu) }
        if spec.asyncio {
            // The loop thread runs every task's Python and sits through its blocking calls.
            bounds.append(Double(spec.processes) / (work.cpu * slowdown + work.blocking))
        } else {
            bounds.append(Double(spec.processes * spec.threads) / (onCore + work.io + work.blocking))
        }
        // Zero work in a bound divides to infinity: that resource sets no limit.
        return (bounds.min() ?? .infinity) * 1e9
    }
}

extension Scenario {
    /// Work explosions visible without running: a run whose estimated events pass `budget`'s
    /// (repeats multiplied out, GIL switch checks and time slices over the run). `validate` warns;
    /// the budget stops such a run anyway.
    public func workWarnings(budget: SimulationBudget = .standard) -> [String] {
        let requests: Double
        var span: Double?
        switch workload.size {
        case .requests(let n): requests = Double(n)
        case .duration(let t):
            span = Double(t)
            if case .closed(let clients, let think) = workload.arrivals {
                let cycle = max(think.mean + RequestWork(workload: workload).elapsed, 1)
                requests = Double(clients) * Double(t) / cycle
            } else {
                requests = workload.arrivals.expectedRequests(in: t) ?? 0
            }
        }
        var warnings: [String] = []
        for (index, model) in models.enumerated() {
            let work = RequestWork(workload: workload, model: model)
            // About two events per step; a run lasts at least its arrivals, or its requests' work.
            let stepEvents = 2 * requests * work.steps
            // Switch checks and time slices only where threads of a process compete (not asyncio).
            let length = max(span ?? 0, requests * work.elapsed / Double(model.processes * model.threads))
            let interval = Double(min(model.switchInterval ?? python.switchInterval, machine.timeslice))
            let tickEvents = model.asyncio || model.threads == 1 ? 0 : length / interval * Double(model.processes)
            let estimate = stepEvents + tickEvents
            guard estimate > Double(budget.events) else { continue }
            let why =
                stepEvents >= tickEvents
                ? "\(Approximate.count(requests)) requests × \(Approximate.count(work.steps)) steps each (repeats multiplied out)"
                : "a \(DurationParser.format(SimTime(interval))) switch interval or time slice over about \(Approximate.seconds(SimTime(min(length, 9e18))))"
            warnings.append(
                "model \"\(models[index].name)\": about \(Approximate.count(estimate)) events, \(why): more than the event budget of \(Approximate.count(Double(budget.events))); the run will stop there unless --max-events is raised"
            )
        }
        return warnings
    }
}
