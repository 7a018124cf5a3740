import GILCore
import Testing

@Suite("Scenario decoding")
struct ScenarioDecoderTests {
    @Test("the design brief's example scenario decodes to the expected values")
    func example() throws {
        let decoded = try ScenarioLoader.parse(exampleScenario, file: "io_bound.json")
        let expected = Scenario(
            title: "I/O-bound requests",
            description: "Each request does 2 ms of Python, waits 50 ms on the database, then 1 ms more.",
            seed: 7,
            machine: Machine(cores: 4, timeslice: 4 * ms),
            python: PythonSettings(switchInterval: 5 * ms, gilHandoff: 50 * us, freeThreadingSlowdown: 1.1),
            workload: Workload(
                arrivals: .poisson(ratePerSecond: 150),
                size: .requests(2000),
                jobs: [
                    Job(
                        name: "page", mix: .weight(9),
                        steps: [.cpu(.fixed(2 * ms)), .io(.exponential(mean: 50 * ms)), .cpu(.fixed(1 * ms))]),
                    Job(name: "report", mix: .weight(1), steps: [.cpu(.uniform(low: 20 * ms, high: 60 * ms))]),
                ]),
            models: [
                ModelSpec(name: "1 process, 1 thread"),
                ModelSpec(name: "1 process, 8 threads", threads: 8),
                ModelSpec(name: "4 processes", processes: 4),
                ModelSpec(name: "asyncio", asyncio: true),
                ModelSpec(name: "free-threaded, 8", threads: 8, gil: false),
            ],
            notes: [Note(at: 120 * ms, text: "Thread 2 is back from the database but must wait for the GIL.")])
        #expect(decoded == expected)
    }

    @Test("every key, every step kind and every distribution")
    func everything() throws {
        let text = """
            {
              seed: 0x10,
              machine: { cores: 2, timeslice: '10ms' },
              python: { switch_interval: "1ms", gil_handoff: "0us", free_threading_slowdown: 1.4, },
              workload: {
                arrivals: { kind: "closed", clients: 3, think: { normal: ["10ms", "2ms"] } },
                duration: "1.5s",
                jobs: [
                  { name: "a", weight: 0.5, steps: [
                    { native: { lognormal: ["4ms", "1ms"] } },
                    { blocking: "250us" },
                    { offload: [ { cpu: "1ms" } ] },
                    { repeat: 3, steps: [ { io: "2min" } ] },
                  ] },
                ],
              },
              models: [
                { name: "all", processes: 2, threads: 1, asyncio: true, executor_threads: 4, gil: false,
                  dispatch: "round_robin", switch_interval: "2ms", free_threading_slowdown: 1 },
              ],
              /* no notes */
            }
            """
        let decoded = try ScenarioLoader.parse(text, file: "all.json")
        #expect(decoded.seed == 16)
        #expect(decoded.machine == Machine(cores: 2, timeslice: 10 * ms))
        #expect(decoded.python == PythonSettings(switchInterval: 1 * ms, gilHandoff: 0, freeThreadingSlowdown: 1.4))
        #expect(decoded.workload.arrivals == .closed(clients: 3, think: .normal(mean: 10 * ms, standardDeviation: 2 * ms)))
        #expect(decoded.workload.size == .duration(1_500 * ms))
        #expect(
            decoded.workload.jobs == [
                Job(
                    name: "a", mix: .weight(0.5),
                    steps: [
                        .native(.lognormal(mean: 4 * ms, standardDeviation: 1 * ms)),
                        .blocking(.fixed(250 * us)),
                        .offload([.cpu(.fixed(1 * ms))]),
                        .repeat(count: 3, steps: [.io(.fixed(120 * Time.second))]),
                    ])
            ])
        #expect(
            decoded.models == [
                ModelSpec(
                    name: "all", processes: 2, threads: 1, asyncio: true, executorThreads: 4, gil: false,
                    dispatch: .roundRobin, switchInterval: 2 * ms, freeThreadingSlowdown: 1)
            ])
        #expect(decoded.notes.isEmpty)
        #expect(decoded.title == "")
    }

    @Test("uniform arrivals take an interval distribution")
    func uniformArrivals() throws {
        let text = scenario(
            workload:
                #"{ "arrivals": { "kind": "uniform", "interval": "10ms" }, "duration": "1s", "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] }"#
        )
        let decoded = try ScenarioLoader.parse(text, file: "u.json")
        #expect(decoded.workload.arrivals == .uniform(interval: .fixed(10 * ms)))
        #expect(decoded.workload.size == .duration(Time.second))
    }

    @Test("with counts on every job, requests defaults to their sum")
    func countsGiveRequests() throws {
        let jobs =
            #"[ { "name": "a", "count": 3, "steps": [ { "cpu": "1ms" } ] }, { "name": "b", "count": 4, "steps": [ { "io": "1ms" } ] } ]"#
        let implicit = try ScenarioLoader.parse(
            scenario(workload: #"{ "arrivals": { "kind": "batch" }, "jobs": \#(jobs) }"#), file: "c.json")
        #expect(implicit.workload.size == .requests(7))
        #expect(implicit.workload.jobs.map(\.mix) == [.count(3), .count(4)])
        let explicit = try ScenarioLoader.parse(
            scenario(workload: #"{ "arrivals": { "kind": "batch" }, "requests": 7, "jobs": \#(jobs) }"#), file: "c.json")
        #expect(explicit == implicit)

        let mismatch = diagnostic(scenario(workload: #"{ "arrivals": { "kind": "batch" }, "requests": 8, "jobs": \#(jobs) }"#))
        #expect(mismatch?.message == "workload.requests is 8 but the job counts add up to 7; leave requests out or make them agree")
    }

    // MARK: Errors

    @Test("unknown key: named with its path, the nearest key and the valid keys, at the key's position")
    func unknownKey() {
        let text = """
            {
              "workload": { "arrivals": { "kind": "batch" }, "requests": 1, "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] },
              "models": [
                { "name": "a" },
                { "name": "b", "proceses": 4 }
              ]
            }
            """
        let d = diagnostic(text, file: "io.json")
        #expect(d?.line == 5)
        #expect(d?.column == 20)
        #expect(d?.path == "models[1].proceses")
        #expect(
            d?.message
                == #"unknown key "proceses" in models[1]; did you mean "processes"? valid keys: name, processes, threads, asyncio, executor_threads, gil, dispatch, switch_interval, free_threading_slowdown, job_steps, connection_pools, worker_pools, handoff, chunk, offload_cost"#
        )
    }

    @Test("unknown keys far from every valid key get no suggestion; camelCase finds snake_case")
    func suggestions() {
        let far = diagnostic(scenario(extra: #""zzzzzz": 1,"#))
        #expect(far?.message.hasPrefix(#"unknown key "zzzzzz" at the top level; valid keys: title,"#) == true)
        let camel = diagnostic(scenario(models: #"[ { "name": "m", "switchInterval": "1ms" } ]"#))
        #expect(camel?.message.contains(#"did you mean "switch_interval"?"#) == true)
    }

    @Test("a duration written as a bare number says durations need a unit")
    func bareNumberDuration() {
        let d = diagnostic(scenario(extra: #""python": { "switch_interval": 5 },"#))
        #expect(d?.path == "python.switch_interval")
        #expect(d?.column == 34)
        #expect(
            d?.message
                == #"python.switch_interval: a duration needs a unit, found the bare number 5; write a string like "5ms" or "5s" (units: ns, us (or µs), ms, s, min)"#
        )
    }

    @Test("an unknown unit lists the valid units")
    func unknownUnit() {
        let d = diagnostic(scenario(extra: #""machine": { "timeslice": "5sec" },"#))
        #expect(d?.path == "machine.timeslice")
        #expect(d?.message == #"machine.timeslice: unknown unit "sec" in "5sec"; valid units: ns, us (or µs), ms, s, min"#)
    }

    @Test("zero and negative durations where a positive one is needed")
    func nonPositiveDurations() {
        let zero = diagnostic(scenario(extra: #""python": { "switch_interval": "0ms" },"#))
        #expect(zero?.message == #"python.switch_interval must be greater than zero, found "0ms""#)
        let negative = diagnostic(scenario(extra: #""notes": [ { "at": "-1s", "text": "x" } ],"#))
        #expect(negative?.path == "notes[0].at")
        #expect(negative?.message == #"notes[0].at: durations cannot be negative: "-1s""#)
    }

    @Test("zero and negative counts", arguments: ["0", "-2"])
    func badCount(_ count: String) {
        let d = diagnostic(
            scenario(
                workload:
                    #"{ "arrivals": { "kind": "batch" }, "jobs": [ { "name": "j", "count": \#(count), "steps": [ { "cpu": "1ms" } ] } ] }"#)
        )
        #expect(d?.path == "workload.jobs[0].count")
        #expect(d?.message == "workload.jobs[0].count must be at least 1, found \(count)")
    }

    @Test("an unknown arrivals kind lists the valid kinds")
    func unknownArrivalsKind() {
        let d = diagnostic(
            scenario(
                workload:
                    #"{ "arrivals": { "kind": "posson" }, "requests": 1, "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] }"#))
        #expect(d?.path == "workload.arrivals.kind")
        #expect(
            d?.message
                == #"unknown value "posson" for workload.arrivals.kind; did you mean "poisson"? valid values: batch, poisson, uniform, closed"#
        )
    }

    @Test("an empty job list")
    func emptyJobs() {
        let d = diagnostic(scenario(workload: #"{ "arrivals": { "kind": "batch" }, "requests": 1, "jobs": [] }"#))
        #expect(d?.path == "workload.jobs")
        #expect(d?.message.hasPrefix("workload.jobs is empty; it needs at least one entry") == true)
    }

    @Test("a fraction where an integer is needed")
    func fractionForInteger() {
        let d = diagnostic(scenario(extra: #""machine": { "cores": 3.5 },"#))
        #expect(d?.message == "expected an integer for machine.cores, found 3.5")
        let string = diagnostic(scenario(extra: #""machine": { "cores": "4" },"#))
        #expect(string?.message == #"expected an integer for machine.cores, found "4""#)
    }

    @Test("integers beyond 64 bits are range errors")
    func hugeInteger() {
        let d = diagnostic(scenario(extra: #""machine": { "cores": 99999999999999999999999 },"#))
        #expect(d?.message == "machine.cores is out of range, found 99999999999999999999999")
        let seed = diagnostic(scenario(extra: #""seed": -1,"#))
        #expect(seed?.message == "seed must be a non-negative integer, found -1")
        let rate = diagnostic(
            scenario(
                workload:
                    #"{ "arrivals": { "kind": "poisson", "rate": 1e999 }, "requests": 1, "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] }"#
            ))
        #expect(rate?.message == "workload.arrivals.rate is out of range, found 1e999")
    }

    @Test("wrong types name what was expected")
    func wrongTypes() {
        let title = diagnostic(scenario(extra: #""title": 5,"#))
        #expect(title?.message == "expected a string for title, found 5")
        let gil = diagnostic(scenario(models: #"[ { "name": "m", "gil": "no" } ]"#))
        #expect(gil?.message == #"expected true or false for models[0].gil, found "no""#)
        let root = diagnostic("[]")
        #expect(root?.message == "a scenario file holds a JSON object, found an array")
    }

    @Test("asyncio with threads suggests executor_threads")
    func asyncioThreads() {
        let d = diagnostic(scenario(models: #"[ { "name": "m", "asyncio": true, "threads": 8 } ]"#))
        #expect(d?.path == "models[0].threads")
        #expect(d?.message.contains("one event-loop thread") == true)
        #expect(d?.message.contains("executor_threads") == true)
    }

    @Test("poisson arrivals need a rate")
    func poissonNeedsRate() {
        let d = diagnostic(
            scenario(
                workload:
                    #"{ "arrivals": { "kind": "poisson" }, "requests": 1, "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] }"#))
        #expect(d?.path == "workload.arrivals.rate")
        #expect(d?.message == #"workload.arrivals is missing "rate", for example "rate": 150 (requests per second)"#)
    }

    @Test("keys of another arrivals kind are errors")
    func keyOfAnotherKind() {
        let d = diagnostic(
            scenario(
                workload:
                    #"{ "arrivals": { "kind": "batch", "rate": 5 }, "requests": 1, "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] }"#
            ))
        #expect(d?.path == "workload.arrivals.rate")
        #expect(d?.message == #""rate" does not apply to batch arrivals; it belongs to poisson"#)
    }

    @Test("workload size rules")
    func sizeRules() {
        let job = #"[ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ]"#
        let both = diagnostic(
            scenario(workload: #"{ "arrivals": { "kind": "poisson", "rate": 1 }, "requests": 1, "duration": "1s", "jobs": \#(job) }"#))
        #expect(both?.message == "workload has both requests and duration; give one of them")
        let neither = diagnostic(scenario(workload: #"{ "arrivals": { "kind": "poisson", "rate": 1 }, "jobs": \#(job) }"#))
        #expect(neither?.message == #"workload needs requests (a count, like 1000) or duration (like "10s")"#)
        let batchDuration = diagnostic(scenario(workload: #"{ "arrivals": { "kind": "batch" }, "duration": "1s", "jobs": \#(job) }"#))
        #expect(batchDuration?.message.hasPrefix("batch arrivals all come at t=0") == true)
        let mixed = diagnostic(
            scenario(
                workload:
                    #"{ "arrivals": { "kind": "batch" }, "requests": 2, "jobs": [ { "name": "a", "count": 1, "steps": [ { "cpu": "1ms" } ] }, { "name": "b", "weight": 1, "steps": [ { "cpu": "1ms" } ] } ] }"#
            ))
        #expect(mixed?.path == "workload.jobs[1]")
        #expect(mixed?.message.hasPrefix(#"job "b" has no count but job "a" has one"#) == true)
    }

    @Test("steps need exactly one kind")
    func stepKinds() {
        func workload(_ step: String) -> String {
            scenario(workload: #"{ "arrivals": { "kind": "batch" }, "requests": 1, "jobs": [ { "name": "j", "steps": [ \#(step) ] } ] }"#)
        }
        let none = diagnostic(workload("{}"))
        #expect(none?.message == "a step needs one of cpu, native, io, blocking, offload, repeat, hold, enqueue")
        let two = diagnostic(workload(#"{ "cpu": "1ms", "io": "1ms" }"#))
        #expect(two?.message == "a step has exactly one kind, found cpu and io; split it into separate steps")
        let typo = diagnostic(workload(#"{ "cpus": "1ms" }"#))
        #expect(typo?.message.contains(#"did you mean "cpu"?"#) == true)
        let repeatWithoutSteps = diagnostic(workload(#"{ "repeat": 2 }"#))
        #expect(repeatWithoutSteps?.path == "workload.jobs[0].steps[0].steps")
        let stepsWithoutRepeat = diagnostic(workload(#"{ "cpu": "1ms", "steps": [] }"#))
        #expect(stepsWithoutRepeat?.message == #""steps" goes with "repeat", "hold" or "enqueue", not with "cpu""#)
    }

    @Test("distribution errors")
    func distributions() {
        func cpu(_ d: String) -> String {
            scenario(
                workload: #"{ "arrivals": { "kind": "batch" }, "requests": 1, "jobs": [ { "name": "j", "steps": [ { "cpu": \#(d) } ] } ] }"#
            )
        }
        let reversed = diagnostic(cpu(#"{ "uniform": ["9ms", "1ms"] }"#))
        #expect(reversed?.message == #"uniform needs low ≤ high, found ["9ms", "1ms"]"#)
        let lognormal = diagnostic(cpu(#"{ "lognormal": ["0ms", "1ms"] }"#))
        #expect(lognormal?.path == "workload.jobs[0].steps[0].cpu.lognormal[0]")
        let arity = diagnostic(cpu(#"{ "normal": ["1ms"] }"#))
        #expect(arity?.message == "normal takes two durations, [mean, sd], found 1")
        let unknown = diagnostic(cpu(#"{ "gauss": ["1ms", "2ms"] }"#))
        #expect(unknown?.message.contains("valid keys: exp, uniform, normal, lognormal") == true)
        let extra = diagnostic(cpu(#"{ "mean": "1ms", "exp": "2ms" }"#))
        #expect(extra?.path == "workload.jobs[0].steps[0].cpu.mean")
        let two = diagnostic(cpu(#"{ "exp": "1ms", "normal": ["1ms", "2ms"] }"#))
        #expect(two?.message == "a distribution has exactly one of exp, uniform, normal, lognormal; found exp and normal")
        let bare = diagnostic(cpu("7"))
        #expect(bare?.message.contains("a duration needs a unit, found the bare number 7") == true)
        let interval = diagnostic(
            scenario(
                workload:
                    #"{ "arrivals": { "kind": "uniform", "interval": { "exp": "0ms" } }, "requests": 1, "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] }"#
            ))
        #expect(interval?.message == "workload.arrivals.interval must be greater than zero")
    }

    @Test("duplicate names of jobs and models")
    func duplicateNames() {
        let d = diagnostic(scenario(models: #"[ { "name": "m" }, { "name": "m" } ]"#))
        #expect(d?.path == "models[1].name")
        #expect(d?.message == #"duplicate model name "m" (also models[0])"#)
    }

    @Test("an unknown dispatch lists the valid values")
    func dispatch() {
        let d = diagnostic(scenario(models: #"[ { "name": "m", "dispatch": "round-robin" } ]"#))
        #expect(
            d?.message
                == #"unknown value "round-robin" for models[0].dispatch; did you mean "round_robin"? valid values: shared, round_robin"#)
    }

    @Test("missing sections are reported at the enclosing object")
    func missingSections() {
        let found = diagnostics("{}")
        #expect(found.map(\.path) == ["workload", "models"])
        #expect(found.allSatisfy { $0.line == 1 && $0.column == 1 })
    }

    @Test("every problem is reported in one run, in file order")
    func multipleProblems() {
        let text = """
            {
              "seed": 1.5,
              "machine": { "cores": 0, "timeslice": 4 },
              "workload": {
                "arrivals": { "kind": "poisson" },
                "requests": 10,
                "jobs": [ { "name": "j", "steps": [ { "cpu": "2 parsecs" } ] } ]
              },
              "models": [ { "name": "m", "proceses": 2 } ]
            }
            """
        let found = diagnostics(text)
        #expect(
            found.map(\.path) == [
                "seed", "machine.cores", "machine.timeslice", "workload.arrivals.rate",
                "workload.jobs[0].steps[0].cpu", "models[0].proceses",
            ])
        #expect(found.map(\.line) == [2, 3, 3, 5, 7, 9])
        let noSize = diagnostics(
            scenario(workload: #"{ "arrivals": { "kind": "batch" }, "jobs": [ { "name": "j", "steps": [ { "cpu": 1 } ] } ] }"#))
        #expect(noSize.map(\.path) == ["workload.requests", "workload.jobs[0].steps[0].cpu"])
    }

    @Test("the description is compiler style with the source line and a caret")
    func rendering() {
        let text = scenario(extra: "\n  \"machine\": {\n\t\"cores\": 2.5 },\n")
        let d = diagnostic(text, file: "io.json")
        #expect(
            d?.description == """
                io.json:3:11: error: expected an integer for machine.cores, found 2.5
                    \t"cores": 2.5 },
                    \t         ^
                """)
        let error = ScenarioError(diagnostics: [d, d].compactMap { $0 })
        #expect(error.description == [d, d].compactMap { $0?.description }.joined(separator: "\n"))
    }

    @Test("a long line is cut around the column")
    func longLine() {
        let padding = String(repeating: " ", count: 300)
        let d = diagnostic(scenario(extra: "\(padding)\"x\": 1,"))
        let lines = d?.description.split(separator: "\n") ?? []
        #expect(lines.count == 3)
        #expect(lines.dropFirst().allSatisfy { $0.count < 130 })
        #expect(lines.last?.hasSuffix("^") == true)
        // The caret sits under the quote of "x".
        let shown = Array(lines[1]), caret = Array(lines[2])
        #expect(shown.indices.contains(caret.count - 1) && shown[caret.count - 1] == "\"")
    }
}
