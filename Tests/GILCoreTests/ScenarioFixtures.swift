import GILCore
import Testing

/// The example scenario of the original design brief, verbatim (docs/design.md, "The first example").
let exampleScenario = """
    {
      "title": "I/O-bound requests",
      "description": "Each request does 2 ms of Python, waits 50 ms on the database, then 1 ms more.",
      "seed": 7,
      "machine": { "cores": 4 },
      "python": { "switch_interval": "5ms" },
      "workload": {
        "arrivals": { "kind": "poisson", "rate": 150 },   // per second; or batch | uniform | closed
        "requests": 2000,                                   // or "duration": "10s"
        "jobs": [
          { "name": "page",   "weight": 9, "steps": [ { "cpu": "2ms" }, { "io": { "exp": "50ms" } }, { "cpu": "1ms" } ] },
          { "name": "report", "weight": 1, "steps": [ { "cpu": { "uniform": ["20ms", "60ms"] } } ] }
        ]
      },
      "models": [
        { "name": "1 process, 1 thread" },
        { "name": "1 process, 8 threads", "threads": 8 },
        { "name": "4 processes",          "processes": 4 },
        { "name": "asyncio",              "asyncio": true },
        { "name": "free-threaded, 8",     "threads": 8, "gil": false }
      ],
      "notes": [ { "at": "120ms", "text": "Thread 2 is back from the database but must wait for the GIL." } ]
    }
    """

/// A small valid scenario with the workload and models replaceable, for error tests.
func scenario(
    workload: String = #"{ "arrivals": { "kind": "batch" }, "requests": 10, "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" } ] } ] }"#,
    models: String = #"[ { "name": "m" } ]"#,
    extra: String = ""
) -> String {
    #"{ \#(extra) "workload": \#(workload), "models": \#(models) }"#
}

/// The diagnostics `text` produces; records an issue when it decodes without error.
func diagnostics(
    _ text: String, file: String = "test.json", sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> [ScenarioDiagnostic] {
    do {
        let decoded = try ScenarioLoader.parse(text, file: file)
        Issue.record("expected an error, decoded \(decoded)", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.diagnostics
    }
}

/// The single diagnostic `text` produces; records an issue when there is not exactly one.
func diagnostic(
    _ text: String, file: String = "test.json", sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> ScenarioDiagnostic? {
    let found = diagnostics(text, file: file, sourceLocation: sourceLocation)
    #expect(found.count == 1, "\(found)", sourceLocation: sourceLocation)
    return found.first
}

let ms = Time.millisecond
let us = Time.microsecond
