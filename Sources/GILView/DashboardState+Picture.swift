import GILCore

extension DashboardState {
    /// Lane columns in the picture `s` saves: the lanes of a wide terminal.
    static let pictureColumns = 200

    /// What is on screen as an SVG picture: the models shown (all, or the focused one full
    /// screen), each titled as its pane with its figures so far, their lanes at the screen's
    /// zoom up to where the screen's lanes end (`pictureColumns` of them, fewer near t = 0).
    public func picture() -> TimelineSVG {
        let shown = fullscreen ? [focus] : Array(playback.tracks.indices)
        let bands = shown.map { index in
            let simulation = playback.tracks[index].simulation
            return TimelineSVG.Band(simulation: simulation, name: paneTitle(index), figures: simulation.figures())
        }
        let end = viewEnd, perColumn = timePerColumn
        let columns = Int(min(SimTime(Self.pictureColumns), end / perColumn + 1))
        let title = sources.map { $0.scenario.title }.joined(separator: " + ")
        let subtitle =
            "\(fileName) · t = \(TimelineSVG.label(max(0, end - SimTime(columns) * perColumn))) to \(TimelineSVG.label(end))"
            + " · one column = \(TimelineSVG.label(perColumn)) · figures so far"
        return TimelineSVG(
            title: title, subtitle: subtitle, bands: bands, end: end, perColumn: perColumn, columns: columns,
            width: 1600)
    }

    /// `s`: the picture, for the app to write beside the focused model's file.
    func savePicture() -> Outcome {
        .savePicture(beside: sources[modelIDs[focus].source].path, svg: picture().render())
    }
}

/// Where `s` saves the picture: `dir/io_bound.json` → `dir/io_bound.lanes.svg` (attempt 1),
/// `dir/io_bound.lanes-2.svg`, …: a new file each time.
public enum PictureFileName {
    public static func candidate(for path: String, attempt: Int) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        var name = path[slash...]
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        return path[..<slash] + name + ".lanes" + (attempt == 1 ? "" : "-\(attempt)") + ".svg"
    }
}
