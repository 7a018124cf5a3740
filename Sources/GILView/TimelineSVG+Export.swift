import GILCore

extension TimelineSVG {
    /// The picture `gilview export --svg` draws: models `indices` of `scenario` over `window`
    /// (its end: the longest run's end when open), with each model's figures for its whole run.
    /// The time per column is the round value (1, 2 or 5 × 10ⁿ) that fits the window in cells
    /// at least 4 pixels wide.
    public static func export(
        _ scenario: Scenario, models indices: [Int], window: ExportWindow, width: Int,
        budget: SimulationBudget = .standard
    ) -> (picture: TimelineSVG, figures: [ModelFigures]) {
        let jobNames = scenario.workload.jobs.map(\.name)
        var runEnd: SimTime = 0
        let figures = indices.map { index in
            var simulation = ModelSimulation(scenario: scenario, model: index, options: SimulationOptions(budget: budget))
            simulation.runToCompletion()
            runEnd = max(runEnd, simulation.now)
            return simulation.figures()
        }
        let stop = window.to == .max ? max(runEnd, 1) : window.to
        let start = min(window.from, stop - 1)
        let laneWidth = Double(width) - 2 * margin - labelWidth
        let maxColumns = max(1, SimTime(laneWidth / 4))
        let perColumn = niceStep((stop - start + maxColumns - 1) / maxColumns)
        // The last cell holds the window's last instant; the first, its first.
        let end = stop - 1
        let firstCell = start / perColumn
        let columns = Int(end / perColumn - firstCell + 1)
        let history = end - firstCell / SimTime(LaneRenderer.diffusionBlock) * SimTime(LaneRenderer.diffusionBlock) * perColumn
        let bands = zip(indices, figures).map { index, figures in
            var simulation = ModelSimulation(
                scenario: scenario, model: index,
                options: SimulationOptions(timeline: .last(history + perColumn), budget: budget))
            simulation.run(until: end)
            return Band(simulation: simulation, name: simulation.spec.name, figures: figures)
        }
        let subtitle =
            "seed \(scenario.seed) · \(scenario.machine.cores) cores · t = \(label(start)) to \(label(stop))"
            + " · one column = \(label(perColumn)) · figures for the whole run"
        let picture = TimelineSVG(
            title: scenario.title, subtitle: subtitle, bands: bands, end: end, perColumn: perColumn,
            columns: columns, width: width)
        return (picture, figures)
    }

    /// "0", "180ms", "96.7s", "0.25ms": three significant digits, as the report writes times.
    static func label(_ time: SimTime) -> String {
        time == 0 ? "0" : Format.milliseconds(Time.ms(time))
    }
}
