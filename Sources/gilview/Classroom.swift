import ArgumentParser
import Foundation
import GILCore
import GILView

/// `--theme`: the colours the dashboard and the picker use.
enum ThemeChoice: String, ExpressibleByArgument, CaseIterable {
    case standard
    case highContrast = "high-contrast"
}

// `gilview` with no file: the picker of the bundled scenarios; Enter opens one in the
// dashboard, whose q comes back to the picker (Ctrl-C quits from anywhere).
extension Show {
    func runClassroom() throws {
        let (found, tried) = BundledScenarios.directory()
        guard let directory = found else {
            writeError(
                """
                gilview: no scenario file given, and no bundled scenarios found (looked in: \(tried.joined(separator: ", "))).
                Give a file (gilview FILE), run from the repository, or set \(BundledScenarios.environmentVariable) to their directory.
                """)
            throw ExitCode(1)
        }
        let library: ScenarioLibrary
        do {
            library = try ScenarioLibrary(directory: directory)
        } catch {
            writeError("gilview: cannot read the scenarios in \(directory): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        guard isatty(STDOUT_FILENO) == 1 else {
            writeOutput(library.listing())
            return
        }
        let terminal = try CursesTerminal(colorMode: noColor ? .monochrome : .automatic)
        defer { terminal.shutdown() }
        var picker = ScenarioPicker(library: library, theme: theme(for: terminal))
        while true {
            switch try Self.endOf(TerminalRunLoop.run(&picker, on: terminal), terminal: terminal) {
            case .quit(let key):
                try Self.exitIfInterrupted(by: key, terminal: terminal)
                return
            case .open(let entry):
                try openScenario(entry, from: &picker, directory: directory, terminal: terminal)
            }
        }
    }

    /// Shows `entry` in the dashboard until q (back to the picker) or Ctrl-C (exits 130).
    /// A file that does not load stays in the picker, with its problems shown.
    private func openScenario(
        _ entry: ScenarioLibrary.Entry, from picker: inout ScenarioPicker, directory: String,
        terminal: CursesTerminal
    ) throws {
        // Listed again afterwards: files may have been edited meanwhile.
        defer {
            let library = (try? ScenarioLibrary(directory: directory)) ?? picker.library
            let message = picker.message
            picker = ScenarioPicker(library: library, theme: picker.theme, selecting: entry.fileName)
            picker.message = message
        }
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader.loadTitled(path: entry.path)
        } catch {
            picker.message = "\(entry.fileName) does not load: its problems are below."
            return
        }
        var state = dashboard(scenario, file: entry.path, terminal: terminal)
        state.quitReturnsToPicker = true
        try Self.exitIfInterrupted(by: Self.run(state, terminal: terminal), terminal: terminal)
    }
}
