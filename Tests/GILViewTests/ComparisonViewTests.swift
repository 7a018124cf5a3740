import Testing

@testable import GILCore
@testable import GILView

@Suite struct ComparisonViewTests {
    static func state(_ name: String, at ms: Int64, theme: Theme = Theme(), baseline: Int = 0) throws -> DashboardState {
        var state = try Fixtures.state(name, at: ms * Time.millisecond, theme: theme)
        #expect(state.press(.character("v")) == .keepGoing)
        for _ in 0..<baseline { _ = state.press(.character("b")) }
        return state
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func matchesStoredPicture(size: (Int, Int)) throws {
        for color in [true, false] {
            let grid = render(try Self.state("io_bound", at: 2000, theme: Theme(color: color)), width: size.0, height: size.1)
            try GridSnapshot.expectMatches(grid, named: "compare_io_bound_\(size.0)x\(size.1)_\(color ? "color" : "mono")")
        }
        let cpu = render(
            try Self.state("cpu_bound", at: 1000, theme: Theme(ascii: true, color: false), baseline: 1), width: size.0, height: size.1)
        try GridSnapshot.expectMatches(cpu, named: "compare_cpu_bound_\(size.0)x\(size.1)_ascii")
        #expect(cpu.plainText().unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func showsTheLiveFiguresOfThePlaybackTime() throws {
        let state = try Self.state("cpu_bound", at: 1000)
        let text = render(state, width: 200, height: 60).plainText()
        let live = state.playback.tracks.map { $0.simulation.figures() }
        for m in live {
            let row = try #require(text.split(separator: "\n").first { $0.contains(" " + m.name + " ") || $0.contains("│ " + m.name) })
            #expect(row.contains(Format.rate(m.throughputPerSecond)), "\(row)")
            #expect(row.contains(Format.milliseconds(m.latency.p99)), "\(row)")
        }
        // The finished run equals the report: same figures, so the same cells.
        let report = ScenarioReport(running: state.sources[0].scenario)
        #expect(live.map(\.throughputPerSecond) == report.models.map(\.throughputPerSecond))
        #expect(text.contains("40.0*"))
        #expect(text.contains("Against 1 thread"))
        #expect(text.contains("4 threads: no faster than 1 thread"))
    }

    @Test func theBestIsBoldAndMarkedWithoutColour() throws {
        let grid = render(try Self.state("cpu_bound", at: 1000, theme: Theme(color: false)), width: 120, height: 40)
        let y = try #require((0..<grid.height).first { grid.row($0).map { String($0.character) }.joined().contains("40.0*") })
        let row = Array(grid.row(y))
        let x = try #require(row.indices.first { i in i + 4 < row.count && String(row[i...i + 4].map(\.character)) == "40.0*" })
        #expect(row[x].style.bold && row[x].style.foreground == nil)
        #expect(row[x + 4].style.bold)
    }

    @Test func keysToggleTheViewAndCycleTheBaseline() throws {
        var state = try Fixtures.state("cpu_bound", at: 0)
        #expect(!state.showComparison)
        _ = state.press(.character("b"))
        #expect(state.showComparison && state.baseline == 1)
        for _ in 0..<3 { _ = state.press(.character("b")) }
        #expect(state.baseline == 0)
        _ = state.press(.character("v"))
        #expect(!state.showComparison)
        let help = { () -> String in
            var s = state
            _ = s.handle(.character("?"))
            return render(s, width: 100, height: 30).plainText()
        }()
        #expect(help.contains("compare the models side by side"))
        #expect(help.contains("compare against the next model"))
    }

    @Test func narrowTerminalsKeepTheMostTellingColumns() throws {
        let text = render(try Self.state("io_bound", at: 2000), width: 60, height: 24).plainText()
        for label in ["req/s", "p50", "p99"] { #expect(text.contains(label)) }
        #expect(!text.contains("makespan"))
        let wide = render(try Self.state("io_bound", at: 2000), width: 200, height: 60).plainText()
        #expect(wide.contains("makespan") && wide.contains("p95"))
    }

    @Test func atEightyByTwentyFourTheViewScrollsToEveryVerdict() throws {
        var state = try Self.state("io_bound", at: 2000)
        let verdicts = ComparisonView.comparison(state).verdicts.map(\.text)
        #expect(verdicts.count >= 3)
        let top = render(state, width: 80, height: 24).plainText()
        #expect(top.contains("more: ↓ PgDn"), "the cut is not said:\n\(top)")
        var seen = top
        for _ in 0..<30 {
            _ = state.press(.down)
            seen += "\n" + render(state, width: 80, height: 24).plainText()
        }
        // Each verdict's words, in order, somewhere in what scrolling showed (wrapped over rows).
        let shownWords = seen.split(whereSeparator: { " │\n•".contains($0) }).joined(separator: " ")
        for verdict in verdicts {
            let words = verdict.split(separator: " ").joined(separator: " ")
            #expect(shownWords.contains(words), "never shown: \(verdict)")
        }
        #expect(render(state, width: 80, height: 24).plainText().contains("above: ↑ PgUp"))
        _ = state.press(.pageUp)
        _ = state.press(.pageUp)
        _ = state.press(.pageUp)
        #expect(render(state, width: 80, height: 24).plainText() == top)
    }
}
