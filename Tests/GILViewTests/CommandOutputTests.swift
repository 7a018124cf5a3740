import Testing

/// Runs Tests/e2e/command_output.sh against the built `gilview`: the text commands on hostile
/// files print no control or bidi character, a full disk is an error, a closed standard error is
/// not a crash, a huge sweep wants --yes. Needs no terminal, so it runs without tmux too.
struct CommandOutputTests {
    @Test func hostileFilesAndFailingStreams() throws {
        try EndToEndTests.runScript("command_output.sh")
    }
}
