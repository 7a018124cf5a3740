import Foundation
import GILCore
import Testing

@testable import GILView

/// The README shows the dashboard at 100×30 on io_bound's first note. That capture is what the
/// dashboard draws there now, row for row, so that the user's manual cannot drift from the screen.
struct ReadmeCaptureTests {
    @Test func theReadmesDashboardCaptureIsWhatTheDashboardDraws() throws {
        let readme = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix(" gilview  io_bound.json  t=180.000ms") }, "no capture in README")
        let end = try #require(lines[start...].firstIndex { $0 == "```" })
        let captured = Array(lines[start..<end])

        var state = DashboardState(scenario: try Fixtures.scenario("io_bound"), fileName: "io_bound.json", playing: false)
        _ = state.press(.character("n"))
        let drawn = render(state, width: 100, height: 30).plainText().split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0) }
        #expect(captured.count == 30, "the README's capture has \(captured.count) rows, not 30")
        for (row, (readmeRow, drawnRow)) in zip(captured, drawn).enumerated() {
            #expect(
                readmeRow.trimmingTrailingSpaces == drawnRow.trimmingTrailingSpaces,
                "row \(row + 1):\nREADME: \(readmeRow)\ndrawn:  \(drawnRow)")
        }
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: Substring {
        self[..<(lastIndex { $0 != " " }.map { index(after: $0) } ?? startIndex)]
    }
}
