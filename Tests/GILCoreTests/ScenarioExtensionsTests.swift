import Testing

@testable import GILCore

/// The format extensions (docs/format-extensions.md): decoding, errors, and the engine's use.
@Suite struct ScenarioExtensionsTests {
    /// A scenario with one job "page", a "db" connection pool and a "celery" worker pool, with
    /// `step` as the page's last step and `model` as extra keys of its one model.
    static func text(step: String = #"{ "io": "1ms" }"#, model: String = "", top: String? = nil) -> String {
        """
        {
          \(top ?? #""connection_pools": { "db": 2 }, "worker_pools": { "celery": { "processes": 2, "threads": 3 } },"#)
          "workload": { "arrivals": { "kind": "batch" }, "requests": 4,
                        "jobs": [ { "name": "page", "steps": [ { "cpu": "1ms" }, \(step) ] } ] },
          "models": [ { "name": "m"\(model) } ]
        }
        """
    }

    @Test func everyExtensionKeyDecodes() throws {
        let scenario = try ScenarioLoader.parse(
            Self.text(
                step: #"{ "hold": "db", "steps": [ { "enqueue": "celery", "steps": [ { "io": "5ms" } ] } ] }"#,
                model: #", "job_steps": { "page": [ { "io": "2ms" } ] }, "connection_pools": { "db": 5 },"#
                    + #" "worker_pools": { "celery": { "threads": 8 } }, "handoff": "80us", "chunk": 10, "offload_cost": "1ms""#),
            file: "x.json")
        #expect(scenario.connectionPools == [ConnectionPool(name: "db", size: 2)])
        #expect(scenario.workerPools == [WorkerPool(name: "celery", size: .init(processes: 2, threads: 3))])
        #expect(
            scenario.workload.jobs[0].steps.last
                == .hold(pool: "db", steps: [.enqueue(pool: "celery", steps: [.io(.fixed(5 * Time.millisecond))])]))
        let model = scenario.models[0]
        #expect(model.jobSteps == ["page": [.io(.fixed(2 * Time.millisecond))]])
        #expect(model.connectionPools == ["db": 5] && model.workerPools == ["celery": .init(processes: 1, threads: 8)])
        #expect(model.handoff == 80 * Time.microsecond && model.chunk == 10 && model.offloadCost == Time.millisecond)
    }

    @Test(arguments: [
        // (scenario text, path, start of the message)
        (text(top: #""connection_pools": { "db": 0 },"#), "connection_pools.db", "connection_pools.db must be at least 1"),
        (text(top: #""connection_pools": 5,"#), "connection_pools", "expected an object for connection_pools"),
        (text(top: #""connection_pools": { "db": 200000 },"#), "connection_pools.db", "connection_pools.db must be at most 100000"),
        (
            text(top: #""worker_pools": { "celery": { "proceses": 2 } },"#), "worker_pools.celery.proceses",
            #"unknown key "proceses" in worker_pools.celery; did you mean "processes"?"#
        ),
        (
            text(top: #""worker_pools": { "celery": { "threads": 0 } },"#), "worker_pools.celery.threads",
            "worker_pools.celery.threads must be at least 1"
        ),
        (
            text(step: #"{ "hold": "dbb", "steps": [ { "io": "1ms" } ] }"#), "workload.jobs[0].steps[1].hold",
            #"unknown pool "dbb" for workload.jobs[0].steps[1].hold; did you mean "db"?"#
        ),
        (text(step: #"{ "hold": "db" }"#), "workload.jobs[0].steps[1].steps", #"workload.jobs[0].steps[1] is missing "steps""#),
        (
            text(step: #"{ "hold": 3, "steps": [ { "io": "1ms" } ] }"#), "workload.jobs[0].steps[1].hold",
            "expected a string for workload.jobs[0].steps[1].hold"
        ),
        (
            text(step: #"{ "enqueue": "celery", "steps": [ { "io": "1ms" } ] }"#, top: ""), "workload.jobs[0].steps[1].enqueue",
            #"workload.jobs[0].steps[1].enqueue names the pool "celery", but the scenario declares none; add "worker_pools""#
        ),
        (
            text(model: #", "job_steps": { "pgae": [ { "io": "1ms" } ] }"#), "models[0].job_steps.pgae",
            #"unknown job "pgae" in models[0].job_steps; did you mean "page"?"#
        ),
        (text(model: #", "job_steps": { "page": [] }"#), "models[0].job_steps.page", "models[0].job_steps.page is empty"),
        (
            text(model: #", "connection_pools": { "db": -1 }"#), "models[0].connection_pools.db",
            "models[0].connection_pools.db must be at least 1"
        ),
        (
            text(model: #", "connection_pools": { "redis": 1 }"#), "models[0].connection_pools.redis",
            #"unknown pool "redis" in models[0].connection_pools; connection_pools declares: db"#
        ),
        (
            text(model: #", "worker_pools": { "celery": { "processes": 2000 } }"#), "models[0].worker_pools.celery.processes",
            "models[0].worker_pools.celery.processes must be at most 1024"
        ),
        (text(model: #", "handoff": 5"#), "models[0].handoff", "models[0].handoff: a duration needs a unit"),
        (text(model: #", "chunk": 0"#), "models[0].chunk", "models[0].chunk must be at least 1"),
        (text(model: #", "offload_cost": "fast""#), "models[0].offload_cost", "models[0].offload_cost:"),
    ])
    func badValuesAreReportedWithTheirPath(text: String, path: String, message: String) {
        let found = diagnostics(text)
        #expect(found.count == 1, "\(found.map(\.message))")
        #expect(found.first?.path == path)
        #expect(found.first?.message.hasPrefix(message) == true, "\(found.first?.message ?? "none")")
        #expect((found.first?.line ?? 0) > 0)
    }

    static let ms = TestScenarios.ms

    /// On an event loop, waiting for a connection parks the task: a pool of one serialises the
    /// queries while the loop keeps running the others' Python; the invariants hold throughout.
    @Test func eventLoopTasksWaitForConnectionsWithoutStallingTheLoop() {
        var scenario = TestScenarios.scenario(
            arrivals: .batch, size: .requests(10),
            jobs: [Job(name: "q", steps: [.cpu(.fixed(Self.ms(1))), .hold(pool: "db", steps: [.io(.fixed(Self.ms(10)))])])],
            models: [ModelSpec(name: "loop", asyncio: true), ModelSpec(name: "threads", threads: 10)])
        scenario.connectionPools = [ConnectionPool(name: "db", size: 1)]
        for model in 0..<2 {
            let (sim, problems) = TestScenarios.runChecked(scenario, model: model)
            #expect(problems.isEmpty, "\(problems)")
            let figures = sim.figures()
            // One connection: the ten queries run one after another.
            #expect(abs(Time.ms(figures.makespan) - 101) < 0.5, "\(Time.ms(figures.makespan))")
            #expect(figures.meanMs(in: .poolWait) > 40)
            #expect(sim.completedRequests!.allSatisfy { $0.states.total == $0.latency })
        }
    }

    /// Enqueued tasks draw the same durations in every model, whoever enqueues them.
    @Test func enqueuedTasksAreTheSameInEveryModel() {
        var scenario = TestScenarios.scenario(
            arrivals: .poisson(ratePerSecond: 50), size: .requests(200),
            jobs: [Job(name: "j", steps: [.cpu(.fixed(Self.ms(1))), .enqueue(pool: "w", steps: [.io(.exponential(mean: Self.ms(30)))])])],
            models: [ModelSpec(name: "loop", asyncio: true), ModelSpec(name: "threads", threads: 4)])
        scenario.workerPools = [WorkerPool(name: "w", size: .init(processes: 50, threads: 1))]
        let figures = (0..<2).map { model in
            let (sim, problems) = TestScenarios.runChecked(scenario, model: model)
            #expect(problems.isEmpty)
            return sim.figures().tasks[0]
        }
        // With a worker always free a task's latency is its own drawn I/O: the same in both.
        #expect(figures[0].completed == 200 && figures[0].latency == figures[1].latency)
    }
}
