import GILCore

/// One model's box: its name and key figures in the top border, one row per lane (folded
/// when they do not all fit), and a row of further figures with sparklines.
struct Pane {
    var name: String
    var lanes: [LaneInfo]
    var figures: ModelFigures
    var track: ModelTrack
    var focused: Bool

    static let labelWidth = 9
    /// Terminals at least this wide get a column saying what each lane does now.
    static let statusMinWidth = 100
    static let statusWidth = 13

    /// Rows inside the box it would like: every lane and the figures row.
    var wantedRows: Int { lanes.count + 1 }

    /// Draws the box on `rect`; its top border is `rect.y`, its bottom `rect.maxY − 1`.
    /// `joined` draws the top corners as tees, where the box sits under another.
    func draw(into grid: inout CellGrid, rect: GridRect, joined: Bool, state: DashboardState) {
        let theme = state.theme
        let marker = focused ? (theme.ascii ? "> " : "▶ ") : ""
        grid.frame(rect, title: marker + name, style: theme.borderStyle,
                   titleStyle: focused ? theme.focusedTitleStyle : theme.titleStyle, ascii: theme.ascii)
        if joined, rect.width >= 2 {
            grid.put(theme.ascii ? "+" : "├", x: rect.x, y: rect.y, style: theme.borderStyle)
            grid.put(theme.ascii ? "+" : "┤", x: rect.x + rect.width - 1, y: rect.y, style: theme.borderStyle)
        }
        drawTitleFigures(into: &grid, rect: rect, theme: theme)

        let inner = GridRect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 2)
        guard inner.height >= 1, inner.width > 0 else { return }
        drawLanes(into: &grid, area: GridRect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - 1),
                  state: state)
        let sparkWidth = inner.width >= 90 ? 12 : inner.width >= 70 ? 6 : 0
        let details = Metrics.detailLine(track, figures: figures, sampleInterval: state.playback.sampleInterval,
                                         theme: theme, sparkWidth: sparkWidth)
        details.draw(into: &grid, x: inner.x + 1, y: inner.y + inner.height - 1, width: inner.width - 2)
    }

    /// Figures right-aligned in the top border, after the name; the least important go first
    /// when the border is short.
    private func drawTitleFigures(into grid: inout CellGrid, rect: GridRect, theme: Theme) {
        let nameColumns = name.count + (focused ? 2 : 0) + 4
        let room = rect.width - nameColumns - 3
        var line = Metrics.titleLine(figures, hasGIL: track.simulation.spec.gil, theme: theme)
        line.separator = "  "
        // Tighter spacing before leaving a figure out.
        if line.fitting(room).count < line.items.count { line.separator = " " }
        let width = line.fittedWidth(room)
        guard width > 0 else { return }
        let x = rect.x + rect.width - 2 - width
        grid.put(" ", x: x - 1, y: rect.y)
        line.draw(into: &grid, x: x, y: rect.y, width: room)
        grid.put(" ", x: x + width, y: rect.y)
    }

    private func drawLanes(into grid: inout CellGrid, area: GridRect, state: DashboardState) {
        guard area.height > 0, !lanes.isEmpty else { return }
        let theme = state.theme
        let statusWidth = area.width + 2 >= Self.statusMinWidth ? Self.statusWidth : 0
        let columns = max(0, area.width - Self.labelWidth - statusWidth - 1)
        // Lanes that do not fit fold into the last row, which says what they are doing; but a
        // single row shows the lane a lesson points at (an event loop's, else the first: the
        // GIL's), as a timeline says more than a count.
        let single = lanes.count > 1 && area.height == 1
        let shown = single ? [lanes.first(where: \.isEventLoop) ?? lanes[0]] : Array(lanes.prefix(area.height))
        let shownCount = single || lanes.count <= area.height ? shown.count : area.height - 1
        let timeline = track.simulation.timeline
        for (row, lane) in shown.prefix(shownCount).enumerated() {
            let y = area.y + row
            grid.put(lane.label, x: area.x + 1, y: y, style: theme.labelStyle, maxWidth: Self.labelWidth - 1)
            if let timeline {
                let x = area.x + Self.labelWidth
                let (end, perColumn) = (state.playback.clock, state.timePerColumn)
                switch lane.lane {
                case .thread(let t):
                    draw(LaneRenderer.cells(timeline.thread(t), end: end, perColumn: perColumn, columns: columns),
                         as: LaneMark.thread, into: &grid, x: x, y: y, theme: theme)
                case .gil(let p):
                    draw(LaneRenderer.cells(timeline.gil(process: p), end: end, perColumn: perColumn, columns: columns),
                         as: LaneMark.gil, into: &grid, x: x, y: y, theme: theme)
                case .core(let c):
                    draw(LaneRenderer.cells(timeline.core(c), end: end, perColumn: perColumn, columns: columns),
                         as: LaneMark.core, into: &grid, x: x, y: y, theme: theme)
                }
            }
            if statusWidth > 0 {
                grid.put(lane.status, x: area.x + Self.labelWidth + columns + 1, y: y, style: theme.dimStyle,
                         maxWidth: statusWidth)
            }
        }
        if !single, shownCount < lanes.count {
            let folded = Array(lanes[shownCount...])
            let y = area.y + shownCount
            grid.put(theme.ascii ? "..." : "…", x: area.x + 1, y: y, style: theme.dimStyle)
            grid.put(LaneInfo.foldSummary(folded, theme: theme), x: area.x + Self.labelWidth, y: y, style: theme.dimStyle,
                     maxWidth: area.width - Self.labelWidth)
        }
    }

    private func draw<Value>(_ cells: [LaneCell<Value>?], as mark: (Value) -> LaneMark, into grid: inout CellGrid,
                             x: Int, y: Int, theme: Theme) {
        for (column, cell) in cells.enumerated() {
            guard let cell else { continue }
            grid[x + column, y] = theme.cell(mark(cell.value), mixed: cell.mixed)
        }
    }
}
