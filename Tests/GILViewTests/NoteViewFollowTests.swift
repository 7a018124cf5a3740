import GILCore
import Testing

@testable import GILView

/// A note's `show` directs the dashboard when the note comes up, and only then.
struct NoteViewFollowTests {
    static func state() throws -> DashboardState {
        var scenario = try Fixtures.scenario("cpu_bound")
        scenario.notes = [
            Note(at: 5 * Time.millisecond, text: "one", view: NoteView(model: "4 threads", alone: true, zoom: 200 * Time.microsecond)),
            Note(at: 50 * Time.millisecond, text: "two"),
            Note(at: 90 * Time.millisecond, text: "three", view: NoteView(alone: false, cores: true)),
        ]
        return DashboardState(scenario: scenario, fileName: "cpu_bound.json", playing: false)
    }

    @Test func aNoteAppliesItsViewOnceWhenItComesUp() throws {
        var state = try Self.state()
        let fourThreads = try #require(state.playback.models.firstIndex { $0.spec.name == "4 threads" })
        _ = state.press(.character("n"))
        #expect(state.focus == fourThreads && state.fullscreen)
        #expect(state.timePerColumn == 200 * Time.microsecond)
        // The keys still change the view while the note shows.
        _ = state.press(.character("Z"))
        _ = state.press(.right)
        #expect(state.timePerColumn == 500 * Time.microsecond && state.currentNotes?.number == 1)
        // A note without `show` leaves the view as it is; the next with one applies it.
        _ = state.press(.character("n"))
        #expect(state.fullscreen && state.timePerColumn == 500 * Time.microsecond && !state.showCores)
        _ = state.press(.character("n"))
        #expect(!state.fullscreen && state.showCores && state.focus == fourThreads)
        // Playing into a note applies it too.
        _ = state.press(.home)
        state.playing = true
        state.advance(wallSeconds: 1)
        #expect(state.playback.clock == 5 * Time.millisecond && state.fullscreen)
    }

    /// `n n` typed faster than a frame: the clock lands on the second note, and the view is the
    /// one the first built up (alone, zoomed) with the second's changes on top.
    @Test func notesPassedOverWithinAFrameStillApply() throws {
        var state = try Self.state()
        _ = state.handle(.character("n"))
        _ = state.handle(.character("n"))
        state.finishWork()
        #expect(state.currentNotes?.number == 2)
        #expect(state.fullscreen && state.timePerColumn == 200 * Time.microsecond)
        // convoy_effect: note 1 asks for the office, note 2 for the timeline, note 3 nothing.
        var convoy = try Fixtures.state("convoy_effect", at: 0)
        for _ in 0..<3 { _ = convoy.handle(.character("n")) }
        convoy.finishWork()
        #expect(convoy.currentNotes?.number == 3 && !convoy.showOffice)
    }

    @Test func namedLanesStayUnfoldedAndTheFoldLineNamesTheRest() throws {
        let theme = Theme()
        let lanes = (1...8).map { LaneInfo(kind: .thread, lane: .thread($0 - 1), label: "T\($0)", number: $0, current: .thread(.io)) }
        let (shown, folded) = LaneInfo.choose(lanes, rows: 4, pinned: [.thread(2), .thread(7)])
        #expect(shown.map(\.label) == ["T1", "T2", "T7"])
        #expect(LaneInfo.foldSummary(folded, theme: theme) == "T3–T6, T8: 5 waiting on I/O")
        #expect(LaneInfo.choose(lanes, rows: 1, pinned: [.thread(5)]).shown.map(\.label) == ["T5"])
        #expect(LaneInfo.choose(lanes, rows: 8, pinned: [.thread(5)]).folded.isEmpty)
        #expect(LaneInfo.choose(lanes, rows: 3, pinned: []).shown.map(\.label) == ["T1", "T2"])
    }
}
