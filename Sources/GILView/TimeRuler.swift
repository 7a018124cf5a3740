import GILCore

/// The time ruler in the bottom border under the lanes: a tick (`┴`, `+` in ASCII) at round
/// multiples of the zoom, each labelled with its time in the zoom's unit ("120ms", "2350µs").
/// It uses the lanes' own fixed cell boundaries (LaneRenderer): a tick's column is the cell that
/// begins at the labelled time, so the ruler, the lanes and the inspect line agree.
enum TimeRuler {
    struct Tick: Equatable {
        /// The lane column, from 0 at the left.
        var column: Int
        /// The time the tick's cell begins at.
        var time: SimTime
        var label: String
    }

    /// Cells between ticks: the first of these that leaves room for the widest label and a gap.
    static let spacings: [SimTime] = [5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000]

    /// The ticks over `columns` lane columns whose last holds `end`, `perColumn` a column.
    static func ticks(end: SimTime, perColumn: SimTime, columns: Int, ascii: Bool) -> [Tick] {
        guard columns > 0, perColumn > 0, end >= 0 else { return [] }
        let lastCell = end / perColumn
        let firstCell = lastCell - SimTime(columns) + 1
        // The widest label is the latest time's: every tick gets that much room.
        let widest = label(lastCell * perColumn, perColumn: perColumn, ascii: ascii).count
        let spacing = spacings.first { $0 >= SimTime(widest + 2) } ?? spacings[spacings.count - 1]
        var ticks: [Tick] = []
        var cell = max(0, firstCell + (spacing - firstCell % spacing) % spacing)
        while cell <= lastCell {
            let time = cell * perColumn
            ticks.append(Tick(column: Int(cell - firstCell), time: time, label: label(time, perColumn: perColumn, ascii: ascii)))
            cell += spacing
        }
        return ticks
    }

    /// `time` in the zoom's unit (`HeaderFooter.zoomUnit`).
    static func label(_ time: SimTime, perColumn: SimTime, ascii: Bool) -> String {
        let unit = HeaderFooter.zoomUnit(perColumn, ascii: ascii)
        return "\(time / unit.size)\(unit.name)"
    }

    /// Draws the ticks on row `y`, lane column 0 at `x`; a label that would run past
    /// `x + room` is left out (its tick stays).
    static func draw(into grid: inout CellGrid, x: Int, y: Int, columns: Int, room: Int, state: DashboardState) {
        let theme = state.theme
        for tick in ticks(end: state.viewEnd, perColumn: state.timePerColumn, columns: columns, ascii: theme.ascii) {
            grid.put(theme.ascii ? "+" : "┴", x: x + tick.column, y: y, style: theme.borderStyle)
            if tick.column + 1 + tick.label.count <= room {
                grid.put(tick.label, x: x + tick.column + 1, y: y, style: theme.dimStyle)
            }
        }
    }
}
