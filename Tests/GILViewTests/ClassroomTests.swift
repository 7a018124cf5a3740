import Foundation
import Testing

@testable import GILCore
@testable import GILView

/// The classroom fixtures: io_bound with four notes (one at 0, one long enough to wrap), and a broken file.
enum ClassroomFixtures {
    static let directory = Fixtures.packageRoot.appendingPathComponent("Tests/fixtures/classroom").path

    static func notesState(at time: SimTime = 0, playing: Bool = false, theme: Theme = Theme()) throws -> DashboardState {
        let scenario = try ScenarioLoader.load(path: directory + "/io_bound_notes.json")
        var state = DashboardState(scenario: scenario, fileName: "io_bound_notes.json", playing: playing, theme: theme)
        state.playback.seek(to: time)
        return state
    }

    /// A library of the 14 lesson scenarios as written by hand, one invalid: what the picker
    /// shows without depending on the files in scenarios/.
    static func lessonLibrary() -> ScenarioLibrary {
        let entries = ScenarioLibrary.teachingOrder.map { name in
            ScenarioLibrary.Entry(
                path: "scenarios/\(name).json", fileName: "\(name).json",
                title: name.replacingOccurrences(of: "_", with: " ").capitalized,
                description: "What \(name) teaches, in a sentence or two that the picker wraps to the width of its box.")
        }
        var library = ScenarioLibrary(directory: "scenarios", entries: entries)
        library.entries[3].problem = """
            scenarios/convoy_effect.json:5:27: error: unknown value "poison" for workload.arrivals.kind; did you mean "poisson"? valid values: batch, poisson, uniform, closed
                "arrivals": { "kind": "poison", "rate": 10 },
                                      ^
            """
        library.entries[3].title = "convoy_effect.json"
        library.entries[3].description = ""
        return library
    }
}

@Suite struct ScenarioLibraryTests {
    @Test func listsEveryFileInTeachingOrderWithProblemsInsteadOfFailing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gilview-library-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let valid = try String(contentsOfFile: ClassroomFixtures.directory + "/io_bound_notes.json", encoding: .utf8)
        let broken = try String(contentsOfFile: ClassroomFixtures.directory + "/broken.json", encoding: .utf8)
        for name in ["aaa_custom", "io_bound", "cpu_bound", "myths"] {
            try valid.write(to: directory.appendingPathComponent("\(name).json"), atomically: true, encoding: .utf8)
        }
        try broken.write(to: directory.appendingPathComponent("ticket_office.json"), atomically: true, encoding: .utf8)
        try "not a scenario".write(to: directory.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)

        let library = try ScenarioLibrary(directory: directory.path)
        #expect(
            library.entries.map(\.fileName)
                == ["ticket_office.json", "cpu_bound.json", "io_bound.json", "myths.json", "aaa_custom.json"])
        let broken0 = library.entries[0]
        #expect(broken0.problem?.contains("ticket_office.json:4:39: error: unknown value \"poison\"") == true)
        #expect(library.entries[1].problem == nil && library.entries[1].title == "I/O-bound requests")
        #expect(library.entries[1].description.hasPrefix("Each page does 2 ms of Python"))

        let listing = library.listing().split(separator: "\n")
        #expect(listing.count == 5)
        #expect(listing[0].hasPrefix("ticket_office.json  invalid: ") && listing[0].contains("poison"))
        #expect(listing[1] == "cpu_bound.json      I/O-bound requests")
    }

    @Test func anUnreadableDirectoryThrows() {
        #expect(throws: (any Error).self) { try ScenarioLibrary(directory: "/nonexistent/gilview-scenarios") }
    }
}

@Suite struct ScenarioPickerTests {
    @Test func arrowsAndVimKeysMoveWithinTheListEnterOpensQQuits() {
        var picker = ScenarioPicker(library: ClassroomFixtures.lessonLibrary())
        #expect(picker.selected == 0)
        _ = picker.handle(.up)
        #expect(picker.selected == 0)
        _ = picker.handle(.down)
        _ = picker.handle(.character("j"))
        #expect(picker.selected == 2)
        _ = picker.handle(.character("k"))
        #expect(picker.selected == 1)
        _ = picker.handle(.end)
        _ = picker.handle(.down)
        #expect(picker.selected == 14)
        _ = picker.handle(.pageUp)
        #expect(picker.selected == 4)
        #expect(picker.handle(.enter) == .open(picker.library.entries[4]))
        #expect(picker.handle(.character("q")) == .quit)
        #expect(picker.handle(.ctrlC) == .quit)
        #expect(ScenarioPicker(library: picker.library, selecting: "myths.json").selected == 14)
        #expect(ScenarioPicker(library: picker.library, selecting: "gone.json").selected == 0)
    }

    @Test(arguments: [(0, true), (3, false), (12, true)])
    func matchesStoredPicture(selected: Int, color: Bool) throws {
        var picker = ScenarioPicker(library: ClassroomFixtures.lessonLibrary(), theme: Theme(color: color))
        picker.selected = selected
        if selected == 3 { picker.message = "convoy_effect.json does not load: its problems are below." }
        let grid = render(picker, width: 80, height: 24)
        try GridSnapshot.expectMatches(grid, named: "picker_80x24_\(selected)_\(color ? "color" : "mono")")
        let text = grid.plainText()
        // The selection is always in view, with its description or problems below.
        #expect(text.contains(picker.library.entries[selected].fileName))
        #expect(text.contains("Enter open") && text.contains("q quit"))
    }

    @Test func emptyAndTinyScreensSaySo() {
        let empty = render(ScenarioPicker(library: ScenarioLibrary(directory: "nowhere", entries: [])), width: 80, height: 24)
        #expect(empty.plainText().contains("No scenario files (*.json) in nowhere."))
        let tiny = render(ScenarioPicker(library: ClassroomFixtures.lessonLibrary()), width: 39, height: 11)
        #expect(tiny.plainText().contains("press q to quit"))
    }
}

@Suite struct NoteCaptionTests {
    @Test func captionShowsTheLatestNoteUntilTheNext() throws {
        let before = try ClassroomFixtures.notesState(at: 119 * Time.millisecond)
        #expect(before.currentNotes?.number == 1)
        let at = try ClassroomFixtures.notesState(at: 120 * Time.millisecond)
        #expect(at.currentNotes?.number == 2)
        let text = render(at, width: 80, height: 24).plainText()
        let lines = text.split(separator: "\n")
        #expect(lines[1].hasPrefix(" Note 2/4  Look at the 8-thread pane"))
        // Wrapped at 80 columns, every word kept, indented under the text.
        let caption = lines[1...3].map { $0.dropFirst(11) }.joined(separator: " ")
        #expect(caption == at.notes[1].text[...])
        #expect(lines[2].hasPrefix(String(repeating: " ", count: 11)))
        for line in lines { #expect(line.count <= 80) }
        // Still the models' boxes under it.
        #expect(text.contains("free-threaded, 8"))
        let late = try ClassroomFixtures.notesState(at: 5 * Time.second)
        #expect(late.currentNotes?.number == 4)
        #expect(render(late, width: 80, height: 24).plainText().contains("Note 4/4  One thread cannot keep up"))
    }

    @Test func glyphsQuotedInANoteFollowTheTheme() throws {
        var scenario = try ScenarioLoader.load(path: ClassroomFixtures.directory + "/io_bound_notes.json")
        scenario.notes = [Note(at: 0, text: "the loop in ▀, threads in ▒, a hand-off »")]
        var state = DashboardState(scenario: scenario, fileName: "x.json", playing: false, theme: Theme(ascii: true))
        let ascii = Theme(ascii: true)
        let expected = "the loop in \(ascii.glyph(.blocking)), threads in \(ascii.glyph(.gilWait)), a hand-off \(ascii.handoffGlyph)"
        #expect(render(state, width: 80, height: 24).plainText().contains(expected))
        state.theme = Theme()
        #expect(render(state, width: 80, height: 24).plainText().contains("the loop in ▀, threads in ▒, a hand-off »"))
    }

    @Test func noNotesNoCaption() throws {
        var scenario = try ScenarioLoader.load(path: ClassroomFixtures.directory + "/io_bound_notes.json")
        scenario.notes = []
        let state = DashboardState(scenario: scenario, fileName: "x.json", playing: false)
        #expect(state.currentNotes == nil)
        #expect(!render(state, width: 80, height: 24).plainText().contains("Note "))
    }

    @Test func playingPausesExactlyAtEachNoteWhateverTheStep() throws {
        var state = try ClassroomFixtures.notesState(playing: true)
        state.speed = 100
        state.advance(wallSeconds: 1)  // a 100 s step
        #expect(state.playback.clock == 120 * Time.millisecond && !state.playing)
        state.advance(wallSeconds: 1)
        #expect(state.playback.clock == 120 * Time.millisecond, "paused: the clock stays")
        _ = state.press(.character(" "))
        state.advance(wallSeconds: 1)
        #expect(state.playback.clock == 250 * Time.millisecond && !state.playing)
        _ = state.press(.character(" "))
        state.speed = 0.001
        state.advance(wallSeconds: 1)  // 1 ms: short of the next note
        #expect(state.playback.clock == 251 * Time.millisecond && state.playing)
        state.advance(wallSeconds: 200)  // 200 ms: past 400 ms by 51 ms
        #expect(state.playback.clock == 400 * Time.millisecond && !state.playing)
    }

    @Test func pausingAtNotesCanBeTurnedOff() throws {
        var state = try ClassroomFixtures.notesState(playing: true)
        state.pauseAtNotes = false
        state.speed = 1
        state.advance(wallSeconds: 0.5)
        #expect(state.playback.clock == 500 * Time.millisecond && state.playing)
        #expect(state.currentNotes?.number == 4)
    }

    @Test func nAndShiftNJumpBetweenNotesAndPause() throws {
        var state = try ClassroomFixtures.notesState(at: 130 * Time.millisecond, playing: true)
        _ = state.press(.character("n"))
        #expect(state.playback.clock == 250 * Time.millisecond && !state.playing)
        _ = state.press(.character("N"))
        #expect(state.playback.clock == 120 * Time.millisecond)
        state.playback.seek(to: 130 * Time.millisecond)
        _ = state.press(.character("N"))  // back to the start of the note showing
        #expect(state.playback.clock == 120 * Time.millisecond)
        for _ in 0..<5 { _ = state.press(.character("N")) }
        #expect(state.playback.clock == 0)
        for _ in 0..<5 { _ = state.press(.character("n")) }
        #expect(state.playback.clock == 400 * Time.millisecond, "n stops at the last note")
        #expect(Keymap.dashboard(ascii: false).contains { $0.keys == [.character("n"), .character("N")] })
    }
}

@Suite struct HighContrastThemeTests {
    @Test func everyStateKeepsItsOwnGlyphAndIsBold() {
        for color in [true, false] {
            let theme = Theme(color: color, highContrast: true)
            let activities = Theme.legendActivities(connectionPools: true)
            let glyphs = Set(activities.map(theme.glyph))
            #expect(glyphs.count == activities.count)
            for activity in activities where activity != .idle && activity != .awaiting {
                #expect(theme.style(activity).bold, "\(activity) not bold")
            }
            #expect(theme.style(.idle).foreground != .brightBlack, "grey washes out on a projector")
            #expect(!theme.dimStyle.dim && theme.dimStyle.foreground != .brightBlack)
        }
    }

    @Test func captionOnAProjectorMatchesStoredPicture() throws {
        let state = try ClassroomFixtures.notesState(at: 130 * Time.millisecond, theme: Theme(highContrast: true))
        try GridSnapshot.expectMatches(render(state, width: 80, height: 24), named: "classroom_caption_80x24_high_contrast")
    }
}
