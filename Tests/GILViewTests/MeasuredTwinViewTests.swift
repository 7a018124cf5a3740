import Foundation
import GILCore
import Testing

@testable import GILView

/// `verify --show`: a model's measured twin is a pane of its own under the simulated one, drawn
/// from its own timeline with the dashboard's lanes and glyphs.
@Suite struct MeasuredTwinViewTests {
    static func ms(_ value: Double) -> SimTime { SimTime(value * 1e6) }

    /// T1 runs Python for 20 ms; T2 sleeps `sleep` (2 ms), then waits for the GIL until 20 ms.
    static func twin(sleep: SimTime = ms(2)) -> MeasuredTwin {
        let cpu = RecordedThread(
            process: 0, role: .worker,
            records: [
                StepRecord(.request, request: 0, wall: 0...ms(20), cpu: 0...ms(20)),
                StepRecord(.cpu, request: 0, wall: 0...ms(20), cpu: 0...ms(20)),
            ])
        let io = RecordedThread(
            process: 0, role: .worker,
            records: [
                StepRecord(.request, request: 1, wall: 0...ms(20), cpu: 0...0),
                StepRecord(.io, request: 1, wall: 0...ms(20), cpu: 0...0, planned: sleep),
            ])
        let measured = MeasuredTimeline(threads: [cpu, io], requests: [(0, 0, ms(20)), (1, 0, ms(20))], gil: true, recordCPU: 0)
        return MeasuredTwin(
            modelName: "2 threads", measured: measured, gil: true,
            figures: [("makespan", 20, 608)], differences: [], requestJobs: ["cpu", "io loop"])
    }

    /// The convoy paused at 20 ms, the first model's twin under it.
    static func convoyWithTwin() throws -> DashboardState {
        var state = DashboardState(
            scenario: try Fixtures.scenario("verify/convoy"), fileName: "convoy.json", playing: false,
            theme: Theme(ascii: true, color: false))
        state.measuredTwins[0] = twin()
        state.playback.seek(to: ms(20))
        return state
    }

    @Test func theTwinIsDrawnUnderItsModelWithItsOwnLanes() throws {
        let scenario = try Fixtures.scenario("verify/convoy")
        var state = DashboardState(scenario: scenario, fileName: "convoy.json", playing: false, theme: Theme(ascii: true, color: false))
        state.measuredTwins[0] = Self.twin()
        state.playback.seek(to: Self.ms(20))
        let lines = GridSnapshot.text(render(state, width: 100, height: 40)).split(separator: "\n").map(String.init)
        let simulated = try #require(lines.firstIndex { $0.contains("2 threads ") && !$0.contains("measured") })
        let twin = try #require(lines.firstIndex { $0.contains("2 threads (measured)") }, "\(lines.joined(separator: "\n"))")
        #expect(twin > simulated)
        #expect(lines[twin].contains("makespan 20.0ms (608ms)"))
        // The twin's T2 lane in the dashboard's glyphs: 2 ms of I/O, then 18 ms of GIL wait.
        let t2 = try #require(lines[twin...].first { $0.hasPrefix("| T2") })
        let gilWait = Theme(ascii: true, color: false).cell(.thread(.gilWait), mixed: false).character
        let io = Theme(ascii: true, color: false).cell(.thread(.io), mixed: false).character
        let cells = t2.dropFirst(Pane.labelWidth + 1).prefix(Pane.laneColumns(boxWidth: 100))
        #expect(cells.filter { $0 == gilWait }.count >= 15, "\(t2)")
        #expect(cells.filter { $0 == io }.count == 2, "\(t2)")
    }

    /// The inspect cursor goes on from the simulated lanes down into the twin's (GIL, T1, T2
    /// under GIL, T1, T2), and the footer says what the measured T2 did there: the state's share
    /// of the cell, the request and step it was in with the step's two clocks, why its wait is
    /// counted as the GIL's, and its time in each state so far.
    @Test func theCursorInspectsTheTwinsLanes() throws {
        var state = try Self.convoyWithTwin()
        for key: Key in [.character("x"), .down, .down, .down, .down, .down, .left, .left, .left] { _ = state.press(key) }
        let grid = render(state, width: 120, height: 40)
        try GridSnapshot.expectMatches(grid, named: "verify_twin_inspect_120x40_ascii")
        let rows = grid.plainText().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let footer = rows.suffix(5).joined(separator: " ")
        #expect(
            footer.contains("T2 (measured) 17.000ms-18.000ms: waiting for the GIL 100%; until 20.000ms: I/O 2.00ms, GIL wait 18.0ms"),
            "\(footer)")
        #expect(
            footer.contains("at 17.500ms T2 waiting for the GIL for request 2 (io loop, io): the sleep of 2.00ms took 20.0ms;"),
            "\(footer)")
        #expect(footer.contains("T1 ran Python then (from inside, the two look alike)"), "\(footer)")
        // The reversed cell: on the twin's T2 row, the fourth from the right; none in the simulated pane.
        let twinTop = try #require(rows.firstIndex { $0.contains("2 threads (measured)") })
        let y = try #require(rows.indices.first { $0 > twinTop && rows[$0].hasPrefix("| T2") })
        let x = 1 + Pane.labelWidth + Pane.laneColumns(boxWidth: 120) - 4
        #expect(grid[x, y].style.reverse)
        var uninspected = state
        uninspected.inspecting = nil
        let plain = render(uninspected, width: 120, height: 40)
        let changed = (0..<twinTop).flatMap { row in (0..<120).filter { grid[$0, row] != plain[$0, row] }.map { ($0, row) } }
        #expect(changed.isEmpty, "cells the cursor changed above the twin: \(changed)")
        // Back up into the simulated lanes.
        for _ in 0..<3 { _ = state.press(.up) }
        let back = render(state, width: 120, height: 40).plainText()
        #expect(back.contains("T2 17.000ms-18.000ms") && !back.contains("(measured) 17.000ms"), "\(back)")
    }

    /// A click on a twin's lane cell inspects that cell of the measured lane.
    @Test func aClickOnTheTwinInspectsItsCell() throws {
        var state = try Self.convoyWithTwin()
        let rows = render(state, width: 120, height: 40).plainText().split(separator: "\n", omittingEmptySubsequences: false)
        let twinTop = try #require(rows.firstIndex { $0.contains("2 threads (measured)") })
        let y = try #require(rows.indices.first { $0 > twinTop && rows[$0].hasPrefix("| T1") })
        state.click(x: 1 + Pane.labelWidth + Pane.laneColumns(boxWidth: 120) - 2, y: y, width: 120, height: 40)
        let text = render(state, width: 120, height: 40).plainText()
        #expect(text.contains("T1 (measured) 19.000ms-20.000ms: running 100%"), "\(text)")
        #expect(text.contains("T1 running for request 1 (cpu, cpu): this piece of it took 20.0ms, 20.0ms of it on the CPU"), "\(text)")
    }

    /// An event loop between steps, its tasks in flight: the cursor's line counts them.
    @Test func aMeasuredLoopSaysHowManyTasksAreInFlight() {
        let ms = Self.ms
        let loop = RecordedThread(
            process: 0, role: .eventLoop,
            records: [
                StepRecord(.cpu, request: 0, wall: 0...ms(1), cpu: 0...ms(1)),
                StepRecord(.awaitedIO, request: 0, wall: ms(1)...ms(9), cpu: ms(1)...ms(1), planned: ms(8)),
                StepRecord(.cpu, request: 1, wall: ms(2)...ms(3), cpu: ms(1)...ms(2)),
                StepRecord(.awaitedIO, request: 1, wall: ms(3)...ms(9), cpu: ms(2)...ms(2), planned: ms(6)),
                StepRecord(.task, request: 0, wall: 0...ms(9), cpu: 0...ms(1)),
                StepRecord(.task, request: 1, wall: ms(2)...ms(9), cpu: ms(1)...ms(2)),
            ])
        let measured = MeasuredTimeline(threads: [loop], requests: [(0, 0, ms(9)), (1, ms(2), ms(9))], gil: true, recordCPU: 0)
        let twin = MeasuredTwin(modelName: "asyncio", measured: measured, gil: true, figures: [], differences: [])
        #expect(
            twin.describe(thread: 0, at: ms(1.5))
                == "T1 loop awaiting: 1 task in flight, each parked on I/O, a connection or offloaded work")
        #expect(
            twin.describe(thread: 0, at: ms(5)) == "T1 loop awaiting: 2 tasks in flight, each parked on I/O, a connection or offloaded work"
        )
        #expect(twin.describe(thread: 0, at: ms(10)) == "T1 loop idle: no task in flight")
        #expect(twin.describe(thread: 0, at: ms(2.5)).hasPrefix("T1 loop running for request 2 (?, cpu)"))
    }

    /// Paused, the arrow keys stop at the measured lanes' changes as at the simulation's events:
    /// the twin's T2 turns from I/O to GIL wait between two simulated events.
    @Test func steppingStopsAtMeasuredChanges() throws {
        let scenario = try Fixtures.scenario("verify/convoy")
        var simulated = Playback(scenario: scenario, retention: DashboardState.laneRetention)
        simulated.seek(to: Self.ms(1))
        simulated.stepForward()
        let before = simulated.clock
        simulated.stepForward()
        let after = simulated.clock
        try #require(after - before > 2, "two simulated events at \(before) and \(after)")
        let change = (before + after) / 2
        let twin = Self.twin(sleep: change)
        #expect(twin.timeline.changeTimes == [0, change, Self.ms(20)])

        var both = Playback(scenario: scenario, retention: DashboardState.laneRetention)
        both.recordedChangeTimes = twin.timeline.changeTimes
        both.seek(to: before)
        both.stepForward()
        #expect(both.clock == change)
        both.stepForward()
        #expect(both.clock == after)
        both.stepBackward()
        #expect(both.clock == change)
        both.stepBackward()
        #expect(both.clock == before)
    }
}
