import ArgumentParser
import Foundation
import GILCore

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the dashboard for a scenario (the default subcommand).",
        discussion: "When standard output is not a terminal, prints the report instead."
    )

    @Argument(help: "The scenario file.")
    var file: String

    func run() throws {
        let scenario = try loadScenario(file)
        print(ScenarioReport(running: scenario).table())
    }
}
