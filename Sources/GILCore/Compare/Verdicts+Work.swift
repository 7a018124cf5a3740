import Foundation

/// Verdicts about parts of the work rather than the whole: one job a model slows down, and
/// background tasks a worker pool cannot keep up with.
extension Comparison {
    /// A job counts as slowed in a model that takes this many times its p50 in the fastest
    /// model, while every other job stays within `sameThroughput` across all models: then the
    /// difference is the model's treatment of that job, not a longer queue for everyone.
    static let slowedJob = 1.5
    /// Time lost per return from I/O within this factor of the switch interval (either way)
    /// reads as "about one switch interval": the convoy effect's signature.
    static let intervalMatch = 1.5
    /// A pool whose tasks take this many times their own work from enqueue to done (p50) has
    /// them waiting in its queue: it falls behind.
    static let tasksBehind = 2.0

    /// A job's p50 in model `m`, nil when none completed (or the figures carry no jobs).
    private func jobP50(_ m: Int, _ j: Int) -> Double? {
        let jobs = models[m].jobs
        guard jobs.indices.contains(j), jobs[j].completed > 0 else { return nil }
        return jobs[j].latency.p50
    }

    /// The job's p50 in every model, or nil if some model has none yet.
    private func jobP50s(_ j: Int) -> [Double]? {
        let values = models.indices.compactMap { jobP50($0, j) }
        return values.count == models.count ? values : nil
    }

    func slowedJobVerdicts() -> [Verdict] {
        guard jobs.count > 1 else { return [] }
        return jobs.indices.flatMap { j -> [Verdict] in
            guard let values = jobP50s(j), let fastest = values.indices.min(by: { values[$0] < values[$1] }), values[fastest] > 0 else {
                return []
            }
            let others = jobs.indices.filter { $0 != j }
            let steady = others.allSatisfy { k in
                jobP50s(k).map { $0.max()! <= Self.sameThroughput * $0.min()! } ?? false
            }
            guard steady else { return [] }
            return models.indices.filter { values[$0] >= Self.slowedJob * values[fastest] }.map { m in
                slowedJobVerdict(m, job: j, p50: values[m], fastest: fastest, fastestP50: values[fastest], others: others)
            }
        }
    }

    private func slowedJobVerdict(_ m: Int, job j: Int, p50: Double, fastest: Int, fastestP50: Double, others: [Int]) -> Verdict {
        let job = jobs[j]
        let otherNames = others.map { jobs[$0].name }.joined(separator: ", ")
        var text =
            "\(models[m].name): the \(job.name) job takes \(Format.milliseconds(p50)) against \(Format.milliseconds(fastestP50)) with \(models[fastest].name) (\(Format.times(p50 / fastestP50))), while \(otherNames) take\(others.count == 1 ? "s" : "") about as long in every model"
        var explains: Set<Verdict.Cause> = []
        let returns = steps(of: job, in: m).gilReturns
        if specs[m].gil, returns > 0 {
            let lost = (p50 - fastestP50) / Double(returns)
            text += "; \(Format.milliseconds(lost)) lost on each of its \(returns) returns from I/O"
            let interval = Time.ms(specs[m].switchInterval ?? python.switchInterval)
            if interval > 0, lost <= Self.intervalMatch * interval, lost >= interval / Self.intervalMatch {
                text +=
                    ", about one switch interval (\(Format.milliseconds(interval))) waiting for the GIL behind Python in another thread: the convoy effect"
                explains = [.gil]
            }
        }
        return Verdict(rule: .jobSlowed, model: m, text: text, explains: explains)
    }

    func tasksBehindVerdicts(_ m: Int) -> [Verdict] {
        let model = models[m]
        let seconds = Time.ms(model.makespan) / 1000
        return model.tasks.compactMap { tasks -> Verdict? in
            guard tasks.completed > 0, seconds > 0,
                let work = jobs.lazy.compactMap({ self.steps(of: $0, in: m).taskWorkMs[tasks.pool] }).first, work > 0,
                tasks.latency.p50 >= Self.tasksBehind * work,
                let pool = workerPools.first(where: { $0.name == tasks.pool })
            else { return nil }
            let size = specs[m].workerPools[pool.name] ?? pool.size
            let workers = size.processes * size.threads
            let capacity = Double(workers) * 1000 / work
            return Verdict(
                rule: .tasksBehind, model: m,
                text:
                    "\(model.name): its \(pool.name) workers fall behind: \(workers) of them finish at most \(Format.rate(capacity)) tasks a second of \(Format.milliseconds(work)) each, and \(Format.rate(Double(tasks.enqueued) / seconds)) a second are enqueued; a task takes \(Format.milliseconds(tasks.latency.p50)) from enqueue to done (p50)"
            )
        }
    }
}
