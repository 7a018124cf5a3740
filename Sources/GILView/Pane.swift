import GILCore

/// One model's box: its name and key figures in the top border, one row per lane (folded
/// when they do not all fit), and a row of further figures with sparklines.
struct Pane {
    var name: String
    var lanes: [LaneInfo]
    var figures: ModelFigures
    var track: ModelTrack
    var focused: Bool
    /// Lanes the note showing now names: kept unfolded when the box is short.
    var pinned: [NoteView.Lane] = []
    /// The inspect cursor, in the focused model's box: its lane is kept unfolded, its cell reversed.
    var cursor: InspectCursor?
    /// The office picture drawn instead of the lanes (`o`), if shown.
    var office: OfficeView?
    /// The real run of the model (`verify --show`): its lanes and figures instead of the simulation's.
    var twin: MeasuredTwin?

    static let labelWidth = 9
    /// Terminals at least this wide get a column saying what each lane does now.
    static let statusMinWidth = 100
    static let statusWidth = 13

    /// Rows inside the box it would like: every lane (or office row) and the figures row.
    var wantedRows: Int { (office.map { OfficeLayout.wantedRows($0.snapshot) } ?? lanes.count) + 1 }

    /// Draws the box on `rect`; its top border is `rect.y`, its bottom `rect.maxY − 1`.
    /// `joined` draws the top corners as tees, where the box sits under another.
    func draw(into grid: inout CellGrid, rect: GridRect, joined: Bool, state: DashboardState) {
        let theme = state.theme
        let marker = focused ? (theme.ascii ? "> " : "▶ ") : ""
        grid.frame(
            rect, title: marker + name, style: theme.borderStyle,
            titleStyle: focused ? theme.focusedTitleStyle : theme.titleStyle, ascii: theme.ascii)
        if joined, rect.width >= 2 {
            grid.put(theme.ascii ? "+" : "├", x: rect.x, y: rect.y, style: theme.borderStyle)
            grid.put(theme.ascii ? "+" : "┤", x: rect.x + rect.width - 1, y: rect.y, style: theme.borderStyle)
        }
        drawTitleFigures(into: &grid, rect: rect, theme: theme)

        let inner = GridRect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 2)
        guard inner.height >= 1, inner.width > 0 else { return }
        if let office {
            office.draw(
                into: &grid, area: GridRect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - 1),
                pinned: pinned)
        } else if let rows = laneRows(in: rect, state: state) {
            drawLanes(rows, into: &grid, state: state)
        }
        let sparkWidth = inner.width >= 90 ? 12 : inner.width >= 70 ? 6 : 0
        let details =
            twin?.detailLine(theme: theme)
            ?? Metrics.detailLine(
                track, figures: figures, sampleInterval: state.playback.sampleInterval, theme: theme, sparkWidth: sparkWidth)
        details.draw(into: &grid, x: inner.x + 1, y: inner.y + inner.height - 1, width: inner.width - 2)
    }

    /// Figures right-aligned in the top border, after the name; the least important go first
    /// when the border is short.
    private func drawTitleFigures(into grid: inout CellGrid, rect: GridRect, theme: Theme) {
        let nameColumns = name.count + (focused ? 2 : 0) + 4
        let room = rect.width - nameColumns - 3
        var line = twin?.titleLine() ?? Metrics.titleLine(figures, hasGIL: track.simulation.spec.gil, theme: theme)
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

    /// The status column's width in a box `boxWidth` wide (none on narrow terminals).
    static func statusWidth(boxWidth: Int) -> Int { boxWidth >= statusMinWidth ? statusWidth : 0 }

    /// How many lane cells a box `boxWidth` wide draws.
    static func laneColumns(boxWidth: Int) -> Int {
        max(0, boxWidth - 2 - labelWidth - statusWidth(boxWidth: boxWidth) - 1)
    }

    /// The lane rows of the box on `rect` (above its figures row): the lanes with a row of their
    /// own and those folded into the last; nil when there is no room for lanes.
    func laneRows(in rect: GridRect, state: DashboardState) -> (area: GridRect, shown: [LaneInfo], folded: [LaneInfo])? {
        let area = GridRect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 3)
        guard office == nil, area.height > 0, area.width > 0, !lanes.isEmpty else { return nil }
        // Lanes that do not fit fold into the last row, which says what they are doing; the
        // inspected lane is kept, so the cursor is always on screen.
        let cursorLane = cursor.flatMap { cursor in lanes.first { $0.lane == cursor.lane } }
        let (shown, folded) = LaneInfo.choose(lanes, rows: area.height, pinned: (cursorLane.map { [$0.noteName] } ?? []) + pinned)
        return (area, shown, folded)
    }

    private func drawLanes(
        _ rows: (area: GridRect, shown: [LaneInfo], folded: [LaneInfo]), into grid: inout CellGrid,
        state: DashboardState
    ) {
        let (area, shown, folded) = rows
        let theme = state.theme
        let statusWidth = Self.statusWidth(boxWidth: area.width + 2)
        let columns = Self.laneColumns(boxWidth: area.width + 2)
        let timeline = twin?.timeline ?? track.simulation.timeline
        for (row, lane) in shown.enumerated() {
            let y = area.y + row
            grid.put(lane.label, x: area.x + 1, y: y, style: theme.labelStyle, maxWidth: Self.labelWidth - 1)
            if let timeline {
                let x = area.x + Self.labelWidth
                let (end, perColumn) = (state.viewEnd, state.timePerColumn)
                switch lane.lane {
                case .thread(let t):
                    draw(
                        LaneRenderer.cells(timeline.thread(t), end: end, perColumn: perColumn, columns: columns),
                        as: LaneMark.thread, into: &grid, x: x, y: y, theme: theme)
                case .gil(let p):
                    draw(
                        LaneRenderer.cells(timeline.gil(process: p), end: end, perColumn: perColumn, columns: columns),
                        as: LaneMark.gil, into: &grid, x: x, y: y, theme: theme)
                case .core(let c):
                    draw(
                        LaneRenderer.cells(timeline.core(c), end: end, perColumn: perColumn, columns: columns),
                        as: LaneMark.core, into: &grid, x: x, y: y, theme: theme)
                }
                if let cursor, cursor.lane == lane.lane, columns > 0 {
                    let x = area.x + Self.labelWidth + columns - 1 - min(cursor.columnsBack, columns - 1)
                    var cell = grid[x, y]
                    cell.style.reverse.toggle()
                    if cell.character == " " { cell.character = theme.ascii ? "^" : "▲" }
                    grid[x, y] = cell
                }
            }
            if statusWidth > 0 {
                grid.put(
                    lane.status, x: area.x + Self.labelWidth + columns + 1, y: y, style: theme.dimStyle,
                    maxWidth: statusWidth)
            }
        }
        if !folded.isEmpty {
            let y = area.y + shown.count
            grid.put(theme.ascii ? "..." : "…", x: area.x + 1, y: y, style: theme.dimStyle)
            grid.put(
                LaneInfo.foldSummary(folded, theme: theme), x: area.x + Self.labelWidth, y: y, style: theme.dimStyle,
                maxWidth: area.width - Self.labelWidth)
        }
    }

    private func draw<Value>(
        _ cells: [LaneCell<Value>?], as mark: (Value) -> LaneMark, into grid: inout CellGrid,
        x: Int, y: Int, theme: Theme
    ) {
        for (column, cell) in cells.enumerated() {
            guard let cell else { continue }
            grid[x + column, y] = theme.cell(mark(cell.value), mixed: cell.mixed)
        }
    }
}
