import Foundation

/// Every model of a scenario run to the end: the figures behind `gilview report`.
public struct ScenarioReport: Sendable {
    public var title: String
    public var seed: UInt64
    public var cores: Int
    public var models: [ModelFigures]

    /// Runs each model to completion. Models are independent, so they run in parallel; each run
    /// is deterministic, so the report is the same whatever the order they finish in.
    /// `progress`, if given, is told each model's fraction done (model index, fraction).
    public init(running scenario: Scenario, budget: SimulationBudget = .standard, progress: RunsProgressObserver? = nil) {
        let models = parallelMap(scenario.models.count) { index in
            let observer: RunProgressObserver? = progress.map { report in { @Sendable fraction in report(index, fraction) } }
            return Self.figures(of: scenario, model: index, budget: budget, progress: observer)
        }
        self.init(title: scenario.title, seed: scenario.seed, cores: scenario.machine.cores, models: models)
    }

    /// One model run to the end, or until the budget stops it.
    public static func figures(
        of scenario: Scenario, model index: Int, budget: SimulationBudget = .standard,
        progress: RunProgressObserver? = nil
    ) -> ModelFigures {
        var simulation = ModelSimulation(scenario: scenario, model: index, options: SimulationOptions(budget: budget))
        if let progress {
            simulation.runToCompletion(reporting: progress, size: scenario.workload.size)
        } else {
            simulation.runToCompletion()
        }
        return simulation.figures()
    }

    /// Each model's figures labelled `model "NAME"`, for the lines that say why a run did not finish.
    public var labelledModels: [(label: String, figures: ModelFigures)] {
        models.map { ("model \"\($0.name)\"", $0) }
    }

    public init(title: String, seed: UInt64, cores: Int, models: [ModelFigures]) {
        self.title = title
        self.seed = seed
        self.cores = cores
        self.models = models
    }
}
