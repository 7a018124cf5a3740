import GILCore
import Testing

@testable import GILView

/// Keep-alive scenarios show which worker process holds the clients' connections, in each
/// pane's figures row; other scenarios do not.
@Suite struct ConnectionLineTests {
    @Test(arguments: [(80, 24), (120, 40)])
    func eachPaneSaysWhichWorkerHoldsTheConnections(size: (Int, Int)) throws {
        let state = try Fixtures.state("django_keepalive", at: 500 * Time.millisecond)
        let rows = render(state, width: size.0, height: size.1).plainText().split(separator: "\n")
        let lines = rows.filter { $0.contains("done ") && $0.contains("connections ") }.map { String($0) }
        #expect(lines.count == 3, "\(lines)")
        // In model order: gthread -w1 (one worker), gthread -w2 (8 each), sync -w2 (each worker
        // holds the one it is answering; the rest wait to connect).
        #expect(
            lines.count == 3 && lines[0].contains("connections P1 16 ") && lines[1].contains("connections P1 8 P2 8 ")
                && lines[2].contains("connections P1 1 P2 1 "), "\(lines)")
    }

    @Test func scenariosWithoutKeepAliveShowNoConnections() throws {
        let text = render(try Fixtures.state("django_gthread", at: 500 * Time.millisecond), width: 120, height: 40).plainText()
        #expect(text.contains("done ") && !text.contains("connections "))
    }
}
