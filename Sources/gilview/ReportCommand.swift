import ArgumentParser
import GILCore

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every model of a scenario to the end and print their figures side by side.",
        discussion: """
            After the figures: the models compared (the best in each column marked), each against
            a baseline model, and verdicts derived from the numbers.
            With --json, one JSON object with stable keys and times in milliseconds (see docs/report-json.md).
            """
    )

    @Argument(help: "The scenario file (JSON, comments and trailing commas allowed).")
    var file: String

    @Flag(help: "Print the machine-readable report.")
    var json = false

    @Option(help: "The model the others are compared with: its name, or its number from 1 (default: the first).")
    var baseline: String?

    @Flag(help: "No progress line on standard error (shown on a terminal when the run takes more than a second).")
    var quiet = false

    @OptionGroup var budget: BudgetOptions

    func run() throws {
        let scenario = try loadScenario(file)
        let progress = ProgressDisplay.onTerminal(label: "report", parts: scenario.models.count, unit: "model", quiet: quiet)
        let report = ScenarioReport(running: scenario, budget: try budget.budget(), progress: progress?.observer)
        progress?.finish()
        let baselineIndex = try baseline.map { try modelIndex(named: $0, in: scenario, option: "--baseline") } ?? 0
        let comparison = Comparison(scenario: scenario, figures: report.models, baseline: baselineIndex)
        writeOutput(json ? report.json(comparison: comparison) : Self.text(report, comparison: comparison))
        try exitIfUnfinished(report.labelledModels)
    }

    /// The report as text: the figures, then the comparison and its verdicts. The dashboard
    /// prints the same when its output is not a terminal.
    static func text(_ report: ScenarioReport, comparison: Comparison) -> String {
        report.table() + "\n" + comparison.table()
    }
}

/// A model picked on the command line by name or by its number from 1; a usage error (exit 2)
/// listing the models otherwise.
func modelIndex(named text: String, in scenario: Scenario, option: String) throws -> Int {
    let names = scenario.models.map(\.name)
    if let index = names.firstIndex(of: text) { return index }
    if let number = Int(text), names.indices.contains(number - 1) { return number - 1 }
    let listed = names.enumerated().map { "\($0.offset + 1) \"\($0.element)\"" }.joined(separator: ", ")
    throw ValidationError("\(option) \"\(text)\" names no model of \(scenario.title); the models are \(listed)")
}
