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
            figures: [("makespan", 20, 608)], differences: [])
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
