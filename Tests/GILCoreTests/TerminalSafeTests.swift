import Foundation
import Testing

@testable import GILCore

/// Names, titles, notes and keys from a scenario file reach the text outputs without any control
/// or bidirectional-control character, and tables stay aligned.
struct TerminalSafeTests {
    /// ESC sequences (clear screen, retitle the window), BEL, CR, NUL, a C1 CSI, bidi overrides
    /// and isolates, a tab and a line feed.
    static let hostile = "A\u{1B}]0;pwned\u{07}B\u{1B}[2J\rC\u{202E}D\u{2066}E\u{0}F\tG\nH\u{9B}I\u{200F}"

    /// Scalars that must never reach a terminal from a scenario (line feeds only where gilview puts them).
    static func unsafeScalars(_ text: String, allowingLineBreaks: Bool = true) -> [String] {
        text.unicodeScalars.filter { scalar in
            if allowingLineBreaks, scalar == "\n" { return false }
            return scalar.properties.generalCategory == .control
                || [0x061C, 0x200E, 0x200F, 0x2028, 0x2029].contains(scalar.value)
                || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
        }.map { "U+\(String($0.value, radix: 16, uppercase: true))" }
    }

    static func hostileScenario() -> Scenario {
        var scenario = TestScenarios.scenario(
            arrivals: .batch, size: .requests(40),
            jobs: [
                Job(name: "job" + hostile, steps: [.cpu(.fixed(Time.millisecond))]),
                Job(name: "io", steps: [.io(.fixed(3 * Time.millisecond))]),
            ],
            models: [ModelSpec(name: "m" + hostile), ModelSpec(name: "threads", threads: 4)])
        scenario.title = "T" + hostile
        scenario.notes = [Note(at: Time.millisecond, text: "note" + hostile)]
        return scenario
    }

    @Test func escapesControlAndBidiScalarsVisibly() {
        #expect(terminalSafe("a\u{1B}[31mb\u{202E}c\rd\0") == #"a\u{1B}[31mb\u{202E}c\u{D}d\u{0}"#)
        #expect(terminalSafe("line\nnext\tcell") == #"line\u{A}next\u{9}cell"#)
        #expect(terminalSafe("line\nnext\tcell", keepingLayout: true) == "line\nnext\tcell")
        #expect(terminalSafe("café ✓ 日本 👩‍💻") == "café ✓ 日本 👩‍💻")
        #expect(Self.unsafeScalars(terminalSafe(Self.hostile), allowingLineBreaks: false).isEmpty)
    }

    @Test func reportAndComparisonTablesAreSafeAndAligned() {
        let scenario = Self.hostileScenario()
        let report = ScenarioReport(running: scenario)
        let comparison = Comparison(scenario: scenario, figures: report.models, baseline: 0)
        let text = report.table() + "\n" + comparison.table()
        #expect(Self.unsafeScalars(text).isEmpty, "\(Self.unsafeScalars(text))")
        #expect(text.contains(#"mA\u{1B}]0;pwned"#))
        // The summary table: a header and a row per model, all as wide as each other (the last
        // column is right-aligned), so the escaped name did not push its row out of line.
        let summary = text.split(separator: "\n").drop { !$0.hasPrefix("model") }.prefix(3)
        #expect(summary.count == 3 && Set(summary.map(\.count)).count == 1, "\(summary.joined(separator: "\n"))")
    }

    @Test func sweepTableAndChartAreSafe() throws {
        let sweep = try Sweep(scenario: Self.hostileScenario(), axes: [try ScenarioOverride.parseList("threads=1,2")])
        let text = sweep.table() + "\n" + sweep.chart(ascii: false)
        #expect(Self.unsafeScalars(text).isEmpty, "\(Self.unsafeScalars(text))")
        let rows = sweep.table().split(separator: "\n")
        #expect(Set(rows.map(\.count)).count == 1, "\(rows.joined(separator: "\n"))")
    }

    @Test func verifyTableIsSafe() throws {
        let plan = try VerifyPlan(scenario: Self.hostileScenario(), calibration: VerifyTranslationTests.calibration)
        let text = VerifyComparison(plan: plan, calibration: VerifyTranslationTests.calibration, runs: []).table()
        #expect(Self.unsafeScalars(text).isEmpty, "\(Self.unsafeScalars(text))")
    }

    @Test func diagnosticsQuoteKeysAndSourceLinesSafelyWithTheCaretInPlace() {
        let text = "{ \"title\": \"x\u{1B}[31m\u{202E}\", \"bogus\u{1B}[2J\u{07}\": 1,\n  \"models\": [] }"
        do {
            _ = try ScenarioLoader.parse(text, file: "evil\u{1B}[2J.json")
            Issue.record("expected an error")
        } catch {
            let description = error.description
            #expect(Self.unsafeScalars(description).isEmpty, "\(Self.unsafeScalars(description))")
            let lines = description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let unknown = try? #require(lines.firstIndex { $0.contains(#"unknown key "bogus\u{1B}[2J\u{7}""#) })
            guard let unknown else { return }
            #expect(lines[unknown].hasPrefix(#"evil\u{1B}[2J.json:1:"#))
            // The caret sits under the key's opening quote in the escaped source line.
            let source = Array(lines[unknown + 1]), caret = Array(lines[unknown + 2])
            let caretColumn = try? #require(caret.firstIndex(of: "^"))
            #expect(caretColumn.map { source[$0] } == "\"")
            #expect(caretColumn.map { String(source[$0...].prefix(7)) } == "\"bogus\\")
        }
    }

    @Test func pickerListingIsSafeAndAligned() {
        let library = ScenarioLibrary(
            directory: "d",
            entries: [
                ScenarioLibrary.Entry(path: "d/a.json", fileName: "a\u{1B}[2J.json", title: "Title" + Self.hostile, description: ""),
                ScenarioLibrary.Entry(
                    path: "d/b.json", fileName: "b.json", title: "B", description: "",
                    problem: "d/b.json:1:1: error: unknown key \"\u{1B}]0;x\u{07}\"\n    {}"),
            ])
        let listing = library.listing()
        #expect(Self.unsafeScalars(listing).isEmpty, "\(Self.unsafeScalars(listing))")
        let lines = listing.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        // The titles (and the problem) start in one column after the escaped file names.
        func column(of word: String, in line: String) -> Int? {
            line.range(of: word).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
        }
        #expect(column(of: "Title", in: lines[0]) != nil)
        #expect(column(of: "Title", in: lines[0]) == column(of: "invalid", in: lines[1]))
    }
}
