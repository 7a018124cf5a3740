import Foundation

/// Everything `gilview verify` decides before running Python: the scenario as simulated (the
/// measured core count, scaled down if it would run too long), its simulation, the requests and
/// the program that replays them.
public struct VerifyPlan: Sendable {
    public var scenario: Scenario
    public var simulated: ScenarioReport
    public var requests: [PlannedRequest]
    public var program: PythonProgram
    /// What was changed and why, said to the user.
    public var notes: [String]
    /// The simulation's estimate of the real run: the sum of the models' makespans, in seconds.
    public var estimatedSeconds: Double

    /// Limits that keep a generated program small: a model that would run longer than
    /// `secondsPerModel` is scaled down (fewer requests), one that cannot be is refused.
    public static let maxProcesses = 64
    public static let maxThreads = 1024

    /// Refusals that need no calibration: said before anything runs.
    public static func checkTranslatable(_ scenario: Scenario) throws(VerifyError) {
        if case .closed = scenario.workload.arrivals {
            throw VerifyError(
                """
                closed-loop arrivals are not translated: a measured client's next request depends on \
                its measured completion, so simulated and measured runs would not see the same requests; \
                use batch, uniform or poisson arrivals
                """)
        }
        let programs = VerifyPrograms(scenario)
        for (m, model) in scenario.models.enumerated() {
            let steps = programs.allSteps(ofModel: m)
            // The worker pools this model's code enqueues to run as processes of their own.
            let pools = programs.workerPools(ofModel: m, in: scenario).map(\.size)
            let processes = model.processes + pools.reduce(0) { $0 + $1.processes }
            let threads = model.processes * model.threads + pools.reduce(0) { $0 + $1.processes * $1.threads }
            if processes > Self.maxProcesses || threads > Self.maxThreads {
                throw VerifyError(
                    "model \"\(model.name)\" runs \(processes) processes and \(threads) threads, its worker pools' included; verify runs at most \(Self.maxProcesses) processes and \(Self.maxThreads) threads"
                )
            }
            if model.handoff > 0, model.asyncio || (model.dispatch == .roundRobin && model.processes > 1) {
                throw VerifyError(
                    "model \"\(model.name)\": handoff is translated as Pool.map's one shared pipe to worker threads, not to \(model.asyncio ? "event loops" : "round_robin dispatch"); remove handoff or use threads with shared dispatch"
                )
            }
            guard model.asyncio, steps.contains(where: { if case .hold = $0 { true } else { false } }) else { continue }
            if model.processes > 1 {
                throw VerifyError(
                    "model \"\(model.name)\": hold on event loops in \(model.processes) processes is not translated yet: the pool is shared by the processes, and a process-shared semaphore would block the loop instead of awaiting; verify it with one process, or threads"
                )
            }
            if programs.byModel[m].contains(where: { Self.holdsOffTheLoop(programs.steps[$0]) }) {
                throw VerifyError(
                    "model \"\(model.name)\": hold inside offloaded or enqueued code of an event-loop model is not translated yet: the loop's pool is an asyncio.Semaphore, which other threads and processes cannot take; hold it in the coroutine's own steps"
                )
            }
        }
    }

    /// Whether a `hold` sits in an `offload` or `enqueue` body: code that runs off the event loop.
    static func holdsOffTheLoop(_ steps: [Step]) -> Bool {
        steps.contains { step in
            switch step {
            case .cpu, .native, .io, .blocking: false
            case .repeat(_, let inner), .hold(_, let inner): holdsOffTheLoop(inner)
            case .offload(let inner), .enqueue(_, let inner):
                VerifyPrograms.flattened(inner).contains { if case .hold = $0 { true } else { false } }
            }
        }
    }

    /// What the engine charges that the real program pays for real, said to the user.
    static func realCosts(_ scenario: Scenario) -> [String] {
        scenario.models.flatMap { model -> [String] in
            var notes: [String] = []
            if model.offloadCost > 0 {
                notes.append(
                    "\"\(model.name)\": offload_cost (\(Format.milliseconds(Time.ms(model.offloadCost)))) is simulated, not added to the program: the real switch to an executor thread and back is measured"
                )
            }
            if model.handoff > 0 {
                notes.append(
                    "\"\(model.name)\": handoff (\(Format.milliseconds(Time.ms(model.handoff))) per \(model.chunk == 1 ? "request" : "chunk of \(model.chunk)")) is simulated, not added: the program pickles the requests through a pipe to its worker processes, \(model.chunk) at a time, as Pool.map does"
                )
            }
            return notes
        }
    }

    public init(scenario original: Scenario, calibration: Calibration, secondsPerModel: Double = 20) throws(VerifyError) {
        try Self.checkTranslatable(original)
        var scenario = original
        scenario.machine.cores = calibration.simulatedCores
        // The loop is calibrated on the interpreter that runs it: a free-threaded build's own
        // slowdown is already in `loopsPerMs`, so the simulation must not apply it again.
        scenario.python.freeThreadingSlowdown = 1
        for i in scenario.models.indices { scenario.models[i].freeThreadingSlowdown = nil }

        var notes = Self.realCosts(original)
        if calibration.simulatedCores != original.machine.cores {
            notes.append(
                "simulated with \(Format.counted(calibration.simulatedCores, "core")) (measured), not the scenario's \(original.machine.cores)"
            )
        }
        var simulated = ScenarioReport(running: scenario)
        let limit = secondsPerModel * 1000
        for _ in 0..<8 {
            guard let longest = simulated.models.max(by: { $0.makespan < $1.makespan }),
                Time.ms(longest.makespan) > limit
            else { break }
            let before = longest.requests
            let factor = 0.9 * limit / Time.ms(longest.makespan)
            guard let scaled = Self.scaled(scenario.workload, by: factor), scaled != scenario.workload else {
                throw VerifyError(
                    "\"\(longest.name)\" would run for \(Format.milliseconds(Time.ms(longest.makespan))) even with one request; verify runs a model for at most \(Format.milliseconds(limit))"
                )
            }
            scenario.workload = scaled
            simulated = ScenarioReport(running: scenario)
            notes.append(
                "scaled down from \(before) to \(simulated.models.first?.requests ?? 0) requests: \"\(longest.name)\" would run for \(Format.milliseconds(Time.ms(longest.makespan))), over the \(Format.milliseconds(limit)) limit per model"
            )
        }
        if let longest = simulated.models.max(by: { $0.makespan < $1.makespan }), Time.ms(longest.makespan) > limit {
            throw VerifyError(
                "\"\(longest.name)\" would still run for \(Format.milliseconds(Time.ms(longest.makespan))) after scaling down; verify runs a model for at most \(Format.milliseconds(limit))"
            )
        }
        self.scenario = scenario
        self.simulated = simulated
        self.notes = notes
        requests = try VerifyWorkload.plan(scenario)
        program = PythonProgram(
            scenario: scenario, requests: requests, calibration: calibration,
            cores: calibration.simulatedCores)
        estimatedSeconds = simulated.models.reduce(0) { $0 + Time.ms($1.makespan) / 1000 }
        if program.nativeBufferBytes > 1 << 30 {
            throw VerifyError("a native step needs a \(program.nativeBufferBytes >> 20) MB buffer to hash; verify allows 1 GB")
        }
    }

    /// The workload with about `factor` times the requests (each counted job keeps at least one),
    /// or nil when it cannot shrink.
    static func scaled(_ workload: Workload, by factor: Double) -> Workload? {
        var out = workload
        switch workload.size {
        case .requests(let n):
            let target = max(1, Int(Double(n) * factor))
            guard target < n else { return nil }
            out.size = .requests(target)
            var total = 0
            for j in out.jobs.indices {
                if case .count(let c) = out.jobs[j].mix {
                    let scaledCount = max(1, Int(Double(c) * factor))
                    out.jobs[j].mix = .count(scaledCount)
                    total += scaledCount
                }
            }
            if out.jobs.allSatisfy({ if case .count = $0.mix { true } else { false } }) { out.size = .requests(total) }
            if case .requests(let m) = out.size, m >= n { return nil }
        case .duration(let d):
            let target = SimTime(Double(d) * factor)
            guard target > 0, target < d else { return nil }
            out.size = .duration(target)
        }
        return out
    }
}
