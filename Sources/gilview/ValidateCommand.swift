import ArgumentParser
import Foundation
import GILCore

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check scenario files and print every problem with its file, line and column.",
        discussion: "Exits 1 if any file is invalid."
    )

    @Argument(help: "Scenario files to check.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one scenario file.") }
    }

    func run() throws {
        var invalid = 0
        for file in files {
            do {
                let scenario = try ScenarioLoader.load(path: file)
                writeOutput(
                    "\(file): ok — \(Format.counted(scenario.models.count, "model")), \(Format.counted(scenario.workload.jobs.count, "job"))"
                )
                // Warnings do not make the file invalid: the budget stops such a run.
                for warning in scenario.workWarnings() { writeError("\(file): warning: \(warning)") }
            } catch {
                invalid += 1
                writeError(error.description)
            }
        }
        if invalid > 0 { throw ExitCode(1) }
    }
}
