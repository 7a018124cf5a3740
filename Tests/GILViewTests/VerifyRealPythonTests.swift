import Foundation
import Testing

/// `gilview verify` on the three small scenarios of scenarios/verify, with the machine's python3:
/// the measured/simulated ratio of each one's key figure must stay within a stated tolerance.
///
/// Key figures are ratios between two models of the same run, so what the machine does to both
/// (a slower CPU, other load) cancels out; each is the median of three runs. The tolerances were
/// chosen from runs on a 2-core machine shared with five busy builds (load average 6–12): there
/// the I/O overlap figures stayed within 1.00–1.04 and the convoy figure within 0.95–1.14.
@Suite(.serialized) struct VerifyRealPythonTests {
    static let python3 = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":")
        .map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// I/O-bound: one thread queues the requests, eight threads and an event loop overlap their
    /// waits; one thread's makespan over the others' is the overlap won, a ratio between models
    /// of one run. Mean latency is 40 of 42 ms sleeping, but the 2 ms of Python slow down on a
    /// busy machine: at 5 ms arrivals it reached 1.5–1.7 times the simulation during a full
    /// `swift test` beside other builds, hence 10 ms arrivals and the wider bound.
    @Test(.enabled(if: python3 != nil && EndToEndTests.binary != nil, "needs python3 and the built gilview"))
    func ioBoundThreads() throws {
        let report = try Self.verify("io_threads")
        for overlapping in ["8 threads", "asyncio"] {
            let overlap = try Self.between(report, "1 thread", overlapping) { try Self.figure($0, "makespan_ms") }
            #expect((0.75...1.33).contains(overlap), "1 thread ÷ \(overlapping) makespan, measured/simulated = \(overlap)")
            let mean = try Self.ratio(report, overlapping, "mean")
            #expect((0.8...1.6).contains(mean), "\(overlapping): mean latency measured/simulated = \(mean)")
        }
    }

    /// The convoy: an I/O loop beside a CPU-bound thread waits about a switch interval per I/O
    /// call, so its latency at 5 ms over its latency at 1 ms measures the GIL protocol itself
    /// (simulated 2.9). Both models suffer the same machine, so the ratio is robust.
    @Test(.enabled(if: python3 != nil && EndToEndTests.binary != nil, "needs python3 and the built gilview"))
    func convoyEffect() throws {
        let report = try Self.verify("convoy")
        let convoy = try Self.between(report, "2 threads", "2 threads, 1 ms interval") { try Self.job($0, "io loop") }
        #expect((0.6...1.6).contains(convoy), "io loop at 5 ms ÷ at 1 ms interval, measured/simulated = \(convoy)")
        // The measured lanes see the same thing: the I/O thread's GIL wait after each call, at
        // 5 ms over 1 ms (simulated 105 / 25 ms; measured 81 / 23.7 on the busy machine).
        let gilWait = try Self.between(report, "2 threads", "2 threads, 1 ms interval") { try Self.stateMs($0, "gil_wait") }
        #expect((0.5...2).contains(gilWait), "GIL wait at 5 ms ÷ at 1 ms interval, measured/simulated = \(gilWait)")
    }

    /// A model's mean time per request in one of the report's states, measured and simulated.
    static func stateMs(_ model: [String: Any], _ key: String) throws -> (measured: Double, simulated: Double) {
        let measured = try #require((model["measured"] as? [String: Any])?["state_ms_mean"] as? [String: Any])
        let simulated = try #require((model["simulated"] as? [String: Any])?["state_ms_mean"] as? [String: Any])
        return (try #require(measured[key] as? Double), try #require(simulated[key] as? Double))
    }

    /// CPU-bound: threads share one GIL and take as long as one thread; processes use the cores.
    /// Threads ÷ processes makespan depends on CPUs really being free, which a shared machine
    /// cannot promise: where a lone process got under 80% of a CPU — at calibration, or as the
    /// "1 thread" model's CPU time over its makespan during the run itself — the figure is printed
    /// but only the requests' completion is asserted; likewise where any of the three models got
    /// under 80% of the CPUs it was simulated with during its own run (load that came after the
    /// calibration: a full `swift test` beside builds measured 0.50 with the processes short of
    /// CPUs, and 1.84 on a quiet machine with the other suites running beside it), or over 125%
    /// of them (a calibration under load simulated 1 core, the run then had 2: measured 1.66). On that busy
    /// machine it ranged 0.37–1.03.
    ///
    /// The same loop runs at different speeds from one model to the next on a shared machine (here
    /// 1.14–1.65 times its calibrated CPU time within one `verify`; a CI machine once measured
    /// threads ÷ processes at 2.02 times the simulation), so each makespan is first scaled by its
    /// own model's simulated ÷ measured CPU time: what is compared is how the models spend the
    /// time, not how fast the CPU happened to be while each ran.
    @Test(.enabled(if: python3 != nil && EndToEndTests.binary != nil, "needs python3 and the built gilview"))
    func cpuBoundThreadsVersusProcesses() throws {
        let report = try Self.verify("cpu_threads_vs_processes")
        for model in try #require(report["models"] as? [[String: Any]]) {
            let measured = try #require(model["measured"] as? [String: Any], "\(model["name"] ?? "?") was not measured")
            #expect(measured["completed"] as? Int == 8)
        }
        let key = try Self.between(report, "4 threads", "2 processes", Self.makespanAtCalibratedSpeed)
        let raw = try Self.between(report, "4 threads", "2 processes") { try Self.figure($0, "makespan_ms") }
        let calibration = try #require(report["calibration"] as? [String: Any])
        // Each model's CPUs at once during its own run, against the simulation's: under 80% of
        // it, other work (other tests of the suite, other builds) took the CPUs it was
        // calibrated to have; over 125%, the calibration ran while they were taken (and the
        // simulation got fewer cores than the run had). Either way the makespans say more about
        // the machine than about Python.
        let held = try ["1 thread", "4 threads", "2 processes"].map { try Self.cpusHeld(try Self.model(report, $0)) }
        let share = try #require(calibration["cpu_share"] as? Double)
        if share >= 0.8, held.allSatisfy({ (0.8...1.25).contains($0) }) {
            #expect(
                (0.6...1.6).contains(key),
                "4 threads ÷ 2 processes makespan at calibrated speed, measured/simulated = \(key) (unscaled \(raw))")
            // The measured lanes: four threads' running time adds up to one core (the GIL's).
            let threads = try Self.model(report, "4 threads")
            let cores = try Self.stateMs(threads, "running").measured * 8 / (try Self.figure(threads, "makespan_ms").measured)
            #expect((0.75...1.15).contains(cores), "4 threads' measured running time ÷ makespan = \(cores) cores")
        } else {
            print(
                "verify cpu_threads_vs_processes: machine busy (a lone process got \(calibration["cpu_share"] ?? "?") of a CPU; 1 thread, 4 threads and 2 processes held \(held) of their CPUs); threads ÷ processes measured/simulated = \(key) (unscaled \(raw)), not asserted"
            )
        }
    }

    /// (measured CPU time ÷ makespan) ÷ (simulated CPU time ÷ makespan): the share of the CPUs
    /// the simulation gave the model that it really had during its run.
    static func cpusHeld(_ model: [String: Any]) throws -> Double {
        let (cpu, simulatedCPU) = try figure(model, "cpu_ms")
        let (makespan, simulatedMakespan) = try figure(model, "makespan_ms")
        return (cpu / makespan) / (simulatedCPU / simulatedMakespan)
    }

    /// Refusals exit 1 before anything runs, naming why; a missing Python exits 3, as `--help` says.
    @Test(.enabled(if: EndToEndTests.binary != nil, "needs the built gilview"))
    func refusalsAndFailuresExitAsDocumented() throws {
        let binary = try #require(EndToEndTests.binary).path
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("gilview-verify-exits-\(getpid()).log")
        defer { try? FileManager.default.removeItem(at: log) }
        func verify(_ arguments: [String]) throws -> (status: Int32, output: String) {
            let status = try EndToEndTests.run([binary, "verify"] + arguments, output: log.path)
            return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
        }
        let closed = try verify([
            Fixtures.packageRoot.appendingPathComponent("scenarios/django_gthread.json").path,
            "--python", "/nonexistent/python3",
        ])
        #expect(closed.status == 1 && closed.output.contains("closed-loop arrivals are not translated"), "\(closed)")
        let missing = try verify([
            Fixtures.packageRoot.appendingPathComponent("scenarios/verify/convoy.json").path,
            "--python", "/nonexistent/python3",
        ])
        #expect(missing.status == 3 && missing.output.contains("/nonexistent/python3 is not an executable file"), "\(missing)")
        let help = try verify(["--help"])
        // The help wraps at the terminal's width: read it as one line.
        let helpText = help.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.status == 0 && helpText.contains("3 Python missing, failed or overran its time limit, 130/143 interrupted"), "\(help)")
    }

    // MARK: - Running and reading

    /// `taskset`, to run a verify on one CPU, where the machine has it.
    static let taskset = ["/usr/bin/taskset", "/bin/taskset"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func verify(_ name: String, pinnedToOneCPU: Bool = false) throws -> [String: Any] {
        try verify(scenario: Fixtures.packageRoot.appendingPathComponent("scenarios/verify/\(name).json"), pinnedToOneCPU: pinnedToOneCPU)
    }

    /// `gilview verify FILE --json --runs 3` with the machine's python3 (on CPU 0 alone when
    /// pinned), read as JSON.
    static func verify(scenario: URL, pinnedToOneCPU: Bool = false) throws -> [String: Any] {
        let binary = try #require(EndToEndTests.binary)
        let name = scenario.deletingPathExtension().lastPathComponent
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("gilview-verify-\(name)-\(getpid()).err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        let process = Process()
        let arguments = ["verify", scenario.path, "--json", "--runs", "3", "--python", try #require(python3)]
        if pinnedToOneCPU {
            process.executableURL = URL(fileURLWithPath: try #require(taskset))
            process.arguments = ["-c", "0", binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        try #require(process.terminationStatus == 0, "gilview verify \(name) failed:\n\(stderr)")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func model(_ report: [String: Any], _ name: String) throws -> [String: Any] {
        let models = try #require(report["models"] as? [[String: Any]])
        return try #require(models.first { $0["name"] as? String == name }, "no model \(name)")
    }

    /// A model's measured ÷ simulated ratio of one figure, as verify reports it.
    static func ratio(_ report: [String: Any], _ name: String, _ figure: String) throws -> Double {
        let ratios = try #require(try model(report, name)["ratio"] as? [String: Any])
        return try #require(ratios[figure] as? Double)
    }

    /// (measured a ÷ measured b) ÷ (simulated a ÷ simulated b) for a figure read by `value`
    /// from a model's "measured" and "simulated" parts.
    static func between(
        _ report: [String: Any], _ a: String, _ b: String,
        _ value: ([String: Any]) throws -> (measured: Double, simulated: Double)
    ) throws -> Double {
        let (ma, sa) = try value(try model(report, a))
        let (mb, sb) = try value(try model(report, b))
        return (ma / mb) / (sa / sb)
    }

    static func figure(_ model: [String: Any], _ key: String) throws -> (measured: Double, simulated: Double) {
        let measured = try #require(model["measured"] as? [String: Any])
        let simulated = try #require(model["simulated"] as? [String: Any])
        return (try #require(measured[key] as? Double), try #require(simulated[key] as? Double))
    }

    /// A model's makespan as if its work had run at the calibrated speed: the measured makespan
    /// scaled by simulated ÷ measured CPU time (the simulation's CPU time is the calibrated one).
    static func makespanAtCalibratedSpeed(_ model: [String: Any]) throws -> (measured: Double, simulated: Double) {
        let (makespan, simulatedMakespan) = try figure(model, "makespan_ms")
        let (cpu, simulatedCPU) = try figure(model, "cpu_ms")
        return (makespan * simulatedCPU / cpu, simulatedMakespan)
    }

    static func job(_ model: [String: Any], _ name: String) throws -> (measured: Double, simulated: Double) {
        let jobs = try #require(model["jobs"] as? [String: Any])
        let job = try #require(jobs[name] as? [String: Any])
        return (try #require(job["measured_mean_ms"] as? Double), try #require(job["simulated_mean_ms"] as? Double))
    }
}
