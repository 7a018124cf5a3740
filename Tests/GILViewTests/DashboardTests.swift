import Testing

@testable import GILCore
@testable import GILView

@Suite struct DashboardSnapshotTests {

    @Test(arguments: ["io_bound", "cpu_bound"], [(80, 24), (200, 60)])
    func matchesStoredPicture(scenario: String, size: (Int, Int)) throws {
        let time = (scenario == "io_bound" ? 300 : 120) * Time.millisecond
        for color in [true, false] {
            let state = try Fixtures.state(scenario, at: time, theme: Theme(color: color))
            let grid = render(state, width: size.0, height: size.1)
            try GridSnapshot.expectMatches(grid, named: "\(scenario)_\(size.0)x\(size.1)_\(color ? "color" : "mono")")
        }
    }

    @Test func asciiPictureUsesNoUnicode() throws {
        let state = try Fixtures.state("cpu_bound", at: 120 * Time.millisecond, theme: Theme(ascii: true, color: false))
        let grid = render(state, width: 80, height: 24)
        try GridSnapshot.expectMatches(grid, named: "cpu_bound_80x24_ascii")
        #expect(grid.plainText().unicodeScalars.allSatisfy { $0.isASCII })
    }
}

@Suite struct DashboardContentTests {
    @Test func smallScreenShowsEveryModelsKeyFacts() throws {
        let scenario = try Fixtures.scenario("io_bound")
        let text = render(try Fixtures.state("io_bound", at: 300 * Time.millisecond), width: 80, height: 24).plainText()
        for model in scenario.models { #expect(text.contains(model.name), "missing \(model.name)") }
        for word in ["thr ", "p50 ", "p99 ", "CPU ", "GIL ", "done ", "GIL wait ", "queue ", "in flight ", "loop "] {
            #expect(text.contains(word), "missing \(word)")
        }
        for label in ["GIL ", "GIL P1", "T1 ", "T1 loop"] { #expect(text.contains(label), "missing lane \(label)") }
        // 8 threads do not fit at 80×24: folded, with what they are doing.
        #expect(text.contains("–T8: ") && text.contains("waiting on I/O"))
        for word in ["running", "GIL wait", "no core", "I/O", "idle", "GIL hand-off", "q quit", "? help"] {
            #expect(text.contains(word), "footer lacks \(word)")
        }
        #expect(text.contains("io_bound.json") && text.contains("t=300.000ms") && text.contains("paused"))
    }

    @Test func largeScreenShowsEveryLane() throws {
        let text = render(try Fixtures.state("io_bound", at: 300 * Time.millisecond), width: 200, height: 60).plainText()
        for label in ["T8 ", "GIL P4", "T4 "] { #expect(text.contains(label)) }
        #expect(!text.contains("…"))
        #expect(text.contains("I/O-bound requests"))
    }

    @Test func tooSmallTerminalSaysSoAndHowToQuit() throws {
        var state = try Fixtures.state("io_bound", at: 0)
        let text = render(state, width: 40, height: 10).plainText()
        #expect(text.contains("Terminal too small: 40x10"))
        #expect(text.contains("press q to quit"))
        #expect(state.press(.character("q")) == .quit)
    }

    /// The overlay's rows, scrolled from the top to the bottom with ↓, at `width` × `height`.
    static func helpRows(_ state: DashboardState, width: Int, height: Int) -> [String] {
        var state = state
        _ = state.press(.character("?"))
        var rows: [String] = []
        for _ in 0..<40 {
            let grid = render(state, width: width, height: height)
            rows += (0..<height).map { String(grid.row($0).map(\.character)) }.filter { $0.contains("│") }
            _ = state.press(.down)
        }
        return rows
    }

    @Test(arguments: [(80, 24), (60, 20), (120, 40)])
    func helpOverlayAndKeymapAgree(width: Int, height: Int) throws {
        let state = try Fixtures.state("io_bound", at: 0)
        let rows = Self.helpRows(state, width: width, height: height)
        let bindings = Keymap.dashboard(ascii: false)
        // Every binding is listed, its keys and its help on one row (scrolled into view).
        for binding in bindings {
            let names = binding.keyNames(ascii: false)
            #expect(
                rows.contains { $0.contains(names) && $0.contains(String(binding.help.prefix(width - 24))) },
                "the help at \(width)x\(height) lacks \(names): \(binding.help)")
        }
        // Every row that names keys is a binding, each key of which does something.
        let keyRows = Set(
            rows.compactMap { row in
                bindings.map { $0.keyNames(ascii: false) }.first { row.contains("│ " + $0 + "  ") }
            })
        #expect(keyRows.count == bindings.count, "rows naming keys: \(keyRows.sorted())")
        // No key is bound twice: the row a key is listed on is the action it does.
        let keys = bindings.flatMap(\.keys)
        #expect(Set(keys).count == keys.count, "a key is bound twice: \(keys)")
        // The notes under the keys are reached by scrolling, whole.
        #expect(rows.contains { $0.contains("GIL lane: the number of the thread holding it") })
        #expect(rows.contains { $0.contains("cells are in proportion.") })
    }

    @Test func helpOverlayScrollsWhenItDoesNotFitAndAnyOtherKeyClosesIt() throws {
        var state = try Fixtures.state("io_bound", at: 0)
        _ = state.press(.character("?"))
        let first = render(state, width: 60, height: 20).plainText()
        #expect(first.contains("more: ↓ PgDn"), "no sign of the rows below:\n\(first)")
        _ = state.press(.pageDown)
        #expect(state.showHelp)
        let scrolled = render(state, width: 60, height: 20).plainText()
        #expect(scrolled != first && scrolled.contains("above: ↑ PgUp") || scrolled.contains("↑ PgUp"))
        // Every key appears in the footer's keymap too: footer keys are bound.
        for binding in Keymap.dashboard(ascii: false) {
            for key in binding.footer?.keys ?? [] {
                #expect(Keymap.dashboard(ascii: false).contains { $0.keys.contains(key) }, "footer key \(key) is unbound")
            }
        }
        #expect(state.press(.character("x")) == .keepGoing && !state.showHelp)
        state.showHelp = true
        #expect(state.press(.ctrlC) == .quit)
    }

    @Test func theHeaderKeepsTheFileAndTheZoomAt80Columns() throws {
        // The longest bundled file name, with the clock at its widest ("t=1234.567ms").
        var state = try Fixtures.state("multiprocessing_small_tasks", at: 1_234_567 * Time.microsecond)
        for zoom in [0, DashboardState.defaultZoomIndex] {
            state.zoomIndex = zoom
            let header = String(render(state, width: 80, height: 24).row(0).map(\.character))
            #expect(header.contains("multiprocessing_small_tasks.json"), "\(header)")
            #expect(header.contains(HeaderFooter.zoom(state.timePerColumn, ascii: false) + "/col"), "\(header)")
        }
    }

    @Test func zoomingOutKeepsEveryHandoffMarked() throws {
        var state = try Fixtures.state("cpu_bound", at: 120 * Time.millisecond)
        state.focus = 1
        state.fullscreen = true  // "4 threads": the GIL changes hands every 5 ms through a 50 µs hand-off
        // From the zoom whose window spans a few switch intervals to the widest.
        for zoom in 2..<DashboardState.zoomLevels.count {
            state.zoomIndex = zoom
            let grid = render(state, width: 100, height: 30)
            let y = try #require((0..<grid.height).first { String(grid.row($0).map(\.character)).contains("│ GIL ") })
            // The lane's cells, by the pane's layout: after the border and label, before the status.
            let columns = 100 - 2 - Pane.labelWidth - Pane.statusWidth - 1
            let perColumn = DashboardState.zoomLevels[zoom]
            let firstCell = state.playback.clock / perColumn - SimTime(columns) + 1
            let gil = try #require(state.playback.tracks[1].simulation.timeline).gil(process: 0)
            for column in 0..<columns {
                let from = (firstCell + SimTime(column)) * perColumn
                let holdsHandoff = gil.indices.contains { i in
                    let until = i + 1 < gil.count ? gil[i + 1].start : SimTime.max
                    return gil[i].value == .handingOff && gil[i].start < from + perColumn && until > from
                }
                let cell = grid[1 + Pane.labelWidth + column, y]
                if holdsHandoff {
                    #expect(cell.style.underline || cell.character == "»", "hand-off unmarked at column \(column), \(perColumn) ns/column")
                }
            }
        }
    }

    @Test func steppingBackShowsExactlyTheEarlierScreen() throws {
        for scenario in ["io_bound", "cpu_bound"] {
            var state = try Fixtures.state(scenario, at: 290 * Time.millisecond)
            _ = state.press(.right)  // onto an instant where something happened
            var seen: [(SimTime, CellGrid)] = []
            for _ in 0..<40 {
                seen.append((state.playback.clock, render(state, width: 120, height: 40)))
                _ = state.press(.right)
            }
            for (clock, grid) in seen.reversed() {
                _ = state.press(.left)
                #expect(state.playback.clock == clock)
                #expect(render(state, width: 120, height: 40) == grid, "\(scenario) differs at \(clock)")
            }
        }
    }

    @Test func seekingBackAcrossSnapshotsIsExact() throws {
        var state = try Fixtures.state("io_bound", at: 1234 * Time.millisecond)
        let first = render(state, width: 200, height: 60)
        state.playback.seek(to: 5 * Time.second)
        state.playback.seek(to: 1234 * Time.millisecond)
        #expect(render(state, width: 200, height: 60) == first)
        _ = state.press(.character(","))
        _ = state.press(.character("."))
        #expect(render(state, width: 200, height: 60) == first)
    }

    @Test func historyAndSnapshotsStayBounded() throws {
        // 8 s is past 64 snapshots at the first interval: they must have been thinned.
        var playback = Playback(scenario: try Fixtures.scenario("io_bound"), retention: DashboardState.laneRetention)
        playback.seek(to: 8 * Time.second)
        #expect(playback.snapshotCount <= Playback.maxSnapshots)
        for track in playback.tracks { #expect(track.history.samples.count == track.history.capacity) }
    }

    @Test func playingStopsAtTheEnd() throws {
        var state = try Fixtures.state("cpu_bound", at: 0)
        state.speed = 1
        state.pauseAtNotes = false
        state.playing = true
        state.advance(wallSeconds: 2)
        #expect(state.playback.isFinished && !state.playing)
        #expect(render(state, width: 80, height: 24).plainText().contains("finished"))
    }

    @Test func keysChangeSpeedZoomFocusAndCores() throws {
        var state = try Fixtures.state("io_bound", at: 0)
        let speed = state.speed
        _ = state.press(.character("+"))
        #expect(state.speed > speed)
        for _ in 0..<30 { _ = state.press(.character("-")) }
        #expect(state.speed == 0.001)
        _ = state.press(.character("Z"))
        #expect(state.zoomIndex == DashboardState.defaultZoomIndex + 1)
        _ = state.press(.tab)
        _ = state.press(.enter)
        let text = render(state, width: 100, height: 30).plainText()
        #expect(text.contains("1 process, 8 threads") && !text.contains("4 processes"))
        _ = state.press(.character("c"))
        #expect(render(state, width: 100, height: 30).plainText().contains("core 4"))
        _ = state.press(.character(" "))
        #expect(state.playing)
        state.advance(wallSeconds: 1)
        #expect(state.playback.clock == 1 * Time.millisecond)  // 1 s at 1/1000
    }
}
