import ArgumentParser
import Foundation
import GILCore

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the engine, the dashboard and memory, and compare the engine with SimPy.",
        discussion: """
            Run from the repository root on a release build: swift build -c release && .build/release/gilview bench
            Times are CPU time of the measuring thread (steady on a busy machine). The SimPy peer \
            needs `pip install simpy`; without it the rest still runs. Exit code 3 when the two \
            engines' answers differ by more than the stated tolerance.
            """
    )

    @Flag(help: "Small sizes (a few seconds): checks that everything runs and that the engines agree.")
    var quick = false

    @Flag(help: "Print the figures as JSON.")
    var json = false

    @Option(help: "The Python that runs benchmarks/simpy_mmc.py.")
    var python = "python3"

    func run() throws {
        let sizes = quick ? BenchSizes.quick : BenchSizes.full
        var sink = Sink()
        var results = BenchResults(quick: quick, repeats: sizes.repeats)

        // First: the peak resident size below is the largest of any child waited for so far.
        if sizes.millionRun {
            progress("gilview report \(MillionRequestRun.scenarioPath) (a child process)")
            results.million = try MillionRequestRun.run()
        }
        for workload in BenchWorkload.all {
            let scenario = EngineBench.resized(try loadScenario(workload.path), requests: sizes.requests(workload))
            progress("engine: \(workload.name)")
            results.engine.append(EngineBench.run(scenario, name: workload.name, repeats: sizes.repeats, sink: &sink))
        }
        // Cost per event at a hundredth and a tenth of the reference size, and at the size itself
        // (measured above): flat while the heap stays small, growing with its log when it grows.
        for workload in BenchWorkload.scaled {
            let scenario = try loadScenario(workload.path)
            for divisor in [100, 10] {
                let requests = sizes.requests(workload) / divisor
                progress("engine: \(workload.name) at \(requests) requests")
                results.scaling.append(
                    EngineBench.run(
                        EngineBench.resized(scenario, requests: requests),
                        name: workload.name, repeats: sizes.repeats, sink: &sink))
            }
            results.scaling += results.engine.filter { $0.name == workload.name }
        }
        progress("peer: M/M/\(PeerComparison.servers) in gilview and in SimPy")
        results.peer = PeerComparison.run(
            requests: sizes.peerRequests, seed: 1, repeats: sizes.repeats,
            script: "benchmarks/simpy_mmc.py",
            python: python)
        progress("dashboard: frames into the cell grid")
        results.dashboard = try DashboardTimings.run(framesPerSize: sizes.frames, sink: &sink)
        sink.use()

        writeOutput(json ? results.json().rendered() : results.table())
        if results.peer?.agree == false { throw ExitCode(3) }
    }

    private func progress(_ text: String) {
        guard !json || isatty(STDERR_FILENO) == 1 else { return }
        writeError("bench: \(text)…")
    }
}

/// The reference workloads, as scenario files anyone can also open or report on.
struct BenchWorkload: Sendable {
    var name: String
    var path: String
    var requests: Int

    static let gil = BenchWorkload(name: "CPU-bound threads, one GIL", path: "benchmarks/gil_contention.json", requests: 2_000)
    static let poisson = BenchWorkload(
        name: "Poisson web requests, 4 models", path: "benchmarks/million_requests.json",
        requests: 1_000_000)
    static let asyncio = BenchWorkload(
        name: "asyncio, every task at once", path: "benchmarks/asyncio_100k.json",
        requests: 100_000)
    static let all = [gil, poisson, asyncio]
    /// Measured at three sizes: one keeps few events pending, the other one per task.
    static let scaled = [poisson, asyncio]
}

/// How much each part does: full size, or a twentieth and less for --quick.
struct BenchSizes: Sendable {
    var divisor: Int
    var peerRequests: Int
    var frames: Int
    var millionRun: Bool
    /// How many times each engine run is repeated (the least CPU time counts).
    var repeats: Int

    static let full = BenchSizes(
        divisor: 1, peerRequests: 200_000,
        frames: 300, millionRun: true, repeats: 3)
    static let quick = BenchSizes(
        divisor: 20, peerRequests: 20_000, frames: 30,
        millionRun: false, repeats: 1)

    func requests(_ workload: BenchWorkload) -> Int { workload.requests / divisor }
}
