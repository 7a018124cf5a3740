import Foundation

/// A plain-language finding a teacher can read out, derived from a comparison's numbers.
public struct Verdict: Sendable, Equatable {
    /// Which rule found it: tests check each rule fires on the case it describes, and only there.
    /// Raw values name the rule in the JSON report.
    public enum Rule: String, Sendable, CaseIterable {
        /// More throughput than the baseline, and why (own GILs, no GIL, or little Python).
        case faster
        /// More workers than a saturated baseline, and no more throughput.
        case noFaster = "no_faster"
        /// Less throughput than the baseline.
        case slower
        /// Both keep up with the arrivals: the difference is latency.
        case keepsUp = "keeps_up"
        /// An event loop stalled by blocking calls.
        case loopStalled = "loop_stalled"
        /// A large share of the working time spent waiting for the GIL.
        case gilWait = "gil_wait"
        /// The cores are (almost) all busy.
        case coresBusy = "cores_busy"
    }

    public var rule: Rule
    /// The model the sentence is about.
    public var model: Int
    public var text: String
}

extension Comparison {
    /// Throughput within this factor of the baseline's counts as the same.
    static let sameThroughput = 1.15
    /// A waiting state worth a sentence takes at least this share of a request's working time.
    static let notableShare = 0.10
    /// The cores count as the limit from this utilisation up.
    static let busyCores = 0.9

    /// Every finding, model by model: first how it compares with the baseline, then what the
    /// model's own numbers show.
    public var verdicts: [Verdict] {
        models.indices.flatMap { m -> [Verdict] in
            [relativeVerdict(m), loopStalledVerdict(m), gilWaitVerdict(m), coresBusyVerdict(m)].compactMap { $0 }
        }
    }

    /// The model against the baseline, by throughput (or by latency when both keep up).
    func relativeVerdict(_ m: Int) -> Verdict? {
        let b = baseline
        let model = models[m], base = models[b]
        guard m != b, model.completed > 0, base.completed > 0, base.throughputPerSecond > 0 else { return nil }
        let r = model.throughputPerSecond / base.throughputPerSecond
        let name = model.name, baseName = base.name

        if keepsUp(m), keepsUp(b), r < Self.sameThroughput, r > 1 / Self.sameThroughput {
            let p99 = "p99 \(Format.milliseconds(model.latency.p99)) against \(Format.milliseconds(base.latency.p99))"
            let extra = extraTimeClause(m).map { "; " + $0 } ?? ""
            return Verdict(rule: .keepsUp, model: m, text:
                "\(name): keeps up with the arrivals like \(baseName) (\(Format.rate(model.throughputPerSecond)) req/s), \(p99)\(extra)")
        }
        if r >= Self.sameThroughput {
            return Verdict(rule: .faster, model: m, text:
                "\(name): \(Format.times(r)) the throughput of \(baseName)" + (fasterReason(m).map { "; " + $0 } ?? ""))
        }
        if r <= 1 / Self.sameThroughput {
            return Verdict(rule: .slower, model: m, text:
                "\(name): \(Format.times(r)) the throughput of \(baseName), slower" + (extraTimeClause(m).map { "; " + $0 } ?? ""))
        }
        guard !keepsUp(b), workers(m) != workers(b) else { return nil }
        if workers(m) < workers(b) {
            return Verdict(rule: .noFaster, model: m, text:
                "\(name): as fast as \(baseName) (\(Format.times(r))) with fewer workers (\(workerCount(m)) against \(workerCount(b)))")
        }
        var text = "\(name): no faster than \(baseName) (\(Format.times(r)))"
        if specs[m].gil, specs[m].processes == specs[b].processes, let share = cpuShare(m), share >= 0.5 {
            text += ": requests spend \(Format.percent(share)) of their working time running Python, and the GIL lets one thread of a process run it at a time"
        } else if model.cpuUtilization >= Self.busyCores {
            text += ": the \(cores) cores are already \(Format.percent(model.cpuUtilization)) busy"
        }
        return Verdict(rule: .noFaster, model: m, text: text)
    }

    /// Why a model outdoes the baseline, from what differs between them.
    private func fasterReason(_ m: Int) -> String? {
        let spec = specs[m], base = specs[baseline]
        let model = models[m], baseModel = models[baseline]
        let share = cpuShare(m)
        if spec.processes > base.processes {
            let memory = Format.times(model.memoryMB / baseModel.memoryMB)
            let ownGIL = spec.gil && (share ?? 0) >= 0.5 ? ", each with its own GIL," : ""
            return "\(spec.processes) processes\(ownGIL) for \(memory) the memory (\(Format.megabytes(model.memoryMB)) against \(Format.megabytes(baseModel.memoryMB)))"
        }
        if let share, share < 0.5 {
            return "requests spend only \(Format.percent(share)) of their working time on a core, so the GIL is not the limit"
        }
        if !spec.gil, base.gil {
            return "without a GIL its threads run Python on several cores at once (CPU \(Format.percent(model.cpuUtilization)) against \(Format.percent(baseModel.cpuUtilization)))"
        }
        return nil
    }

    /// "most of the extra time is GIL wait (+2.20ms a request)", when one state grew notably.
    private func extraTimeClause(_ m: Int) -> String? {
        let model = models[m], base = models[baseline]
        let growth = RequestState.allCases.map { ($0, model.meanMs(in: $0) - base.meanMs(in: $0)) }
        guard let (state, extra) = growth.max(by: { $0.1 < $1.1 }),
              extra > Self.notableShare * max(base.latency.mean, model.latency.mean) else { return nil }
        return "most of the extra time is \(state.label) (+\(Format.milliseconds(extra)) a request)"
    }

    func loopStalledVerdict(_ m: Int) -> Verdict? {
        let model = models[m]
        let stalled = model.meanMs(in: .loopStalled)
        guard specs[m].asyncio, model.completed > 0, stalled > 0,
              stalled >= 0.01 * model.latency.mean else { return nil }
        let share = Format.percent(stalled / model.latency.mean)
        return Verdict(rule: .loopStalled, model: m, text:
            "\(model.name): blocking calls stall the event loop: a request waits \(Format.milliseconds(stalled)) on average (\(share) of its latency) while another task's blocking call holds every task up")
    }

    func gilWaitVerdict(_ m: Int) -> Verdict? {
        let model = models[m]
        let wait = model.gilWaitMeanMs
        guard specs[m].gil, model.completed > 0, let working = workingMs(m), working > 0,
              wait >= Self.notableShare * working else { return nil }
        var text = "\(model.name): requests wait \(Format.milliseconds(wait)) each for the GIL (\(Format.percent(wait / working)) of their working time)"
        if let share = cpuShare(m), share < 0.5 {
            text += ": a thread back from I/O waits behind the threads running Python (the convoy effect)"
        } else {
            text += ": its threads take turns running Python"
        }
        return Verdict(rule: .gilWait, model: m, text: text)
    }

    func coresBusyVerdict(_ m: Int) -> Verdict? {
        let model = models[m]
        guard model.cpuUtilization >= Self.busyCores else { return nil }
        return Verdict(rule: .coresBusy, model: m, text:
            "\(model.name): the \(cores) cores are \(Format.percent(model.cpuUtilization)) busy: more workers will not help, more cores would")
    }

    // MARK: Derived figures

    /// A request's mean time from a worker taking it to completion (its latency minus queueing).
    func workingMs(_ m: Int) -> Double? {
        let model = models[m]
        return model.completed > 0 ? model.latency.mean - model.meanMs(in: .queued) : nil
    }

    /// Of the time a request spends working or in its own I/O, the share on a core: how CPU-bound
    /// the work is, whatever the waits the model adds.
    func cpuShare(_ m: Int) -> Double? {
        let running = models[m].meanMs(in: .running), io = models[m].meanMs(in: .io)
        return running + io > 0 ? running / (running + io) : nil
    }

    /// A model keeps up when its requests wait (for a worker, the GIL, a core or a stalled loop)
    /// less than they spend on their own work and I/O; otherwise work piles up and its
    /// throughput is its capacity.
    func keepsUp(_ m: Int) -> Bool {
        let model = models[m]
        guard model.completed > 0 else { return false }
        let waiting = [RequestState.queued, .gilWait, .noCore, .loopStalled].reduce(0) { $0 + model.meanMs(in: $1) }
        return waiting <= model.meanMs(in: .running) + model.meanMs(in: .io)
    }

    private func workerCount(_ m: Int) -> String {
        specs[m].asyncio ? "an event loop" : "\(specs[m].processes * specs[m].threads)"
    }

    /// Requests a model can work on at once (an event loop: as many as arrive).
    func workers(_ m: Int) -> Double {
        specs[m].asyncio ? .infinity : Double(specs[m].processes * specs[m].threads)
    }
}
