import Foundation
import GILCore
import Testing

@testable import GILView

/// The shared run loop, driven by the scripted terminal: keys in, frames out.
@Suite struct TerminalRunLoopTests {
    static func dashboard(_ name: String, speed: Double = 1, playing: Bool = true) throws -> DashboardScreen {
        var state = DashboardState(scenario: try Fixtures.scenario(name), fileName: "\(name).json", speed: speed, playing: playing)
        state.pauseAtNotes = false
        return DashboardScreen(state)
    }

    @Test func keysGoInAndFramesComeOut() throws {
        var screen = try Self.dashboard("cpu_bound", playing: false)
        let terminal = ScriptedTerminal(
            columns: 80, rows: 24,
            script: [
                .key(.character("?")), .wait(milliseconds: 50), .key(.character("x")), .key(.character("q")),
            ])
        guard case .ended(let key) = TerminalRunLoop.run(&screen, on: terminal) else {
            Issue.record("the loop did not end on q")
            return
        }
        #expect(key == .character("q"))
        #expect(terminal.script.isEmpty)
        let texts = terminal.frames.map { $0.plainText() }
        #expect(texts.first?.contains("|| paused") == true)
        #expect(texts.contains { $0.contains("Keys: any other key closes this") })
        #expect(texts.last?.contains("Keys:") == false, "x closed the help")
        #expect(terminal.frames.allSatisfy { $0.width == 80 && $0.height == 24 })
    }

    @Test func playingMovesTheClockByTheWallTimeAtTheSpeed() throws {
        var screen = try Self.dashboard("io_bound", speed: 0.1)
        let terminal = ScriptedTerminal(columns: 100, rows: 30, script: [.wait(milliseconds: 1000), .key(.character(" "))])
        _ = TerminalRunLoop.run(&screen, on: terminal)
        // 1 s of waits plus the real time the loop took, at a tenth of real time (less a frame
        // the machine was too slow for, given up).
        let clock = Double(screen.state.playback.clock) / Double(Time.second)
        #expect(
            clock >= 0.09 && clock <= 0.1 * terminal.now,
            "clock \(clock) s, \(terminal.now) s, \(terminal.frames.count) frames, \(terminal.frames.last?.plainText().prefix(200) ?? "")")
        #expect(!screen.state.playing)
    }

    @Test func theTimeStoppedIsNotCounted() throws {
        var screen = try Self.dashboard("io_bound", speed: 0.1)
        let terminal = ScriptedTerminal(
            columns: 100, rows: 30,
            script: [
                .wait(milliseconds: 500), .stopped(seconds: 3600), .wait(milliseconds: 500), .key(.character(" ")),
            ])
        _ = TerminalRunLoop.run(&screen, on: terminal)
        let clock = Double(screen.state.playback.clock) / Double(Time.second)
        let played = terminal.now - 3600
        #expect(clock >= 0.09 && clock <= 0.1 * played + 0.001, "clock \(clock) s after \(played) s played and an hour stopped")
    }

    @Test func terminationSignalsEndTheLoopAndInterruptIsCtrlC() throws {
        var screen = try Self.dashboard("cpu_bound")
        let terminated = TerminalRunLoop.run(&screen, on: ScriptedTerminal(columns: 80, rows: 24, script: [.signal(SIGTERM)]))
        guard case .terminated(signal: SIGTERM) = terminated else {
            Issue.record("SIGTERM did not end the loop: \(terminated)")
            return
        }
        let interrupted = TerminalRunLoop.run(&screen, on: ScriptedTerminal(columns: 80, rows: 24, script: [.signal(SIGINT)]))
        guard case .ended(.ctrlC) = interrupted else {
            Issue.record("SIGINT did not end the loop as Ctrl-C: \(interrupted)")
            return
        }
    }

    /// Eight threads at a 10 µs switch interval at ×100: a frame asks for 330,000 switches.
    /// The loop answers q within a few frames' time, the simulation behind where it was asked to be.
    @Test func aFrameWithHugeWorkStillAnswersQAtOnce() throws {
        let scenario = try ScenarioLoader.parse(
            """
            { "title": "heavy", "machine": { "cores": 4 }, "python": { "switch_interval": "10us" },
              "workload": { "arrivals": { "kind": "batch" }, "requests": 8,
                            "jobs": [ { "name": "crunch", "steps": [ { "cpu": "1000s" } ] } ] },
              "models": [ { "name": "8 threads", "threads": 8 } ] }
            """, file: "heavy.json")
        var screen = DashboardScreen(DashboardState(scenario: scenario, fileName: "heavy.json", speed: 100))
        let terminal = ScriptedTerminal(columns: 80, rows: 24, script: [.wait(milliseconds: 1000), .key(.character("q"))])
        let started = ContinuousClock.now
        let end = TerminalRunLoop.run(&screen, on: terminal)
        let took = ContinuousClock.now - started
        guard case .ended(.character("q")) = end else {
            Issue.record("q did not end the loop: \(end)")
            return
        }
        // The second of waiting is spent working; q is answered within half a second of it.
        #expect(took < .milliseconds(1500), "q took \(took) to be answered")
        #expect(screen.state.playback.clock < 100 * Time.second, "the clock ran the whole 100 s asked: no slicing")
        #expect(terminal.frames.count >= 2)
    }

    /// `n` to a note a hundred thousand hours on: reached in slices, every one answered between.
    @Test func aFarNoteIsReachedWithoutWalkingEverySample() throws {
        let scenario = try ScenarioLoader.parse(
            """
            { "title": "far", "workload": { "arrivals": { "kind": "batch" }, "requests": 1,
                "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] },
              "models": [ { "name": "1 thread" } ],
              "notes": [ { "at": "1440min", "text": "far" } ] }
            """, file: "far.json")
        var screen = DashboardScreen(DashboardState(scenario: scenario, fileName: "far.json", playing: false))
        let terminal = ScriptedTerminal(
            columns: 80, rows: 24,
            script: [
                .key(.character("n")), .wait(milliseconds: 2000),
                .key(.character("q")),
            ])
        let started = ContinuousClock.now
        _ = TerminalRunLoop.run(&screen, on: terminal)
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(screen.state.playback.clock == 1440 * 60 * Time.second)
        #expect(terminal.frames.last?.plainText().contains("Note 1/1  far") == true)
    }

    @Test func thePickerEndsOnEnterWithTheEntryChosen() throws {
        let library = try ScenarioLibrary(directory: Fixtures.packageRoot.appendingPathComponent("scenarios").path)
        var picker = ScenarioPicker(library: library)
        let end = TerminalRunLoop.run(&picker, on: ScriptedTerminal(columns: 80, rows: 24, script: [.key(.down), .key(.enter)]))
        guard case .ended(.open(let entry)) = end else {
            Issue.record("Enter did not open: \(end)")
            return
        }
        #expect(entry == library.entries[1])
    }
}
