import GILCore
import Testing

@testable import GILView

/// Issue 12, item 3: where am I in time. The ruler under the lanes and the header's position,
/// read off the screen as a person would.
struct TimeRulerTests {
    /// The ruler's ticks as drawn: (screen column, labelled value, unit) from the bottom border.
    static func ticks(_ grid: CellGrid, row y: Int) -> [(x: Int, value: Int, unit: String)] {
        let row = grid.row(y).map(\.character)
        var found: [(x: Int, value: Int, unit: String)] = []
        for x in row.indices where row[x] == "┴" || row[x] == "+" && x > 0 && x < row.count - 1 {
            let digits = row[(x + 1)...].prefix { $0.isNumber }
            let unit = row[(x + 1 + digits.count)...].prefix { $0.isLetter }
            if let value = Int(String(digits)), !unit.isEmpty { found.append((x, value, String(unit))) }
        }
        return found
    }

    static func bottomBorder(_ grid: CellGrid) throws -> Int {
        let text = grid.plainText().split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(text.lastIndex { $0.hasPrefix("└") || $0.hasPrefix("+-") })
    }

    @Test(arguments: [0, 2, 5, 8])
    func eachTickLabelsTheCellBelowIt(zoomIndex: Int) throws {
        var state = try Fixtures.state("cpu_bound", at: 800 * Time.millisecond + 137 * Time.microsecond)
        state.zoomIndex = zoomIndex
        let grid = render(state, width: 100, height: 30)
        let ticks = Self.ticks(grid, row: try Self.bottomBorder(grid))
        #expect(ticks.count >= 3, "\(grid.plainText())")
        let columns = Pane.laneColumns(boxWidth: 100)
        let laneX = 1 + Pane.labelWidth
        let unit: SimTime = state.timePerColumn >= Time.millisecond ? Time.millisecond : Time.microsecond
        for tick in ticks {
            #expect(tick.unit == (unit == Time.millisecond ? "ms" : "µs"))
            // The inspect cursor's span for that column begins at the labelled time.
            let back = columns - 1 - (tick.x - laneX)
            let span = Inspector.span(viewEnd: state.viewEnd, perColumn: state.timePerColumn, columnsBack: back)
            #expect(
                span.start == SimTime(tick.value) * unit,
                "tick at x=\(tick.x) says \(tick.value)\(tick.unit), its cell starts at \(span.start) ns")
        }
        // Ticks are evenly spaced, in round steps.
        let gaps = Set(zip(ticks.dropFirst(), ticks).map { $0.x - $1.x })
        #expect(gaps.count == 1)
    }

    @Test func theRulerFollowsAPanAndStaysInASCII() throws {
        var state = try Fixtures.state("cpu_bound", at: 400 * Time.millisecond, theme: Theme(ascii: true))
        _ = state.press(.character("["))
        #expect(state.panBack > 0)
        let grid = render(state, width: 80, height: 24)
        let ticks = Self.ticks(grid, row: try Self.bottomBorder(grid))
        let latest = try #require(ticks.last)
        #expect(SimTime(latest.value) * Time.millisecond <= state.viewEnd)
        #expect(SimTime(latest.value) * Time.millisecond > state.viewEnd - SimTime(Pane.laneColumns(boxWidth: 80)) * state.timePerColumn)
        #expect(grid.plainText().allSatisfy { $0.isASCII })
    }

    @Test func theHeaderGivesTheRunsLengthOnceKnown() throws {
        var state = try Fixtures.state("cpu_bound", at: 100 * Time.millisecond)
        let header = { (state: DashboardState) in render(state, width: 80, height: 24).plainText().prefix { $0 != "\n" } }
        #expect(header(state).contains("t=100.000ms ") && !header(state).contains(" run "))
        state.playback.seek(to: 10 * Time.second)
        let end = try #require(state.playback.endTime)
        // In full where there is room, rounded where there is not.
        let t = "t=\(HeaderFooter.time(10 * Time.second))"
        #expect(
            header(state).contains("\(t)  run \(HeaderFooter.time(end))")
                || header(state).contains("\(t)  run \(Format.milliseconds(Time.ms(end)))"),
            "\(header(state))")
        // A workload given as a duration runs at least that long.
        let timed = try Fixtures.state("django_asgi", at: Time.millisecond)
        #expect(header(timed).contains("t=1.000ms  run ≥1000ms"), "\(header(timed))")
    }
}
