import Foundation

/// Measured beside simulated, per model: what `gilview verify` prints.
public struct VerifyComparison: Sendable {
    public var title: String
    public var calibration: Calibration
    public var cores: Int
    public var runs: Int
    public var startMethod: String
    public var notes: [String]
    public var models: [Row]

    public struct Row: Sendable {
        public var name: String
        public var simulated: LatencyFigures
        /// The median of the runs; nil when the model was skipped.
        public var measured: LatencyFigures?
        public var skipped: String?
        /// Per job: mean latency simulated and measured (median over runs), in milliseconds.
        public var jobs: [MeanLatency]
        /// Per worker pool the model enqueues to: its tasks' mean latency, enqueue to completion.
        public var tasks: [MeanLatency]
        /// Where and why measured and simulated differ, from the numbers.
        public var divergence: String
        /// Mean time per request in each of the report's states, in milliseconds: simulated, and
        /// measured from the step records (each state's median over the runs; nil when skipped).
        public var simulatedStates: [RequestState: Double]
        public var measuredStates: [RequestState: Double]?
        /// The measured lanes of the run whose makespan is the median (the later one of two).
        public var measuredTimeline: MeasuredTimeline?
        /// Step records the program could not keep (past its cap), over all runs.
        public var recordsDropped: Int
        /// Per thread lane, states whose share of the run differs by more than the threshold.
        public var laneDifferences: [LaneShareDifference] = []
        /// Per thread lane, time waiting (for the GIL or a core) simulated and measured, in ms.
        public var laneWaits: [(label: String, simulatedMs: Double, measuredMs: Double)] = []
    }

    /// The states reported, as in `gilview report`.
    public var states: [RequestState]

    public typealias MeanLatency = (name: String, simulatedMeanMs: Double, measuredMeanMs: Double?)

    public init(plan: VerifyPlan, calibration: Calibration, runs: [MeasuredRun]) {
        title = plan.scenario.title
        self.calibration = calibration
        cores = plan.scenario.machine.cores
        self.runs = runs.count
        startMethod = runs.first?.startMethod ?? calibration.startMethod
        notes = plan.notes
        states = RequestState.reported(connectionPools: !plan.scenario.connectionPools.isEmpty)
        let jobNames = plan.scenario.workload.jobs.map(\.name)
        models = plan.simulated.models.enumerated().map { m, simulatedFigures in
            let simulated = LatencyFigures(simulatedFigures, cores: plan.scenario.machine.cores)
            let measuredModels = runs.compactMap { $0.models.first { $0.name == simulatedFigures.name } }
            let skipped =
                measuredModels.first?.skipped
                ?? (measuredModels.isEmpty ? "the program reported nothing for this model" : nil)
            let completed = measuredModels.filter { $0.skipped == nil }
            let measured =
                completed.isEmpty
                ? nil
                : LatencyFigures.median(completed.map { LatencyFigures(arrival: $0.arrival, end: $0.end, cpuSeconds: $0.cpuSeconds) })
            let jobs = simulatedFigures.jobs.enumerated().map { j, job in
                (
                    name: job.name, simulatedMeanMs: job.latency.mean,
                    measuredMeanMs: completed.isEmpty
                        ? nil
                        : LatencyFigures.median(
                            completed.map {
                                Self.jobFigures($0, job: j, requests: plan.requests)
                            }
                        ).meanMs
                )
            }
            let tasks = simulatedFigures.tasks.filter { $0.enqueued > 0 }.map { pool in
                (
                    name: pool.pool, simulatedMeanMs: pool.latency.mean,
                    measuredMeanMs: completed.isEmpty
                        ? nil
                        : LatencyFigures.median(
                            completed.map { model in
                                let times = model.tasks.first { $0.pool == pool.pool }
                                return LatencyFigures(arrival: times?.enqueued ?? [], end: times?.end ?? [], cpuSeconds: 0)
                            }
                        ).meanMs
                )
            }
            let divergence =
                measured.map {
                    Self.divergence(
                        measured: $0, simulated: simulated, model: simulatedFigures,
                        sleepsPerRequest: Self.sleepsPerRequest(plan, model: m), calibration: calibration,
                        cores: plan.scenario.machine.cores)
                } ?? (skipped ?? "")
            let gil = plan.scenario.models[m].gil
            let timelines = zip(runs, measuredModels).compactMap { run, model in
                model.skipped == nil
                    ? (
                        model.timeline(gil: gil, recordCPU: run.recordCPU),
                        LatencyFigures(arrival: model.arrival, end: model.end, cpuSeconds: 0).makespanMs
                    ) : nil
            }
            let measuredStates =
                timelines.isEmpty
                ? nil
                : Dictionary(
                    uniqueKeysWithValues: RequestState.allCases.map { state in
                        (state, LatencyFigures.middle(timelines.map { $0.0.stateMsMean[state] ?? 0 }))
                    })
            let medianRun = timelines.sorted { $0.1 < $1.1 }.dropFirst(timelines.count / 2).first
            var row = Row(
                name: simulatedFigures.name, simulated: simulated, measured: measured, skipped: skipped,
                jobs: jobNames.count > 1 ? jobs : [], tasks: tasks, divergence: divergence,
                simulatedStates: Dictionary(uniqueKeysWithValues: RequestState.allCases.map { ($0, simulatedFigures.meanMs(in: $0)) }),
                measuredStates: measuredStates, measuredTimeline: medianRun?.0,
                recordsDropped: measuredModels.reduce(0) { $0 + $1.recordsDropped })
            if let (measuredTimeline, makespanMs) = medianRun {
                row.compareLanes(plan.scenario, model: m, measured: measuredTimeline, measuredEnd: SimTime(makespanMs * 1e6))
                if !row.laneWaits.isEmpty || !row.laneDifferences.isEmpty { row.divergence += "; " + row.laneAccount }
            }
            return row
        }
    }

    /// One job's requests out of a measured model.
    static func jobFigures(_ model: MeasuredRun.Model, job: Int, requests: [PlannedRequest]) -> LatencyFigures {
        let picked = model.index.indices.filter { requests.indices.contains(model.index[$0]) && requests[model.index[$0]].job == job }
        return LatencyFigures(arrival: picked.map { model.arrival[$0] }, end: picked.map { model.end[$0] }, cpuSeconds: 0)
    }

    /// Mean number of sleeps (`io` and `blocking` steps that drew more than zero) per request of
    /// model `model` (its enqueued tasks' excluded: the request does not wait for them).
    static func sleepsPerRequest(_ plan: VerifyPlan, model: Int) -> Double {
        guard !plan.requests.isEmpty else { return 0 }
        let programs = plan.program.programs
        var sleeps = 0
        for request in plan.requests {
            let k = programs.byModel[model][request.job]
            for (step, duration) in PythonProgram.leaves(programs.steps[k], request.durations[k] ?? [], tasks: false) {
                switch step {
                case .io, .blocking: if duration > 0 { sleeps += 1 }
                default: break
                }
            }
        }
        return Double(sleeps) / Double(plan.requests.count)
    }

    /// A short account of the difference, built from the numbers: what the timer explains, what
    /// the core count and the GIL's hand-off order may, and what is left.
    static func divergence(
        measured m: LatencyFigures, simulated s: LatencyFigures, model: ModelFigures,
        sleepsPerRequest: Double, calibration: Calibration, cores: Int
    ) -> String {
        let makespanRatio = s.makespanMs > 0 ? m.makespanMs / s.makespanMs : 1
        let meanRatio = s.meanMs > 0 ? m.meanMs / s.meanMs : 1
        func percent(_ ratio: Double) -> String { String(format: "%+.0f%%", (ratio - 1) * 100) }
        if abs(makespanRatio - 1) <= 0.1, abs(meanRatio - 1) <= 0.1 {
            return "agrees: makespan \(percent(makespanRatio)), mean \(percent(meanRatio))"
        }
        let gap = m.meanMs - s.meanMs
        var parts = [
            "makespan \(percent(makespanRatio)), mean \(percent(meanRatio)) (\(gap >= 0 ? "+" : "-")\(Format.milliseconds(abs(gap))) per request)"
        ]
        let timer = sleepsPerRequest * calibration.sleepOvershootMs
        if timer >= 0.05 {
            parts.append(
                String(
                    format: "late timer wake-ups ≈ %@ (%.1f sleeps × %@)", Format.milliseconds(timer),
                    sleepsPerRequest, Format.milliseconds(calibration.sleepOvershootMs)))
        }
        if abs(calibration.parallelCPUs - Double(cores)) > 0.25 {
            parts.append(String(format: "%.2f CPUs usable in parallel, simulated as %d", calibration.parallelCPUs, cores))
        }
        if model.gilWaitMeanMs > 0.01 {
            parts.append(
                "GIL hand-offs: the OS picks CPython's next holder, the engine serves waiters in order (simulated GIL wait \(Format.milliseconds(model.gilWaitMeanMs)))"
            )
        }
        // CPU time tells slow work from waiting: the same CPU time in a longer wall time is a CPU
        // not given (other load); more CPU time is the loop running slower than calibrated.
        var cpuExplains = false
        if s.cpuMs >= 1 {
            let cpuRatio = m.cpuMs / s.cpuMs
            let used = "CPU time \(Format.milliseconds(m.cpuMs)) against \(Format.milliseconds(s.cpuMs)) simulated"
            var speed = ", as calibrated"
            if cpuRatio > 1.15 {
                speed = String(
                    format: ": the work ran %.0f%% slower than calibrated (CPU contention, frequency, caches)", (cpuRatio - 1) * 100)
            } else if cpuRatio < 0.85 {
                speed = String(format: ": the work ran %.0f%% faster than calibrated", (1 - cpuRatio) * 100)
            }
            // What the slower or faster work does not account for was spent off the CPU.
            let waited = m.makespanMs - s.makespanMs * cpuRatio
            if waited > 0.1 * s.makespanMs {
                cpuExplains = true
                parts.append(
                    "\(used)\(speed); about \(Format.milliseconds(waited)) of the makespan waiting for a CPU (other load on the machine)")
            } else if speed != ", as calibrated" {
                cpuExplains = true
                parts.append(used + speed)
            }
        }
        let rest = gap - timer
        if !cpuExplains, abs(rest) > 0.1 * max(s.meanMs, 0.001) {
            parts.append(
                rest > 0
                    ? "\(Format.milliseconds(rest)) per request beyond the timer: queueing behind CPU work the busy machine slowed, or OS scheduling noise"
                    : "\(Format.milliseconds(-rest)) per request faster: fewer waits than simulated")
        }
        return parts.joined(separator: "; ")
    }

    public func table() -> String {
        var out = "\(terminalSafe(title)) — measured on Python \(calibration.pythonVersion) beside the simulation\n"
        let c = calibration
        out +=
            "calibrated: \(Format.rate(c.loopsPerMs)) loops per CPU-ms, SHA-256 \(String(format: "%.0f", c.hashBytesPerMs / 1000)) MB/s; "
        out += "\(c.reportedCPUs) CPUs reported, \(c.allowedCPUs) allowed, \(String(format: "%.2f", c.parallelCPUs)) usable in parallel"
        out += " → simulated with \(Format.counted(cores, "core"))\n"
        out += "            a lone spinning process was on a CPU \(Format.percent(c.cpuShare)) of the time; "
        out +=
            "time.sleep wakes \(Format.milliseconds(c.sleepOvershootMs)) late; a thread starts in \(Format.milliseconds(c.threadStartMs))\n"
        out += "            processes start by \(startMethod); \(runs == 1 ? "1 run" : "median of \(runs) runs"); \(c.executable)\n"
        for note in notes { out += "note: \(terminalSafe(note))\n" }
        for row in models where row.recordsDropped > 0 {
            out +=
                "note: \(terminalSafe(row.name)): \(row.recordsDropped) step records were not kept (the program keeps at most 300000 per process); its measured lanes and state times miss them\n"
        }
        out += "\n"
        var table = TextTable(header: ["model", "makespan", "real", "×", "mean", "real", "×", "p99", "real", "×"])
        for row in models {
            var cells = [row.name]
            for (sim, real) in [
                (row.simulated.makespanMs, row.measured?.makespanMs),
                (row.simulated.meanMs, row.measured?.meanMs), (row.simulated.p99Ms, row.measured?.p99Ms),
            ] {
                cells += [
                    Format.milliseconds(sim), real.map(Format.milliseconds) ?? "—",
                    real.map { sim > 0 ? String(format: "%.2f", $0 / sim) : "—" } ?? "—",
                ]
            }
            table.rows.append(cells)
        }
        out += table.render() + "\n"
        out += "(simulated, then real; × is real ÷ simulated)\n\n"
        out += Self.meanTable("Per job, mean latency simulated / real:", models.map { ($0.name, $0.jobs) })
        out += Self.meanTable(
            "Background tasks (enqueue to done), mean latency simulated / real:",
            models.map { ($0.name, $0.tasks) })
        out += "Where they diverge:\n"
        for row in models { out += "  " + terminalSafe("\(row.name): \(row.skipped.map { "skipped — \($0)" } ?? row.divergence)") + "\n" }
        return out
    }

    /// A model × name table of mean latencies, simulated / real; empty when no model has any.
    static func meanTable(_ title: String, _ rows: [(model: String, means: [MeanLatency])]) -> String {
        var names: [String] = []
        for row in rows { for mean in row.means where !names.contains(mean.name) { names.append(mean.name) } }
        guard !names.isEmpty else { return "" }
        var table = TextTable(header: ["model"] + names)
        for row in rows {
            table.rows.append(
                [row.model]
                    + names.map { name in
                        guard let mean = row.means.first(where: { $0.name == name }) else { return "—" }
                        return "\(Format.milliseconds(mean.simulatedMeanMs)) / \(mean.measuredMeanMs.map(Format.milliseconds) ?? "—")"
                    })
        }
        return title + "\n" + table.render() + "\n\n"
    }

    public func json() -> String {
        func figures(_ f: LatencyFigures, _ stateMs: [RequestState: Double]) -> JSONOutput {
            .object([
                ("completed", .integer(f.completed)), ("makespan_ms", .number(rounded(f.makespanMs))),
                ("mean_ms", .number(rounded(f.meanMs))), ("p99_ms", .number(rounded(f.p99Ms))),
                ("cpu_ms", .number(rounded(f.cpuMs))),
                ("state_ms_mean", .object(states.map { ($0.key, .number(rounded(stateMs[$0] ?? 0))) })),
            ])
        }
        let c = calibration
        return JSONOutput.object([
            ("title", .string(title)),
            (
                "python",
                .object([
                    ("version", .string(c.pythonVersion)), ("executable", .string(c.executable)),
                    ("gil_enabled", .integer(c.gilEnabled ? 1 : 0)), ("start_method", .string(startMethod)),
                ])
            ),
            (
                "calibration",
                .object([
                    ("loops_per_ms", .number(rounded(c.loopsPerMs, places: 1))),
                    ("hash_bytes_per_ms", .number(rounded(c.hashBytesPerMs, places: 0))),
                    ("cpus_reported", .integer(c.reportedCPUs)), ("cpus_allowed", .integer(c.allowedCPUs)),
                    ("cpus_parallel", .number(rounded(c.parallelCPUs, places: 2))),
                    ("cpu_share", .number(rounded(c.cpuShare, places: 3))),
                    ("sleep_overshoot_ms", .number(rounded(c.sleepOvershootMs, places: 4))),
                    ("thread_start_ms", .number(rounded(c.threadStartMs, places: 4))),
                ])
            ),
            ("cores", .integer(cores)),
            ("runs", .integer(runs)),
            ("notes", .array(notes.map { .string($0) })),
            (
                "models",
                .array(
                    models.map { row in
                        var members: [(String, JSONOutput)] = [("name", .string(row.name))]
                        if let skipped = row.skipped { members.append(("skipped", .string(skipped))) }
                        members.append(("simulated", figures(row.simulated, row.simulatedStates)))
                        if let m = row.measured {
                            members.append(("measured", figures(m, row.measuredStates ?? [:])))
                            let s = row.simulated
                            members.append(
                                (
                                    "ratio",
                                    .object([
                                        ("makespan", .number(rounded(s.makespanMs > 0 ? m.makespanMs / s.makespanMs : 0, places: 4))),
                                        ("mean", .number(rounded(s.meanMs > 0 ? m.meanMs / s.meanMs : 0, places: 4))),
                                        ("p99", .number(rounded(s.p99Ms > 0 ? m.p99Ms / s.p99Ms : 0, places: 4))),
                                    ])
                                ))
                        }
                        func means(_ list: [MeanLatency]) -> JSONOutput {
                            .object(
                                list.map { mean in
                                    var figures: [(String, JSONOutput)] = [("simulated_mean_ms", .number(rounded(mean.simulatedMeanMs)))]
                                    if let measured = mean.measuredMeanMs {
                                        figures.append(("measured_mean_ms", .number(rounded(measured))))
                                    }
                                    return (mean.name, .object(figures))
                                })
                        }
                        members.append(("jobs", means(row.jobs)))
                        if !row.tasks.isEmpty { members.append(("tasks", means(row.tasks))) }
                        if row.recordsDropped > 0 { members.append(("records_dropped", .integer(row.recordsDropped))) }
                        members.append(("divergence", .string(row.divergence)))
                        return .object(members)
                    })
            ),
        ]).rendered()
    }
}

extension VerifyComparison.Row {
    /// The simulated lanes (the whole run kept) against the measured ones, thread by thread.
    mutating func compareLanes(_ scenario: Scenario, model m: Int, measured: MeasuredTimeline, measuredEnd: SimTime) {
        var simulation = ModelSimulation(scenario: scenario, model: m, options: SimulationOptions(timeline: .all))
        simulation.runToCompletion()
        guard let simulated = simulation.timeline else { return }
        let threads = simulation.threadSnapshots.count
        let simulatedEnd = simulation.lastEventTime
        laneDifferences = LaneShareDifference.differences(
            simulated: simulated, simulatedEnd: simulatedEnd, simulatedThreads: threads,
            measured: measured, measuredEnd: measuredEnd)
        func waitingMs(_ lane: LaneHistory<ThreadActivity>, end: SimTime) -> Double {
            let shares = LaneShareDifference.shares(lane, end: end)
            return ((shares[.gilWait] ?? 0) + (shares[.noCore] ?? 0)) * Time.ms(end)
        }
        laneWaits = measured.lanes.indices.filter { $0 < threads }.map { t in
            (
                measured.lanes[t].label, waitingMs(simulated.thread(t), end: simulatedEnd),
                waitingMs(measured.timeline.thread(t), end: measuredEnd)
            )
        }
    }

    /// Which threads waited more than simulated, by how much, and the lanes' shares that differ.
    var laneAccount: String {
        let makespan = max(simulated.makespanMs, 1)
        let more = laneWaits.filter { $0.measuredMs - $0.simulatedMs > 0.1 * makespan }.map {
            "\($0.label) \(Format.milliseconds($0.measuredMs)) (simulated \(Format.milliseconds($0.simulatedMs)), +\(Format.milliseconds($0.measuredMs - $0.simulatedMs)))"
        }
        var parts: [String] = []
        parts.append(
            more.isEmpty
                ? "measured lanes: no thread waited (GIL or core) more than 10% of the makespan beyond the simulation"
                : "measured lanes, waiting for the GIL or a core: " + more.joined(separator: ", "))
        if !laneDifferences.isEmpty {
            parts.append(
                "shares of the run differing by over \(Int(LaneShareDifference.threshold * 100)) points: "
                    + laneDifferences.map(\.text).joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }
}
