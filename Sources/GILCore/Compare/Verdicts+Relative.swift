import Foundation

/// Each model against the baseline: by throughput when that measures what the models can do,
/// by latency when the arrivals, not the model, set the pace.
extension Comparison {
    /// Busy cores per held GIL from which the work counts as running outside the GIL (C code
    /// that releases it): with 1.5, at least half as many cores again as GILs are busy.
    static let outsideGIL = 1.5
    /// Python that runs at least this much slower per request is worth saying (free-threaded
    /// builds: ~1.1× in 3.14t, ~1.4× in 3.13t).
    static let slowerPython = 1.05
    /// A hand-off to worker processes that costs this share of a request's own work or more
    /// explains a slowdown.
    static let costlyHandoff = 0.5

    /// A reason: its words and what it explains.
    struct Reason {
        var text: String
        var explains: Set<Verdict.Cause> = []
    }

    func relativeVerdict(_ m: Int) -> Verdict? {
        let b = baseline
        let model = models[m], base = models[b]
        guard m != b, model.completed > 0, base.completed > 0, base.throughputPerSecond > 0 else { return nil }
        let r = model.throughputPerSecond / base.throughputPerSecond
        let same = r < Self.sameThroughput && r > 1 / Self.sameThroughput
        let name = model.name, baseName = base.name
        func verdict(_ rule: Verdict.Rule, _ text: String, _ reason: Reason?) -> Verdict {
            Verdict(rule: rule, model: m, text: text + (reason.map { "; " + $0.text } ?? ""), explains: reason?.explains ?? [])
        }

        // A model that keeps up serves what arrives: its throughput is the arrival rate, so
        // latency is the measure.
        if arrivalsAreOpen, keepsUp(m) {
            if !keepsUp(b) {
                return verdict(
                    .keepsUpAlone,
                    "\(name): keeps up with the arrivals (\(Format.rate(model.throughputPerSecond)) req/s) where \(baseName) falls behind (\(Format.rate(base.throughputPerSecond)) req/s): \(p50Against(m))",
                    reason(m))
            }
            if same {
                return verdict(
                    .keepsUp,
                    "\(name): keeps up with the arrivals like \(baseName) (\(Format.rate(model.throughputPerSecond)) req/s), p99 \(Format.milliseconds(model.latency.p99)) against \(Format.milliseconds(base.latency.p99))",
                    timeShift(m).map { Reason(text: $0) })
            }
        }
        if r >= Self.sameThroughput {
            var text = "\(name): \(Format.times(r)) the throughput of \(baseName)"
            if let rate = arrivalRate, model.throughputPerSecond * Self.sameThroughput < rate {
                text += ", still short of the \(Format.rate(rate)) req/s arriving"
            }
            return verdict(.faster, text, reason(m))
        }
        if r <= 1 / Self.sameThroughput {
            return verdict(.slower, "\(name): \(Format.times(r)) the throughput of \(baseName), slower (\(p50Against(m)))", slowerReason(m))
        }
        if !keepsUp(b), workers(m) != workers(b) {
            return noFasterVerdict(m, ratio: r)
        }
        if case .closed = arrivals {
            return verdict(
                .sameThroughput, "\(name): about the same throughput as \(baseName) (\(Format.times(r))), \(p50Against(m))",
                offloadReason(m) ?? timeShift(m).map { Reason(text: $0) })
        }
        return nil
    }

    private func noFasterVerdict(_ m: Int, ratio r: Double) -> Verdict {
        let b = baseline, model = models[m], baseName = models[b].name
        if workers(m) < workers(b) {
            return Verdict(
                rule: .noFaster, model: m,
                text:
                    "\(model.name): as fast as \(baseName) (\(Format.times(r))) with fewer workers (\(workerCount(m)) against \(workerCount(b)))"
            )
        }
        var text = "\(model.name): no faster than \(baseName) (\(Format.times(r)))"
        var explains: Set<Verdict.Cause> = []
        if let wait = notablePoolWait(m) {
            text += ": requests wait \(wait)"
            explains = [.pool]
        } else if specs[m].gil, specs[m].processes == specs[b].processes, let share = cpuShare(m), share >= 0.5 {
            text +=
                ": requests spend \(Format.percent(share)) of their working time running Python, and the GIL lets one thread of a process run it at a time"
            explains = [.gil]
        } else if model.cpuUtilization >= Self.busyCores {
            text += ": the \(cores) cores are already \(Format.percent(model.cpuUtilization)) busy"
            explains = [.cores]
        }
        return Verdict(rule: .noFaster, model: m, text: text, explains: explains)
    }

    /// "p50 52.0ms against 1271ms" (the baseline's).
    private func p50Against(_ m: Int) -> String {
        "p50 \(Format.milliseconds(models[m].latency.p50)) against \(Format.milliseconds(models[baseline].latency.p50))"
    }

    /// Why a model does more than the baseline, from what differs between them.
    func reason(_ m: Int) -> Reason? {
        let spec = specs[m], base = specs[baseline]
        let model = models[m], baseModel = models[baseline]
        let share = cpuShare(m)
        if spec.processes > base.processes {
            let memory = Format.times(model.memoryMB / baseModel.memoryMB)
            let ownGIL = spec.gil && (share ?? 0) >= 0.5 ? ", each with its own GIL," : ""
            return Reason(
                text:
                    "\(spec.processes) processes\(ownGIL) for \(memory) the memory (\(Format.megabytes(model.memoryMB)) against \(Format.megabytes(baseModel.memoryMB)))"
                    + coresClause(m),
                explains: [.cores])
        }
        if let share, share < 0.5 {
            return overlapReason(m, share: share)
        }
        if !spec.gil, base.gil {
            var text =
                "without a GIL its threads run Python on several cores at once (CPU \(Format.percent(model.cpuUtilization)) against \(Format.percent(baseModel.cpuUtilization)))"
            if let slower = pythonSlowdown(m) { text += ", each \(Format.times(slower)) slower" }
            return Reason(text: text, explains: [.cores, .gil])
        }
        let busyCores = model.cpuUtilization * Double(cores), heldGILs = model.gilHeldFraction * Double(spec.processes)
        if spec.gil, busyCores >= Self.outsideGIL * heldGILs {
            return Reason(
                text:
                    "the GIL is held only \(Format.percent(model.gilHeldFraction)) of the time: most of the work runs outside it, in C code, on several cores at once (CPU \(Format.percent(model.cpuUtilization)) against \(Format.percent(baseModel.cpuUtilization)))"
                    + coresClause(m),
                explains: [.cores, .gil])
        }
        return nil
    }

    /// Mostly I/O: the workers overlap it. Whether the GIL then matters is the model's own
    /// GIL wait and GIL use, never assumed.
    private func overlapReason(_ m: Int, share: Double) -> Reason {
        let spec = specs[m]
        let who = spec.asyncio ? "its event loop overlaps" : "its \(workerCount(m)) overlap"
        var text = "requests spend only \(Format.percent(share)) of their working time on a core, so \(who) their I/O"
        guard spec.gil else { return Reason(text: text) }
        if let wait = notableGILWait(m) {
            text += ", but they wait \(wait)"
        } else if models[m].gilHeldFraction >= Self.busyCores {
            let gils = spec.processes > 1 ? "each of its \(spec.processes) GILs is" : "its GIL is"
            text += ", but \(gils) held \(Format.percent(models[m].gilHeldFraction)) of the time: close to its limit"
        } else {
            text += ", and the GIL is not the limit"
        }
        return Reason(text: text, explains: [.gil])
    }

    /// ", and the 4 cores are 98% busy: …" or ", with the 4 cores 62% busy" (from half busy up).
    private func coresClause(_ m: Int) -> String {
        let cpu = models[m].cpuUtilization
        if cpu >= Self.busyCores {
            return ", and the \(cores) cores are \(Format.percent(cpu)) busy: more workers will not help, more cores would"
        }
        if cpu >= 0.5 { return ", with the \(cores) cores \(Format.percent(cpu)) busy" }
        return ""
    }

    /// How much longer a request runs on a core than the baseline's (a free-threaded build's
    /// slower bytecode), when notable.
    private func pythonSlowdown(_ m: Int) -> Double? {
        let own = models[m].meanMs(in: .running), base = models[baseline].meanMs(in: .running)
        guard base > 0, own / base >= Self.slowerPython else { return nil }
        return own / base
    }

    /// Why a model does less than the baseline: the cost its settings add, else where the time goes.
    private func slowerReason(_ m: Int) -> Reason? {
        let spec = specs[m], model = models[m]
        let running = model.meanMs(in: .running)
        let handoff = Time.ms(spec.handoff) / Double(max(spec.chunk, 1))
        if spec.processes > 1, handoff > 0, handoff >= Self.costlyHandoff * running {
            return Reason(
                text:
                    "handing each request to a worker process takes \(Format.milliseconds(handoff)), one hand-off at a time, against \(Format.milliseconds(running)) of work: the processes wait for work (CPU \(Format.percent(model.cpuUtilization)))"
            )
        }
        if let offloads = offloadReason(m) { return offloads }
        if let slower = pythonSlowdown(m) {
            return Reason(
                text:
                    "its Python runs \(Format.times(slower)) slower (\(Format.milliseconds(running)) on a core a request against \(Format.milliseconds(models[baseline].meanMs(in: .running))))"
            )
        }
        return timeShift(m, growthOnly: true).map { Reason(text: "most of the extra time is " + $0) }
    }

    /// "1 switch to a sync thread per request at 1.00ms each" (`offload_cost`).
    private func offloadReason(_ m: Int) -> Reason? {
        let cost = specs[m].offloadCost
        let offloads = perRequest(m) { Double($0.offloads) }
        guard cost > 0, offloads > 0 else { return nil }
        let count = offloads == offloads.rounded() ? String(Int(offloads)) : String(format: "%.1f", offloads)
        return Reason(
            text: "\(count) switch\(offloads == 1 ? "" : "es") to a sync thread per request at \(Format.milliseconds(Time.ms(cost))) each")
    }

    /// "queued −11.7ms, GIL wait +4.11ms a request": the states whose mean time changed notably
    /// from the baseline's, largest first (only those that grew with `growthOnly`).
    func timeShift(_ m: Int, growthOnly: Bool = false) -> String? {
        let model = models[m], base = models[baseline]
        let notable = Self.notableShare * max(base.latency.mean, model.latency.mean)
        let changes = model.states.map { ($0, model.meanMs(in: $0) - base.meanMs(in: $0)) }
            .filter { growthOnly ? $0.1 > notable : abs($0.1) > notable }
            .sorted { abs($0.1) > abs($1.1) }
            .prefix(growthOnly ? 1 : 2)
        guard !changes.isEmpty else { return nil }
        return changes.map { "\($0.0.label) \($0.1 < 0 ? "−" : "+")\(Format.milliseconds(abs($0.1)))" }.joined(separator: ", ")
            + " a request"
    }
}
