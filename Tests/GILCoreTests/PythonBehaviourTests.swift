import Testing

@testable import GILCore

/// The engine against the measured behaviour of CPython (docs/python-facts.md).
@Suite struct PythonBehaviourTests {
    let ms = TestScenarios.ms

    func batch(_ count: Int, steps: [Step], cores: Int = 4, switchInterval: SimTime = 5_000_000, models: [ModelSpec]) -> Scenario {
        TestScenarios.scenario(
            cores: cores, switchInterval: switchInterval, arrivals: .batch, size: .requests(count),
            jobs: [Job(name: "job", steps: steps)], models: models)
    }

    /// Counting in 1 / 2 / 4 / 8 threads took 6.52 / 6.57 / 6.59 / 6.58 s: threads give no
    /// speedup to CPU-bound Python, whatever the core count.
    @Test(arguments: [2, 4, 8])
    func cpuBoundThreadsGiveNoSpeedup(threads: Int) {
        let scenario = batch(
            8, steps: [.cpu(.fixed(ms(100)))],
            models: [
                ModelSpec(name: "1 thread"), ModelSpec(name: "\(threads) threads", threads: threads),
            ])
        let one = TestScenarios.figures(scenario, model: 0)
        let many = TestScenarios.figures(scenario, model: 1)
        #expect(
            abs(Double(many.makespan) / Double(one.makespan) - 1) < 0.02,
            "1 thread \(Time.ms(one.makespan)) ms, \(threads) threads \(Time.ms(many.makespan)) ms")
        #expect(many.gilHeldFraction > 0.95)
    }

    /// Processes each have their own GIL: CPU-bound work scales with them up to the core count.
    @Test func cpuBoundWorkScalesWithProcessesUpToTheCores() {
        let scenario = batch(
            8, steps: [.cpu(.fixed(ms(100)))], cores: 4,
            models: [
                ModelSpec(name: "1"), ModelSpec(name: "2", processes: 2),
                ModelSpec(name: "4", processes: 4), ModelSpec(name: "8", processes: 8),
            ])
        let makespans = (0..<4).map { Time.ms(TestScenarios.figures(scenario, model: $0).makespan) }
        #expect(abs(makespans[0] - 800) < 1)
        #expect(abs(makespans[1] - 400) < 1)
        #expect(abs(makespans[2] - 200) < 1)
        // Twice as many processes as cores: time-sliced, no faster than 4.
        #expect(makespans[3] >= makespans[2] - 1)
    }

    /// Waiting releases the GIL: I/O-bound requests overlap across threads and on an event loop.
    @Test func ioBoundWorkOverlapsOnThreadsAndEventLoops() {
        let scenario = batch(
            8, steps: [.cpu(.fixed(ms(1))), .io(.fixed(ms(100))), .cpu(.fixed(ms(1)))],
            models: [
                ModelSpec(name: "1 thread"), ModelSpec(name: "8 threads", threads: 8),
                ModelSpec(name: "asyncio", asyncio: true),
            ])
        let serial = Time.ms(TestScenarios.figures(scenario, model: 0).makespan)
        let threaded = Time.ms(TestScenarios.figures(scenario, model: 1).makespan)
        let loop = Time.ms(TestScenarios.figures(scenario, model: 2).makespan)
        #expect(abs(serial - 816) < 1)
        // 100 ms of waiting, once, plus 16 ms of Python taken in turns (and a few hand-offs).
        #expect(threaded < 120)
        #expect(loop < 120)
    }

    /// An I/O loop next to a CPU-bound thread pays about one switch interval per I/O (the
    /// convoy effect), and less with a shorter interval. 100 round trips of 1 ms I/O + 0.1 ms Python.
    @Test(arguments: [5.0, 1.0, 0.5])
    func convoyEffectCostsAboutOneSwitchIntervalPerIO(intervalMs: Double) {
        let roundTrips = 100
        let jobs = [
            Job(name: "cpu hog", mix: .count(1), steps: [.cpu(.fixed(ms(10_000)))]),
            Job(name: "io loop", mix: .count(1), steps: [.repeat(count: roundTrips, steps: [.io(.fixed(ms(1))), .cpu(.fixed(ms(0.1)))])]),
        ]
        let scenario = TestScenarios.scenario(
            cores: 4, switchInterval: ms(intervalMs), arrivals: .batch, size: .requests(2), jobs: jobs,
            models: [ModelSpec(name: "2 threads", threads: 2), ModelSpec(name: "2 processes", processes: 2)])
        let threads = TestScenarios.figures(scenario, model: 0)
        let processes = TestScenarios.figures(scenario, model: 1)
        let alone = Double(roundTrips) * 1.1
        #expect(abs(processes.jobs[1].latency.mean - alone) < 0.01, "in its own process the I/O loop is undisturbed")
        let penaltyPerIO = (threads.jobs[1].latency.mean - alone) / Double(roundTrips)
        #expect(
            penaltyPerIO > 0.9 * intervalMs && penaltyPerIO < 1.2 * intervalMs,
            "each I/O cost \(penaltyPerIO) ms extra at a \(intervalMs) ms interval")
    }

    /// More CPU-bound threads, a longer convoy: FIFO waiters put the I/O thread behind each of them.
    @Test func convoyGrowsWithCPUBoundThreads() {
        func penalty(hogs: Int) -> Double {
            let jobs = [
                Job(name: "cpu hog", mix: .count(hogs), steps: [.cpu(.fixed(ms(60_000)))]),
                Job(name: "io loop", mix: .count(1), steps: [.repeat(count: 50, steps: [.io(.fixed(ms(1))), .cpu(.fixed(ms(0.1)))])]),
            ]
            let scenario = TestScenarios.scenario(
                cores: 8, arrivals: .batch, size: .requests(hogs + 1), jobs: jobs,
                models: [ModelSpec(name: "threads", threads: hogs + 1)])
            return TestScenarios.figures(scenario).jobs[1].latency.mean / 50 - 1.1
        }
        let one = penalty(hogs: 1), two = penalty(hogs: 2), four = penalty(hogs: 4)
        #expect(two > 1.6 * one && four > 1.5 * two, "penalties per I/O: \(one), \(two), \(four) ms")
    }

    /// `time.sleep` in an `async def` stalls every task on the loop; `await asyncio.sleep` does not.
    @Test func blockingCallStallsTheEventLoop() {
        func scenario(_ wait: Step) -> Scenario {
            batch(10, steps: [.cpu(.fixed(ms(1))), wait, .cpu(.fixed(ms(1)))], models: [ModelSpec(name: "asyncio", asyncio: true)])
        }
        let blocking = TestScenarios.figures(scenario(.blocking(.fixed(ms(50)))))
        let awaiting = TestScenarios.figures(scenario(.io(.fixed(ms(50)))))
        #expect(abs(Time.ms(blocking.makespan) - 520) < 1, "serialised: 10 × (1 + 50 + 1) ms")
        #expect(abs(Time.ms(awaiting.makespan) - 61) < 1, "overlapped: 10 × 1 ms of Python, then the 50 ms waits end 1 ms apart")
        // Task k waited through the k blocking calls before it: 50 ms × (0 + 1 + … + 9).
        #expect(abs(Time.ms(blocking.stateTotals[.loopStalled]) - 50 * 45) < 1)
        #expect(awaiting.stateTotals[.loopStalled] == 0)
        // In a thread, a blocking call is just I/O.
        let threads = TestScenarios.figures(
            batch(
                10, steps: [.cpu(.fixed(ms(1))), .blocking(.fixed(ms(50))), .cpu(.fixed(ms(1)))],
                models: [ModelSpec(name: "10 threads", threads: 10)]))
        #expect(Time.ms(threads.makespan) < 75)
    }

    /// Offloading the blocking call to an executor (`to_thread`) frees the loop again, up to the
    /// pool's size: the default pool, min(32, cores + 4) = 8 threads, runs 8 of the 10 calls at once.
    @Test func offloadingTheBlockingCallFreesTheLoop() {
        let scenario = batch(
            10, steps: [.cpu(.fixed(ms(1))), .offload([.blocking(.fixed(ms(50)))]), .cpu(.fixed(ms(1)))],
            models: [
                ModelSpec(name: "default pool", asyncio: true),
                ModelSpec(name: "16 executor threads", asyncio: true, executorThreads: 16),
            ])
        let defaultPool = TestScenarios.figures(scenario, model: 0)
        let bigPool = TestScenarios.figures(scenario, model: 1)
        #expect(defaultPool.threads == 1 + 8, "the loop and min(32, 4 + 4) executor threads")
        #expect(abs(Time.ms(defaultPool.makespan) - 103) < 1, "two calls wait for a pool thread: one more 50 ms round")
        #expect(abs(Time.ms(bigPool.makespan) - 61) < 1)
        #expect(bigPool.threads == 1 + 10, "threads are made only as needed")
    }

    /// C code that releases the GIL (hashlib on big buffers) runs in parallel in threads:
    /// SHA-256 of 1 GB took 3.30 s in 1 thread and 1.68 s in 2.
    @Test func nativeStepsRunInParallelUnderTheGIL() {
        let scenario = batch(
            4, steps: [.native(.fixed(ms(100)))],
            models: [
                ModelSpec(name: "1 thread"), ModelSpec(name: "2 threads", threads: 2), ModelSpec(name: "4 threads", threads: 4),
            ])
        let makespans = (0..<3).map { Time.ms(TestScenarios.figures(scenario, model: $0).makespan) }
        #expect(abs(makespans[0] - 400) < 1)
        #expect(abs(makespans[1] - 200) < 1)
        #expect(abs(makespans[2] - 100) < 1)
    }

    /// Free-threaded CPython runs `cpu` in parallel up to the core count, each thread slower.
    @Test func freeThreadedCPURunsInParallel() {
        let scenario = batch(
            8, steps: [.cpu(.fixed(ms(100)))], cores: 4,
            models: [
                ModelSpec(name: "GIL, 4 threads", threads: 4),
                ModelSpec(name: "free-threaded, 4", threads: 4, gil: false),
                ModelSpec(name: "free-threaded 3.13t, 4", threads: 4, gil: false, freeThreadingSlowdown: 1.4),
            ])
        #expect(abs(Time.ms(TestScenarios.figures(scenario, model: 0).makespan) - 800) < 10)
        #expect(abs(Time.ms(TestScenarios.figures(scenario, model: 1).makespan) - 220) < 1)
        #expect(abs(Time.ms(TestScenarios.figures(scenario, model: 2).makespan) - 280) < 1)
    }

    /// More runnable threads than cores are time-sliced: 8 free-threaded CPU-bound threads on
    /// 2 cores finish together, not in two waves.
    @Test func threadsBeyondTheCoresAreTimeSliced() {
        let scenario = batch(
            8, steps: [.cpu(.fixed(ms(100)))], cores: 2,
            models: [ModelSpec(name: "free-threaded, 8", threads: 8, gil: false, freeThreadingSlowdown: 1)])
        let (sim, problems) = TestScenarios.runChecked(scenario)
        #expect(problems.isEmpty, "\(problems)")
        let ends = sim.completedRequests!.map { Time.ms($0.end) }
        #expect(abs(ends.max()! - 400) < 1)
        #expect(ends.min()! > 350, "all finish near the end, as round-robin slicing shares the cores")
        #expect(sim.completedRequests!.allSatisfy { $0.states[.noCore] > 0 })
    }
}
