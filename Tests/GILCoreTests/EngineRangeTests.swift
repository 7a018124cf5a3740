import Foundation
import GILCore
import Testing

/// Issue 16 item 2: every file that validates simulates without trapping, and every file past
/// what the engine can represent is refused naming the file, the key path and the limit.
@Suite("Engine ranges")
struct EngineRangeTests {
    static let max64 = #""9223372036854775807ns""#

    /// Every duration field: its path, and a scenario with `VALUE` there.
    static let durationFields: [(path: String, file: String)] = [
        ("machine.timeslice", scenario(extra: #""machine": { "timeslice": VALUE },"#)),
        ("python.switch_interval", scenario(extra: #""python": { "switch_interval": VALUE },"#)),
        ("python.gil_handoff", scenario(extra: #""python": { "gil_handoff": VALUE },"#)),
        ("models[0].switch_interval", scenario(models: #"[ { "name": "m", "switch_interval": VALUE } ]"#)),
        ("models[0].handoff", scenario(models: #"[ { "name": "m", "processes": 2, "handoff": VALUE } ]"#)),
        ("models[0].offload_cost", scenario(models: #"[ { "name": "m", "offload_cost": VALUE } ]"#)),
        ("notes[0].at", scenario(extra: #""notes": [ { "at": VALUE, "text": "t" } ],"#)),
        (
            "workload.duration",
            scenario(
                workload:
                    #"{ "arrivals": { "kind": "uniform", "interval": "1s" }, "duration": VALUE, "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] }"#
            )
        ),
        (
            "workload.arrivals.interval",
            scenario(
                workload:
                    #"{ "arrivals": { "kind": "uniform", "interval": VALUE }, "requests": 2, "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] }"#
            )
        ),
        (
            "workload.arrivals.think.exp",
            scenario(
                workload:
                    #"{ "arrivals": { "kind": "closed", "clients": 1, "think": { "exp": VALUE } }, "requests": 2, "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] }"#
            )
        ),
        ("workload.jobs[0].steps[0].cpu", step(#"{ "cpu": VALUE }"#)),
        ("workload.jobs[0].steps[0].native", step(#"{ "native": VALUE }"#)),
        ("workload.jobs[0].steps[0].io", step(#"{ "io": VALUE }"#)),
        ("workload.jobs[0].steps[0].blocking", step(#"{ "blocking": VALUE }"#)),
        ("workload.jobs[0].steps[0].io.uniform[1]", step(#"{ "io": { "uniform": ["1ms", VALUE] } }"#)),
        ("workload.jobs[0].steps[0].io.normal[0]", step(#"{ "io": { "normal": [VALUE, "1ms"] } }"#)),
        ("workload.jobs[0].steps[0].io.lognormal[1]", step(#"{ "io": { "lognormal": ["1ms", VALUE] } }"#)),
    ]

    static func step(_ step: String) -> String {
        scenario(workload: #"{ "arrivals": { "kind": "batch" }, "requests": 3, "jobs": [ { "name": "j", "steps": [ \#(step) ] } ] }"#)
    }

    @Test("the largest duration in every field is refused with the limit; a day is simulated")
    func largestDurations() throws {
        for field in Self.durationFields {
            let d = diagnostic(field.file.replacingOccurrences(of: "VALUE", with: Self.max64), file: "big.json")
            #expect(d?.file == "big.json")
            #expect(d?.path == field.path)
            #expect(d?.message.contains("86400s (a day), found \(Self.max64)") == true, "\(d?.message ?? "accepted")")
            // The longest duration every field accepts runs without trapping (to the time budget at most).
            let scenario = try ScenarioLoader.parse(field.file.replacingOccurrences(of: "VALUE", with: #""86400s""#), file: "day.json")
            let report = ScenarioReport(running: scenario)
            #expect(report.models.allSatisfy { $0.stop == nil || $0.stop?.limit == .time }, "\(field.path)")
        }
    }

    @Test("rates, slowdowns, counts and rate × duration past what the engine holds are refused")
    func refusedValues() {
        let rate = diagnostic(
            scenario(
                workload:
                    #"{ "arrivals": { "kind": "poisson", "rate": 1e-9 }, "requests": 10, "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] }"#
            ))
        #expect(rate?.path == "workload.arrivals.rate")
        #expect(rate?.message.contains("must be from 1.157") == true && rate?.message.contains("to 1000000000 per second") == true)

        let slowdown = diagnostic(scenario(extra: #""python": { "free_threading_slowdown": 1e12 },"#))
        #expect(slowdown?.message == "python.free_threading_slowdown must be from 1 to 100, found 1e12")

        let exp = diagnostic(Self.step(#"{ "io": { "exp": "1000000s" } }"#))
        #expect(exp?.message == #"workload.jobs[0].steps[0].io.exp must be at most 86400s (a day), found "1000000s""#)

        let counts = diagnostic(
            scenario(
                workload:
                    #"{ "arrivals": { "kind": "batch" }, "jobs": [ { "name": "a", "count": 60000000, "steps": [ { "cpu": "1ms" } ] }, { "name": "b", "count": 60000000, "steps": [ { "cpu": "1ms" } ] } ] }"#
            ))
        #expect(counts?.path == "workload.jobs")
        #expect(counts?.message == "the job counts add up to 120000000 requests, more than 100000000")

        let rateTimesDuration = diagnostic(
            scenario(
                workload:
                    #"{ "arrivals": { "kind": "poisson", "rate": 1000000 }, "duration": "3600s", "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] }"#
            ))
        #expect(rateTimesDuration?.path == "workload.duration")
        #expect(rateTimesDuration?.message.contains("about 3600000000 requests, more than 100000000") == true)

        let slice = diagnostic(scenario(extra: #""machine": { "timeslice": "1ns" },"#))
        #expect(slice?.message == #"machine.timeslice must be from 1us to 86400s (a day), found "1ns""#)
    }

    @Test("sums past Int64: 10,000 requests of 250 s queued behind one thread (1.25 × 10^19 ns of latency)")
    func sumsPastInt64() throws {
        let file = scenario(
            workload:
                #"{ "arrivals": { "kind": "batch" }, "requests": 10000, "jobs": [ { "name": "j", "steps": [ { "cpu": "250s" } ] } ] }"#)
        let figures = ScenarioReport(running: try ScenarioLoader.parse(file, file: "sum.json")).models[0]
        #expect(figures.stop == nil && figures.completed == 10_000)
        // Request k finishes at k × 250 s: the mean is 250 s × (N + 1) / 2.
        #expect(abs(figures.latency.mean - 250_000 * 10_001 / 2) < 1)
        #expect(abs(figures.meanMs(in: .queued) - 250_000 * 9_999 / 2) < 1)
    }

    @Test("the slowest and fastest rates and the largest slowdown simulate")
    func extremeValuesSimulate() throws {
        let slowest = scenario(
            workload:
                #"{ "arrivals": { "kind": "poisson", "rate": 1.2e-5 }, "requests": 20, "jobs": [ { "name": "j", "steps": [ { "cpu": { "exp": "86400s" } } ] } ] }"#,
            models: #"[ { "name": "free", "gil": false, "free_threading_slowdown": 100 } ]"#)
        let figures = ScenarioReport(running: try ScenarioLoader.parse(slowest, file: "slow.json")).models[0]
        #expect(figures.requests > 0 && figures.stop?.limit == .time)
        let fastest = scenario(
            workload:
                #"{ "arrivals": { "kind": "poisson", "rate": 1e9 }, "requests": 1000, "jobs": [ { "name": "j", "steps": [ { "cpu": "1us" } ] } ] }"#
        )
        #expect(ScenarioReport(running: try ScenarioLoader.parse(fastest, file: "fast.json")).models[0].completed == 1000)
    }
}
