import Foundation
import GILCore
import Testing

@testable import GILView

/// Every caption of the library, walked with `n` as a teacher would at 80×24: what a note talks
/// about — the lanes it names and the glyphs it quotes — is on the screen while it shows.
struct NoteWalkTests {
    static let bundled: [String] = {
        let directory = Fixtures.packageRoot.appendingPathComponent("scenarios")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }()

    @Test(arguments: bundled)
    func everyNoteShowsWhatItNames(_ name: String) throws {
        let scenario = try Fixtures.scenario(name)
        var state = DashboardState(scenario: scenario, fileName: "\(name).json", playing: false)
        for (k, note) in state.notes.enumerated() {
            _ = state.press(.character("n"))
            #expect(state.playback.clock == note.at)
            let screen = render(state, width: 80, height: 24).plainText().split(separator: "\n").map(String.init)
            let place = "\(name).json note \(k + 1) at \(DurationParser.format(note.at))"
            #expect(screen.contains { $0.contains("Note \(k + 1)/") }, "\(place): its caption is not shown")
            // The picture a note asks for (`show.view`) is the one drawn, and the office's legend with it.
            if let picture = note.view?.picture { #expect(state.showOffice == (picture == .office), "\(place): not the \(picture)") }
            #expect(screen.contains { $0.contains("window = GIL") } == state.showOffice, "\(place): legend")
            // The boxes' rows: lanes and figures, not the caption or the legend (which quote glyphs too).
            let boxRows = screen.filter { $0.hasPrefix("│") }
            let labels = boxRows.map { String($0.dropFirst(2).prefix(Pane.labelWidth - 1)).trimmingCharacters(in: .whitespaces) }
            for lane in Self.lanesNamed(by: note) {
                #expect(
                    labels.contains { Self.label($0, shows: lane) }, "\(place) names \(lane), not drawn:\n\(screen.joined(separator: "\n"))"
                )
            }
            if let count = Self.gilLaneCount(in: note.text) {
                #expect(
                    labels.filter { $0.hasPrefix("GIL") }.count >= count,
                    "\(place) names \(count) GIL lanes:\n\(screen.joined(separator: "\n"))")
            }
            if note.text.contains("exec lane") {
                #expect(labels.contains { $0.hasSuffix("exec") }, "\(place) names exec lanes:\n\(screen.joined(separator: "\n"))")
            }
            let lanes = boxRows.map { $0.dropFirst(1 + Pane.labelWidth) }.joined()
            for glyph in Self.quotedGlyphs(note.text) {
                #expect(lanes.contains(glyph), "\(place) quotes \(glyph), not drawn:\n\(screen.joined(separator: "\n"))")
            }
        }
    }

    /// Lanes a note names: its `show.lanes`, and lanes its text names ("T2", "GIL P2").
    static func lanesNamed(by note: Note) -> [NoteView.Lane] {
        var lanes = note.view?.lanes ?? []
        let words = note.text.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        for (i, word) in words.enumerated() {
            if let lane = NoteView.Lane(label: word), case .thread = lane { lanes.append(lane) }
            if word == "GIL", i + 1 < words.count, let lane = NoteView.Lane(label: "GIL " + words[i + 1]) { lanes.append(lane) }
        }
        if note.text.contains("GIL lane"), !note.text.contains("no GIL lane") { lanes.append(.gil(process: nil)) }
        return lanes
    }

    /// "nine GIL lanes" → 9.
    static func gilLaneCount(in text: String) -> Int? {
        let numbers = ["two", "three", "four", "five", "six", "seven", "eight", "nine"]
        return numbers.firstIndex { text.contains("\($0) GIL lanes") }.map { $0 + 2 }
    }

    /// A row label ("T2", "T1 loop", "GIL P2") shows `lane`.
    static func label(_ label: String, shows lane: NoteView.Lane) -> Bool {
        switch lane {
        case .gil(nil): label.hasPrefix("GIL")
        default: label == lane.description || label.hasPrefix(lane.description + " ")
        }
    }

    /// The state glyphs a note quotes ("waits (▒)").
    static func quotedGlyphs(_ text: String) -> [Character] {
        let theme = Theme()
        let glyphs = Set(ThreadActivity.allCases.map(theme.glyph) + [theme.handoffGlyph])
        return text.filter(glyphs.contains).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }
}
