import Foundation

/// A scenario run once per combination of varied settings: `--vary threads=1,2,4 --vary processes=1,2`
/// is six runs. Each run is the scenario edited as if by hand, so a row equals `gilview report` of
/// that edited file.
public struct Sweep: Sendable {
    /// One varied key and its values, in the order given.
    public var axes: [[ScenarioOverride]]
    /// The models run, by index in the scenario.
    public var models: [Int]
    public var rows: [Row]

    public struct Row: Sendable {
        /// The setting of every axis for this run, in axis order.
        public var settings: [ScenarioOverride]
        public var model: Int
        public var figures: ModelFigures
    }

    /// Every combination, the first axis varying slowest.
    public static func combinations(_ axes: [[ScenarioOverride]]) -> [[ScenarioOverride]] {
        axes.reduce([[]]) { partial, axis in partial.flatMap { prefix in axis.map { prefix + [$0] } } }
    }

    /// Checks every combination first (so a bad one fails before any run), then runs every
    /// (combination, model) pair in parallel: each run is deterministic, so the order they
    /// finish in does not matter.
    /// - Parameter models: the models to run and to apply model keys to; nil = every model
    ///   (a model key then applies to each model it means something for).
    /// `progress`, if given, is told each run's fraction done (run index, fraction), runs
    /// numbered combination by combination, model by model.
    public init(
        scenario: Scenario, axes: [[ScenarioOverride]], models: [Int]? = nil,
        budget: SimulationBudget = .standard, progress: RunsProgressObserver? = nil
    ) throws(ScenarioOverrideError) {
        var keys: [ScenarioOverride.Key] = []
        for axis in axes {
            guard let key = axis.first?.key else { throw ScenarioOverrideError("a varied key needs at least one value") }
            if keys.contains(key) { throw ScenarioOverrideError("\(key.rawValue) is varied twice; give its values in one --vary") }
            keys.append(key)
        }
        let combos = Self.combinations(axes)
        var scenarios: [Scenario] = []
        for combo in combos {
            scenarios.append(try ScenarioOverride.applied(combo, to: scenario, models: models))
        }
        let selected = models ?? Array(scenario.models.indices)
        let edited = scenarios
        let jobs = scenarios.indices.flatMap { c in selected.map { (c, $0) } }
        let figures = parallelMap(jobs.count) { i in
            let observer: RunProgressObserver? = progress.map { report in { @Sendable fraction in report(i, fraction) } }
            return ScenarioReport.figures(of: edited[jobs[i].0], model: jobs[i].1, budget: budget, progress: observer)
        }
        self.axes = axes
        self.models = selected
        rows = jobs.indices.map { Row(settings: combos[jobs[$0].0], model: jobs[$0].1, figures: figures[$0]) }
    }

    /// Which models each model key was applied to, for the output's first line: asyncio models
    /// keep their one loop thread when threads vary.
    public static func appliesTo(_ key: ScenarioOverride.Key, in scenario: Scenario, models: [Int]) -> (
        applied: [String], skipped: [String]
    ) {
        let specs = models.map { scenario.models[$0] }
        let probe = ScenarioOverride(key: key, value: .integer(1))
        return (specs.filter { probe.applies(to: $0) }.map(\.name), specs.filter { !probe.applies(to: $0) }.map(\.name))
    }
}
