import GILCore

/// The whole screen for `state` at `width` × `height`: a pure function, so every screen can be
/// tested as text.
public func render(_ state: DashboardState, width: Int, height: Int) -> CellGrid {
    var grid = CellGrid(width: width, height: height)
    let layout = ScreenLayout(state, width: width, height: height)
    guard layout.fits else {
        TooSmall.draw(into: &grid, minimumWidth: Layout.minimumWidth, minimumHeight: layout.minimumHeight)
        return grid
    }

    HeaderFooter.drawHeader(into: &grid, state: state)
    Caption.draw(layout.caption, into: &grid, y: 1, theme: state.theme)
    for (i, line) in layout.footer.enumerated() {
        line.draw(into: &grid, x: 1, y: height - layout.footer.count + i, width: width - 2)
    }

    if state.showComparison {
        let top = 1 + layout.caption.count
        ComparisonView.draw(
            into: &grid, rect: GridRect(x: 0, y: top, width: width, height: height - top - layout.footer.count), state: state)
        if state.showHelp { HelpOverlay.draw(into: &grid, state: state) }
        return grid
    }
    for (i, box) in layout.panes.enumerated() {
        box.pane.draw(into: &grid, rect: box.rect, joined: i > 0, state: state)
    }
    if !state.showOffice, let last = layout.panes.last?.rect {
        // The ruler in the bottom border, under the lanes: the lane columns, and the status
        // column for labels. The office view has no time axis.
        let columns = Pane.laneColumns(boxWidth: last.width)
        TimeRuler.draw(
            into: &grid, x: last.x + 1 + Pane.labelWidth, y: last.y + last.height - 1, columns: columns,
            room: last.width - 3 - Pane.labelWidth, state: state)
    }
    if state.showHelp { HelpOverlay.draw(into: &grid, state: state) }
    return grid
}

/// Where a click at (`x`, `y`) lands: the model's track and the lane cell under it, as an
/// inspect cursor; nil outside every lane.
public func hitTest(_ state: DashboardState, width: Int, height: Int, x: Int, y: Int) -> (track: Int, cursor: InspectCursor)? {
    guard !state.showComparison, !state.showHelp else { return nil }
    let layout = ScreenLayout(state, width: width, height: height)
    guard layout.fits else { return nil }
    for box in layout.panes {
        guard let rows = box.pane.laneRows(in: box.rect, state: state) else { continue }
        let row = y - rows.area.y
        let column = x - (rows.area.x + Pane.labelWidth)
        let columns = Pane.laneColumns(boxWidth: box.rect.width)
        guard rows.shown.indices.contains(row), (0..<columns).contains(column) else { continue }
        return (
            box.track, InspectCursor(lane: rows.shown[row].lane, columnsBack: columns - 1 - column, measured: box.pane.twin != nil)
        )
    }
    return nil
}

/// The screen's parts for `state` at `width` × `height`: the caption, the footer and one box per
/// model shown — what `render` draws and `hitTest` reads.
struct ScreenLayout {
    var caption: [String] = []
    var footer: [TextLine]
    var panes: [(pane: Pane, rect: GridRect, track: Int)] = []
    /// The fewest rows that fit.
    var minimumHeight: Int
    /// Whether the screen is large enough to draw (else "terminal too small").
    var fits = false

    /// Layout: a header row; one box per model, stacked and sharing borders, each given at least
    /// its figures row (and a lane row when there is room), the rest shared out until every box
    /// has all its lanes; the legend and keys at the bottom. Lanes that do not fit are folded.
    init(_ state: DashboardState, width: Int, height: Int) {
        let shown = state.fullscreen ? [state.focus] : Array(state.playback.tracks.indices)
        let legendRows = height >= 20 ? 2 : 1
        let explanation = Inspector.lines(state, columns: Pane.laneColumns(boxWidth: width)).map(state.theme.text)
        footer = HeaderFooter.footerLines(state: state, width: width, legendRows: legendRows, explanation: explanation)
        // A box needs its top border and one row; the last box its bottom border too.
        minimumHeight = 1 + footer.count + 2 * (shown.count + shown.filter { state.measuredTwins[$0] != nil }.count) + 1
        guard width >= Layout.minimumWidth, height >= minimumHeight else { return }
        fits = true
        // The note showing now comes before the lanes: it takes rows first, the boxes share the rest.
        caption = Caption.lines(state, width: width, rows: height - minimumHeight)
        guard !state.showComparison else { return }

        let boxes = shown.flatMap { index in [(index, false)] + (state.measuredTwins[index] == nil ? [] : [(index, true)]) }
        let panes = boxes.map { index, isTwin -> Pane in
            let track = state.playback.tracks[index]
            if isTwin, let twin = state.measuredTwins[index] {
                return Pane(
                    name: twin.name, lanes: LaneInfo.lanes(of: twin, at: state.playback.clock), figures: track.simulation.figures(),
                    track: track, focused: false, cursor: index == state.focus ? state.inspecting.flatMap { $0.measured ? $0 : nil } : nil,
                    twin: twin)
            }
            return Pane(
                name: state.paneTitle(index),
                lanes: state.showOffice ? [] : LaneInfo.lanes(of: track.simulation, showCores: state.showCores),
                figures: track.simulation.figures(),
                track: track,
                focused: index == state.focus && shown.count > 1,
                pinned: state.noteLanes(track: index),
                cursor: index == state.focus ? state.inspecting.flatMap { $0.measured ? nil : $0 } : nil,
                office: state.showOffice ? state.officeView(track: index) : nil)
        }
        let bodyHeight = height - 1 - caption.count - footer.count
        let rows = Layout.shareRows(wanted: panes.map(\.wantedRows), available: bodyHeight - panes.count - 1)
        var y = 1 + caption.count
        for (i, pane) in panes.enumerated() {
            self.panes.append((pane, GridRect(x: 0, y: y, width: width, height: rows[i] + 2), boxes[i].0))
            y += rows[i] + 1
        }
    }
}

enum Layout {
    static let minimumWidth = 60

    /// Rows inside each box: at least one (the figures), then a second (a lane, or the fold
    /// line) for every box if all can have one, then one at a time to boxes still short of
    /// what they want, in turn; rows left over go to the last box.
    static func shareRows(wanted: [Int], available: Int) -> [Int] {
        guard !wanted.isEmpty else { return [] }
        var rows = wanted.map { _ in 1 }
        var left = available - wanted.count
        if left >= wanted.count {
            rows = rows.map { $0 + 1 }
            left -= wanted.count
        }
        var progress = true
        while left > 0, progress {
            progress = false
            for i in wanted.indices where left > 0 && rows[i] < wanted[i] {
                rows[i] += 1
                left -= 1
                progress = true
            }
        }
        rows[rows.count - 1] += max(0, left)
        return rows
    }
}
