/// The comparison as text, after the report's tables: values with the best marked, the
/// differences from the baseline, and the verdicts.
extension Comparison {
    /// Marks the best value in a column; a glyph (not only a colour) so it survives any terminal.
    public static let bestMark = "*"

    public func table() -> String {
        let columns = Column.allCases
        var values = TextTable(header: ["model"] + columns.map(\.label))
        for m in models.indices {
            values.rows.append(
                [models[m].name]
                    + columns.map { column in
                        let mark = isBest(m, in: column) ? Self.bestMark : " "
                        return (value(column, of: m).map(column.format) ?? "–") + mark
                    })
        }
        var differences = TextTable(header: ["model"] + columns.map(\.label))
        for m in models.indices {
            differences.rows.append([models[m].name] + columns.map { formattedDifference($0, of: m) })
        }
        var out = "Compared (\(Self.bestMark) best in its column; CPU and GIL have no best):\n"
        // An unmarked last column ends in the mark's blank: no trailing spaces.
        out +=
            values.render().split(separator: "\n").map { String($0.reversed().drop { $0 == " " }.reversed()) }
            .joined(separator: "\n") + "\n\n"
        out += "Against \(terminalSafe(models[baseline].name)) (× ratio; pt: percentage points):\n"
        out += differences.render() + "\n"
        let found = verdicts
        if !found.isEmpty {
            out += "\nVerdicts:\n" + found.map { "- " + terminalSafe($0.text) }.joined(separator: "\n") + "\n"
        }
        return out
    }

    /// The comparison's additions to the JSON report.
    var json: (topLevel: [(String, JSONOutput)], perModel: [JSONOutput]) {
        let bestByColumn = Column.allCases.filter { $0.direction != nil }.map { column in
            (column.key, JSONOutput.array(best(column).map { .string(models[$0].name) }))
        }
        let top: [(String, JSONOutput)] = [
            ("baseline", .string(models[baseline].name)),
            ("best", .object(bestByColumn)),
            (
                "verdicts",
                .array(
                    verdicts.map {
                        .object([
                            ("rule", .string($0.rule.rawValue)), ("model", .string(models[$0.model].name)), ("text", .string($0.text)),
                        ])
                    })
            ),
        ]
        let perModel = models.indices.map { m in
            JSONOutput.object(
                Column.allCases.map { column in
                    (column.key, ratio(column, of: m).map { .number(($0 * 10_000).rounded() / 10_000) } ?? .null)
                })
        }
        return (top, perModel)
    }
}
