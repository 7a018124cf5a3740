import ArgumentParser
import CNcurses
import Foundation
import GILCore

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario once per value of a setting (or per combination of two) and compare.",
        discussion: """
            --vary KEY=V1,V2,… changes a number of the file for each run; two --vary make a grid.
            Keys: \(ScenarioOverride.Key.allCases.map(\.rawValue).joined(separator: ", ")).
            Durations take a unit, as in the file (switch_interval=1ms,5ms). A model key applies to
            every model it means something for (threads: not to asyncio models), or to the models
            picked with --model; scenario-wide keys apply to the whole scenario. Runs in parallel.
            """
    )

    @Argument(help: "The scenario file.")
    var file: String

    @Option(name: .customLong("vary"), help: ArgumentHelp("A setting and its values, like threads=1,2,4,8.", valueName: "key=values"))
    var vary: [String] = []

    @Option(
        name: .customLong("model"), help: ArgumentHelp("Run only this model (a name, or a number from 1); repeatable.", valueName: "name"))
    var modelNames: [String] = []

    @Flag(help: "Print JSON: the settings of each run with the report's figures.")
    var json = false

    @Flag(help: "Print CSV, one line per run.")
    var csv = false

    @Flag(help: "Draw the chart with ASCII characters only (automatic when the locale is not UTF-8).")
    var ascii = false

    @Flag(help: "Run a sweep of more than \(SweepCommand.confirmedRuns) runs (without it, such a sweep is refused).")
    var yes = false

    @Flag(help: "No progress line on standard error (shown on a terminal when the sweep takes more than a second).")
    var quiet = false

    /// Runs beyond which a sweep needs --yes: a 1000 × 1000 grid ran for minutes and took gigabytes.
    static let confirmedRuns = 500

    @OptionGroup var budget: BudgetOptions

    func validate() throws {
        if vary.isEmpty { throw ValidationError("give at least one --vary KEY=VALUES, like --vary threads=1,2,4,8") }
        if vary.count > 2 { throw ValidationError("at most two --vary (a grid); found \(vary.count)") }
        if json && csv { throw ValidationError("--json and --csv are exclusive") }
    }

    func run() throws {
        let scenario = try loadScenario(file)
        let axes: [[ScenarioOverride]]
        do {
            axes = try vary.map { text throws(ScenarioOverrideError) in try ScenarioOverride.parseList(text) }
        } catch {
            throw ValidationError("--vary: \(error.message)")
        }
        let picked = try modelNames.isEmpty ? nil : modelNames.map { try modelIndex(named: $0, in: scenario, option: "--model") }
        let modelCount = picked?.count ?? scenario.models.count
        // Each axis holds at most a --vary's values, so the product cannot overflow.
        let runs = axes.reduce(modelCount) { $0 * $1.count }
        if runs > Self.confirmedRuns && !yes {
            let sizes = axes.map { "\($0.count)" }.joined(separator: " × ")
            throw ValidationError(
                "this sweep makes \(runs) runs (\(sizes) values × \(Format.counted(modelCount, "model"))), more than \(Self.confirmedRuns); add --yes to run it, or vary fewer values"
            )
        }
        let progress = ProgressDisplay.onTerminal(label: "sweep", parts: runs, unit: "run", quiet: quiet)
        let budget = try budget.budget()
        let sweep: Sweep
        defer { progress?.finish() }
        do {
            sweep = try Sweep(scenario: scenario, axes: axes, models: picked, budget: budget, progress: progress?.observer)
        } catch {
            throw ValidationError("--vary: \(error.message)")
        }
        let unfinished = sweep.rows.map { row in
            (label: "\(row.settings.map(\.description).joined(separator: ", ")), model \"\(row.figures.name)\"", figures: row.figures)
        }
        if json || csv {
            writeOutput(json ? sweep.json(title: scenario.title, seed: scenario.seed) : sweep.csv())
            return try exitIfUnfinished(unfinished)
        }

        var out =
            "\(terminalSafe(scenario.title)) — seed \(scenario.seed), \(Sweep.combinations(axes).count) runs of \(Format.counted(sweep.models.count, "model"))\n"
        for key in axes.compactMap({ $0.first?.key }) {
            out +=
                key.isModelKey
                ? appliesLine(key, scenario: scenario, models: sweep.models) : "\(key.rawValue): \(key.path), for the whole scenario\n"
        }
        out += "\n" + sweep.table() + "\n\n" + sweep.chart(ascii: ascii || !localeIsUTF8())
        writeOutput(out)
        try exitIfUnfinished(unfinished)
    }

    private func appliesLine(_ key: ScenarioOverride.Key, scenario: Scenario, models: [Int]) -> String {
        let (applied, skipped) = Sweep.appliesTo(key, in: scenario, models: models)
        var line = "\(key.rawValue) applies to: \(applied.joined(separator: "; "))"
        if !skipped.isEmpty { line += " (not to \(skipped.joined(separator: "; ")): one event-loop thread per process)" }
        return terminalSafe(line) + "\n"
    }
}

/// Whether the locale's character set is UTF-8, decided as the dashboard decides it.
func localeIsUTF8() -> Bool {
    setlocale(LC_CTYPE, "")
    return gv_locale_is_utf8() != 0
}
