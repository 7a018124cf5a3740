import Foundation
import Testing

@testable import GILCore

/// `gilview verify`'s pure part: the requests it replays, the Python it generates, and what it
/// makes of the program's output.
struct VerifyTranslationTests {
    static let calibration = Calibration(
        pythonVersion: "3.11.7", executable: "/usr/bin/python3", gilEnabled: true, startMethod: "fork",
        reportedCPUs: 2, allowedCPUs: 2, parallelCPUs: 1.9, cpuShare: 1, loopsPerMs: 20_000,
        hashBytesPerMs: 1_000_000, sleepOvershootMs: 0.1, threadStartMs: 0.05)

    static let everyStep: [Step] = [
        .cpu(.fixed(2 * Time.millisecond)),
        .native(.uniform(low: Time.millisecond, high: 3 * Time.millisecond)),
        .io(.exponential(mean: 5 * Time.millisecond)),
        .blocking(.fixed(Time.millisecond)),
        .offload([.cpu(.fixed(Time.millisecond)), .offload([.io(.fixed(Time.millisecond))])]),
        .repeat(
            count: 3, steps: [.io(.fixed(Time.millisecond)), .cpu(.normal(mean: Time.millisecond, standardDeviation: Time.millisecond))]),
    ]

    static func scenario(
        arrivals: Arrivals = .poisson(ratePerSecond: 200), requests: Int = 30,
        models: [ModelSpec] = [ModelSpec(name: "threads", threads: 4)]
    ) -> Scenario {
        TestScenarios.scenario(
            cores: 2, arrivals: arrivals, size: .requests(requests),
            jobs: [
                Job(name: "mixed", mix: .weight(2), steps: everyStep),
                Job(name: "plain", steps: [.cpu(.exponential(mean: Time.millisecond))]),
            ],
            models: models)
    }

    static func program(_ scenario: Scenario) throws -> String {
        try VerifyPlan(scenario: scenario, calibration: calibration).program.text
    }

    @Test func plannedRequestsAreTheEnginesRequests() throws {
        let scenario = Self.scenario()
        let planned = try VerifyWorkload.plan(scenario)
        let (simulation, _) = TestScenarios.runChecked(scenario)
        let records = try #require(simulation.completedRequests).sorted { $0.index < $1.index }
        #expect(planned.count == 30 && records.count == 30)
        for (plan, record) in zip(planned, records) {
            #expect(plan.index == record.index && plan.job == record.job && plan.arrival == record.arrival)
            #expect(
                Self.nonZero(try #require(plan.durations[plan.job]))
                    == Self.engineDraws(scenario, request: plan.index, steps: scenario.workload.jobs[plan.job].steps))
        }
        // A repeat contributes one duration per iteration: 4 leaves, 2 nested offloaded, 3 × 2 repeated.
        #expect(planned.first { $0.job == 0 }?.durations[0]?.count == 4 + 2 + 6)
    }

    /// The non-zero durations the engine draws for a request running `steps`, in order, an
    /// enqueued task's from the task's own stream, seeded as the engine seeds it: a walk over the
    /// engine's compiled instructions with the engine's streams, independent of verify's code.
    static func engineDraws(_ scenario: Scenario, request: Int, steps: [Step], workerPools: [String] = []) -> [DrawnDuration] {
        let program = JobProgram(jobs: [steps], workerPools: workerPools)
        let instructions = program.instructions
        func walk(from start: Int32, rng: inout GILCore.SplitMix64) -> [DrawnDuration] {
            var drawn: [DrawnDuration] = []
            var counters: [Int32: Int32] = [:]  // loop depth → iterations left
            var pc = Int(start)
            while true {
                let instruction = instructions[pc]
                pc += 1
                switch instruction {
                case .cpu(let d), .native(let d), .io(let d), .blocking(let d):
                    let t = d.draw(&rng)
                    if t > 0 { drawn.append(.time(t)) }
                case .offload, .offloadEnd, .acquire, .release: continue
                case .repeatStart(let count, let depth): counters[depth] = count
                case .repeatEnd(let loopStart, let depth):
                    counters[depth, default: 0] -= 1
                    if counters[depth, default: 0] > 0 { pc = Int(loopStart) + 1 }
                case .enqueue(_, let end):
                    var taskRNG = GILCore.SplitMix64(seed: rng.next())
                    drawn.append(.task(walk(from: Int32(pc), rng: &taskRNG)))
                    pc = Int(end)
                case .taskEnd: return drawn
                }
            }
        }
        var rng = GILCore.SplitMix64(seed: scenario.seed, stream: RandomStream.requestDurations.rawValue, index: UInt64(request))
        return walk(from: program.entries[0], rng: &rng)
    }

    /// Drawn durations without the zeros (the engine skips those steps).
    static func nonZero(_ drawn: [DrawnDuration]) -> [DrawnDuration] {
        drawn.compactMap { d in
            switch d {
            case .time(let t): t > 0 ? d : nil
            case .task(let inner): .task(nonZero(inner))
            }
        }
    }

    @Test func eachStepKindBecomesItsPython() throws {
        let text = try Self.program(Self.scenario())
        let sync = try #require(Self.function("def job_0(d, offload):", in: text))
        #expect(
            sync == [
                "cpu(next(d))", "native(next(d))", "io(next(d))", "io(next(d))",
                "offload(job_0_offload_1, d)",
                "for _ in range(3):", "    io(next(d))", "    cpu(next(d))",
            ])
        let async = try #require(Self.function("async def async_job_0(d, offload):", in: text))
        #expect(
            async == [
                "cpu(next(d))", "native(next(d))", "await async_io(next(d))", "io(next(d))  # blocking: stalls the event loop",
                "await offload(job_0_offload_1, d)",
                "for _ in range(3):", "    await async_io(next(d))", "    cpu(next(d))",
            ])
        // Offloaded code runs on an executor thread: synchronous, and a nested offload runs inline.
        #expect(Self.function("def job_0_offload_1(d):", in: text) == ["cpu(next(d))", "job_0_offload_2(d)"])
        #expect(Self.function("def job_0_offload_2(d):", in: text) == ["io(next(d))"])
        #expect(text.contains("LOOPS_PER_MS = 20000.0"))
        #expect(text.contains("HASH_BYTES_PER_MS = 1000000.0"))
        #expect(text.contains("SYNC_JOBS = [job_0, job_1]") && text.contains("ASYNC_JOBS = [async_job_0, async_job_1]"))
    }

    @Test func nativeBufferFitsTheLongestNativeStep() throws {
        let plan = try VerifyPlan(scenario: Self.scenario(), calibration: Self.calibration)
        let longest = plan.requests.filter { $0.job == 0 }.compactMap { $0.durations[0]?[1].time }.max() ?? 0
        #expect(plan.program.nativeBufferBytes == Int((Time.ms(longest) * 1_000_000).rounded(.up)))
        #expect(plan.program.text.contains("NATIVE_BUFFER = bytes(\(plan.program.nativeBufferBytes))"))
    }

    @Test func modelsCarryTheirSettings() throws {
        var scenario = Self.scenario(models: [
            ModelSpec(name: "pool \"A\"", processes: 3, threads: 2, dispatch: .roundRobin, switchInterval: Time.millisecond),
            ModelSpec(name: "loop", asyncio: true, executorThreads: 7),
            ModelSpec(name: "free", threads: 4, gil: false),
        ])
        scenario.python.switchInterval = 2 * Time.millisecond
        let text = try Self.program(scenario)
        // 1.9 CPUs usable → 2 simulated cores → CPython's executor default min(32, 2 + 4).
        #expect(
            text.contains(
                #"{"name": "pool \"A\"", "processes": 3, "threads": 2, "asyncio": False, "executor_threads": 6, "gil": True, "dispatch": "round_robin", "switch_interval": 0.001, "programs": [0, 1], "connection_pools": {}, "worker_pools": {}, "handoff": None}"#
            ))
        #expect(
            text.contains(
                #"{"name": "loop", "processes": 1, "threads": 1, "asyncio": True, "executor_threads": 7, "gil": True, "dispatch": "shared", "switch_interval": 0.002, "programs": [0, 1], "connection_pools": {}, "worker_pools": {}, "handoff": None}"#
            ))
        #expect(text.contains(#""name": "free", "processes": 1, "threads": 4, "asyncio": False, "executor_threads": 6, "gil": False"#))
    }

    @Test func requestsTableMatchesThePlan() throws {
        let plan = try VerifyPlan(
            scenario: Self.scenario(arrivals: .uniform(interval: .fixed(3 * Time.millisecond)), requests: 3),
            calibration: Self.calibration)
        let rows = plan.program.text.split(separator: "\n").filter { $0.hasPrefix("    (") }
        #expect(rows.count == 3)
        let job = plan.requests[1].job
        #expect(rows[1].hasPrefix("    (0.003, \(job), {\(job): ["))
    }

    @Test func closedLoopIsRefusedClearly() {
        let scenario = Self.scenario(arrivals: .closed(clients: 2, think: .fixed(0)))
        #expect(throws: VerifyError.self) { try VerifyWorkload.plan(scenario) }
        do {
            _ = try VerifyWorkload.plan(scenario)
        } catch {
            #expect(error.description.contains("closed-loop") && error.description.contains("batch, uniform or poisson"))
        }
    }

    @Test func longScenariosAreScaledDownAndSaySo() throws {
        let scenario = TestScenarios.scenario(
            cores: 2, size: .requests(1000),
            jobs: [Job(name: "slow", steps: [.cpu(.fixed(100 * Time.millisecond))])],
            models: [ModelSpec(name: "one")])
        let plan = try VerifyPlan(scenario: scenario, calibration: Self.calibration, secondsPerModel: 5)
        let makespan = try #require(plan.simulated.models.first?.makespan)
        #expect(Time.ms(makespan) <= 5000 && Time.ms(makespan) >= 2000)
        #expect(plan.requests.count == plan.simulated.models.first?.requests)
        #expect(plan.notes.contains { $0.contains("scaled down from 1000 to \(plan.requests.count) requests") })
        // One request longer than the limit cannot be scaled: refused.
        let huge = TestScenarios.scenario(
            size: .requests(1), jobs: [Job(name: "huge", steps: [.io(.fixed(60 * Time.second))])],
            models: [ModelSpec(name: "one")])
        #expect(throws: VerifyError.self) { try VerifyPlan(scenario: huge, calibration: Self.calibration) }
    }

    @Test func countedJobsScaleTogether() {
        let workload = Workload(
            arrivals: .batch, size: .requests(40),
            jobs: [Job(name: "a", mix: .count(30), steps: []), Job(name: "b", mix: .count(10), steps: [])])
        let scaled = VerifyPlan.scaled(workload, by: 0.25)
        // Each count scaled (rounded down, at least one); the request total is their sum again.
        #expect(scaled?.jobs.map(\.mix) == [.count(7), .count(2)])
        #expect(scaled?.size == .requests(9))
        let one = Workload(
            arrivals: .batch, size: .requests(2),
            jobs: [Job(name: "a", mix: .count(1), steps: []), Job(name: "b", mix: .count(1), steps: [])])
        #expect(VerifyPlan.scaled(one, by: 0.1) == nil)
    }

    @Test func measuredFiguresFromTimes() {
        let arrival = (0..<100).map { Double($0) / 1000 }
        let end = arrival.enumerated().map { $1 + Double($0 + 1) / 1000 }  // latencies 1…100 ms
        let figures = LatencyFigures(arrival: arrival, end: end, cpuSeconds: 0.25)
        #expect(abs(figures.meanMs - 50.5) < 1e-9)
        #expect(abs(figures.p99Ms - 99) < 1e-9)
        #expect(abs(figures.makespanMs - 199) < 1e-9)
        #expect(figures.cpuMs == 250)
        let median = LatencyFigures.median([
            figures, LatencyFigures(completed: 100, makespanMs: 1, meanMs: 1, p99Ms: 1, cpuMs: 1),
            LatencyFigures(completed: 99, makespanMs: 500, meanMs: 60, p99Ms: 200, cpuMs: 300),
        ])
        #expect(median.makespanMs == 199 && median.meanMs == 50.5 && median.p99Ms == 99 && median.completed == 99)
    }

    @Test func outputParsing() throws {
        let calibration = try Calibration(
            output: """
                a warning first
                {"python": "3.13.1", "executable": "/x/python", "gil_enabled": 0, "start_method": "fork", "cpu_count": 8, \
                "allowed_cpus": 4, "parallel_cpus": 3.4, "cpu_share": 0.9, "loops_per_ms": 1000, "hash_bytes_per_ms": 5000, \
                "sleep_overshoot_ms": 0.07, "thread_start_ms": 0.04}
                """)
        #expect(!calibration.gilEnabled && calibration.simulatedCores == 3 && calibration.allowedCPUs == 4)
        #expect(throws: VerifyError.self) { try Calibration(output: "Traceback (most recent call last):\n  boom") }
        let run = try MeasuredRun(
            output: """
                {"python": "3.11.7", "start_method": "fork", "gil_enabled": true, "models": [
                {"name": "a", "cpu_seconds": 0.5, "index": [0, 1], "arrival": [0.0, 0.01], "start": [0, 0.01], "end": [0.02, 0.05]},
                {"name": "b", "skipped": "needs a free-threaded interpreter"}]}
                """.replacingOccurrences(of: "\n", with: " "))
        #expect(run.models[0].end == [0.02, 0.05] && run.models[0].cpuSeconds == 0.5)
        #expect(run.models[1].skipped == "needs a free-threaded interpreter")
    }

    @Test func divergenceSaysWhatTheNumbersShow() {
        let model = TestScenarios.figures(Self.scenario())
        let simulated = LatencyFigures(completed: 10, makespanMs: 100, meanMs: 10, p99Ms: 20, cpuMs: 100)
        let close = LatencyFigures(completed: 10, makespanMs: 104, meanMs: 10.5, p99Ms: 21, cpuMs: 100)
        #expect(
            VerifyComparison.divergence(
                measured: close, simulated: simulated, model: model, sleepsPerRequest: 2,
                calibration: Self.calibration, cores: 2
            ).hasPrefix("agrees: makespan +4%, mean +5%"))
        // Same CPU time in twice the wall time: waiting for a CPU, not slow work.
        let waited = LatencyFigures(completed: 10, makespanMs: 200, meanMs: 20, p99Ms: 40, cpuMs: 100)
        let text = VerifyComparison.divergence(
            measured: waited, simulated: simulated, model: model, sleepsPerRequest: 2,
            calibration: Self.calibration, cores: 2)
        #expect(text.contains("makespan +100%") && text.contains("late timer wake-ups ≈ 0.20ms (2.0 sleeps × 0.10ms)"))
        #expect(text.contains("as calibrated; about 100ms of the makespan waiting for a CPU"))
        let slow = LatencyFigures(completed: 10, makespanMs: 150, meanMs: 15, p99Ms: 30, cpuMs: 150)
        #expect(
            VerifyComparison.divergence(
                measured: slow, simulated: simulated, model: model, sleepsPerRequest: 0,
                calibration: Self.calibration, cores: 2
            ).contains("the work ran 50% slower than calibrated"))
    }

    /// The body lines of a generated function, without their first indentation and docstring.
    static func function(_ signature: String, in text: String) -> [String]? {
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: signature) else { return nil }
        var body: [String] = []
        for line in lines[(start + 2)...] {
            guard line.hasPrefix("    ") else { break }
            body.append(String(line.dropFirst(4)))
        }
        return body
    }
}
