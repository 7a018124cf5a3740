/// What a request's steps add up to in one model: verdicts explain a number by the code that
/// made it ("5.05ms lost on each of its 100 returns from I/O").
struct StepSummary: Equatable {
    /// What a leaf step needs: the GIL (Python) or not (I/O, native code, a blocking call).
    enum Leaf: Equatable {
        case python, released
    }

    var first: Leaf?
    var last: Leaf?
    /// Times the request comes back from I/O, native code or a blocking call to run Python
    /// again: each time it must take the GIL back.
    var gilReturns = 0
    /// `offload` steps: a switch to an executor thread and back each.
    var offloads = 0
    /// Mean time of the steps' own work (waits excluded), in milliseconds.
    var meanWorkMs = 0.0
    /// For each worker pool sent tasks, the mean work of one task in milliseconds.
    var taskWorkMs: [String: Double] = [:]

    init(_ steps: [Step]) {
        for step in steps { append(Self.summary(of: step)) }
    }

    private init(leaf: Leaf, work: Distribution) {
        first = leaf
        last = leaf
        meanWorkMs = work.mean / Double(Time.millisecond)
    }

    private static func summary(of step: Step) -> StepSummary {
        switch step {
        case .cpu(let d): return StepSummary(leaf: .python, work: d)
        case .native(let d), .io(let d), .blocking(let d): return StepSummary(leaf: .released, work: d)
        case .offload(let steps):
            var s = StepSummary(steps)
            s.offloads += 1
            return s
        case .hold(_, let steps): return StepSummary(steps)
        case .repeat(let count, let steps):
            let body = StepSummary(steps)
            var s = StepSummary([])
            for _ in 0..<min(count, 2) { s.append(body) }
            // Every further pass adds what the second added: the body's own returns plus the
            // one from its end to its start.
            if count > 2 {
                let perPass = s.gilReturns - body.gilReturns
                s.gilReturns += (count - 2) * perPass
                s.offloads += (count - 2) * body.offloads
                s.meanWorkMs += Double(count - 2) * body.meanWorkMs
            }
            return s
        case .enqueue(let pool, let steps):
            // The task is another thread's work: the request does not wait for it.
            var s = StepSummary([])
            s.taskWorkMs[pool] = StepSummary(steps).meanWorkMs
            return s
        }
    }

    /// The steps of `other` run after these.
    private mutating func append(_ other: StepSummary) {
        if last == .released, other.first == .python { gilReturns += 1 }
        first = first ?? other.first
        last = other.last ?? last
        gilReturns += other.gilReturns
        offloads += other.offloads
        meanWorkMs += other.meanWorkMs
        taskWorkMs.merge(other.taskWorkMs) { old, _ in old }
    }
}

extension Comparison {
    /// A job's steps as model `m` runs them (its `job_steps` override, or the workload's).
    func steps(of job: Job, in m: Int) -> StepSummary {
        StepSummary(specs[m].jobSteps[job.name] ?? job.steps)
    }

    /// The mean over the job mix of a per-request figure of model `m`'s steps.
    func perRequest(_ m: Int, _ figure: (StepSummary) -> Double) -> Double {
        let weights = jobs.map { job -> Double in
            switch job.mix {
            case .weight(let w): w
            case .count(let c): Double(c)
            }
        }
        let total = weights.reduce(0, +)
        guard total > 0 else { return 0 }
        return zip(jobs, weights).reduce(0) { $0 + figure(steps(of: $1.0, in: m)) * $1.1 } / total
    }
}
