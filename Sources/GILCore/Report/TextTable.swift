/// A plain-text table: a header row, then rows; the first column (and any in `alignLeft`)
/// left-aligned, the rest right.
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]] = []
    public var alignLeft: Set<Int> = [0]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// Cells are made terminal-safe first, so the widths are those of the text printed.
    public func render(indent: String = "") -> String {
        let header = header.map { terminalSafe($0) }
        let rows = rows.map { $0.map { terminalSafe($0) } }
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: max(widths[i] - cell.count, 0))
                parts.append(alignLeft.contains(i) ? cell + pad : pad + cell)
            }
            return indent + parts.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}

/// Formats for people: durations with a unit and sensible precision, percentages.
public enum Format {
    /// "1 model", "2 models": a count and its noun, plural after any count but 1.
    public static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// "0.42ms", "5.10ms", "54.1ms", "812ms", "12.3s".
    public static func milliseconds(_ ms: Double) -> String {
        if ms >= 10_000 { return String(format: "%.1fs", ms / 1000) }
        if ms >= 100 { return String(format: "%.0fms", ms) }
        if ms >= 10 { return String(format: "%.1fms", ms) }
        return String(format: "%.2fms", ms)
    }

    /// "46%": whole percents, rounded half to even as `%.0f` rounds.
    public static func percent(_ fraction: Double) -> String {
        let value = fraction * 100
        // Without Foundation's formatter where the digits are an Int's (the dashboard draws a
        // percent per pane and per office on every frame); "-0", NaN and the huge keep `%.0f`.
        if value.sign == .plus, value < 1e15 { return "\(Int(value.rounded(.toNearestOrEven)))%" }
        return String(format: "%.0f%%", value)
    }

    /// "17", "2,000", "1,000,000": a count with thousands separated.
    public static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        let grouped = digits.enumerated().map { i, digit in
            (i > 0 && (digits.count - i) % 3 == 0 ? "," : "") + String(digit)
        }.joined()
        return (n < 0 ? "-" : "") + grouped
    }

    public static func rate(_ perSecond: Double) -> String {
        perSecond >= 100 ? String(format: "%.0f", perSecond) : String(format: "%.1f", perSecond)
    }
}
