/// One model of a scenario run for an export, its CSV rows and trace events written as the run
/// goes: the engine's records are taken every `batch` events, so memory stays flat.
public enum ExportRun {
    static let batch = 4096

    /// Runs model `index` to its end, or to the window's end, and returns its figures then (with
    /// the budget's stop, if one stopped it). Rows go to `csv` for the requests completed within
    /// the window, events to `trace` for what happened within it (its processes named after the
    /// model, or `traceName`).
    public static func run(
        _ scenario: Scenario, model index: Int, window: ExportWindow, budget: SimulationBudget,
        csv: inout RequestCSV?, trace: inout TraceExport?, traceName: String? = nil,
        progress: RunProgressObserver? = nil
    ) throws -> ModelFigures {
        var simulation = ModelSimulation(
            scenario: scenario, model: index,
            options: SimulationOptions(recordRequests: csv != nil, recordChanges: trace != nil, budget: budget))
        let jobNames = scenario.workload.jobs.map(\.name)
        csv?.beginModel(simulation.spec.name, jobNames: jobNames)
        trace?.beginModel(simulation, jobNames: jobNames, workerPools: scenario.workerPools.map(\.name), window: window, name: traceName)

        func takeRecords() throws {
            if csv != nil {
                for record in simulation.takeCompletedRequests() where (window.from...window.to).contains(record.end) {
                    try csv!.write(record)
                }
            }
            if trace != nil { try trace!.record(simulation.takeRecordedChanges(), simulation: simulation) }
        }

        var steps = 0
        while let next = simulation.nextEventTime, next <= window.to, simulation.step() {
            trace?.requestCounts(simulation.requestCounts, at: simulation.now)
            steps += 1
            guard steps == batch else { continue }
            steps = 0
            try takeRecords()
            progress?(
                window.to < .max
                    ? min(1, Double(simulation.now) / Double(max(window.to, 1)))
                    : simulation.fractionDone(size: scenario.workload.size))
        }
        try takeRecords()
        try trace?.endModel(at: min(simulation.now, window.to), openRequests: simulation.openRequestStates)
        progress?(1)
        return simulation.figures()
    }
}
