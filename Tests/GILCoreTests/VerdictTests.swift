import Testing

@testable import GILCore

/// Each verdict rule fires on the case it describes and on no other; its sentence follows the numbers.
@Suite struct VerdictTests {
    typealias S = TestScenarios
    static let python = Job(name: "crunch", steps: [.cpu(.fixed(S.ms(50)))])
    static let page = Job(name: "page", steps: [.cpu(.fixed(S.ms(1))), .io(.fixed(S.ms(50))), .cpu(.fixed(S.ms(1)))])

    /// The rules that fired for the second model against the first.
    static func rules(_ scenario: Scenario) -> (Set<Verdict.Rule>, [String]) {
        let c = ComparisonTests.compare(scenario).1
        let found = c.verdicts.filter { $0.model == 1 }
        return (Set(found.map(\.rule)), found.map(\.text))
    }

    @Test func threadsRunningPythonAreNoFaster() {
        let (rules, texts) = Self.rules(
            S.scenario(
                size: .requests(16), jobs: [Self.python],
                models: [ModelSpec(name: "1 thread"), ModelSpec(name: "4 threads", threads: 4)]))
        // The GIL wait is the no_faster verdict's reason: no second sentence repeats it.
        #expect(rules == [.noFaster], "\(texts)")
        #expect(
            texts.contains {
                ($0.hasPrefix("4 threads: no faster than 1 thread (0.9") || $0.hasPrefix("4 threads: no faster than 1 thread (1.0"))
                    && $0.contains("the GIL lets one thread")
            }, "\(texts)")
    }

    @Test func threadsOverlappingIOAreFasterAndTheGILIsNotTheLimit() {
        let (rules, texts) = Self.rules(
            S.scenario(
                size: .requests(80), jobs: [Self.page],
                models: [ModelSpec(name: "1 thread"), ModelSpec(name: "8 threads", threads: 8)]))
        #expect(rules == [.faster], "\(texts)")
        #expect(texts[0].contains("so its 8 threads overlap their I/O, and the GIL is not the limit"))
        #expect(texts[0].contains("8 threads: 7.") || texts[0].contains("8 threads: 8."), "\(texts)")
    }

    @Test func processesScaleAndCostMemory() {
        let (rules, texts) = Self.rules(
            S.scenario(
                cores: 4, size: .requests(16), jobs: [Self.python],
                models: [ModelSpec(name: "1 process"), ModelSpec(name: "4 processes", processes: 4)]))
        #expect(rules == [.faster], "\(texts)")
        #expect(
            texts[0]
                == "4 processes: 4.0× the throughput of 1 process; 4 processes, each with its own GIL, for 4.0× the memory (164MB against 41MB), and the 4 cores are 100% busy: more workers will not help, more cores would"
        )
    }

    @Test func blockingCallsStallTheEventLoop() {
        let blocking = Job(name: "view", steps: [.cpu(.fixed(S.ms(1))), .blocking(.fixed(S.ms(20)))])
        let scenario = S.scenario(
            arrivals: .uniform(interval: .fixed(S.ms(10))), size: .requests(50), jobs: [blocking],
            models: [ModelSpec(name: "8 threads", threads: 8), ModelSpec(name: "asyncio", asyncio: true)])
        let (rules, texts) = Self.rules(scenario)
        #expect(rules.contains(.loopStalled), "\(texts)")
        #expect(!rules.contains(.gilWait) && !rules.contains(.coresBusy))
        // The same step awaited stalls nothing.
        var awaited = scenario
        awaited.workload.jobs[0].steps[1] = .io(.fixed(S.ms(20)))
        #expect(!Self.rules(awaited).0.contains(.loopStalled))
    }

    @Test func modelsThatBothKeepUpAreComparedByLatency() {
        let (rules, texts) = Self.rules(
            S.scenario(
                arrivals: .uniform(interval: .fixed(S.ms(100))), size: .requests(30),
                jobs: [Self.page], models: [ModelSpec(name: "1 thread"), ModelSpec(name: "2 threads", threads: 2)]))
        #expect(rules == [.keepsUp], "\(texts)")
        #expect(texts[0].hasPrefix("2 threads: keeps up with the arrivals like 1 thread"))
    }

    /// Keeping up is a question only when requests arrive whatever the model does.
    @Test func keepingUpIsSaidOnlyOfOpenArrivals() {
        let models = [ModelSpec(name: "1 thread"), ModelSpec(name: "8 threads", threads: 8)]
        let open = S.scenario(arrivals: .uniform(interval: .fixed(S.ms(10))), size: .requests(60), jobs: [Self.page], models: models)
        let (rules, texts) = Self.rules(open)
        #expect(rules == [.keepsUpAlone], "\(texts)")
        #expect(
            texts[0].hasPrefix("8 threads: keeps up with the arrivals (") && texts[0].contains("where 1 thread falls behind"), "\(texts)")
        for arrivals in [Arrivals.batch, .closed(clients: 8, think: .fixed(0))] {
            var other = open
            other.workload.arrivals = arrivals
            let found = Self.rules(other).0
            #expect(found.isDisjoint(with: [.keepsUp, .keepsUpAlone]), "\(arrivals): \(found)")
        }
    }

    @Test func closedClientsAtTheSameThroughputHearTheLatencyCost() {
        let view = Job(name: "view", steps: [.cpu(.fixed(S.ms(1))), .io(.fixed(S.ms(20)))])
        var orm = ModelSpec(name: "sync_to_async", asyncio: true)
        orm.offloadCost = S.ms(1)
        orm.jobSteps = ["view": [.cpu(.fixed(S.ms(1))), .offload([.io(.fixed(S.ms(20)))])]]
        let scenario = S.scenario(
            arrivals: .closed(clients: 4, think: .fixed(0)), size: .duration(S.ms(500)), jobs: [view],
            models: [ModelSpec(name: "async", asyncio: true), orm])
        let (rules, texts) = Self.rules(scenario)
        #expect(rules == [.sameThroughput], "\(texts)")
        #expect(texts[0].contains("; 1 switch to a sync thread per request at 1.00ms each"), "\(texts)")
        var two = scenario
        two.models[1].jobSteps["view"] = [.offload([.cpu(.fixed(S.ms(1)))]), .offload([.io(.fixed(S.ms(20)))])]
        #expect(Self.rules(two).1.contains { $0.contains("2 switches to a sync thread per request") })
    }

    /// The convoy: one job slowed in one model while the other job takes the same everywhere.
    static let convoy = S.scenario(
        size: .requests(2),
        jobs: [
            Job(name: "hog", mix: .count(1), steps: [.cpu(.fixed(S.ms(500)))]),
            Job(name: "poller", mix: .count(1), steps: [.repeat(count: 40, steps: [.io(.fixed(S.ms(1))), .cpu(.fixed(S.ms(0.1)))])]),
        ], models: [ModelSpec(name: "own process", processes: 2), ModelSpec(name: "2 threads", threads: 2)])

    @Test func aJobOneModelSlowsIsNamedWithItsCostPerReturnFromIO() {
        let (rules, texts) = Self.rules(Self.convoy)
        #expect(rules == [.jobSlowed], "\(texts)")
        #expect(texts[0].hasPrefix("2 threads: the poller job takes "), "\(texts)")
        #expect(texts[0].contains("with own process") && texts[0].contains("while hog takes about as long in every model"))
        #expect(texts[0].contains("on each of its 40 returns from I/O, about one switch interval (5.00ms)"), "\(texts)")
        // A shorter interval: a smaller loss, still one interval a return.
        var short = Self.convoy
        short.models[1].switchInterval = S.ms(2)
        let texts2 = Self.rules(short).1
        #expect(texts2.contains { $0.contains("about one switch interval (2.00ms)") }, "\(texts2)")
        // Without the other job's Python in the way, nothing is slowed.
        var alone = Self.convoy
        alone.workload.jobs[0].steps = [.io(.fixed(S.ms(500)))]
        #expect(!Self.rules(alone).0.contains(.jobSlowed))
    }

    @Test func theJobSentenceFollowsTheNumbers() {
        var c = ComparisonTests.compare(Self.convoy).1
        let fast = c.models[0].jobs[1].latency.p50
        c.models[1].jobs[1].latency.p50 = fast * 3
        #expect(c.slowedJobVerdicts().first?.text.contains("(3.0×)") == true)
        c.models[1].jobs[1].latency.p50 = fast * 1.2
        #expect(c.slowedJobVerdicts().isEmpty)
    }

    static let offload: Scenario = {
        var s = S.scenario(
            arrivals: .uniform(interval: .fixed(S.ms(20))), size: .requests(60),
            jobs: [Job(name: "signup", steps: [.cpu(.fixed(S.ms(1))), .enqueue(pool: "mail", steps: [.io(.fixed(S.ms(100)))])])],
            models: [ModelSpec(name: "threads", threads: 4), ModelSpec(name: "enqueue", threads: 4)])
        s.workerPools = [WorkerPool(name: "mail", size: .init(processes: 2))]
        return s
    }()

    @Test func aWorkerPoolThatFallsBehindIsSaidWithItsCapacity() {
        let c = ComparisonTests.compare(Self.offload).1
        let behind = c.verdicts.filter { $0.rule == .tasksBehind }
        // 2 workers × 100 ms tasks: 20 a second at most, 50 a second enqueued.
        #expect(behind.count == 2, "\(c.verdicts.map(\.text))")
        #expect(
            behind[0].text.hasPrefix(
                "threads: its mail workers fall behind: 2 of them finish at most 20.0 tasks a second of 100ms each, and 5"),
            "\(behind[0].text)")
        var enough = Self.offload
        enough.models[1].workerPools["mail"] = .init(processes: 2, threads: 4)
        #expect(ComparisonTests.compare(enough).1.verdicts.filter { $0.rule == .tasksBehind }.map(\.model) == [0])
    }

    @Test func waitsForAConnectionAreSaidOnce() {
        let view = Job(name: "view", steps: [.cpu(.fixed(S.ms(1))), .hold(pool: "db", steps: [.io(.fixed(S.ms(20)))])])
        var scarce = ModelSpec(name: "2 conns", threads: 8)
        scarce.connectionPools = ["db": 2]
        var scenario = S.scenario(
            arrivals: .closed(clients: 16, think: .fixed(0)), size: .duration(S.ms(500)), jobs: [view],
            models: [ModelSpec(name: "2 threads", threads: 2), scarce])
        scenario.connectionPools = [ConnectionPool(name: "db", size: 100)]
        let (rules, texts) = Self.rules(scenario)
        #expect(rules == [.noFaster], "\(texts)")
        #expect(texts[0].contains("each for a connection (") && texts[0].contains("8 threads share 2 db connections"), "\(texts)")
        // As the baseline it has no relative verdict: the wait is a sentence of its own.
        let alone = ComparisonTests.compare(scenario, baseline: 1).1.verdicts.filter { $0.model == 1 }
        #expect(alone.map(\.rule) == [.poolWait], "\(alone.map(\.text))")
    }

    @Test func theSentenceFollowsTheNumbers() {
        let scenario = S.scenario(
            size: .requests(16), jobs: [Self.python],
            models: [ModelSpec(name: "1 thread"), ModelSpec(name: "4 threads", threads: 4)])
        var c = ComparisonTests.compare(scenario).1
        let base = c.models[0].throughputPerSecond
        c.models[1].throughputPerSecond = base * 6.9
        #expect(c.relativeVerdict(1)?.rule == .faster)
        #expect(c.relativeVerdict(1)?.text.hasPrefix("4 threads: 6.9× the throughput of 1 thread") == true)
        c.models[1].throughputPerSecond = base * 3
        #expect(c.relativeVerdict(1)?.text.hasPrefix("4 threads: 3.0× the throughput") == true)
        c.models[1].throughputPerSecond = base * 0.5
        #expect(c.relativeVerdict(1)?.rule == .slower)
        #expect(c.relativeVerdict(1)?.text.hasPrefix("4 threads: 0.50× the throughput of 1 thread, slower") == true)
        c.models[1].cpuUtilization = 0.95
        #expect(c.coresBusyVerdict(1)?.text == "4 threads: the 4 cores are 95% busy: more workers will not help, more cores would")
        c.models[1].cpuUtilization = 0.5
        #expect(c.coresBusyVerdict(1) == nil)
    }

    @Test func theBaselineGetsNoRelativeVerdict() {
        let c = ComparisonTests.compare(
            S.scenario(
                size: .requests(16), jobs: [Self.python],
                models: [ModelSpec(name: "1 thread"), ModelSpec(name: "4 threads", threads: 4)]), baseline: 1
        ).1
        #expect(c.relativeVerdict(1) == nil)
        #expect(c.relativeVerdict(0)?.text.hasPrefix("1 thread: as fast as 4 threads") == true)
    }

    @Test func stepSummariesCountReturnsOffloadsAndWork() {
        let loop = StepSummary([
            .cpu(.fixed(S.ms(1))), .repeat(count: 3, steps: [.io(.fixed(S.ms(2))), .cpu(.fixed(S.ms(1)))]),
            .offload([.native(.fixed(S.ms(4)))]), .enqueue(pool: "p", steps: [.io(.fixed(S.ms(7)))]),
        ])
        #expect(loop.gilReturns == 3)
        #expect(loop.offloads == 1)
        #expect(loop.meanWorkMs == 1 + 3 * 3 + 4)
        #expect(loop.taskWorkMs == ["p": 7])
        // Back-to-back passes: each pass's end (I/O) returns to its start (Python).
        let passes = StepSummary([.repeat(count: 5, steps: [.cpu(.fixed(S.ms(1))), .io(.fixed(S.ms(1)))])])
        #expect(passes.gilReturns == 4)
    }
}

/// The bundled lessons: each gets a few verdicts that state its point, and no model is told two
/// contradicting things.
@Suite struct LessonVerdictTests {
    static func comparisons(_ file: String) throws -> [Comparison] {
        let scenario = try ReportTests.load(file)
        let report = ScenarioReport(running: scenario)
        return scenario.models.indices.map { Comparison(scenario: scenario, figures: report.models, baseline: $0) }
    }

    /// The rules each lesson's verdicts use (against its first model); the specific ones
    /// (job_slowed, tasks_behind, loop_stalled, keeps_up…) fire on their lesson and nowhere else.
    static let expected: [String: Set<Verdict.Rule>] = [
        "asyncio_offload.json": [.keepsUp, .gilWait],
        "blocking_in_async.json": [.loopStalled, .keepsUpAlone],
        "celery_offload.json": [.keepsUpAlone, .tasksBehind],
        "convoy_effect.json": [.jobSlowed],
        "cpu_bound.json": [.noFaster, .faster],
        "django_asgi.json": [.sameThroughput, .slower],
        "django_gthread.json": [.faster, .noFaster],
        "django_keepalive.json": [.gilWait, .faster],
        "django_sync_workers.json": [.faster],
        "free_threading.json": [.slower, .noFaster, .faster],
        "io_bound.json": [.keepsUpAlone, .faster],
        "multiprocessing_small_tasks.json": [.slower, .faster],
        "myths.json": [.faster],
        "native_releases_gil.json": [.faster],
        "ticket_office.json": [.keepsUpAlone],
    ]

    @Test(arguments: ReportTests.bundledScenarios)
    func eachLessonGetsItsFewVerdicts(file: String) throws {
        let verdicts = try Self.comparisons(file)[0].verdicts
        #expect((1...4).contains(verdicts.count), "\(verdicts.map(\.text))")
        #expect(Set(verdicts.map(\.rule)) == Self.expected[file], "\(verdicts.map(\.text))")
    }

    /// "The GIL is not the limit" and a notable GIL wait never go to the same model, whichever
    /// model is the baseline.
    @Test(arguments: ReportTests.bundledScenarios)
    func noModelIsToldTheGILIsNotTheLimitAndThatItWaitsForIt(file: String) throws {
        for c in try Self.comparisons(file) {
            for m in c.models.indices {
                let texts = c.verdicts.filter { $0.model == m }.map(\.text)
                guard texts.contains(where: { $0.contains("the GIL is not the limit") }) else { continue }
                #expect(!texts.contains { $0.contains("each for the GIL") }, "\(texts)")
                #expect(c.models[m].gilWaitMeanMs < Comparison.notableShare * c.workingMs(m)!, "\(texts)")
                #expect(c.models[m].gilHeldFraction < Comparison.busyCores, "\(texts)")
            }
        }
    }
}
