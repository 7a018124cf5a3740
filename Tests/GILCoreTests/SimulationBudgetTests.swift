import Foundation
import Testing

@testable import GILCore

/// Issue 16 item 3: a run stops at its budget with the figures so far and says why.
@Suite struct SimulationBudgetTests {
    static func parse(_ workload: String, models: String = #"[ { "name": "one" } ]"#, extra: String = "") throws -> Scenario {
        try ScenarioLoader.parse(scenario(workload: workload, models: models, extra: extra), file: "budget.json")
    }

    @Test("an unstable workload stops at the in-flight budget and says arrivals exceed capacity")
    func unstableWorkload() throws {
        // A 60-minute Poisson run at 1,000/s of 10 ms of Python on one thread: capacity 100/s.
        let s = try Self.parse(
            #"{ "arrivals": { "kind": "poisson", "rate": 1000 }, "duration": "60min", "jobs": [ { "name": "j", "steps": [ { "cpu": "10ms" } ] } ] }"#
        )
        let report = ScenarioReport(running: s, budget: SimulationBudget(inFlight: 20_000))
        let figures = report.models[0]
        #expect(figures.stop?.limit == .inFlight)
        // The queue grows by 900/s: 20,000 waiting after about 22 s.
        #expect(abs(Double(figures.stop!.at) / 1e9 - 20_000.0 / 900) < 1.5)
        #expect(figures.completed > 1_500 && figures.completed < 2_600)
        #expect(
            figures.stop?.explanation
                == #"the in-flight budget (20,000 requests at once, --max-in-flight) stopped it at t=\#(Approximate.seconds(figures.stop!.at)): arrivals 1,000/s exceed capacity ~100/s; queue grew to 20,000 and grows without bound"#
        )
        #expect(report.json().contains(#""stopped": {\#n        "budget": "in_flight",\#n        "at_ms": "#))
    }

    @Test("10^8 requests at 10^9/s stop at the in-flight budget, within it")
    func floodStops() throws {
        let s = try Self.parse(
            #"{ "arrivals": { "kind": "poisson", "rate": 1e9 }, "requests": 100000000, "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] }"#
        )
        let figures = ScenarioReport(running: s, budget: SimulationBudget(inFlight: 5_000)).models[0]
        #expect(figures.stop?.limit == .inFlight)
        #expect(figures.requests == 5_001, "the request past the budget is the last one kept")
    }

    @Test("a repeat × enqueue bomb stops inside the event that would enqueue 10^9 tasks")
    func enqueueBomb() throws {
        let s = try Self.parse(
            #"{ "arrivals": { "kind": "batch" }, "requests": 1000, "jobs": [ { "name": "j", "steps": [ { "repeat": 1000000, "steps": [ { "repeat": 1000, "steps": [ { "enqueue": "w", "steps": [ { "cpu": "1ms" } ] } ] } ] } ] } ] }"#,
            extra: #""worker_pools": { "w": { "processes": 1 } },"#)
        var sim = ModelSimulation(scenario: s, model: 0, options: SimulationOptions(budget: SimulationBudget(inFlight: 10_000)))
        sim.runToCompletion()
        #expect(sim.stoppedBy == .inFlight)
        #expect(sim.tasks.count <= 10_001)
        #expect(sim.isFinished && sim.nextEventTime == nil, "a stopped run offers no next event (the dashboard would loop)")
    }

    @Test("the event and time budgets stop a run where they say")
    func eventsAndTime() throws {
        let s = try Self.parse(
            #"{ "arrivals": { "kind": "batch" }, "requests": 1000, "jobs": [ { "name": "j", "steps": [ { "cpu": "1s" } ] } ] }"#,
            models: #"[ { "name": "one", "threads": 4 } ]"#, extra: #""machine": { "cores": 1, "timeslice": "1us" },"#)
        let events = ScenarioReport(running: s, budget: SimulationBudget(events: 10_000)).models[0]
        #expect(events.stop?.limit == .events)
        #expect(events.stop!.explanation.hasPrefix("the event budget (10,000 events, --max-events) stopped it at t="))
        let time = ScenarioReport(running: s, budget: SimulationBudget(time: 30 * Time.second)).models[0]
        #expect(time.stop?.limit == .time && time.stop?.at == 30 * Time.second)
        // One core, 1 s per request: 30 done by 30 s, less what the 4 ms slices leave unfinished.
        #expect((26...30).contains(time.completed))
        // The same run without a budget in the way: every request.
        #expect(ScenarioReport(running: s).models[0].completed == 1000)
    }

    @Test("the dashboard's clock stops at the time budget")
    func runUntilStopsAtTheBudget() throws {
        let s = try Self.parse(
            #"{ "arrivals": { "kind": "uniform", "interval": "1s" }, "requests": 100, "jobs": [ { "name": "j", "steps": [ { "io": "10ms" } ] } ] }"#
        )
        var sim = ModelSimulation(scenario: s, model: 0, options: SimulationOptions(budget: SimulationBudget(time: 10 * Time.second)))
        sim.run(until: 60 * Time.second)
        #expect(sim.now == 10 * Time.second && sim.stoppedBy == .time)
        #expect(sim.requestCounts.completed == 10)
    }

    @Test("validate's warnings: a repeat product or a 1 µs interval over a day passes the event budget; the bundled scenarios do not")
    func staticWarnings() throws {
        let bomb = try Self.parse(
            #"{ "arrivals": { "kind": "batch" }, "requests": 1000, "jobs": [ { "name": "j", "steps": [ { "repeat": 1000000, "steps": [ { "io": "1ms" } ] } ] } ] }"#
        )
        #expect(bomb.workWarnings().first?.contains("1,000 requests × 1 M steps each (repeats multiplied out)") == true)
        let tiny = try Self.parse(
            #"{ "arrivals": { "kind": "poisson", "rate": 10 }, "duration": "86400s", "jobs": [ { "name": "j", "steps": [ { "cpu": "10ms" } ] } ] }"#,
            models: #"[ { "name": "m", "threads": 8, "switch_interval": "1us" } ]"#)
        #expect(tiny.workWarnings().first?.contains("a 1us switch interval or time slice over about 86400 s") == true)
        for file in ReportTests.bundledScenarios {
            #expect(try ReportTests.load(file).workWarnings().isEmpty, "\(file)")
        }
    }

    @Test("every bundled scenario fits a tenth of the default budget")
    func bundledScenariosFitTheBudget() throws {
        let tenth = SimulationBudget(
            events: SimulationBudget.standard.events / 10, time: SimulationBudget.standard.time / 10,
            inFlight: SimulationBudget.standard.inFlight / 10)
        for file in ReportTests.bundledScenarios {
            #expect(
                ScenarioReport(running: try ReportTests.load(file), budget: tenth).models.allSatisfy {
                    $0.stop == nil && $0.deadlock == nil
                }, "\(file)")
        }
    }
}

/// Issue 18 item 2: the decoder, `sweep --vary` and the dashboard's knobs keep the same limits.
@Suite struct LimitsAgreeTests {
    @Test(arguments: [
        (ScenarioOverride.Key.threads, "threads", String(ScenarioLimits.threads), String(ScenarioLimits.threads + 1)),
        (.processes, "processes", String(ScenarioLimits.processes), String(ScenarioLimits.processes + 1)),
        (.switchInterval, "switch_interval", "1us", "999ns"),
        (.switchInterval, "switch_interval", "86400s", "86400.000000001s"),
        (.freeThreadingSlowdown, "free_threading_slowdown", "100", "100.5"),
    ])
    func modelKeys(key: ScenarioOverride.Key, name: String, inside: String, outside: String) {
        func file(_ value: String) -> String {
            let quoted = key == .switchInterval ? "\"\(value)\"" : value
            return scenario(models: #"[ { "name": "m", "\#(name)": \#(quoted) } ]"#)
        }
        #expect((try? ScenarioLoader.parse(file(inside), file: "in.json")) != nil)
        #expect((try? ScenarioLoader.parse(file(outside), file: "out.json")) == nil)
        #expect((try? ScenarioOverride.parseList("\(name)=\(inside)")) != nil)
        #expect((try? ScenarioOverride.parseList("\(name)=\(outside)")) == nil)
    }

    @Test func scenarioWideKeys() {
        let rate =
            #"{ "arrivals": { "kind": "poisson", "rate": RATE }, "requests": 2, "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] }"#
        for (value, valid) in [("1e9", true), ("1.0000001e9", false), ("1e-5", false)] {
            #expect(
                ((try? ScenarioLoader.parse(scenario(workload: rate.replacingOccurrences(of: "RATE", with: value)), file: "r.json")) != nil)
                    == valid)
            #expect(((try? ScenarioOverride.parseList("rate=\(value)")) != nil) == valid)
        }
        for (value, valid) in [("0ms", true), ("86400s", true), ("86401s", false)] {
            #expect(
                ((try? ScenarioLoader.parse(scenario(extra: #""python": { "gil_handoff": "\#(value)" },"#), file: "h.json")) != nil)
                    == valid)
            #expect(((try? ScenarioOverride.parseList("gil_handoff=\(value)")) != nil) == valid, "gil_handoff=\(value)")
        }
        for (value, valid) in [("1us", true), ("999ns", false)] {
            #expect(
                ((try? ScenarioLoader.parse(scenario(extra: #""machine": { "timeslice": "\#(value)" },"#), file: "t.json")) != nil) == valid
            )
            #expect(((try? ScenarioOverride.parseList("timeslice=\(value)")) != nil) == valid)
        }
    }
}
