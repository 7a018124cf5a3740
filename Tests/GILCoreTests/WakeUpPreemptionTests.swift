import Testing

@testable import GILCore

/// Linux's wake-up preemption (docs/engine.md, "The OS scheduler"): a task waking from sleep on a
/// busy core runs at once unless it has already used its share of that core; the GIL is not a core.
@Suite struct WakeUpPreemptionTests {
    let ms = TestScenarios.ms

    func ioLoop(roundTrips: Int, cpu: Double = 0.1) -> Job {
        Job(name: "io loop", mix: .count(1), steps: [.repeat(count: roundTrips, steps: [.io(.fixed(ms(1))), .cpu(.fixed(ms(cpu)))])])
    }

    /// On one core, an I/O loop in its own process beside a CPU-bound process: 100 round trips of
    /// 1 ms I/O and 0.1 ms of Python take 110 ms alone. Round robin with 4 ms slices made each
    /// return from I/O wait for the CPU-bound process's slice (about 4.5 times as long); Linux
    /// runs the waking loop at once, and so does the engine now.
    @Test func anIOProcessBesideACPUBoundProcessBarelySlowsOnOneCore() {
        let scenario = TestScenarios.scenario(
            cores: 1, arrivals: .batch, size: .requests(2),
            jobs: [Job(name: "cpu hog", mix: .count(1), steps: [.cpu(.fixed(ms(500)))]), ioLoop(roundTrips: 100)],
            models: [ModelSpec(name: "2 processes", processes: 2)])
        let (sim, problems) = TestScenarios.runChecked(scenario)
        #expect(problems.isEmpty, "\(problems)")
        let figures = sim.figures()
        let loop = figures.jobs[1].latency.mean, hog = figures.jobs[0].latency.mean
        #expect(loop < 110 * 1.05, "the I/O loop took \(loop) ms, 110 ms alone")
        // The core never idles while the hog waits: it ends when both processes' CPU time is spent.
        #expect(abs(hog - 510) < 1, "the CPU-bound process took \(hog) ms for 500 ms of work beside 10 ms")
    }

    /// The GIL is not a core: a thread woken from I/O still waits for the GIL behind a CPU-bound
    /// thread of its own process, as much on one core as on four (measured on CPython 3.11–3.13
    /// pinned to one CPU: docs/python-facts.md).
    @Test func theConvoyIsAsStrongOnOneCoreAsOnFour() {
        func loopLatency(cores: Int) -> Double {
            let scenario = TestScenarios.scenario(
                cores: cores, arrivals: .batch, size: .requests(2),
                jobs: [Job(name: "cpu hog", mix: .count(1), steps: [.cpu(.fixed(ms(10_000)))]), ioLoop(roundTrips: 100)],
                models: [ModelSpec(name: "2 threads", threads: 2)])
            return TestScenarios.figures(scenario).jobs[1].latency.mean
        }
        let one = loopLatency(cores: 1), four = loopLatency(cores: 4)
        #expect(one > 500, "the convoy costs about a 5 ms interval per I/O: \(one) ms for 100 round trips")
        #expect(abs(one / four - 1) < 0.05, "one core \(one) ms, four cores \(four) ms")
    }

    /// A task that slept only briefly after using the core as much as the task beside it gets no
    /// priority: 100 rounds of 2 ms of Python and 0.5 ms of I/O beside a 300 ms CPU-bound process
    /// on one core share it about evenly (the loop's 200 ms end near 400 ms; if every wake-up
    /// preempted, the loop would take 80% of the core and end near 250 ms).
    @Test func aTaskThatUsedItsShareDoesNotJumpTheQueue() {
        let busyLoop = Job(
            name: "busy loop", mix: .count(1), steps: [.repeat(count: 100, steps: [.cpu(.fixed(ms(2))), .io(.fixed(ms(0.5)))])])
        let scenario = TestScenarios.scenario(
            cores: 1, arrivals: .batch, size: .requests(2),
            jobs: [Job(name: "cpu hog", mix: .count(1), steps: [.cpu(.fixed(ms(300)))]), busyLoop],
            models: [ModelSpec(name: "2 processes", processes: 2)])
        let (sim, problems) = TestScenarios.runChecked(scenario)
        #expect(problems.isEmpty, "\(problems)")
        let loop = sim.figures().jobs[1].latency.mean
        #expect(loop > 340 && loop < 440, "the busy loop took \(loop) ms for 250 ms of its own")
    }
}
