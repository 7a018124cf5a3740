import GILCore

// The office view (`o`): the same simulations on the same clock, drawn as ticket offices.
extension DashboardState {
    /// The office picture of the model on `track` now.
    func officeView(track index: Int) -> OfficeView {
        let model = playback.models[index]
        return OfficeView(
            snapshot: playback.tracks[index].simulation.officeSnapshot,
            glyphs: Theme.personGlyphs(jobs: model.scenario.workload.jobs.map(\.name)),
            theme: theme, markSpan: model.switchInterval / 5)
    }

    /// Every pane to the office (`o`, a note's `"view": "office"`) or back to the timeline. The
    /// inspect cursor points at lane cells, which the office does not draw: it is put away.
    mutating func setOffice(_ shown: Bool) {
        showOffice = shown
        if shown { inspecting = nil }
    }
}

extension DashboardState {
    /// The footer's legend in the office view: the analogy's words for Python's, and each
    /// job's letter (every file's jobs, once each).
    var officeLegend: [[Span]] {
        let theme = self.theme
        var people: [[Span]] = []
        for source in sources {
            let jobs = source.scenario.workload.jobs.map(\.name)
            for (glyph, job) in zip(Theme.personGlyphs(jobs: jobs), jobs)
            where !people.contains(where: { $0.first?.text == String(glyph) }) {
                people.append([Span(String(glyph), CellStyle(bold: true)), Span(" " + job)])
            }
        }
        let window = String([theme.windowOpen, "t", theme.windowClose])
        let scenarios = playback.models.map(\.scenario)
        var items: [[Span]] =
            [
                [Span(window, theme.windowStyle), Span(" window = GIL")],
                [Span("T1", theme.labelStyle), Span(" queue = thread")],
            ] + people + [
                [Span(String(theme.glyph(.io)), theme.style(.io)), Span(" wallet search = I/O")],
                [Span(String(theme.glyph(.gilWait)), theme.style(.gilWait)), Span(" waits for the window")],
                [Span("P1", theme.labelStyle), Span(" office = process")],
                [Span(String(theme.freeSeat), theme.dimStyle), Span(" desk = core")],
                [Span(String(theme.glyph(.noCore)), theme.style(.noCore)), Span(" no desk")],
                [Span(String(theme.glyph(.native)), theme.style(.native)), Span(" at a desk = native")],
                [Span(String(theme.handoffGlyph), theme.cell(.gil(.handingOff)).style), Span(" hand-off")],
            ]
        if playback.models.contains(where: \.spec.asyncio) {
            items.append([Span(String(theme.searchMark), theme.style(.blocking)), Span(" searching at the window = blocking")])
        }
        items.append([Span("side", theme.labelStyle), Span(" side window = executor")])
        if scenarios.contains(where: { !$0.connectionPools.isEmpty }) {
            items.append([Span(String(theme.glyph(.poolWait)), theme.style(.poolWait)), Span(" waits for a counter = connection")])
        }
        if scenarios.contains(where: { !$0.workerPools.isEmpty }) {
            items.append([Span("P5 celery", theme.labelStyle), Span(" office across the street = worker pool")])
        }
        items.append([Span("street", theme.labelStyle), Span(" a line for several offices")])
        return items
    }
}
