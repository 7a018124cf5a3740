import Foundation
import Testing

@testable import GILCore

/// Files that used to be accepted and then fail silently, or be refused with a wrong message.
struct SilentFailureTests {
    static func holding(_ steps: String, pool: Int = 1, models: String = #"[ { "name": "m" } ]"#) -> String {
        scenario(
            workload: #"{ "arrivals": { "kind": "batch" }, "requests": 4, "jobs": [ { "name": "j", "steps": \#(steps) } ] }"#,
            models: models, extra: #""connection_pools": { "db": \#(pool) },"#)
    }

    static let nestedHold = #"[ { "hold": "db", "steps": [ { "io": "1ms" }, { "hold": "db", "steps": [ { "io": "1ms" } ] } ] } ]"#

    @Test func aHoldNestedDeeperThanItsPoolIsRefusedWithItsPath() {
        let found = diagnostic(Self.holding(Self.nestedHold))
        #expect(found?.path == "workload.jobs[0].steps[0].steps[1].hold")
        #expect(
            found?.message.contains(
                #"nested 2 deep in holds of "db", so a request needs 2 of its connections at once, but model "m" gives "db" 1 connection"#)
                == true)
        #expect(
            found?.column == 1
                + (Self.holding(Self.nestedHold).range(of: #""db", "steps": [ { "io": "1ms" } ]"#).map {
                    Self.holding(Self.nestedHold).distance(from: Self.holding(Self.nestedHold).startIndex, to: $0.lowerBound)
                } ?? -1))
    }

    @Test func nestingThePoolAllowsIsAccepted() throws {
        _ = try ScenarioLoader.parse(Self.holding(Self.nestedHold, pool: 2), file: "t.json")
        // A model's own pool size decides for that model.
        let narrowed = diagnostic(
            Self.holding(
                Self.nestedHold, pool: 2, models: #"[ { "name": "wide" }, { "name": "narrow", "connection_pools": { "db": 1 } } ]"#))
        #expect(found(narrowed, #"model "narrow" gives "db" 1 connection"#))
        // Offloaded steps are still the holding request's; an enqueued task holds nothing of it.
        let offloaded =
            #"[ { "hold": "db", "steps": [ { "offload": [ { "repeat": 2, "steps": [ { "hold": "db", "steps": [ { "io": "1ms" } ] } ] } ] } ] } ]"#
        #expect(diagnostic(Self.holding(offloaded))?.path == "workload.jobs[0].steps[0].steps[0].offload[0].steps[0].hold")
        _ = try ScenarioLoader.parse(
            Self.holding(#"[ { "hold": "db", "steps": [ { "io": "1ms" } ] }, { "hold": "db", "steps": [ { "cpu": "1ms" } ] } ]"#),
            file: "t.json")
    }

    @Test func aModelsOwnJobStepsAreCheckedAgainstItsPool() {
        let models = #"[ { "name": "m", "job_steps": { "j": \#(Self.nestedHold) } } ]"#
        let found = diagnostic(Self.holding(#"[ { "io": "1ms" } ]"#, models: models))
        #expect(found?.path == "models[0].job_steps.j[0].steps[1].hold")
    }

    @Test func aDeadlockAtRunTimeIsSaidInTheReport() throws {
        // Two connections, nested two deep, four threads: each thread takes one and waits for a second.
        let text = Self.holding(Self.nestedHold, pool: 2, models: #"[ { "name": "threads", "threads": 4 } ]"#)
        let report = ScenarioReport(running: try ScenarioLoader.parse(text, file: "t.json"))
        #expect(report.models[0].completed < 4)
        #expect(report.table().contains("threads: \(report.models[0].inFlight) of 4 requests never completed"))
        #expect(report.models[0].deadlock?.hasPrefix("\(report.models[0].inFlight) of 4 requests never completed") == true)
        // A budget's stop leaves requests in flight too, but that is no deadlock.
        let stopped = ScenarioReport(running: try ScenarioLoader.parse(text, file: "t.json"), budget: SimulationBudget(events: 3))
        #expect(stopped.models[0].stop != nil && stopped.models[0].inFlight > 0 && stopped.models[0].deadlock == nil)
        #expect(!stopped.table().contains("never completed"))
    }

    @Test func anEmptyModelNameIsRefused() {
        #expect(diagnostic(scenario(models: #"[ { "name": "" } ]"#))?.message.hasPrefix("models[0].name is empty") == true)
        #expect(diagnostic(scenario(models: #"[ { "name": "  " } ]"#))?.path == "models[0].name")
    }

    @Test func anExponentInADurationIsNamedAsSuch() {
        #expect(
            throws: DurationError(
                #"duration "1e30s" has an exponent, which durations do not take; write the number out with a unit, like "250us", "90s" or "2min""#
            )
        ) {
            try DurationParser.parse("1e30s")
        }
        #expect((try? DurationParser.parse("2E-3s")) == nil)
        #expect(throws: DurationError(#"unknown unit "eons" in "5eons"; valid units: ns, us (or µs), ms, s, min"#)) {
            try DurationParser.parse("5eons")
        }
    }

    private func found(_ diagnostic: ScenarioDiagnostic?, _ text: String) -> Bool {
        diagnostic?.message.contains(text) == true
    }
}
