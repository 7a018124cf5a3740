/// The verdict about keep-alive connections: a worker that keeps the connections it accepted
/// can hold them all while another worker idles (gunicorn gthread, docs/engine.md "Connections").
extension Comparison {
    func connectionsHeldVerdict(_ m: Int) -> Verdict? {
        guard let connections = models[m].connections, connections.policy.keepsConnections,
            connections.held.count > 1
        else { return nil }
        let idle = connections.taken.indices.filter { connections.taken[$0] == 0 }
        let holders = connections.held.indices.filter { connections.held[$0] > 0 }
        guard !idle.isEmpty, !holders.isEmpty else { return nil }
        let total = connections.held.reduce(0, +)
        let held =
            total == 1
            ? "its one connection is held by \(processName(holders[0]))"
            : holders.count == 1
                ? "all \(total) connections are held by \(processName(holders[0]))"
                : "\(total) connections are held by " + list(holders.map { "\(processName($0)) (\(connections.held[$0]))" })
        let idles = list(idle.map(processName)) + (idle.count == 1 ? " idles" : " idle")
        var text = "\(models[m].name): \(held); \(idles): each keep-alive connection's requests go back to the worker that accepted it"
        var explains: Set<Verdict.Cause> = [.connections]
        if specs[m].gil, holders.count == 1, !specs[m].asyncio {
            // The GIL wait follows from it: every request runs in the one process's threads.
            text += ", so every request runs on \(processName(holders[0]))'s \(specs[m].threads) threads and its one GIL"
            explains.insert(.gil)
        }
        return Verdict(rule: .connectionsHeld, model: m, text: text, explains: explains)
    }

    private func processName(_ p: Int) -> String { "P\(p + 1)" }

    /// "P1", "P1 and P2", "P1, P2 and P3".
    private func list(_ names: [String]) -> String {
        names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
