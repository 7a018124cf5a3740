import Foundation
import GILCore
import Testing

@testable import GILView

/// The dashboard's `s`: the lanes on screen as an SVG picture, saved beside the file.
struct ExportPictureKeyTests {
    /// `s` asks the app to write the picture beside the file: the models on screen titled as
    /// their panes, at the screen's zoom, ending where its lanes end.
    @Test func savesWhatIsOnScreen() throws {
        var state = try Fixtures.state("io_bound", at: 180 * Time.millisecond)
        let outcome = state.press(.character("s"))
        guard case .savePicture(let path, let svg) = outcome else {
            Issue.record("s gave \(outcome)")
            return
        }
        #expect(path == "io_bound.json")
        let reader = try ExportSVGTests.SVGReader.read(svg)
        for track in state.playback.tracks.indices { #expect(reader.texts.contains(state.paneTitle(track))) }
        let picture = state.picture()
        #expect(picture.end == state.viewEnd && picture.perColumn == state.timePerColumn)
        #expect(picture.columns == 181, "from t = 0 to the screen's end, 1 ms a column")

        // Full screen: the focused model alone.
        _ = state.press(.tab)
        _ = state.press(.enter)
        #expect(state.picture().bands.map(\.name) == [state.paneTitle(1)])
    }

    @Test func picturesGetNewNamesBesideTheFile() {
        #expect(PictureFileName.candidate(for: "scenarios/io_bound.json", attempt: 1) == "scenarios/io_bound.lanes.svg")
        #expect(PictureFileName.candidate(for: "scenarios/io_bound.json", attempt: 3) == "scenarios/io_bound.lanes-3.svg")
        #expect(PictureFileName.candidate(for: "plain", attempt: 2) == "plain.lanes-2.svg")
    }
}
