@_spi(Testing) import GILCore

/// libFuzzer's entry point for the engine: whatever bytes the reader accepts as a scenario run
/// through every model under a small budget, the engine's invariants checked after every event
/// (one GIL holder per process, no more threads running than cores, each thread once in the run
/// queue, a core only for a thread that runs). The properties: nothing traps, every run stops
/// within its budget, and no invariant breaks — a broken one traps here, so libFuzzer keeps the
/// input. Built only with GILVIEW_FUZZ=1 (see docs/fuzzing.md): libFuzzer supplies `main`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEngine(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let scenario = try? ScenarioLoader.parse(text, file: "fuzz.json") else { return 0 }
    let budget = SimulationBudget(events: 5_000, time: SimulationBudget.standard.time, inFlight: 2_000)
    for model in scenario.models.indices {
        var simulation = ModelSimulation(scenario: scenario, model: model, options: SimulationOptions(budget: budget))
        var events = 0
        while simulation.step() {
            events += 1
            let problems = simulation.invariantViolations()
            if !problems.isEmpty { fatalError("model \(model): \(problems.joined(separator: "; "))") }
        }
        if events > budget.events { fatalError("model \(model) handled \(events) events on a budget of \(budget.events)") }
        _ = simulation.figures()
    }
    return 0
}
