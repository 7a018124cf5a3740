import ArgumentParser
import Foundation
import GILCore
import GILView

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a run as a trace for Perfetto, a CSV row per request, or an SVG picture of the lanes.",
        discussion: """
            --trace: Chrome trace-event JSON (open it at ui.perfetto.dev or chrome://tracing): a process per \
            model and Python process, a track per thread and per GIL, each request's states, counters and \
            GIL hand-off flows. --csv: one row per completed request, with its time in each of the report's \
            states in ms. --svg: the lanes as on the dashboard, a band per model, for a 16:9 slide.
            Give one or more; `-` writes one of them to standard output. Files are written through a \
            temporary file beside them and renamed into place once complete. See docs/export.md.
            Exit codes: 0 ok, 1 invalid scenario or an export file that cannot be written, 2 usage, \
            4 a budget stopped a run (what ran is written), 74 standard output cannot be written.
            """
    )

    @Argument(help: "The scenario file.")
    var file: String

    @Option(help: ArgumentHelp("Write the Chrome trace-event JSON here (`-`: standard output).", valueName: "file"))
    var trace: String?

    @Option(help: ArgumentHelp("Write one row per completed request here (`-`: standard output).", valueName: "file"))
    var csv: String?

    @Option(help: ArgumentHelp("Write the lanes as an SVG picture here (`-`: standard output).", valueName: "file"))
    var svg: String?

    @Option(
        name: .customLong("model"),
        help: ArgumentHelp("Export only this model (a name, or a number from 1); repeatable.", valueName: "name"))
    var modelNames: [String] = []

    @Option(help: ArgumentHelp("Start of the time window exported, like 100ms (default: 0).", valueName: "time"))
    var from: String?

    @Option(help: ArgumentHelp("End of the time window exported, like 2s (default: the end of the run).", valueName: "time"))
    var to: String?

    @Option(
        help: ArgumentHelp(
            "The SVG's width in pixels (\(Self.widths.lowerBound)–\(Self.widths.upperBound)); its height is 9/16 of it, or more when the lanes need it.",
            valueName: "pixels"))
    var width: Int = Self.defaultWidth

    @Flag(help: "No progress line and no summary on standard error.")
    var quiet = false

    @OptionGroup var budget: BudgetOptions

    static let defaultWidth = 1600
    static let widths = 320...20_000
    /// Beyond this, Perfetto's browser UI struggles to load a JSON trace.
    static let largeTrace = 1 << 30

    func validate() throws {
        let outputs = [trace, csv, svg].compactMap { $0 }
        if outputs.isEmpty { throw ValidationError("give at least one of --trace FILE, --csv FILE, --svg FILE") }
        if outputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("only one export can go to standard output (-)") }
        // Two exports to one file would overwrite each other (a device like /dev/null may take both).
        let files = outputs.filter { path in
            var info = stat()
            return stat(path, &info) != 0 || info.st_mode & S_IFMT == S_IFREG
        }
        if Set(files).count < files.count { throw ValidationError("each export needs a file of its own") }
        guard Self.widths.contains(width) else {
            throw ValidationError("--width must be from \(Self.widths.lowerBound) to \(Self.widths.upperBound) pixels, found \(width)")
        }
        _ = try window()
    }

    /// The window --from and --to give; a usage error names the option.
    func window() throws -> ExportWindow {
        func time(_ text: String?, _ option: String) throws -> SimTime? {
            guard let text else { return nil }
            do {
                return try DurationParser.parse(text)
            } catch {
                throw ValidationError("\(option): \(error.message)")
            }
        }
        let window = ExportWindow(from: try time(from, "--from") ?? 0, to: try time(to, "--to") ?? .max)
        guard window.from < window.to else {
            throw ValidationError("--from (\(from ?? "0")) must come before --to (\(to ?? "the end"))")
        }
        return window
    }

    func run() throws {
        let scenario = try loadScenario(file)
        var models: [Int] = []
        for name in modelNames {
            let index = try modelIndex(named: name, in: scenario, option: "--model")
            if !models.contains(index) { models.append(index) }
        }
        if models.isEmpty { models = Array(scenario.models.indices) }
        let window = try window()
        let budget = try budget.budget()

        var files: [ExportFile] = []
        do {
            for (path, option) in [(trace, "--trace"), (csv, "--csv"), (svg, "--svg")] {
                if let path { files.append(try ExportFile(path, option: option)) }
            }
            let summary = try export(scenario, models: models, window: window, budget: budget, files: files)
            for file in files { try file.commit() }
            if !quiet { writeError(summary.lines.joined(separator: "\n")) }
            let report = ScenarioReport(title: scenario.title, seed: scenario.seed, cores: scenario.machine.cores, models: summary.figures)
            // A window that ends before the run does leaves requests in flight: that is no deadlock.
            try exitIfUnfinished(report.labelledModels.filter { window.to == .max || $0.figures.stop != nil })
        } catch let error as ExportError {
            for file in files { file.discard() }
            writeError("gilview: \(error.description)")
            throw ExitCode(1)
        } catch let error as StandardOutputFailure {
            for file in files { file.discard() }
            writeError("gilview: cannot write the output: \(error.reason)")
            throw ExitCode(writeFailureStatus)
        }
    }

    private struct Summary {
        var lines: [String] = []
        /// Each model's figures at the end of its run (once, from whichever export ran it).
        var figures: [ModelFigures] = []
    }

    private func export(
        _ scenario: Scenario, models: [Int], window: ExportWindow, budget: SimulationBudget,
        files: [ExportFile]
    ) throws -> Summary {
        var summary = Summary()
        let file = { (option: String) in files.first { $0.option == option } }
        var traceExport = file("--trace").map { file in
            TraceExport(title: scenario.title, output: ExportOutput(sink: Self.sink(file, warnPast: Self.largeTrace)))
        }
        var csvExport = file("--csv").map { file in
            RequestCSV(
                states: RequestState.reported(connectionPools: !scenario.connectionPools.isEmpty),
                output: ExportOutput(sink: Self.sink(file, warnPast: nil)))
        }
        if traceExport != nil || csvExport != nil {
            let progress = ProgressDisplay.onTerminal(label: "export", parts: models.count, unit: "model", quiet: quiet)
            defer { progress?.finish() }
            for (part, index) in models.enumerated() {
                let observer: RunProgressObserver? = progress.map { display in { @Sendable fraction in display.update(part, fraction) } }
                summary.figures.append(
                    try ExportRun.run(
                        scenario, model: index, window: window, budget: budget, csv: &csvExport,
                        trace: &traceExport, progress: observer))
            }
            if var traceExport, let file = file("--trace") {
                let bytes = try traceExport.finish()
                summary.lines.append(
                    "wrote \(Self.name(file)): a Chrome trace of \(Format.count(models.count)) model\(models.count == 1 ? "" : "s"), \(Self.size(bytes)); open it at ui.perfetto.dev"
                )
            }
            if var csvExport, let file = file("--csv") {
                let bytes = try csvExport.finish()
                summary.lines.append("wrote \(Self.name(file)): \(Format.count(csvExport.rows)) requests, \(Self.size(bytes))")
            }
        }
        if let file = file("--svg") {
            let (picture, figures) = TimelineSVG.export(scenario, models: models, window: window, width: width, budget: budget)
            try file.write(Array(picture.render().utf8))
            if summary.figures.isEmpty { summary.figures = figures }
            summary.lines.append(
                "wrote \(Self.name(file)): the lanes of \(Format.count(models.count)) model\(models.count == 1 ? "" : "s")")
        }
        return summary
    }

    /// Hands an export's bytes to its file; past `warnPast` bytes, says once that the trace is large.
    private static func sink(_ file: ExportFile, warnPast limit: Int?) -> ([UInt8]) throws -> Void {
        var written = 0
        return { bytes in
            let before = written
            written += bytes.count
            if let limit, before <= limit, written > limit {
                writeError(
                    "warning: \(name(file)) passes \(size(limit)): Perfetto's web UI may not open a JSON trace this large; export a window with --from/--to, or fewer models with --model"
                )
            }
            try file.write(bytes)
        }
    }

    private static func name(_ file: ExportFile) -> String {
        file.isStandardOutput ? "standard output" : file.path
    }

    private static func size(_ bytes: Int) -> String {
        bytes >= 1 << 30
            ? String(format: "%.1f GB", Double(bytes) / Double(1 << 30))
            : bytes >= 1 << 20
                ? String(format: "%.1f MB", Double(bytes) / Double(1 << 20))
                : String(format: "%.1f kB", Double(bytes) / 1024)
    }
}
