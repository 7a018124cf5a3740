@_spi(Testing) @_spi(Benchmarks) @testable import GILCore

/// Scenarios built in code for the engine tests.
enum TestScenarios {
    static func ms(_ value: Double) -> SimTime { SimTime(value * Double(Time.millisecond)) }

    static func scenario(
        cores: Int = 4, seed: UInt64 = 7, switchInterval: SimTime = PythonSettings.defaultSwitchInterval,
        arrivals: Arrivals = .batch, size: Workload.Size = .requests(100), jobs: [Job], models: [ModelSpec]
    ) -> Scenario {
        Scenario(
            title: "test", seed: seed, machine: Machine(cores: cores),
            python: PythonSettings(switchInterval: switchInterval),
            workload: Workload(arrivals: arrivals, size: size, jobs: jobs), models: models)
    }

    /// Runs one model to the end, checking the invariants after every event.
    static func runChecked(_ scenario: Scenario, model: Int = 0) -> (ModelSimulation, [String]) {
        var sim = ModelSimulation(scenario: scenario, model: model, options: SimulationOptions(recordRequests: true))
        var problems: [String] = []
        while sim.step() {
            if problems.count < 10 { problems += sim.invariantViolations() }
        }
        return (sim, problems)
    }

    static func figures(_ scenario: Scenario, model: Int = 0) -> ModelFigures {
        var sim = ModelSimulation(scenario: scenario, model: model)
        sim.runToCompletion()
        return sim.figures()
    }
}
