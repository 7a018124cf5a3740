import GILCore
import Testing

@testable import GILView

/// `[` `]` End: the lanes look back through their history; what they show then is what they
/// showed when the clock was there.
struct PanTests {
    static func laneRows(_ state: DashboardState) -> [String] {
        render(state, width: 80, height: 40).plainText().split(separator: "\n")
            .filter { $0.hasPrefix("│ GIL") || $0.hasPrefix("│ T") }.map(String.init)
    }

    @Test func aPannedViewShowsWhatTheClockShowedThen() throws {
        var state = try Fixtures.state("cpu_bound", at: 150 * Time.millisecond)
        state.playing = true
        for _ in 0..<3 { _ = state.press(.character("[")) }
        #expect(!state.playing)
        #expect(state.viewEnd == 150 * Time.millisecond - 3 * 10 * state.timePerColumn)
        #expect(render(state, width: 80, height: 40).plainText().contains("lanes to t=120.000ms"))
        let then = try Fixtures.state("cpu_bound", at: state.viewEnd)
        #expect(Self.laneRows(state) == Self.laneRows(then))
        #expect(Self.laneRows(state) != Self.laneRows(try Fixtures.state("cpu_bound", at: 150 * Time.millisecond)))
        _ = state.press(.character("]"))
        #expect(state.viewEnd == 130 * Time.millisecond)
        _ = state.press(.end)
        #expect(state.viewEnd == state.playback.clock)
    }

    @Test func panningStopsAtTheStartAndAtTheKeptHistory() throws {
        var state = try Fixtures.state("cpu_bound", at: 15 * Time.millisecond)
        for _ in 0..<5 { _ = state.press(.character("[")) }
        #expect(state.viewEnd == 0)
        state.playback.seek(to: 60 * Time.second)
        for _ in 0..<1000 { _ = state.press(.character("[")) }
        #expect(state.panBack == DashboardState.laneRetention - state.timePerColumn)
    }
}
