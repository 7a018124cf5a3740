import Foundation
@_spi(Benchmarks) import GILCore

/// The same M/M/c queue in gilview's engine and in SimPy: both answers and both speeds.
///
/// In gilview it is `servers` single-threaded processes on as many cores, one shared queue,
/// one `cpu` step of exponential length (each process has its own GIL, so none waits for one).
struct PeerComparison: Sendable {
    struct Answer: Sendable {
        var meanLatencyMs: Double
        /// From batch means: successive waits in a queue are correlated.
        var standardErrorMs: Double
        var events: Int
        var cpuSeconds: Double
    }

    static let servers = 4
    static let ratePerSecond = 300.0
    static let serviceMs = 10.0
    /// Two independent estimates of one mean agree if they differ by less than this many
    /// combined standard errors (a 1-in-10,000 chance of a false alarm for normal errors).
    static let toleranceInStandardErrors = 4.0

    var requests: Int
    var seed: UInt64
    var engine: Answer
    /// Nil when SimPy could not be run; `peerProblem` says why and how to fix it.
    var simpy: Answer?
    var simpyVersion: String?
    var peerProblem: String?

    var tolerance: Double? {
        simpy.map {
            Self.toleranceInStandardErrors
                * ($0.standardErrorMs * $0.standardErrorMs
                + engine.standardErrorMs * engine.standardErrorMs).squareRoot()
        }
    }

    var agree: Bool? {
        guard let simpy, let tolerance else { return nil }
        return abs(simpy.meanLatencyMs - engine.meanLatencyMs) <= tolerance
    }

    /// How many times less CPU time gilview needed for the same requests.
    var speedRatio: Double? { simpy.map { $0.cpuSeconds / engine.cpuSeconds } }

    static func scenario(requests: Int, seed: UInt64) -> Scenario {
        Scenario(
            title: "M/M/\(servers)", seed: seed, machine: Machine(cores: servers),
            workload: Workload(
                arrivals: .poisson(ratePerSecond: ratePerSecond), size: .requests(requests),
                jobs: [Job(name: "service", steps: [.cpu(.exponential(mean: SimTime(serviceMs * Double(Time.millisecond))))])]),
            models: [ModelSpec(name: "\(servers) processes", processes: servers, dispatch: .shared)])
    }

    /// Each engine runs the requests `repeats` times, taking turns, so that a busy spell on the
    /// machine slows both alike; each side's least CPU time counts.
    static func run(requests: Int, seed: UInt64, repeats: Int, script: String, python: String) -> PeerComparison {
        let mmc = scenario(requests: requests, seed: seed)
        var engineRuns: [Measurement] = []
        var simpyRuns: [SimPyOutput] = []
        var peerProblem: String?
        for _ in 0..<max(1, repeats) {
            // Timed as `gilview report` runs it.
            engineRuns.append(EngineBench.timedRun(mmc, model: 0).cost)
            guard peerProblem == nil else { continue }
            do {
                simpyRuns.append(try runSimPy(script: script, python: python, requests: requests, seed: seed))
            } catch {
                peerProblem = "\(error)"
            }
        }
        // The standard error needs every latency in completion order, so an untimed run keeps a
        // record per request (the run is deterministic: the same requests, the same answer).
        var recorded = ModelSimulation(scenario: mmc, model: 0, options: SimulationOptions(recordRequests: true))
        recorded.runToCompletion()
        let latencies = recorded.takeCompletedRequests().map { Time.ms($0.latency) }
        let engine = Answer(
            meanLatencyMs: recorded.figures().latency.mean, standardErrorMs: batchMeansStandardError(latencies),
            events: recorded.eventsPopped, cpuSeconds: Measurement.least(engineRuns).cpuSeconds)
        var comparison = PeerComparison(requests: requests, seed: seed, engine: engine)
        if let output = simpyRuns.min(by: { $0.cpuSeconds < $1.cpuSeconds }) {
            comparison.simpy = Answer(
                meanLatencyMs: output.meanLatencyMs, standardErrorMs: output.stderrMs,
                events: output.events, cpuSeconds: output.cpuSeconds)
            comparison.simpyVersion = output.simpy
        }
        comparison.peerProblem = peerProblem
        return comparison
    }

    private struct SimPyOutput: Decodable {
        var requests: Int
        var meanLatencyMs: Double
        var stderrMs: Double
        var events: Int
        var cpuSeconds: Double
        var simpy: String
    }

    private struct PeerError: Error, CustomStringConvertible {
        var description: String
    }

    private static func runSimPy(script: String, python: String, requests: Int, seed: UInt64) throws -> SimPyOutput {
        guard FileManager.default.fileExists(atPath: script) else {
            throw PeerError(description: "\(script) not found: run gilview bench from the repository root")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            python, script, "--servers", "\(servers)", "--rate", "\(ratePerSecond)",
            "--service-ms", "\(serviceMs)", "--requests", "\(requests)", "--seed", "\(seed)",
        ]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = message.trimmingCharacters(in: .whitespacesAndNewlines)
            throw PeerError(description: reason.isEmpty ? "\(python) \(script) exited with \(process.terminationStatus)" : reason)
        }
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase  // the script prints mean_latency_ms, …
            return try decoder.decode(SimPyOutput.self, from: data)
        } catch {
            throw PeerError(description: "unexpected output from \(script): \(String(decoding: data, as: UTF8.self))")
        }
    }
}
