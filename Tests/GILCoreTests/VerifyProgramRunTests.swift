import Foundation
import Testing

@testable import GILCore

/// Runs a generated program with the machine's python3: it must run every kind of step under
/// every kind of model and print a JSON line that parses. Only lower bounds on time are checked
/// (a sleep never wakes early); no timing figures, the machine is shared.
struct VerifyProgramRunTests {
    static let python3 =
        ["/usr/bin/python3", "/usr/local/bin/python3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
        ?? ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map { "\($0)/python3" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: python3 != nil, "python3 is not installed: the generated program is not run"))
    func generatedProgramRunsEveryStepUnderEveryModel() throws {
        let ms = Time.millisecond
        let steps: [Step] = [
            .cpu(.fixed(ms)), .native(.fixed(ms)), .io(.uniform(low: ms, high: 3 * ms)), .blocking(.fixed(ms)),
            .offload([.cpu(.fixed(ms / 2)), .io(.fixed(ms))]),
            .repeat(count: 2, steps: [.io(.fixed(ms)), .cpu(.fixed(ms / 4))]),
        ]
        let models = [
            ModelSpec(name: "threads", threads: 2),
            ModelSpec(name: "processes", processes: 2),
            ModelSpec(name: "processes round-robin, 2 threads", processes: 2, threads: 2, dispatch: .roundRobin),
            ModelSpec(name: "asyncio", asyncio: true, executorThreads: 2),
            ModelSpec(name: "asyncio in 2 processes", processes: 2, asyncio: true),
            ModelSpec(name: "free-threaded", threads: 2, gil: false),
        ]
        let scenario = TestScenarios.scenario(
            cores: 2, arrivals: .uniform(interval: .fixed(2 * ms)), size: .requests(6),
            jobs: [Job(name: "all", steps: steps)], models: models)
        let plan = try VerifyPlan(scenario: scenario, calibration: VerifyTranslationTests.calibration)
        let run = try MeasuredRun(output: Self.run(plan.program.text))
        #expect(run.models.map(\.name) == models.map(\.name))
        // The sleeps each request must at least take: io, blocking, offloaded io, repeated io.
        let sleptSeconds = plan.requests.map { request in
            [2, 3, 5, 6, 8].reduce(0.0) { $0 + Time.ms(request.durations[0]?[$1].time ?? 0) / 1000 }
        }
        for model in run.models {
            if model.name == "free-threaded", model.skipped != nil {
                #expect(model.skipped?.contains("free-threaded") == true)
                continue
            }
            #expect(model.skipped == nil, "\(model.name) was skipped: \(model.skipped ?? "")")
            #expect(model.index == Array(0..<6), "\(model.name) completed \(model.index)")
            #expect(model.arrival == plan.requests.map { Double($0.arrival) / Double(Time.second) })
            for (k, i) in model.index.enumerated() {
                #expect(
                    model.end[k] - model.arrival[k] >= sleptSeconds[i] - 1e-5,
                    "\(model.name): request \(i) took \(model.end[k] - model.arrival[k]) s, less than its sleeps")
            }
            #expect(model.cpuSeconds > 0)
        }
    }

    /// The extensions under every kind of model: a connection pool of one serialises the holds,
    /// across processes too; every enqueued task runs on the worker pool; the hand-off feeds all.
    @Test(.enabled(if: python3 != nil, "python3 is not installed: the generated program is not run"))
    func generatedProgramRunsTheFormatExtensions() throws {
        let steps =
            #"{ "cpu": "0.5ms" }, { "hold": "db", "steps": [ { "io": "3ms" } ] }, "#
            + #"{ "enqueue": "celery", "steps": [ { "io": "4ms" }, { "cpu": "0.2ms" } ] }, { "io": "1ms" }"#
        let scenario = try VerifyExtensionTests.scenario(
            steps,
            models: """
                { "name": "threads", "threads": 4, "connection_pools": { "db": 1 } },
                { "name": "loop", "asyncio": true, "connection_pools": { "db": 1 } },
                { "name": "Pool.map", "processes": 2, "threads": 2, "handoff": "80us", "chunk": 2, "connection_pools": { "db": 1 } }
                """)
        let plan = try VerifyExtensionTests.plan(scenario)
        let run = try MeasuredRun(output: Self.run(plan.program.text))
        #expect(run.models.map(\.name) == ["threads", "loop", "Pool.map"])
        for model in run.models {
            #expect(model.skipped == nil && model.index == Array(0..<6), "\(model.name) completed \(model.index)")
            // One connection: the six 3 ms holds one after another.
            let makespan = (model.end.max() ?? 0) - (model.arrival.min() ?? 0)
            #expect(makespan >= 6 * 0.003 - 1e-5, "\(model.name): makespan \(makespan) s with one connection")
            let tasks = try #require(model.tasks.first { $0.pool == "celery" }, "\(model.name) reported no tasks")
            #expect(tasks.enqueued.count == 6 && tasks.end.count == 6)
            #expect(zip(tasks.enqueued, tasks.end).allSatisfy { $1 - $0 >= 0.004 - 1e-5 })
            // Six 3 ms holds of one connection in 10 ms of arrivals: some request waited for
            // it, and the wait is recorded as the pool's (a task's own on the loop).
            let records = model.threads.flatMap(\.records)
            let wait: StepRecord.Kind = model.name == "loop" ? .awaitedPoolWait : .poolWait
            #expect(records.contains { $0.kind == wait && $0.wallEnd > $0.wallStart }, "\(model.name) recorded no wait for a connection")
            #expect(!records.contains { $0.kind == (model.name == "loop" ? .poolWait : .awaitedPoolWait) })
            // Every hold gives its connection back, and a wait ends after a release (of the
            // one pool, number 0), across the model's processes too.
            let releases = records.filter { $0.kind == .poolRelease }
            #expect(releases.count == 6 && records.allSatisfy { $0.kind != wait && $0.kind != .poolRelease || $0.planned == 0 })
            #expect(
                records.contains { w in w.kind == wait && releases.contains { (w.wallStart...w.wallEnd).contains($0.wallStart) } },
                "\(model.name): no wait for a connection ended after a release")
        }
        // The loop records each task's span, holding that request's steps.
        let loop = try #require(run.models.first { $0.name == "loop" }?.threads.first { $0.role == .eventLoop })
        let tasks = loop.records.filter { $0.kind == .task }
        #expect(tasks.map(\.request).sorted() == Array(0..<6))
        for step in loop.records where step.kind != .task {
            let task = tasks.first { $0.request == step.request }
            #expect(task.map { $0.wallStart <= step.wallStart && step.wallEnd <= $0.wallEnd } == true, "\(step) outside its task")
        }
    }

    /// Runs a program with python3 from a temporary file (or, with `script`, runs `python3 -c
    /// script FILE` on it); its standard output.
    static func run(_ program: String, script: String? = nil) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gilview-verify-test-\(getpid())-\(UUID().uuidString.prefix(8)).py")
        try program.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(python3))
        process.arguments = script.map { ["-c", $0, file.path] } ?? [file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }
}
