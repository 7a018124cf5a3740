import Foundation

/// A plain-language finding a teacher can read out, derived from a comparison's numbers.
public struct Verdict: Sendable, Equatable {
    /// Which rule found it: tests check each rule fires on the case it describes, and only there.
    /// Raw values name the rule in the JSON report.
    public enum Rule: String, Sendable, CaseIterable {
        /// More throughput than the baseline, and why (own GILs, overlapped I/O, no GIL, C code).
        case faster
        /// More workers than a saturated baseline, and no more throughput.
        case noFaster = "no_faster"
        /// Less throughput than the baseline.
        case slower
        /// Both keep up with open arrivals: the difference is latency.
        case keepsUp = "keeps_up"
        /// It keeps up with open arrivals and the baseline does not: latency, not throughput,
        /// tells them apart (a model that keeps up serves what arrives, not what it could).
        case keepsUpAlone = "keeps_up_alone"
        /// Closed-loop clients get about the same throughput: what the latency costs and why.
        case sameThroughput = "same_throughput"
        /// One job takes far longer in this model while every other job takes the same.
        case jobSlowed = "job_slowed"
        /// A worker pool gets tasks faster than it can finish them.
        case tasksBehind = "tasks_behind"
        /// An event loop stalled by blocking calls.
        case loopStalled = "loop_stalled"
        /// A large share of the working time spent waiting for the GIL.
        case gilWait = "gil_wait"
        /// A large share of the working time spent waiting for a connection.
        case poolWait = "pool_wait"
        /// The cores are (almost) all busy.
        case coresBusy = "cores_busy"
        /// Keep-alive connections all held by some workers while another gets no request.
        case connectionsHeld = "connections_held"
    }

    /// What a verdict explains; a model's own-figure verdicts say only what its other verdicts
    /// have not (one sentence per cause, so a lesson reads in a few lines).
    enum Cause: Sendable {
        case gil, cores, loop, pool, connections
    }

    public var rule: Rule
    /// The model the sentence is about.
    public var model: Int
    public var text: String
    var explains: Set<Cause> = []
}

extension Comparison {
    /// Throughput within this factor of the baseline's counts as the same (and per-job latency
    /// within it as unchanged): closer than that is noise of the arrivals' draw.
    static let sameThroughput = 1.15
    /// A waiting state worth a sentence takes at least this share of a request's working time.
    static let notableShare = 0.10
    /// The cores (or a process's GIL) count as the limit from this utilisation up.
    static let busyCores = 0.9

    /// Every finding, model by model: how it compares with the baseline (and why), what its
    /// jobs and background tasks show, then what its own figures show that those did not
    /// already explain.
    public var verdicts: [Verdict] {
        let slowedJobs = slowedJobVerdicts()
        return models.indices.flatMap { m -> [Verdict] in
            var found = [relativeVerdict(m)].compactMap { $0 } + slowedJobs.filter { $0.model == m }
            for own in [connectionsHeldVerdict(m), loopStalledVerdict(m), gilWaitVerdict(m), poolWaitVerdict(m), coresBusyVerdict(m)] {
                guard let own, !found.contains(where: { !$0.explains.isDisjoint(with: own.explains) }) else { continue }
                found.append(own)
            }
            return found + tasksBehindVerdicts(m)
        }
    }

    func loopStalledVerdict(_ m: Int) -> Verdict? {
        let model = models[m]
        let stalled = model.meanMs(in: .loopStalled)
        guard specs[m].asyncio, model.completed > 0, stalled > 0,
            stalled >= 0.01 * model.latency.mean
        else { return nil }
        let share = Format.percent(stalled / model.latency.mean)
        return Verdict(
            rule: .loopStalled, model: m,
            text:
                "\(model.name): blocking calls stall the event loop: a request waits \(Format.milliseconds(stalled)) on average (\(share) of its latency) while another task's blocking call holds every task up",
            explains: [.loop])
    }

    func gilWaitVerdict(_ m: Int) -> Verdict? {
        guard specs[m].gil, let wait = notableGILWait(m) else { return nil }
        var text = "\(models[m].name): requests wait \(wait)"
        if let share = cpuShare(m), share < 0.5 {
            text += ": a thread back from I/O waits behind the threads running Python (the convoy effect)"
        } else {
            text += ": its threads take turns running Python"
        }
        return Verdict(rule: .gilWait, model: m, text: text, explains: [.gil])
    }

    func poolWaitVerdict(_ m: Int) -> Verdict? {
        guard let wait = notablePoolWait(m) else { return nil }
        return Verdict(rule: .poolWait, model: m, text: "\(models[m].name): requests wait \(wait)", explains: [.pool])
    }

    func coresBusyVerdict(_ m: Int) -> Verdict? {
        let model = models[m]
        guard model.cpuUtilization >= Self.busyCores else { return nil }
        return Verdict(
            rule: .coresBusy, model: m,
            text:
                "\(model.name): the \(cores) cores are \(Format.percent(model.cpuUtilization)) busy: more workers will not help, more cores would",
            explains: [.cores])
    }

    // MARK: Derived figures

    /// A request's mean time from a worker taking it to completion (its latency minus queueing).
    func workingMs(_ m: Int) -> Double? {
        let model = models[m]
        return model.completed > 0 ? model.latency.mean - model.meanMs(in: .queued) : nil
    }

    /// "52.8ms each for the GIL (50% of their working time)" when that share is notable.
    /// The one test of "the GIL wait matters": a model is never told both this and that the GIL
    /// is not its limit.
    func notableGILWait(_ m: Int) -> String? {
        notableWait(m, in: .gilWait).map { "\($0.ms) each for the GIL (\($0.share) of their working time)" }
    }

    /// "55.9ms each for a connection (71% of their working time): 16 threads share 4 db
    /// connections", when that share is notable.
    func notablePoolWait(_ m: Int) -> String? {
        guard let wait = notableWait(m, in: .poolWait) else { return nil }
        let spec = specs[m]
        let pools = connectionPools.map { "\(spec.connectionPools[$0.name] ?? $0.size) \($0.name)" }
        return
            "\(wait.ms) each for a connection (\(wait.share) of their working time): \(workerCount(m)) share \(pools.joined(separator: ", ")) connections"
    }

    private func notableWait(_ m: Int, in state: RequestState) -> (ms: String, share: String)? {
        let wait = models[m].meanMs(in: state)
        guard let working = workingMs(m), working > 0, wait >= Self.notableShare * working else { return nil }
        return (Format.milliseconds(wait), Format.percent(wait / working))
    }

    /// Of the time a request spends working or in its own I/O, the share on a core: how CPU-bound
    /// the work is, whatever the waits the model adds.
    func cpuShare(_ m: Int) -> Double? {
        let running = models[m].meanMs(in: .running), io = models[m].meanMs(in: .io)
        return running + io > 0 ? running / (running + io) : nil
    }

    /// A model keeps up when its requests wait (for a worker, the GIL, a core, a connection or a
    /// stalled loop) less than they spend on their own work and I/O; otherwise work piles up
    /// and its throughput is its capacity.
    func keepsUp(_ m: Int) -> Bool {
        let model = models[m]
        guard model.completed > 0 else { return false }
        let waiting = [RequestState.queued, .gilWait, .noCore, .loopStalled, .poolWait].reduce(0) { $0 + model.meanMs(in: $1) }
        return waiting <= model.meanMs(in: .running) + model.meanMs(in: .io)
    }

    /// Requests arrive whatever the model does (poisson, uniform): only then is "keeping up
    /// with the arrivals" a question. A batch is all there at once; closed clients wait for
    /// their answers, so they send as fast as the model serves.
    var arrivalsAreOpen: Bool {
        switch arrivals {
        case .poisson, .uniform: true
        case .batch, .closed: false
        }
    }

    /// Requests a second the open arrivals send.
    var arrivalRate: Double? {
        switch arrivals {
        case .poisson(let rate): rate
        case .uniform(let interval): interval.mean > 0 ? Double(Time.second) / interval.mean : nil
        case .batch, .closed: nil
        }
    }

    func workerCount(_ m: Int) -> String {
        let n = specs[m].processes * specs[m].threads
        return specs[m].asyncio ? "an event loop" : n == 1 ? "1 thread" : "\(n) threads"
    }

    /// Requests a model can work on at once (an event loop: as many as arrive).
    func workers(_ m: Int) -> Double {
        specs[m].asyncio ? .infinity : Double(specs[m].processes * specs[m].threads)
    }
}
