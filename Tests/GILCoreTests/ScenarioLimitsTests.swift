import GILCore
import Testing

@Suite("Scenario limits")
struct ScenarioLimitsTests {
    @Test("a count beyond what gilview simulates is an error, not a run that exhausts memory")
    func countsAreBounded() {
        let d = diagnostic(scenario(models: #"[ { "name": "m", "threads": 100000000 } ]"#))
        #expect(d?.path == "models[0].threads")
        #expect(d?.message == "models[0].threads must be at most 4096, found 100000000")

        let repeatTooMany = diagnostic(
            scenario(
                workload:
                    #"{ "arrivals": { "kind": "batch" }, "requests": 1, "jobs": [ { "name": "j", "steps": [ { "repeat": 9999999999, "steps": [ { "io": "1ms" } ] } ] } ] }"#
            ))
        #expect(repeatTooMany?.message.contains("must be at most 1000000") == true)
    }

    @Test("processes × threads is bounded too")
    func totalThreadsAreBounded() {
        let d = diagnostic(scenario(models: #"[ { "name": "m", "processes": 1024, "threads": 4096 } ]"#))
        #expect(d?.message == "1024 processes × 4096 threads is more than 65536 threads in all")
    }

    @Test("closed-loop clients that never let time pass are refused")
    func zeroTimeClosedLoop() {
        let workload =
            #"{ "arrivals": { "kind": "closed", "clients": 2, "think": "0ms" }, "duration": "1s", "jobs": [ { "name": "j", "steps": [ { "cpu": "0ms" } ] } ] }"#
        let d = diagnostic(scenario(workload: workload))
        #expect(d?.path == "workload.arrivals")
        #expect(d?.message.contains("never let the clock reach the duration") == true)
        // With any time in the loop, it is fine.
        let fine =
            #"{ "arrivals": { "kind": "closed", "clients": 2, "think": "0ms" }, "duration": "1s", "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] }"#
        #expect(throws: Never.self) { try ScenarioLoader.parse(scenario(workload: fine), file: "ok.json") }
    }
}
