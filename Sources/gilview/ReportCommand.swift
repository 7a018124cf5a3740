import ArgumentParser
import GILCore

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every model of a scenario to the end and print their figures side by side.",
        discussion: "With --json, one JSON object with stable keys and times in milliseconds (see the README)."
    )

    @Argument(help: "The scenario file (JSON, comments and trailing commas allowed).")
    var file: String

    @Flag(help: "Print the machine-readable report.")
    var json = false

    func run() throws {
        let report = ScenarioReport(running: try loadScenario(file))
        print(json ? report.json() : report.table())
    }
}
