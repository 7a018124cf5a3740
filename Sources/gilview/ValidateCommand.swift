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
                print("\(file): ok — \(scenario.models.count) models, \(scenario.workload.jobs.count) jobs")
                // Warnings do not make the file invalid: the budget stops such a run.
                let warnings = scenario.workWarnings().map { "\(file): warning: \($0)\n" }.joined()
                FileHandle.standardError.write(Data(warnings.utf8))
            } catch {
                invalid += 1
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
            }
        }
        if invalid > 0 { throw ExitCode(1) }
    }
}
