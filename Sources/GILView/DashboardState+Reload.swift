import GILCore

/// Live reload: what the dashboard does when a file it shows has changed on disk.
///
/// - A valid change replaces the file's models, re-simulated at the same playback time; every
///   view setting (focus, zoom, full screen, speed, playing) stays. Knob tweaks stay on models
///   whose name is still in the file, over the file's new values (a knob now equal to the file
///   is no longer a tweak); tweaks of models removed or renamed, or that the new file makes
///   impossible, are dropped.
/// - An invalid change keeps the last good run on screen and shows the first problem
///   (file:line:col: message) until the file reads again.
/// - A change that reads to the same scenario (a save without edits) changes nothing.
extension DashboardState {
    public mutating func reload(source: Int, with result: Result<Scenario, ScenarioError>) {
        switch result {
        case .failure(let error):
            reloadErrors[source] = Self.summary(error)
        case .success(let scenario):
            reloadErrors[source] = nil
            guard scenario != sources[source].scenario else { return }
            sources[source].scenario = scenario
            for (id, tweak) in tweaks where id.source == source {
                guard let index = scenario.models.firstIndex(where: { $0.name == id.name }),
                    tweak.problem(in: scenario, model: index) == nil
                else {
                    tweaks[id] = nil
                    continue
                }
                let kept = tweak.normalized(against: scenario, model: index)
                tweaks[id] = kept.isEmpty ? nil : kept
            }
            rebuildModels()
        }
    }

    /// "file:line:col: message", and how many more problems there are.
    static func summary(_ error: ScenarioError) -> String {
        guard let first = error.diagnostics.first else { return "the file could not be read" }
        var position = first.file
        if let line = first.line {
            position += ":\(line)"
            if let column = first.column { position += ":\(column)" }
        }
        let more = error.count - 1
        return "\(position): \(first.message)" + (more > 0 ? " (and \(more) more; gilview validate lists them)" : "")
    }

    /// What the status line says: reload errors (kept until fixed), then the last message.
    public var statusText: String? {
        let lines =
            reloadErrors.keys.sorted().compactMap { reloadErrors[$0] }.map { "showing the last good run: \($0)" }
            + (message.map { [$0] } ?? [])
        return lines.isEmpty ? nil : lines.joined(separator: "  ")
    }
}
