import Foundation
import Testing

@testable import GILCore

/// How `gilview verify` translates the scenario format extensions (docs/format-extensions.md),
/// or refuses them before anything runs.
struct VerifyExtensionTests {
    /// One job "page" (`steps`), a "db" connection pool of 3 and a "celery" worker pool of 2
    /// processes; `models` is the models list's text.
    static func scenario(
        _ steps: String = #"{ "cpu": "1ms" }, { "io": "2ms" }"#,
        models: String = #"{ "name": "threads", "threads": 4 }"#, requests: Int = 6
    ) throws -> Scenario {
        try ScenarioLoader.parse(
            """
            {
              "machine": { "cores": 2 },
              "connection_pools": { "db": 3 }, "worker_pools": { "celery": { "processes": 2 } },
              "workload": { "arrivals": { "kind": "uniform", "interval": "2ms" }, "requests": \(requests),
                            "jobs": [ { "name": "page", "steps": [ \(steps) ] } ] },
              "models": [ \(models) ]
            }
            """, file: "x.json")
    }

    static func plan(_ scenario: Scenario) throws -> VerifyPlan {
        try VerifyPlan(scenario: scenario, calibration: VerifyTranslationTests.calibration)
    }

    static func refusal(_ scenario: Scenario) -> String? {
        do { _ = try plan(scenario) } catch { return (error as? VerifyError)?.description ?? "\(error)" }
        return nil
    }

    static func function(_ signature: String, _ plan: VerifyPlan) -> [String]? {
        VerifyTranslationTests.function(signature, in: plan.program.text)
    }

    @Test func jobStepsBecomeTheModelsOwnProgram() throws {
        let scenario = try Self.scenario(
            models: """
                { "name": "as written" },
                { "name": "offloaded", "asyncio": true,
                  "job_steps": { "page": [ { "offload": [ { "cpu": "1ms" } ] }, { "io": "2ms" } ] } },
                { "name": "same again", "job_steps": { "page": [ { "offload": [ { "cpu": "1ms" } ] }, { "io": "2ms" } ] } },
                { "name": "unchanged", "job_steps": { "page": [ { "cpu": "1ms" }, { "io": "2ms" } ] } }
                """)
        let plan = try Self.plan(scenario)
        // One program per distinct step list: the job's, then the replacement, once.
        #expect(plan.program.programs.byModel == [[0], [1], [1], [0]])
        #expect(Self.function("def job_1(d, offload):", plan) == ["offload(job_1_offload_1, d)", "io(next(d))"])
        #expect(plan.program.text.contains(#""name": "offloaded", "processes": 1"#))
        #expect(plan.program.text.contains(#""programs": [1]"#) && plan.program.text.contains(#""programs": [0]"#))
        // Each request carries both programs' durations, each as the engine draws it for that model.
        for request in plan.requests {
            #expect(request.durations.keys.sorted() == [0, 1])
            for k in [0, 1] {
                #expect(
                    VerifyTranslationTests.nonZero(try #require(request.durations[k]))
                        == VerifyTranslationTests.engineDraws(
                            scenario, request: request.index,
                            steps: plan.program.programs.steps[k]))
            }
        }
    }

    @Test func holdIsASemaphoreOfTheModelsPool() throws {
        let steps = #"{ "cpu": "1ms" }, { "hold": "db", "steps": [ { "io": "2ms" }, { "repeat": 2, "steps": [ { "cpu": "1ms" } ] } ] }"#
        let plan = try Self.plan(
            try Self.scenario(
                steps,
                models: """
                    { "name": "threads", "processes": 2, "threads": 4, "connection_pools": { "db": 2 } },
                    { "name": "loop", "asyncio": true }
                    """))
        #expect(
            Self.function("def job_0(d, offload):", plan) == [
                "cpu(next(d))", #"with held("db"):"#, "    io(next(d))", "    for _ in range(2):", "        cpu(next(d))",
            ])
        #expect(
            Self.function("async def async_job_0(d, offload):", plan)?[1...2] == [
                #"async with held("db"):"#, "    await async_io(next(d))",
            ])
        // The model's own size, or the scenario's.
        #expect(plan.program.text.contains(#""connection_pools": {"db": 2}"#))
        #expect(plan.program.text.contains(#""connection_pools": {"db": 3}"#))
        // Shared by a model's processes (the database's limit); an asyncio.Semaphore on a loop.
        #expect(plan.program.text.contains("ctx.BoundedSemaphore(size)") && plan.program.text.contains("asyncio.Semaphore(size)"))
    }

    @Test func holdOffTheLoopOrAcrossLoopsIsRefused() throws {
        let hold = #"{ "hold": "db", "steps": [ { "io": "2ms" } ] }"#
        let loops = Self.refusal(try Self.scenario(hold, models: #"{ "name": "2 loops", "processes": 2, "asyncio": true }"#))
        #expect(loops?.contains(#"model "2 loops": hold on event loops in 2 processes is not translated yet"#) == true)
        let offloaded = Self.refusal(try Self.scenario(#"{ "offload": [ \#(hold) ] }"#, models: #"{ "name": "loop", "asyncio": true }"#))
        #expect(offloaded?.contains("hold inside offloaded or enqueued code of an event-loop model is not translated yet") == true)
        // The same code on worker threads is translated.
        #expect(Self.refusal(try Self.scenario(#"{ "offload": [ \#(hold) ] }"#, models: #"{ "name": "threads", "processes": 2 }"#)) == nil)
    }

    @Test func enqueueSendsATaskWithItsOwnDurations() throws {
        let scenario = try Self.scenario(
            #"{ "cpu": "1ms" }, { "enqueue": "celery", "steps": [ { "cpu": "1ms" }, { "io": { "exp": "3ms" } } ] }, { "io": "1ms" }"#,
            models: #"{ "name": "web", "threads": 2, "worker_pools": { "celery": { "processes": 1, "threads": 3 } } }"#)
        let plan = try Self.plan(scenario)
        #expect(
            Self.function("def job_0(d, offload):", plan) == [
                "cpu(next(d))", #"enqueue("celery", job_0_task_1, next(d))"#, "io(next(d))",
            ])
        #expect(Self.function("def job_0_task_1(d, offload):", plan) == ["cpu(next(d))", "io(next(d))"])
        #expect(plan.program.text.contains(#""worker_pools": {"celery": (1, 3)}"#))
        for request in plan.requests {
            let drawn = try #require(request.durations[0])
            #expect(drawn.count == 3)
            guard case .task(let task) = drawn[1] else {
                Issue.record("no task durations in \(drawn)")
                continue
            }
            #expect(task.count == 2)
            #expect(
                VerifyTranslationTests.nonZero(drawn)
                    == VerifyTranslationTests.engineDraws(
                        scenario, request: request.index,
                        steps: scenario.workload.jobs[0].steps, workerPools: ["celery"]))
        }
        // A model that does not enqueue starts no worker pool.
        let plain = try Self.plan(try Self.scenario())
        #expect(plain.program.text.contains(#""worker_pools": {}"#))
    }

    @Test func handoffIsAChunkedPipeAndItsCostIsMeasured() throws {
        let plan = try Self.plan(
            try Self.scenario(
                models: """
                    { "name": "map", "processes": 2, "handoff": "80us", "chunk": 3 },
                    { "name": "free", "processes": 2 }
                    """))
        #expect(plan.program.text.contains(#""name": "map""#) && plan.program.text.contains(#""handoff": 3}"#))
        #expect(plan.program.text.contains(#""handoff": None}"#))
        #expect(plan.notes.contains { $0.hasPrefix(#""map": handoff (0.08ms per chunk of 3) is simulated, not added"#) })
        let loop = Self.refusal(try Self.scenario(models: #"{ "name": "loops", "asyncio": true, "handoff": "80us" }"#))
        #expect(
            loop?.contains(#"model "loops": handoff is translated as Pool.map's one shared pipe to worker threads, not to event loops"#)
                == true)
        let dealt = Self.refusal(
            try Self.scenario(models: #"{ "name": "rr", "processes": 2, "dispatch": "round_robin", "handoff": "80us" }"#))
        #expect(dealt?.contains("not to round_robin dispatch") == true)
    }

    @Test func offloadCostIsNotAddedToTheProgram() throws {
        let steps = #"{ "offload": [ { "cpu": "1ms" } ] }"#
        let costly = try Self.plan(try Self.scenario(steps, models: #"{ "name": "asgi", "asyncio": true, "offload_cost": "1ms" }"#))
        let free = try Self.plan(try Self.scenario(steps, models: #"{ "name": "asgi", "asyncio": true }"#))
        // The real switch to an executor thread is what the program measures.
        #expect(costly.program.text == free.program.text)
        #expect(costly.notes.contains { $0.contains("offload_cost (1.00ms) is simulated, not added to the program") })
    }
}
