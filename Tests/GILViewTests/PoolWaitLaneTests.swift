import Testing

@testable import GILCore
@testable import GILView

/// The connection-pool wait in the dashboard: its own glyph and colour, and in the legend only
/// where it can happen (a short one marks its cell: LaneRendererTests).
@Suite struct PoolWaitLaneTests {
    @Test func poolWaitHasItsOwnGlyphAndStyle() {
        for theme in [Theme(), Theme(ascii: true), Theme(color: false)] {
            let glyphs = ThreadActivity.allCases.map(theme.glyph)
            #expect(Set(glyphs).count == glyphs.count, "every state its own glyph")
        }
        #expect(Theme(color: false).style(.poolWait).bold)
    }

    @Test func theLegendListsPoolWaitOnlyWithConnectionPools() {
        #expect(Theme.legendActivities(connectionPools: true).contains(.poolWait))
        #expect(!Theme.legendActivities(connectionPools: false).contains(.poolWait))
        #expect(Theme.legendActivities(connectionPools: true).count == ThreadActivity.allCases.count)
    }
}
