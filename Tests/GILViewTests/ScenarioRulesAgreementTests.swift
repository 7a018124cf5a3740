import GILCore
import Testing
@testable import GILView

/// One validation (issue 18): a model's processes and threads are accepted or refused alike by
/// the file's decoder, a sweep's `--vary` and the dashboard's knobs, on every side of each limit.
struct ScenarioRulesAgreementTests {
    static let processes = [1, 16, 17, 1023, ScenarioLimits.processes]
    static let threads = [1, 2, 64, ScenarioLimits.totalThreads / 16, ScenarioLimits.totalThreads / 16 + 1, ScenarioLimits.threads]

    static func file(processes: Int, threads: Int, asyncio: Bool) -> String {
        #"""
        { "title": "t", "workload": { "arrivals": { "kind": "batch" }, "requests": 1,
          "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] },
          "models": [ { "name": "m", "processes": \#(processes), "threads": \#(threads), "asyncio": \#(asyncio) } ] }
        """#
    }

    @Test(arguments: [false, true])
    func theDecoderASweepAndTheKnobsAgree(asyncio: Bool) throws {
        let base = try ScenarioLoader.parse(Self.file(processes: 1, threads: 1, asyncio: asyncio), file: "t.json")
        for p in Self.processes {
            for t in Self.threads {
                let decoded = (try? ScenarioLoader.parse(Self.file(processes: p, threads: t, asyncio: asyncio), file: "t.json")) != nil
                let swept = (try? ScenarioOverride(key: .threads, value: .integer(t))
                    .applied(to: try ScenarioOverride(key: .processes, value: .integer(p)).applied(to: base, models: [0]), models: [0])) != nil
                let knobbed = ModelTweaks(processes: p, threads: t).problem(in: base, model: 0) == nil
                let rule = ScenarioRules.problem(processes: p, threads: t, asyncio: asyncio) == nil
                #expect(decoded == rule && swept == rule && knobbed == rule,
                        "processes \(p), threads \(t), asyncio \(asyncio): file \(decoded), sweep \(swept), knobs \(knobbed), rule \(rule)")
            }
        }
        // Both sides of the limit were reached.
        #expect(ScenarioRules.problem(processes: 16, threads: ScenarioLimits.totalThreads / 16, asyncio: false) == nil)
        #expect(ScenarioRules.problem(processes: 17, threads: ScenarioLimits.totalThreads / 16, asyncio: false) != nil)
    }
}
