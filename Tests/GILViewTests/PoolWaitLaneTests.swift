import Testing
@testable import GILCore
@testable import GILView

/// The connection-pool wait in the dashboard: its own glyph and colour, never lost in a column
/// that also covers longer, less telling states, and in the legend only where it can happen.
@Suite struct PoolWaitLaneTests {
    @Test func poolWaitHasItsOwnGlyphAndStyle() {
        for theme in [Theme(), Theme(ascii: true), Theme(color: false)] {
            let glyphs = ThreadActivity.allCases.map(theme.glyph)
            #expect(Set(glyphs).count == glyphs.count, "every state its own glyph")
        }
        #expect(Theme(color: false).style(.poolWait).bold)
    }

    @Test func aColumnWithAPoolWaitShowsIt() {
        let io = Int32(ThreadActivity.io.rawValue), pool = Int32(ThreadActivity.poolWait.rawValue)
        let running = Int32(ThreadActivity.running.rawValue), gil = Int32(ThreadActivity.gilWait.rawValue)
        let changes = [Timeline.Change(start: 0, value: io), Timeline.Change(start: 400, value: pool),
                       Timeline.Change(start: 450, value: running), Timeline.Change(start: 1_400, value: gil),
                       Timeline.Change(start: 1_420, value: pool)]
        let marks = LaneRenderer.marks(changes, end: 1_999, perColumn: 1_000, columns: 2, mark: LaneRenderer.threadMark)
        // Column 1: I/O, a short pool wait, then running: the pool wait shows. Column 2: a GIL
        // wait beats it, as the most telling state.
        #expect(marks == [.thread(.poolWait), .thread(.gilWait)])
    }

    @Test func theLegendListsPoolWaitOnlyWithConnectionPools() {
        #expect(Theme.legendActivities(connectionPools: true).contains(.poolWait))
        #expect(!Theme.legendActivities(connectionPools: false).contains(.poolWait))
        #expect(Theme.legendActivities(connectionPools: true).count == ThreadActivity.allCases.count)
    }
}
