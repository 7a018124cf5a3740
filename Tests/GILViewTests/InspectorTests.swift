import GILCore
import Testing

@testable import GILView

/// The inspect cursor: any cell of any lane explained from the engine's own records.
struct InspectorTests {
    /// convoy_effect at its second note, T2 of the 5 ms model inspected two cells back.
    static func inspecting() throws -> DashboardState {
        var state = try Fixtures.state("convoy_effect", at: 12 * Time.millisecond)
        for key: Key in [.character("x"), .down, .down, .left, .left] { _ = state.press(key) }
        return state
    }

    @Test func aGILWaitNamesItsHolderItsWorkAndTheDropRequest() throws {
        let state = try Self.inspecting()
        #expect(state.inspecting == InspectCursor(lane: .thread(1), columnsBack: 2))
        let grid = render(state, width: 80, height: 24)
        let text = grid.plainText()
        #expect(text.contains("T2 10.000ms–11.000ms: waiting for the GIL 100%"), "\(text)")
        let footer = text.split(separator: "\n").suffix(4).joined(separator: " ")
        #expect(footer.contains("T2 waits for the GIL for request 2 (io loop, cpu): T1 holds it,"))
        #expect(footer.contains("running request 1 (cpu hog, cpu); T2 asks it to drop the GIL at"))
        // The cell under the cursor is drawn reversed, on T2's row, two cells from the right end.
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        let y = try #require(rows.firstIndex { $0.hasPrefix("│ T2 ") })
        let x = Pane.labelWidth + Pane.laneColumns(boxWidth: 80) - 3 + 1
        #expect(grid[x, y].style.reverse && !grid[x + 1, y].style.reverse && !grid[x, y - 1].style.reverse)
    }

    /// The shares the line gives are the timeline's: over a cell split between two states they
    /// add up to the cell and each is its time.
    @Test func sharesAreTheTimelinesTimes() throws {
        var state = try Self.inspecting()
        _ = state.press(.up)
        for _ in 0..<4 { _ = state.press(.left) }  // T1, 6–7 ms: it runs, then waits
        let timeline = try #require(state.playback.tracks[0].simulation.timeline)
        let cell = Inspector.span(viewEnd: state.viewEnd, perColumn: state.timePerColumn, columnsBack: 6)
        let parts = Inspector.durations(
            Inspector.changes(timeline, .thread(0)),
            from: cell.start, to: cell.end)
        #expect(parts.reduce(0) { $0 + $1.time } == cell.end - cell.start)
        #expect(parts.count == 2)
        let line = try #require(Inspector.lines(state, columns: 60).first)
        for part in parts {
            let share = Format.percent(Double(part.time) / Double(cell.end - cell.start))
            #expect(line.contains("\(Inspector.valueName(part.value)) \(share)"), "\(line)")
        }
    }

    @Test func keysMoveTheCursorWithinTheFocusedModel() throws {
        var state = try Fixtures.state("convoy_effect", at: 12 * Time.millisecond)
        state.playing = true
        _ = state.press(.character("x"))
        #expect(!state.playing && state.inspecting == InspectCursor(lane: .gil(process: 0)))
        _ = state.press(.up)
        _ = state.press(.right)
        #expect(state.inspecting == InspectCursor(lane: .gil(process: 0)))
        for _ in 0..<10 { _ = state.press(.down) }
        #expect(state.inspecting?.lane == .thread(1))
        // Tab: the next model; the cursor stays on a lane that model has.
        _ = state.press(.tab)
        _ = state.press(.tab)
        #expect(state.focus == 2 && state.inspecting?.lane == .thread(1))
        _ = state.press(.escape)
        #expect(state.inspecting == nil)
        // Outside inspection the arrows step through events again.
        let clock = state.playback.clock
        _ = state.press(.right)
        #expect(state.playback.clock > clock)
    }

    /// At the lanes' left edge ← pans the view back a cell with the cursor on the edge's cell,
    /// and at the right edge → pans it forward: the cursor never leaves what is drawn.
    @Test func theCursorPansTheViewAtTheLanesEdges() throws {
        var state = try Fixtures.state("convoy_effect", at: 60 * Time.millisecond)
        state.laneColumns = Pane.laneColumns(boxWidth: 80)
        let visible = try #require(state.laneColumns)
        _ = state.press(.character("x"))
        for _ in 0..<(visible + 4) { _ = state.press(.left) }
        #expect(state.inspecting?.columnsBack == visible - 1)
        #expect(state.panBack == 5 * state.timePerColumn)
        // Drawn: the reversed cell is the lanes' first, on the GIL lane's row.
        let grid = render(state, width: 80, height: 24)
        let rows = grid.plainText().split(separator: "\n", omittingEmptySubsequences: false)
        let y = try #require(rows.firstIndex { $0.hasPrefix("│ GIL ") })
        #expect(grid[1 + Pane.labelWidth, y].style.reverse && !grid[2 + Pane.labelWidth, y].style.reverse)
        for _ in 0..<(visible + 1) { _ = state.press(.right) }
        #expect(state.inspecting?.columnsBack == 0 && state.panBack == 3 * state.timePerColumn)
        for _ in 0..<10 { _ = state.press(.right) }
        #expect(state.panBack == 0)
    }
}

/// A click lands on the cell drawn under it.
struct ClickTests {
    @Test func aClickOnALaneCellInspectsThatCell() throws {
        var state = try Fixtures.state("convoy_effect", at: 12 * Time.millisecond)
        let rows = render(state, width: 80, height: 24).plainText().split(separator: "\n", omittingEmptySubsequences: false)
        // The second model's T2 row, its fourth cell from the right.
        let t2Rows = rows.indices.filter { rows[$0].hasPrefix("│ T2 ") }
        let y = t2Rows[1]
        let x = 1 + Pane.labelWidth + Pane.laneColumns(boxWidth: 80) - 4
        state.playing = true
        state.click(x: x, y: y, width: 80, height: 24)
        #expect(state.focus == 1 && !state.playing)
        #expect(state.inspecting == InspectCursor(lane: .thread(1), columnsBack: 3))
        // The reversed cell is the one clicked.
        #expect(render(state, width: 80, height: 24)[x, y].style.reverse)
        // Borders, labels and figures rows are no cells.
        for (bx, by) in [(0, y), (3, y), (x, 0), (x, y + 1)] {
            var other = try Fixtures.state("convoy_effect", at: 12 * Time.millisecond)
            other.click(x: bx, y: by, width: 80, height: 24)
            #expect(other.inspecting == nil, "(\(bx), \(by))")
        }
        state.scrollWheel(back: true)
        #expect(state.panBack == 10 * state.timePerColumn)
    }
}
