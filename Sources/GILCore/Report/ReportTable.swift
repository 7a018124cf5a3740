import Foundation

/// The readable report: one row per model, side by side.
extension ScenarioReport {
    public func table() -> String {
        var out = "\(title.isEmpty ? "gilview report" : terminalSafe(title)) — seed \(seed), \(cores) cores\n\n"

        var summary = TextTable(header: ["model", "done", "req/s", "mean", "p50", "p95", "p99", "max", "CPU", "GIL", "GIL wait", "mem"])
        for m in models {
            summary.rows.append([
                m.name, "\(m.completed)", Format.rate(m.throughputPerSecond),
                Format.milliseconds(m.latency.mean), Format.milliseconds(m.latency.p50),
                Format.milliseconds(m.latency.p95), Format.milliseconds(m.latency.p99),
                Format.milliseconds(m.latency.max), Format.percent(m.cpuUtilization),
                Format.percent(m.gilHeldFraction), Format.milliseconds(m.gilWaitMeanMs),
                Format.megabytes(m.memoryMB),
            ])
        }
        out += summary.render() + "\n\n"
        for m in models {
            if let deadlock = m.deadlock { out += terminalSafe("\(m.name): \(deadlock)") + "\n\n" }
        }

        out += "Where a request's time goes (mean per request):\n"
        let reported = models.first?.states ?? []
        var states = TextTable(header: ["model"] + reported.map(\.label))
        for m in models {
            states.rows.append([m.name] + reported.map { Format.milliseconds(m.meanMs(in: $0)) })
        }
        out += states.render() + "\n"

        if let jobNames = models.first?.jobs.map(\.name), jobNames.count > 1 {
            out +=
                "\nPer job, p50 / p99:\n"
                + perModel(columns: jobNames) { m in
                    m.jobs.map { "\(Format.milliseconds($0.latency.p50)) / \(Format.milliseconds($0.latency.p99))" }
                }
        }
        if let pools = models.first?.tasks.map(\.pool), !pools.isEmpty {
            out +=
                "\nBackground tasks (enqueue to done), done / p50 / p99:\n"
                + perModel(columns: pools) { m in
                    m.tasks.map { "\($0.completed) / \(Format.milliseconds($0.latency.p50)) / \(Format.milliseconds($0.latency.p99))" }
                }
        }
        return out
    }

    /// A table with a row per model: its name, then `cells` under `columns`.
    private func perModel(columns: [String], cells: (ModelFigures) -> [String]) -> String {
        var table = TextTable(header: ["model"] + columns)
        for m in models { table.rows.append([m.name] + cells(m)) }
        return table.render() + "\n"
    }
}

extension RequestState {
    /// A short column label for people.
    public var label: String {
        switch self {
        case .queued: "queued"
        case .running: "running"
        case .gilWait: "GIL wait"
        case .noCore: "no core"
        case .io: "I/O"
        case .loopStalled: "loop stalled"
        case .poolWait: "pool wait"
        }
    }
}
