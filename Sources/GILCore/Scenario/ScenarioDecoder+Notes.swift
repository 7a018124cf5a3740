extension ScenarioDecoder {
    /// `notes`: captions at simulated times, each with what the dashboard should show meanwhile.
    /// `modelNames`: the file's models (nil when they are invalid: `show.model` is then not checked).
    mutating func decodeNotes(_ value: JSONValue, _ path: ValuePath, modelNames: [String]?) -> [Note]? {
        guard let items = array(value, path, nonEmpty: false, example: #"{ "at": "120ms", "text": "…" }"#)
        else { return nil }
        var notes: [Note] = []
        for (i, item) in items.enumerated() {
            let itemPath = path.index(i)
            guard let fields = object(item, itemPath, keys: Keys.note) else { continue }
            let at = required(fields, "at", example: #""120ms""#)
                .flatMap { duration($0, itemPath.key("at"), in: ScenarioLimits.duration) }
            let text = required(fields, "text", example: #""The GIL changes hands here.""#)
                .flatMap { string($0, itemPath.key("text")) }
            let view = fields["show"].flatMap { decodeNoteView($0, itemPath.key("show"), modelNames: modelNames) }
            if let at, let text, fields["show"] == nil || view != nil {
                notes.append(Note(at: at, text: text, view: view))
            }
        }
        return notes.count == items.count ? notes : nil
    }

    /// `{ "model": "8 threads", "alone": true, "lanes": ["GIL", "T1"], "zoom": "1ms", "cores": false, "view": "office" }`.
    mutating func decodeNoteView(_ value: JSONValue, _ path: ValuePath, modelNames: [String]?) -> NoteView? {
        guard let fields = object(value, path, keys: Keys.noteView) else { return nil }
        let before = diagnostics.count
        var view = NoteView()
        if let modelValue = fields["model"], let model = string(modelValue, path.key("model")) {
            if let modelNames, !modelNames.contains(model) {
                let suggestion = didYouMean(model, in: modelNames)
                report(
                    "\(path.key("model")) names no model of this file: \"\(model)\"\(suggestion)models: \(modelNames.map { "\"\($0)\"" }.joined(separator: ", "))",
                    at: modelValue.location, path.key("model"))
            }
            view.model = model
        }
        view.alone = fields["alone"].flatMap { bool($0, path.key("alone")) }
        view.cores = fields["cores"].flatMap { bool($0, path.key("cores")) }
        view.picture = fields["view"]
            .flatMap { choice($0, path.key("view"), from: NoteView.Picture.allCases.map(\.rawValue)) }
            .flatMap(NoteView.Picture.init(rawValue:))
        if let lanes = fields["lanes"].flatMap({ array($0, path.key("lanes"), nonEmpty: true, example: #""GIL", "T1""#) }) {
            for (i, item) in lanes.enumerated() {
                let lanePath = path.key("lanes").index(i)
                guard let label = string(item, lanePath) else { continue }
                guard let lane = NoteView.Lane(label: label) else {
                    report(
                        #"\#(lanePath): "\#(label)" is not a lane; lanes are named as on screen: "GIL" (every process's), "GIL P2", "T3", "core 1""#,
                        at: item.location, lanePath)
                    continue
                }
                view.lanes.append(lane)
            }
        }
        if let zoomValue = fields["zoom"], let zoom = duration(zoomValue, path.key("zoom"), in: ScenarioLimits.positiveDuration) {
            if NoteView.zoomLevels.contains(zoom) {
                view.zoom = zoom
            } else {
                let levels = NoteView.zoomLevels.map(DurationParser.format).joined(separator: ", ")
                report(
                    "\(path.key("zoom")) must be one of the dashboard's zoom levels (time per column): \(levels); found \(zoomValue.summary)",
                    at: zoomValue.location, path.key("zoom"))
            }
        }
        return diagnostics.count == before ? view : nil
    }
}
