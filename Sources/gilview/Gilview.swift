import ArgumentParser
import GILCore

@main
struct Gilview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gilview",
        abstract: "Simulate and animate how Python runs concurrent work.",
        subcommands: [TerminalDemo.self]
    )
}
