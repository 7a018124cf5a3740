import Foundation
import Testing

@testable import GILCore
@testable import GILView

/// The dashboard's knobs: a knob change runs exactly what the same change made in the file runs.
@Suite struct KnobTests {
    static let fileText =
        (try? String(
            contentsOf: Fixtures.packageRoot.appendingPathComponent("scenarios/io_bound.json"),
            encoding: .utf8)) ?? ""

    /// io_bound.json with `edit` made to its text, read as the loader reads it.
    static func edited(_ edit: (String) -> String) throws -> Scenario {
        let text = edit(fileText)
        #expect(text != fileText, "the edit changed nothing")
        return try ScenarioLoader.parse(text, file: "io_bound.json")
    }

    static func replacing(_ old: String, _ new: String) -> @Sendable (String) -> String {
        { $0.replacingOccurrences(of: old, with: new) }
    }

    static let eightThreads = #"{ "name": "1 process, 8 threads", "threads": 8"#
    /// Each knob key on "1 process, 8 threads" (cores 4, 5 ms), and the same change in the file.
    static let knobs: [(keys: String, edit: @Sendable (String) -> String)] = [
        ("T", replacing(eightThreads, #"{ "name": "1 process, 8 threads", "threads": 9"#)),
        ("tt", replacing(eightThreads, #"{ "name": "1 process, 8 threads", "threads": 6"#)),
        ("P", replacing(eightThreads, eightThreads + #", "processes": 2"#)),
        ("e", replacing(eightThreads, eightThreads + #", "executor_threads": 7"#)),
        ("E", replacing(eightThreads, eightThreads + #", "executor_threads": 9"#)),
        ("g", replacing(eightThreads, eightThreads + #", "gil": false"#)),
        ("i", replacing(eightThreads, eightThreads + #", "switch_interval": "2.5ms""#)),
        ("II", replacing(eightThreads, eightThreads + #", "switch_interval": "20ms""#)),
        ("k", replacing(#""cores": 4"#, #""cores": 3"#)),
        (
            "KKgT",
            {
                replacing(eightThreads, #"{ "name": "1 process, 8 threads", "threads": 9, "gil": false"#)(
                    replacing(#""cores": 4"#, #""cores": 6"#)($0))
            }
        ),
    ]

    static func press(_ keys: String, _ state: inout DashboardState) {
        for key in keys { _ = state.press(.character(key)) }
    }

    @Test(arguments: knobs.indices)
    func aKnobRunsWhatTheSameEditInTheFileRuns(_ knob: Int) throws {
        let (keys, edit) = Self.knobs[knob]
        let file = try Self.edited(edit)
        let model = try #require(file.models.firstIndex { $0.name == "1 process, 8 threads" })
        let at = 1_234 * Time.millisecond
        var state = try Fixtures.state("io_bound", at: at)
        state.focus = model
        Self.press(keys, &state)
        #expect(state.playback.clock == at, "the knob moved the playback time")
        #expect(state.isTweaked(model))
        #expect(state.playback.models[model].scenario.models[model] == file.models[model])
        #expect(state.playback.models[model].scenario.machine == file.machine)

        // The same figures now, after stepping back (the rebuilt snapshots), and at the end.
        var fromFile = Playback(scenario: file, retention: DashboardState.laneRetention)
        for time in [at, 321 * Time.millisecond, 5 * Time.second] {
            state.playback.seek(to: time)
            fromFile.seek(to: time)
            #expect(
                state.playback.tracks[model].simulation.figures()
                    == fromFile.tracks[model].simulation.figures(), "differs at \(time)")
        }
        var end = ModelSimulation(scenario: state.playback.models[model].scenario, model: model)
        var fileEnd = ModelSimulation(scenario: file, model: model)
        end.runToCompletion()
        fileEnd.runToCompletion()
        let jobs = file.workload.jobs.map(\.name)
        #expect(end.figures() == fileEnd.figures())
    }

    @Test func otherModelsKeepTheirRunsAndUndoRestoresTheFile() throws {
        var state = try Fixtures.state("io_bound", at: 800 * Time.millisecond)
        let before = state.playback.tracks.map { $0.simulation.figures() }
        state.focus = 1
        Self.press("TTg", &state)
        let after = state.playback.tracks.map { $0.simulation.figures() }
        for i in before.indices where i != 1 { #expect(after[i] == before[i]) }
        #expect(after[1] != before[1])
        Self.press("u", &state)
        #expect(!state.isTweaked(1) && state.tweaks.isEmpty)
        #expect(state.playback.tracks.map { $0.simulation.figures() } == before)
    }

    @Test func turningAKnobBackIsNoTweak() throws {
        var state = try Fixtures.state("io_bound", at: 0)
        state.focus = 1
        Self.press("Tt", &state)
        #expect(state.tweaks.isEmpty)
        Self.press("gg", &state)
        #expect(state.tweaks.isEmpty)
        Self.press("iI", &state)
        #expect(state.tweaks.isEmpty)
    }

    @Test func thePaneSaysWhatDiffersFromTheFile() throws {
        var state = try Fixtures.state("io_bound", at: 300 * Time.millisecond)
        state.focus = 1
        Self.press("TTgik", &state)
        #expect(state.paneTitle(1) == "1 process, 8 threads * threads 8→10, GIL on→off, interval 5ms→2.5ms, cores 4→3")
        let text = render(state, width: 200, height: 60).plainText()
        #expect(text.contains("1 process, 8 threads * threads 8→10"))
        #expect(!state.paneTitle(0).contains("*"))
        state.theme = Theme(ascii: true)
        #expect(state.paneTitle(1).contains("threads 8->10"))
    }

    /// The comparison view names a row by its file when there are several, and marks a tweaked
    /// model, so rows of different runs are never confused.
    @Test func comparisonRowsSayWhichFileAndWhichModelsAreTweaked() throws {
        var state = DashboardState(
            sources: [
                SourceFile(path: "io_bound.json", scenario: try Fixtures.scenario("io_bound")),
                SourceFile(path: "cpu_bound.json", scenario: try Fixtures.scenario("cpu_bound")),
            ],
            playing: false)
        state.playback.seek(to: 300 * Time.millisecond)
        state.focus = 1
        Self.press("T", &state)
        _ = state.press(.character("v"))
        let text = render(state, width: 120, height: 50).plainText()
        #expect(text.contains("io_bound · 1 process, 8 threads (knobs)"))
        #expect(text.contains("cpu_bound · 4 processes"))
        #expect(state.comparisonName(0) == "io_bound · 1 process, 1 thread")
    }

    @Test func knobsStopAtTheirLimitsAndSayWhy() throws {
        var state = try Fixtures.state("io_bound", at: 0)
        state.focus = 0  // 1 process, 1 thread
        Self.press("t", &state)
        #expect(state.tweaks.isEmpty && state.message?.contains("threads is at its limit") == true)
        Self.press("p", &state)
        #expect(state.tweaks.isEmpty && state.message?.contains("processes is at its limit") == true)
        state.focus = 3  // asyncio: one loop thread per process
        Self.press("T", &state)
        #expect(state.tweaks.isEmpty && state.message?.contains("asyncio") == true)
        #expect(render(state, width: 100, height: 30).plainText().contains("asyncio: an asyncio model"))
        Self.press("E", &state)
        #expect(state.isTweaked(3) && state.message == nil)
        for _ in 0..<20 { Self.press("i", &state) }
        #expect(state.playback.models[3].switchInterval == ModelTweaks.switchIntervalRange.lowerBound)
    }

    @Test func periodStepsByTheFocusedModelsInterval() throws {
        var state = try Fixtures.state("io_bound", at: 0)
        state.focus = 1
        Self.press("i", &state)
        Self.press(".", &state)
        #expect(state.playback.clock == 2_500 * Time.microsecond)
        state.focus = 0
        Self.press(".", &state)
        #expect(state.playback.clock == 7_500 * Time.microsecond)
    }

    @Test func savingWritesTheFileWithItsTweaksThatReadsBackToThem() throws {
        var state = try Fixtures.state("io_bound", at: 0)
        #expect(state.press(.character("w")) == .keepGoing)
        #expect(state.message?.contains("nothing to save") == true)
        state.focus = 1
        Self.press("TT", &state)
        state.focus = 2
        Self.press("Pg", &state)
        guard case .save(let path, let contents) = state.press(.character("w")) else {
            Issue.record("w did not ask to save")
            return
        }
        #expect(path == "io_bound.json")
        let saved = try ScenarioLoader.parse(contents, file: "saved.json")
        let expected = try Self.edited {
            Self.replacing(Self.eightThreads, #"{ "name": "1 process, 8 threads", "threads": 10"#)(
                Self.replacing(#""processes": 4 }"#, #""processes": 5, "gil": false }"#)($0))
        }
        #expect(saved == expected)
    }

    @Test func savingRefusesCoreCountsAFileCannotHold() throws {
        var state = try Fixtures.state("io_bound", at: 0)
        state.focus = 1
        Self.press("k", &state)
        #expect(state.press(.character("w")) == .keepGoing)
        #expect(state.message?.contains("different core counts") == true)
        // Every model on 3 cores: one machine again.
        for focus in state.playback.models.indices where focus != 1 {
            state.focus = focus
            Self.press("k", &state)
        }
        guard case .save(_, let contents) = state.press(.character("w")) else {
            Issue.record("w did not ask to save")
            return
        }
        #expect(try ScenarioLoader.parse(contents, file: "saved.json") == Self.edited(Self.replacing(#""cores": 4"#, #""cores": 3"#)))
    }

    @Test func tweakedFilesGetNewNamesBesideTheOriginal() {
        #expect(TweakedFileName.candidate(for: "scenarios/io_bound.json", attempt: 1) == "scenarios/io_bound.tweaked.json")
        #expect(TweakedFileName.candidate(for: "scenarios/io_bound.json", attempt: 2) == "scenarios/io_bound.tweaked-2.json")
        #expect(TweakedFileName.candidate(for: "/a.b/x", attempt: 1) == "/a.b/x.tweaked.json")
        #expect(TweakedFileName.candidate(for: "io.tweaked.json", attempt: 1) == "io.tweaked-2.json")
        #expect(TweakedFileName.candidate(for: "io.tweaked-2.json", attempt: 2) == "io.tweaked-4.json")
        #expect(TweakedFileName.candidate(for: ".hidden", attempt: 1) == ".hidden.tweaked.json")
    }
}
