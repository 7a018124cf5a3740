import Foundation
import Testing

@testable import GILCore
@testable import GILView

/// What the dashboard does when a file it shows changes: the decisions, without a terminal.
@Suite struct ReloadTests {
    static func edited(_ old: String, _ new: String) throws -> Scenario {
        try KnobTests.edited(KnobTests.replacing(old, new))
    }

    static func figures(_ state: DashboardState) -> [ModelFigures] {
        state.playback.tracks.map { $0.simulation.figures() }
    }

    /// A state with view settings away from their defaults, to see they survive.
    static func busyState() throws -> DashboardState {
        var state = try Fixtures.state("io_bound", at: 1_500 * Time.millisecond)
        state.focus = 2
        state.fullscreen = true
        state.zoomIndex = 2
        state.speed = 0.1
        state.playing = true
        state.showCores = true
        return state
    }

    static func expectSameView(_ a: DashboardState, _ b: DashboardState, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(a.playback.clock == b.playback.clock, sourceLocation: sourceLocation)
        #expect(a.focus == b.focus && a.fullscreen == b.fullscreen && a.zoomIndex == b.zoomIndex, sourceLocation: sourceLocation)
        #expect(a.speed == b.speed && a.playing == b.playing && a.showCores == b.showCores, sourceLocation: sourceLocation)
    }

    @Test func aValidEditShowsTheNewRunAtTheSameTimeAndView() throws {
        let before = try Self.busyState()
        var state = before
        let file = try Self.edited(#""processes": 4 }"#, #""processes": 2 }"#)
        state.reload(source: 0, with: .success(file))
        Self.expectSameView(state, before)
        #expect(state.statusText == nil)
        var fromFile = Playback(scenario: file, retention: DashboardState.laneRetention)
        fromFile.seek(to: state.playback.clock)
        #expect(Self.figures(state) == fromFile.tracks.map { $0.simulation.figures() })
        // Only the edited model ran again.
        let old = Self.figures(before)
        let new = Self.figures(state)
        #expect(new[2] != old[2])
        for i in old.indices where i != 2 { #expect(new[i] == old[i]) }
    }

    @Test func aBrokenEditKeepsTheLastGoodRunAndShowsWhereUntilFixed() throws {
        let before = try Self.busyState()
        var state = before
        let broken = KnobTests.fileText.replacingOccurrences(of: #""rate": 100"#, with: #""rate": "fast""#)
        let error = try #require(throws: ScenarioError.self) { try ScenarioLoader.parse(broken, file: "scenarios/io_bound.json") }
        state.reload(source: 0, with: .failure(error))
        Self.expectSameView(state, before)
        #expect(Self.figures(state) == Self.figures(before))
        let line = try #require(error.diagnostics.first?.line)
        let status = try #require(state.statusText)
        #expect(status.contains("scenarios/io_bound.json:\(line):") && status.contains("rate"))
        #expect(status.contains("last good run"))
        let screen = render(state, width: 100, height: 30).plainText()
        #expect(screen.contains("scenarios/io_bound.json:\(line):"))
        // Keys do not clear it; only a file that reads again does.
        _ = state.press(.character("z"))
        #expect(state.statusText == status)
        let fixed = try Self.edited(#""rate": 100"#, #""rate": 50"#)
        state.reload(source: 0, with: .success(fixed))
        #expect(state.statusText == nil)
        #expect(state.playback.models.allSatisfy { $0.scenario.workload.arrivals == .poisson(ratePerSecond: 50) })
        #expect(!render(state, width: 100, height: 30).plainText().contains("last good run"))
    }

    @Test func anUnchangedFileChangesNothing() throws {
        var state = try Self.busyState()
        let file = try KnobTests.edited { $0 + " " }
        state.reload(source: 0, with: .success(file))
        #expect(Self.figures(state) == Self.figures(try Self.busyState()))
        #expect(state.statusText == nil)
    }

    @Test func tweaksStayOnModelsStillInTheFile() throws {
        var state = try Fixtures.state("io_bound", at: 500 * Time.millisecond)
        state.focus = 1
        KnobTests.press("TT", &state)  // threads 8 → 10
        state.focus = 2
        KnobTests.press("g", &state)  // "4 processes" without a GIL
        state.focus = 4
        KnobTests.press("k", &state)  // "free-threaded, 8" on 3 cores
        // The file: 8 threads become 10 (the tweak is now the file), "4 processes" is renamed,
        // and the description changes.
        var text = KnobTests.fileText.replacingOccurrences(
            of: KnobTests.eightThreads, with: #"{ "name": "1 process, 8 threads", "threads": 10"#)
        text = text.replacingOccurrences(of: #""4 processes""#, with: #""four processes""#)
        text = text.replacingOccurrences(of: "side by side", with: "next to each other")
        let file = try ScenarioLoader.parse(text, file: "io_bound.json")
        state.reload(source: 0, with: .success(file))
        #expect(!state.isTweaked(1), "a tweak the file now holds is no longer a tweak")
        #expect(!state.isTweaked(2), "a renamed model starts from its file")
        #expect(state.isTweaked(4) && state.playback.models[4].scenario.machine.cores == 3)
        #expect(state.playback.models[4].scenario.description == file.description, "the tweak is over the new file")
        #expect(state.focus == 4, "the focus stays on the same model")
        #expect(state.tweaks.count == 1)
    }

    @Test func aReloadThatRemovesModelsKeepsTheFocusInRange() throws {
        var state = try Fixtures.state("io_bound", at: 100 * Time.millisecond)
        state.focus = 4
        let file = try Self.edited(#"    { "name": "free-threaded, 8",     "threads": 8, "gil": false },"#, "")
        #expect(file.models.count == 4)
        state.reload(source: 0, with: .success(file))
        #expect(state.playback.tracks.count == 4 && state.focus == 3)
        _ = render(state, width: 80, height: 24)
    }

    @Test func severalFilesRunOnOneClockLabelledByFile() throws {
        let io = try Fixtures.scenario("io_bound")
        let cpu = try Fixtures.scenario("cpu_bound")
        var state = DashboardState(
            sources: SourceFile.labelled([("scenarios/io_bound.json", io), ("cpu_bound.json", cpu)]), playing: false)
        #expect(state.playback.tracks.count == io.models.count + cpu.models.count)
        #expect(state.fileName == "io_bound.json + cpu_bound.json")
        state.playback.seek(to: 120 * Time.millisecond)
        // Each track runs its own file's workload and machine: as the file alone does.
        var alone = Playback(scenario: cpu, retention: DashboardState.laneRetention)
        alone.seek(to: 120 * Time.millisecond)
        #expect(Array(Self.figures(state).suffix(cpu.models.count)) == alone.tracks.map { $0.simulation.figures() })
        let text = render(state, width: 120, height: 60).plainText()
        #expect(text.contains("io_bound.json · 1 process, 1 thread") && text.contains("cpu_bound.json · 4 threads"))
        #expect(text.contains("io_bound.json + cpu_bound.json"))
        // Reloading the second file leaves the first alone.
        let first = Array(Self.figures(state).prefix(io.models.count))
        var fewer = cpu
        fewer.models.removeLast()
        state.reload(source: 1, with: .success(fewer))
        #expect(Array(Self.figures(state).prefix(io.models.count)) == first)
        #expect(state.playback.tracks.count == io.models.count + fewer.models.count)
        // Same names in two places: labelled by path.
        let twins = SourceFile.labelled([("a/x.json", io), ("b/x.json", cpu), ("y.json", cpu)])
        #expect(twins.map(\.label) == ["a/x.json", "b/x.json", "y.json"])
    }

    @Test func aChangeIsReadOnceItHasSettled() {
        let v1 = FileStamp(device: 1, inode: 10, size: 100, modified: 5, changed: 5)
        var detector = FileChangeDetector(read: v1)
        func polls(_ stamps: [FileStamp?]) -> [Bool] { stamps.map { detector.observe($0) } }
        #expect(polls([v1, v1]) == [false, false])
        // Written in place: read on the second poll that sees the same stamp, once.
        var v2 = v1
        v2.size = 120
        v2.modified = 6
        #expect(polls([v2, v2, v2]) == [false, true, false])
        // Still being written: each poll sees a new stamp, so it waits.
        var v3 = v2
        v3.modified = 7
        var v4 = v3
        v4.size = 130
        #expect(polls([v3, v4, v4]) == [false, false, true])
        // Saved by rename: gone for a moment, then a new inode with the same size and times.
        var v5 = v4
        v5.inode = 11
        #expect(polls([nil, v5, v5]) == [false, false, true])
        #expect(detector.read == v5)
        // Deleted for good: read (and reported) once; back again: read again.
        #expect(polls([nil, nil, nil, v5, v5]) == [false, true, false, false, true])
    }
}
