import Foundation
import GILCore
import Testing

@testable import GILView

/// Scenarios and snapshot files for the dashboard tests.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func scenario(_ name: String) throws -> Scenario {
        try ScenarioLoader.load(path: packageRoot.appendingPathComponent("scenarios/\(name).json").path)
    }

    /// The dashboard for a bundled scenario, paused at `time`.
    static func state(_ name: String, at time: SimTime, theme: Theme = Theme()) throws -> DashboardState {
        var state = DashboardState(scenario: try scenario(name), fileName: "\(name).json", playing: false, theme: theme)
        state.playback.seek(to: time)
        return state
    }
}

/// A grid as reviewable text: the characters, then one code per cell for its style, then
/// what each code means.
enum GridSnapshot {
    static func text(_ grid: CellGrid) -> String {
        var codes: [CellStyle: Character] = [.plain: "."]
        var order: [CellStyle] = []
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var styleRows: [String] = []
        for y in 0..<grid.height {
            styleRows.append(
                String(
                    grid.row(y).map { cell -> Character in
                        if let code = codes[cell.style] { return code }
                        let code = order.count < alphabet.count ? alphabet[order.count] : "?"
                        codes[cell.style] = code
                        order.append(cell.style)
                        return code
                    }))
        }
        let legend = order.map { "\(codes[$0] ?? "?") = \(describe($0))" }
        return grid.plainText() + "\n--- styles ---\n" + styleRows.joined(separator: "\n")
            + "\n--- . = plain\n" + legend.joined(separator: "\n") + "\n"
    }

    static func describe(_ style: CellStyle) -> String {
        var parts: [String] = []
        if let fg = style.foreground { parts.append("fg \(fg)") }
        if let bg = style.background { parts.append("bg \(bg)") }
        if style.bold { parts.append("bold") }
        if style.dim { parts.append("dim") }
        if style.reverse { parts.append("reverse") }
        if style.underline { parts.append("underline") }
        return parts.joined(separator: " ")
    }

    /// Compares with the stored file; GILVIEW_RECORD_SNAPSHOTS=1 rewrites it instead.
    static func expectMatches(_ grid: CellGrid, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let file = Fixtures.snapshots.appendingPathComponent(name + ".txt")
        let actual = text(grid)
        // An ASCII screen (`--ascii`, or no UTF-8 locale) draws nothing else, words included.
        if name.hasSuffix("_ascii"), let other = grid.plainText().first(where: { !$0.isASCII }) {
            Issue.record("snapshot \(name) draws \"\(other)\", not ASCII", sourceLocation: sourceLocation)
        }
        if ProcessInfo.processInfo.environment["GILVIEW_RECORD_SNAPSHOTS"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no snapshot \(file.path): run with GILVIEW_RECORD_SNAPSHOTS=1 to record it", sourceLocation: sourceLocation)
            return
        }
        guard actual != expected else { return }
        Issue.record(
            "snapshot \(name) changed at \(firstDifference(actual, expected)); review, then record with GILVIEW_RECORD_SNAPSHOTS=1",
            sourceLocation: sourceLocation)
    }

    /// Where two snapshot texts first differ: "row 3, column 17 (expected "▒", found "░")"; rows
    /// and columns from 1, rows past the picture's height being its style rows.
    static func firstDifference(_ actual: String, _ expected: String) -> String {
        let found = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let wanted = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for row in 0..<max(found.count, wanted.count) {
            let a = row < found.count ? Array(found[row]) : []
            let e = row < wanted.count ? Array(wanted[row]) : []
            guard a != e else { continue }
            let column = zip(a, e).prefix { $0 == $1 }.count
            let show = { (line: [Character]) in column < line.count ? "\"\(line[column])\"" : "the row's end" }
            return "row \(row + 1), column \(column + 1) (expected \(show(e)), found \(show(a)))"
        }
        return "no row (the texts differ only in line ends)"
    }
}

extension DashboardState {
    /// A key as the run loop gives it: handled, then the way to where it sent the clock covered.
    mutating func press(_ key: Key) -> Outcome {
        let outcome = handle(key)
        finishWork()
        return outcome
    }
}
