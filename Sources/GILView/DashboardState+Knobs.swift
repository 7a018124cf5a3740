import GILCore

/// Knobs: keys that change the focused model's processes, threads, executor threads, GIL,
/// switch interval and cores. The model is re-simulated from time zero at once, and shown at
/// the same playback time; `u` undoes its tweaks, `w` asks the app to save them to a new file.
extension DashboardState {
    /// One track per model of every file, in file order, each with its tweaks applied.
    static func models(of sources: [SourceFile], tweaks: [ModelID: ModelTweaks]) -> [(id: ModelID, model: PlaybackModel)] {
        sources.enumerated().flatMap { number, source in
            source.scenario.models.indices.map { index in
                let id = ModelID(source: number, name: source.scenario.models[index].name)
                let scenario = tweaks[id]?.accepted(on: source.scenario, model: index) ?? source.scenario
                return (id, PlaybackModel(scenario: scenario, index: index))
            }
        }
    }

    /// Runs what the files and tweaks say now: changed models from time zero to the clock,
    /// unchanged ones as they were. The focus stays on the same model when it still exists.
    mutating func rebuildModels() {
        let focused = modelIDs.indices.contains(focus) ? modelIDs[focus] : nil
        let models = Self.models(of: sources, tweaks: tweaks)
        modelIDs = models.map(\.id)
        playback.replaceModels(models.map(\.model))
        focus = focused.flatMap { modelIDs.firstIndex(of: $0) } ?? min(focus, max(0, modelIDs.count - 1))
    }

    /// A pane's title: the model's name, after its file's when there are several files, and
    /// what its knobs changed ("4 threads * threads 4→8").
    public func paneTitle(_ track: Int) -> String {
        let id = modelIDs[track]
        let source = sources[id.source]
        let index = playback.models[track].index
        var title = sources.count > 1 ? source.label + (theme.ascii ? " - " : " · ") + id.name : id.name
        if let tweaks = tweaks[id], !tweaks.isEmpty {
            title += " * " + tweaks.changes(from: source.scenario, model: index, ascii: theme.ascii).joined(separator: ", ")
        }
        return title
    }

    /// A model's row in the comparison: its name, after its file's (without ".json") when there
    /// are several files, marked "(knobs)" when it runs differently from its file.
    public func comparisonName(_ track: Int) -> String {
        let id = modelIDs[track]
        var name = id.name
        if sources.count > 1 {
            let label = sources[id.source].label
            name = (label.hasSuffix(".json") ? String(label.dropLast(5)) : label) + (theme.ascii ? " - " : " · ") + name
        }
        return isTweaked(track) ? name + " (knobs)" : name
    }

    /// Every model running, as one scenario for the comparison: the first file's, with each
    /// track's model as it runs (knobs applied). Its machine is the first model's, which the
    /// verdicts read; models of other files or with other core counts are compared as they ran.
    public var comparedScenario: Scenario {
        var scenario = playback.models[0].scenario
        scenario.models = playback.models.map(\.spec)
        return scenario
    }

    /// Whether the model on `track` runs differently from its file.
    public func isTweaked(_ track: Int) -> Bool { !(tweaks[modelIDs[track]]?.isEmpty ?? true) }

    mutating func handleKnob(_ key: Key) -> Outcome {
        guard case .character(let character) = key, !modelIDs.isEmpty else { return .keepGoing }
        let interval = ModelTweaks.switchIntervalRange
        switch character {
        // A count past its range is refused by the override's range check, as `--vary` is.
        case "p": turn("processes") { $0.processes = $1.processes - 1 }
        case "P": turn("processes") { $0.processes = $1.processes + 1 }
        case "t": turn("threads") { $0.threads = $1.threads - 1 }
        case "T": turn("threads") { $0.threads = $1.threads + 1 }
        case "e": turn("executor threads") { $0.executorThreads = $1.executorThreads - 1 }
        case "E": turn("executor threads") { $0.executorThreads = $1.executorThreads + 1 }
        case "g": turn("GIL") { $0.gil = !$1.gil }
        case "i": turn("switch interval") { $0.switchInterval = max(interval.lowerBound, $1.switchInterval / 2) }
        case "I": turn("switch interval") { $0.switchInterval = min(interval.upperBound, $1.switchInterval * 2) }
        case "k": turn("cores") { $0.cores = $1.cores - 1 }
        case "K": turn("cores") { $0.cores = $1.cores + 1 }
        case "u":
            tweaks[modelIDs[focus]] = nil
            rebuildModels()
        case "w":
            return saveRequest()
        default:
            break
        }
        return .keepGoing
    }

    /// Applies `change` (given the focused model's current values) to its tweaks, unless the
    /// knob is at its limit or the result could not be written in a file: the tweaks' overrides
    /// are checked as a sweep's.
    private mutating func turn(_ knob: String, _ change: (inout ModelTweaks, ModelTweaks.Values) -> Void) {
        let id = modelIDs[focus]
        let file = sources[id.source].scenario
        let index = playback.models[focus].index
        let before = tweaks[id] ?? ModelTweaks()
        var after = before
        change(&after, ModelTweaks.Values(before.accepted(on: file, model: index), model: index))
        if let problem = after.problem(in: file, model: index) {
            message =
                switch problem.cause {
                case .outOfRange: "\(id.name): \(knob) is at its limit"
                case .rule(let finding):
                    if case .asyncioThreads = finding.problem {
                        "\(id.name): \(finding.problem.sentence); e E change its executor threads"
                    } else {
                        "\(id.name): \(finding.problem.sentence)"
                    }
                case .usage: "\(id.name): \(problem.message)"
                }
            return
        }
        after = after.normalized(against: file, model: index)
        guard after != before else {
            message = "\(id.name): \(knob) is at its limit"
            return
        }
        tweaks[id] = after.isEmpty ? nil : after
        rebuildModels()
    }

    /// The focused model's file with every tweak made to its models, for the app to write.
    private mutating func saveRequest() -> Outcome {
        let source = modelIDs[focus].source
        let file = sources[source]
        let tweaked = file.scenario.models.indices.filter { isTweaked(track(source: source, model: $0)) }
        guard !tweaked.isEmpty else {
            message = "nothing to save: no model of \(file.label) differs from the file"
            return .keepGoing
        }
        var scenario = file.scenario
        for index in tweaked {
            let track = track(source: source, model: index)
            scenario.models[index] = playback.models[track].spec
            scenario.machine = playback.models[track].scenario.machine
        }
        // A file has one machine: tweaked core counts must agree, with every model of the file.
        let cores = Set(file.scenario.models.indices.map { playback.models[track(source: source, model: $0)].scenario.machine.cores })
        guard cores.count == 1 else {
            message =
                "cannot save: models of \(file.label) run on different core counts (\(cores.sorted().map(String.init).joined(separator: ", "))) but a file has one machine: make them equal (k K) to save"
            return .keepGoing
        }
        return .save(path: file.path, contents: ScenarioWriter.text(scenario))
    }

    private func track(source: Int, model index: Int) -> Int {
        modelIDs.firstIndex(of: ModelID(source: source, name: sources[source].scenario.models[index].name)) ?? 0
    }
}
