import Testing

/// Runs Tests/e2e/export.sh against the built `gilview`: bad destinations (a directory, a missing
/// directory, one no file can be created in, a full disk) exit 1 naming the path and leave no
/// file, an existing file survives a failed export, standard output on a full disk exits 74,
/// usage mistakes exit 2, hostile names are escaped in all three formats, and Ctrl-C leaves no
/// temporary file. Needs no terminal.
struct ExportCommandTests {
    @Test func badDestinationsAndHostileNames() throws {
        try EndToEndTests.runScript("export.sh")
    }
}
