import Foundation
import GILCore

/// The `v` view: every model's live figures side by side at the playback time, the best in each
/// column marked (a `*` and bold, so it reads without colour), each model against the baseline
/// (`b` cycles it), and the verdicts those numbers give.
enum ComparisonView {
    /// Columns in the order they are given up when the terminal is narrow.
    static let columnPriority: [Comparison.Column] = [.throughput, .p50, .p99, .cpu, .gilWait, .memory, .p95, .gilHeld, .makespan]
    /// Names are cut to this at 80 columns; wider terminals give them up to a third of the width.
    static let nameWidthLimit = 22

    static func comparison(_ state: DashboardState) -> Comparison {
        // Job names too: the per-job verdicts (a job one model slows) need the jobs' latencies.
        // Each model's own, since models from several files have different workloads.
        var figures = zip(state.playback.tracks, state.playback.models).map { track, model in
            track.simulation.figures()
        }
        for track in figures.indices { figures[track].name = state.comparisonName(track) }
        return Comparison(scenario: state.comparedScenario, figures: figures, baseline: state.baseline)
    }

    /// Draws the view in `rect` (its border included), scrolled by `state.comparisonScroll`
    /// when it does not fit.
    static func draw(into grid: inout CellGrid, rect: GridRect, state: DashboardState) {
        let theme = state.theme
        let comparison = comparison(state)
        let (settled, held) = comparison.settledVerdicts(finished: state.playback.isFinished)
        let baselineName = comparison.models[comparison.baseline].name
        let title =
            "Compared at t=\(HeaderFooter.time(state.playback.clock)) on \(comparison.completedText()) done  \(Comparison.bestMark) best (CPU and GIL have none)"
        guard rect.width > 4, rect.height > 2 else {
            grid.frame(rect, title: title, style: theme.borderStyle, titleStyle: theme.titleStyle, ascii: theme.ascii)
            return
        }
        let width = rect.width - 4

        let columns = fittingColumns(comparison, width: width, ascii: theme.ascii)
        let nameWidth = nameColumnWidth(comparison, width: width)
        let bullet = theme.ascii ? "- " : "• "
        // Verdicts are sentences from GILCore; ASCII terminals get "x" for the times sign.
        // A model whose figures are not settled yet gets one line saying so, not verdicts.
        let heldNote = held.map {
            "\(comparison.models[$0].name): verdicts held until its figures settle (so far \(comparison.completedText($0)))"
        }
        let verdicts = (settled.map(\.text) + heldNote).map(theme.text)
            .map { wordWrap($0, width: width - bullet.count) }
        // Blank rows between the parts only when everything else fits.
        let tableRows = 2 * comparison.models.count + 2
        let rows = tableRows + max(1, verdicts.joined().count + 1) - 1
        let gap = rows + 2 <= rect.height - 2 ? 1 : 0
        // Drawn whole, then shown through the box, scrolled.
        var content = CellGrid(width: width, height: rows + 2 * gap)
        let inner = GridRect(x: 0, y: 0, width: width, height: content.height)
        var y = 0
        func line(_ draw: (inout CellGrid) -> Void) {
            draw(&content)
            y += 1
        }

        // Values, the best marked.
        line { grid in
            drawRow(
                &grid, y: y, x: inner.x, nameWidth: nameWidth, name: "model",
                cells: columns.map { ($0.column.label, $0.width, theme.labelStyle) }, nameStyle: theme.labelStyle)
        }
        for m in comparison.models.indices {
            line { grid in
                let cells = columns.map { entry -> (String, Int, CellStyle) in
                    let column = entry.column
                    let text = comparison.value(column, of: m).map(column.format) ?? theme.dash
                    let best = comparison.isBest(m, in: column)
                    return (text + (best ? Comparison.bestMark : " "), entry.width, best ? bestStyle(theme) : .plain)
                }
                drawRow(&grid, y: y, x: inner.x, nameWidth: nameWidth, name: comparison.models[m].name, cells: cells, nameStyle: .plain)
            }
        }
        y += gap

        // Against the baseline.
        line { grid in
            grid.put("Against \(baselineName)", x: inner.x, y: y, style: theme.titleStyle, maxWidth: inner.width)
            let key = "  (b: next baseline, v: back to the lanes)"
            grid.put(
                key, x: inner.x + min(inner.width, baselineName.count + 8), y: y, style: theme.dimStyle,
                maxWidth: max(0, inner.width - baselineName.count - 8))
        }
        for m in comparison.models.indices where m != comparison.baseline {
            line { grid in
                let cells = columns.map { entry in
                    (comparison.formattedDifference(entry.column, of: m, ascii: theme.ascii) + " ", entry.width, CellStyle.plain)
                }
                drawRow(&grid, y: y, x: inner.x, nameWidth: nameWidth, name: comparison.models[m].name, cells: cells, nameStyle: .plain)
            }
        }
        y += gap

        // Verdicts, wrapped, as many as fit.
        line { grid in grid.put(verdicts.isEmpty ? "Verdicts: none" : "Verdicts:", x: inner.x, y: y, style: theme.titleStyle) }
        for verdict in verdicts {
            for (i, text) in verdict.enumerated() {
                line { grid in
                    grid.put(i == 0 ? bullet : "  ", x: inner.x, y: y, style: theme.dimStyle)
                    grid.put(text, x: inner.x + bullet.count, y: y, maxWidth: inner.width - bullet.count)
                }
            }
        }
        ScrolledBox.draw(
            content, into: &grid, rect: rect, scroll: state.comparisonScroll, title: title,
            style: theme.borderStyle, titleStyle: theme.titleStyle, theme: theme)
    }

    /// Bold always, green too where there is colour: the mark must not rely on colour alone.
    static func bestStyle(_ theme: Theme) -> CellStyle {
        CellStyle(foreground: theme.color ? .green : nil, bold: true)
    }

    private static func nameColumnWidth(_ comparison: Comparison, width: Int) -> Int {
        min(max(nameWidthLimit, width / 3), max(5, comparison.models.map(\.name.count).max() ?? 0))
    }

    /// The columns that fit in `width` beside the names, by priority, then in the table's order.
    private static func fittingColumns(_ comparison: Comparison, width: Int, ascii: Bool) -> [(column: Comparison.Column, width: Int)] {
        var used = nameColumnWidth(comparison, width: width)
        var kept: [Comparison.Column: Int] = [:]
        for column in columnPriority {
            let cells = comparison.models.indices.flatMap { m in
                [
                    (comparison.value(column, of: m).map(column.format) ?? "-") + Comparison.bestMark,
                    comparison.formattedDifference(column, of: m, ascii: ascii) + " ",
                ]
            }
            let columnWidth = max(column.label.count + 1, cells.map(\.count).max() ?? 0)
            if used + 1 + columnWidth <= width {
                kept[column] = columnWidth
                used += 1 + columnWidth
            }
        }
        return Comparison.Column.allCases.compactMap { column in kept[column].map { (column, $0) } }
    }

    /// A name left-aligned (cut to its column), then right-aligned cells; a cell's last character
    /// is its mark (or a space), so values line up whether marked or not.
    private static func drawRow(
        _ grid: inout CellGrid, y: Int, x: Int, nameWidth: Int, name: String,
        cells: [(String, Int, CellStyle)], nameStyle: CellStyle
    ) {
        grid.put(name, x: x, y: y, style: nameStyle, maxWidth: nameWidth)
        var column = x + nameWidth
        for (text, width, style) in cells {
            column += 1
            let padded = text.count < width ? String(repeating: " ", count: width - text.count) + text : text
            grid.put(padded, x: column, y: y, style: style, maxWidth: width)
            column += width
        }
    }
}
