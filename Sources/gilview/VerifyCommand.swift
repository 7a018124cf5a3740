import ArgumentParser
import Foundation
import GILCore
import GILView

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario on real CPython and print measured beside simulated figures, per model.",
        discussion: """
            Calibrates first (the loop speed, SHA-256 speed, the CPUs usable in parallel), simulates with the \
            measured core count, then runs a generated Python program that replays the very same requests \
            under each model. Models that would run longer than --max-seconds are scaled down (fewer \
            requests), and said so. Exit codes: 0 ok, 1 the scenario is invalid or cannot be verified, \
            2 usage, 3 Python missing, failed or overran its time limit, 130/143 interrupted (Ctrl-C, SIGTERM).
            """
    )

    @Argument(help: "The scenario file.")
    var file: String

    @Flag(help: "Print the comparison as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Also write the generated Python program to this file.", valueName: "file"))
    var emit: String?

    @Option(
        help: ArgumentHelp(
            "Also write both runs of every model, simulated and measured, as a Chrome trace (open it at ui.perfetto.dev).",
            valueName: "file"))
    var trace: String?

    @Option(help: ArgumentHelp("The Python interpreter: a path, or a name looked up on PATH.", valueName: "path"))
    var python = "python3"

    @Flag(help: "Then open the dashboard: each model's simulated pane and, under it, its measured twin on one clock.")
    var show = false

    @Flag(help: "No progress line on standard error while Python runs (shown on a terminal).")
    var quiet = false

    @Option(help: "Run the program this many times and report each figure's median.")
    var runs = 1

    @Option(help: ArgumentHelp("The longest a model may run, in seconds; longer scenarios are scaled down.", valueName: "seconds"))
    var maxSeconds = 20.0

    func validate() throws {
        guard (1...20).contains(runs) else { throw ValidationError("--runs must be between 1 and 20, not \(runs)") }
        guard maxSeconds > 0, maxSeconds <= 300 else {
            throw ValidationError("--max-seconds must be more than 0 and at most 300, not \(maxSeconds)")
        }
        // Checked before calibrating, which takes seconds, rather than failing after it.
        if let emit, let problem = unwritableFileProblem(emit) { throw ValidationError("--emit \(emit): \(problem)") }
    }

    func run() throws {
        let scenario = try loadScenario(file)
        do { try VerifyPlan.checkTranslatable(scenario) } catch { throw fail(error, status: 1) }
        // Opened now, so that an unwritable file is refused before the seconds of calibrating.
        let traceFile: ExportFile?
        do { traceFile = try trace.map { try ExportFile($0, option: "--trace") } } catch let error as ExportError {
            throw fail(VerifyError(error.description), status: 1)
        }
        defer { traceFile?.discard() }
        let runner: PythonRunner
        do { runner = try PythonRunner(python: python) } catch { throw fail(error, status: 3) }
        defer { runner.finish() }

        let calibration: Calibration
        let calibrated = try python(runner, Calibration.program, named: "calibrate.py", timeLimit: 120)
        do { calibration = try Calibration(output: calibrated) } catch { throw fail(error, status: 3) }
        if !json {
            say(
                "calibrated \(runner.interpreter.path): Python \(calibration.pythonVersion), \(Format.rate(calibration.loopsPerMs)) loops/ms, \(String(format: "%.2f", calibration.parallelCPUs)) CPUs usable in parallel"
            )
        }

        let plan: VerifyPlan
        do { plan = try VerifyPlan(scenario: scenario, calibration: calibration, secondsPerModel: maxSeconds) } catch {
            throw fail(error, status: 1)
        }
        let program = plan.program.text
        if let emit {
            do { try program.write(toFile: emit, atomically: true, encoding: .utf8) } catch {
                throw fail(VerifyError("cannot write \(emit): \(error.localizedDescription)"), status: 1)
            }
            if !json { say("wrote the program to \(emit)") }
        }
        for note in plan.notes where !json { say("note: \(note)") }
        if let stop = runner.interruption() { throw exit(stop) }

        var measured: [MeasuredRun] = []
        for run in 1...runs {
            if !json { say(String(format: "run %d of %d: about %.1f s", run, runs, plan.estimatedSeconds)) }
            // Generous: the estimate is the simulation's, and a shared machine may be much slower.
            let progress = ProgressDisplay.onTerminal(label: "verify: run \(run) of \(runs)", parts: 1, unit: "run", quiet: quiet || json)
            let ticking = progress?.ticking(estimatedSeconds: plan.estimatedSeconds)
            let output = try python(runner, program, named: "verify.py", timeLimit: 60 + 4 * plan.estimatedSeconds)
            ticking?.cancel()
            progress?.finish()
            do { measured.append(try MeasuredRun(output: output)) } catch { throw fail(error, status: 3) }
        }
        if let stop = runner.interruption() { throw exit(stop) }
        let comparison = VerifyComparison(plan: plan, calibration: calibration, runs: measured)
        if let traceFile {
            do {
                try writeTrace(comparison, plan: plan, to: traceFile)
                try traceFile.commit()
            } catch let error as ExportError { throw fail(VerifyError(error.description), status: 1) }
            if !json { say("wrote \(traceFile.path): a Chrome trace of every model, simulated and measured; open it at ui.perfetto.dev") }
        }
        if show { return try showDashboard(comparison, plan: plan) }
        writeOutput(json ? comparison.json() : comparison.table(), terminator: json ? "\n" : "")
    }

    /// The dashboard of the scenario as simulated, each model's measured twin under it.
    private func showDashboard(_ comparison: VerifyComparison, plan: VerifyPlan) throws {
        let terminal = try CursesTerminal(colorMode: .automatic)
        defer { terminal.shutdown() }
        var state = DashboardState(
            scenario: plan.scenario, fileName: file, playing: true,
            theme: Theme(ascii: !terminal.isUTF8, color: terminal.colorDepth != .monochrome))
        for (m, row) in comparison.models.enumerated() {
            guard let measured = row.measuredTimeline, let real = row.measured else { continue }
            let s = row.simulated
            state.measuredTwins[m] = MeasuredTwin(
                modelName: row.name, measured: measured, gil: plan.scenario.models[m].gil,
                figures: [("makespan", real.makespanMs, s.makespanMs), ("mean", real.meanMs, s.meanMs), ("p99", real.p99Ms, s.p99Ms)]
                    + [RequestState.gilWait, .noCore].compactMap { state in
                        row.measuredStates?[state].map { (state.key, $0, row.simulatedStates[state] ?? 0) }
                    },
                differences: row.laneDifferences, requestJobs: plan.requests.map { plan.scenario.workload.jobs[$0.job].name })
            state.playback.minimumEnd = max(state.playback.minimumEnd, SimTime(real.makespanMs * 1e6))
        }
        // Paused, the arrow keys step through the measured changes as through simulated events.
        state.playback.recordedChangeTimes = Array(Set(state.measuredTwins.values.flatMap(\.timeline.changeTimes))).sorted()
        try Show.exitIfInterrupted(by: Show.run(state, terminal: terminal), terminal: terminal)
    }

    /// Each model's simulated run ("MODEL (simulated)") and its measured lanes ("MODEL (measured)").
    private func writeTrace(_ comparison: VerifyComparison, plan: VerifyPlan, to file: ExportFile) throws {
        var export: TraceExport? = TraceExport(title: comparison.title, output: ExportOutput(sink: { try file.write($0) }))
        var noCSV: RequestCSV?
        let jobNames = plan.scenario.workload.jobs.map(\.name)
        for (m, row) in comparison.models.enumerated() {
            _ = try ExportRun.run(
                plan.scenario, model: m, window: .all, budget: .standard, csv: &noCSV, trace: &export,
                traceName: "\(row.name) (simulated)")
            if let measured = row.measuredTimeline {
                try export!.measuredModel(
                    measured, name: "\(row.name) (measured)", gil: plan.scenario.models[m].gil,
                    jobNames: jobNames, jobOfRequest: plan.requests.map(\.job))
            }
        }
        _ = try export!.finish()
    }

    /// Progress goes to standard error, so standard output stays the result.
    private func say(_ text: String) {
        writeError(text)
    }

    /// Runs a program; its failure exits 3, a signal 128 + the signal (130 on Ctrl-C), as the dashboard does.
    private func python(_ runner: PythonRunner, _ program: String, named name: String, timeLimit: Double) throws -> String {
        do { return try runner.run(program, named: name, timeLimit: timeLimit) } catch { throw exit(error) }
    }

    private func exit(_ stop: PythonRunner.Stop) -> ExitCode {
        switch stop {
        case .failed(let error):
            return fail(error, status: 3)
        case .interrupted(let signal):
            say("\(file): interrupted by signal \(signal); the Python program was stopped, its temporary files are removed")
            return ExitCode(128 + signal)
        }
    }

    private func fail(_ error: VerifyError, status: Int32) -> ExitCode {
        say("\(file): error: \(error.description)")
        return ExitCode(status)
    }
}

/// Why a file cannot be created or replaced at `path`, or nil when it can.
func unwritableFileProblem(_ path: String) -> String? {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
        if isDirectory.boolValue { return "is a directory; give a file to write, like \(path.hasSuffix("/") ? path : path + "/")verify.py" }
        return access(path, W_OK) == 0 ? nil : "the file exists and cannot be written (\(String(cString: strerror(errno))))"
    }
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
        return "the directory \(directory) does not exist"
    }
    // Written atomically: through a temporary file in the same directory.
    return access(directory, W_OK) == 0 ? nil : "the directory \(directory) cannot be written (\(String(cString: strerror(errno))))"
}
