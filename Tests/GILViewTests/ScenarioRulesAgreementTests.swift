import GILCore
import Testing

@testable import GILView

/// One validation (issue 18): a value is accepted or refused alike by the file's decoder, a
/// sweep's `--vary` (parsed from text, as the command line gives it) and the dashboard's knobs
/// (overrides built in code), on both sides of every limit: each value's range and each rule
/// that ties values together.
struct ScenarioRulesAgreementTests {
    /// A one-model scenario; `model`, `machine`, `workload` and `jobs` are spliced in as written.
    static func file(
        model: String = "", machine: String = "", python: String = "",
        workload: String = #""arrivals": { "kind": "batch" }, "requests": 1"#,
        jobs: String = #"{ "name": "j", "steps": [ { "cpu": "1ms" } ] }"#
    ) -> String {
        #"""
        { "title": "t", "machine": { \#(machine) }, "python": { \#(python) },
          "workload": { \#(workload), "jobs": [ \#(jobs) ] },
          "models": [ { "name": "m"\#(model.isEmpty ? "" : ", " + model) } ] }
        """#
    }

    static func decodes(_ text: String) -> Bool { (try? ScenarioLoader.parse(text, file: "t.json")) != nil }

    /// Whether `gilview sweep --vary` accepts every `key=value` given on `base` (applied together).
    static func sweeps(_ settings: [String], on base: Scenario) -> Bool {
        guard let overrides = try? settings.flatMap({ try ScenarioOverride.parseList($0) }) else { return false }
        return (try? ScenarioOverride.applied(overrides, to: base, models: [0])) != nil
    }

    static let processes = [0, 1, 16, 17, 1023, ScenarioLimits.processes, ScenarioLimits.processes + 1]
    static let threads = [
        0, 1, 2, 64, ScenarioLimits.totalThreads / 16, ScenarioLimits.totalThreads / 16 + 1,
        ScenarioLimits.threads, ScenarioLimits.threads + 1,
    ]

    @Test(arguments: [false, true])
    func processesAndThreads(asyncio: Bool) throws {
        let base = try ScenarioLoader.parse(Self.file(model: #""asyncio": \#(asyncio)"#), file: "t.json")
        var outcomes: Set<Bool> = []
        for p in Self.processes {
            for t in Self.threads {
                let decoded = Self.decodes(Self.file(model: #""processes": \#(p), "threads": \#(t), "asyncio": \#(asyncio)"#))
                let swept = Self.sweeps(["processes=\(p)", "threads=\(t)"], on: base)
                let knobbed = ModelTweaks(processes: p, threads: t).problem(in: base, model: 0) == nil
                #expect(
                    swept == decoded && knobbed == decoded,
                    "processes \(p), threads \(t), asyncio \(asyncio): file \(decoded), sweep \(swept), knobs \(knobbed)")
                outcomes.insert(decoded)
            }
        }
        #expect(outcomes == [true, false])
    }

    /// The other counts a knob turns, and the switch interval: each range, from the one table.
    @Test func coresExecutorThreadsAndTheSwitchInterval() throws {
        let base = try ScenarioLoader.parse(Self.file(), file: "t.json")
        for cores in [0, 1, ScenarioLimits.cores, ScenarioLimits.cores + 1] {
            let decoded = Self.decodes(Self.file(machine: #""cores": \#(cores)"#))
            #expect(decoded == (1...ScenarioLimits.cores).contains(cores))
            #expect(Self.sweeps(["cores=\(cores)"], on: base) == decoded, "cores \(cores)")
            #expect((ModelTweaks(cores: cores).problem(in: base, model: 0) == nil) == decoded, "cores \(cores)")
        }
        for pool in [0, 1, ScenarioLimits.threads, ScenarioLimits.threads + 1] {
            let decoded = Self.decodes(Self.file(model: #""executor_threads": \#(pool)"#))
            #expect(decoded == (1...ScenarioLimits.threads).contains(pool))
            #expect(Self.sweeps(["executor_threads=\(pool)"], on: base) == decoded, "executor_threads \(pool)")
            #expect((ModelTweaks(executorThreads: pool).problem(in: base, model: 0) == nil) == decoded, "executor_threads \(pool)")
        }
        for interval in ["0us", "999ns", "1us", "86400s", "86401s"] {
            let decoded = Self.decodes(Self.file(model: #""switch_interval": "\#(interval)""#))
            let knobbed = ModelTweaks(switchInterval: try DurationParser.parse(interval)).problem(in: base, model: 0) == nil
            #expect(decoded == ["1us", "86400s"].contains(interval), "switch_interval \(interval)")
            #expect(Self.sweeps(["switch_interval=\(interval)"], on: base) == decoded && knobbed == decoded, "switch_interval \(interval)")
        }
        for handoff in ["0us", "86400s", "86401s"] {
            let decoded = Self.decodes(Self.file(python: #""gil_handoff": "\#(handoff)""#))
            #expect(decoded == (handoff != "86401s"))
            #expect(Self.sweeps(["gil_handoff=\(handoff)"], on: base) == decoded, "gil_handoff \(handoff)")
        }
    }

    /// Rate × duration: at most `ScenarioLimits.requests` expected, in a file or swept.
    @Test func arrivalsOverTheDurationStayWithinTheRequestLimit() throws {
        let duration = 100  // seconds
        func workload(rate: Double) -> String { #""arrivals": { "kind": "poisson", "rate": \#(rate) }, "duration": "\#(duration)s""# }
        let base = try ScenarioLoader.parse(Self.file(workload: workload(rate: 1)), file: "t.json")
        let limit = Double(ScenarioLimits.requests) / Double(duration)
        for rate in [1, limit / 2, limit, limit * 1.01, limit * 10] {
            let decoded = Self.decodes(Self.file(workload: workload(rate: rate)))
            #expect(decoded == (rate <= limit), "rate \(rate)")
            #expect(Self.sweeps(["rate=\(rate)"], on: base) == decoded, "rate \(rate)")
        }
    }

    /// Jobs with counts: `requests` must be their sum, in a file or swept.
    @Test func requestsAgreeWithJobCounts() throws {
        let jobs =
            #"{ "name": "a", "count": 3, "steps": [ { "cpu": "1ms" } ] }, { "name": "b", "count": 4, "steps": [ { "cpu": "1ms" } ] }"#
        let base = try ScenarioLoader.parse(Self.file(workload: #""arrivals": { "kind": "batch" }"#, jobs: jobs), file: "t.json")
        for requests in [6, 7, 8] {
            let decoded = Self.decodes(Self.file(workload: #""arrivals": { "kind": "batch" }, "requests": \#(requests)"#, jobs: jobs))
            #expect(decoded == (requests == 7))
            #expect(Self.sweeps(["requests=\(requests)"], on: base) == decoded, "requests \(requests)")
        }
    }

    /// Overrides are judged together: the file's 4096 threads do not make `processes=17,
    /// threads=1` refused halfway through (17 × 4096 threads is over the limit).
    @Test func overridesAreCheckedTogether() throws {
        let base = try ScenarioLoader.parse(Self.file(model: #""threads": \#(ScenarioLimits.threads)"#), file: "t.json")
        #expect(Self.sweeps(["processes=17", "threads=1"], on: base))
        #expect(ModelTweaks(processes: 17, threads: 1).problem(in: base, model: 0) == nil)
        #expect(!Self.sweeps(["processes=17"], on: base))
    }
}
