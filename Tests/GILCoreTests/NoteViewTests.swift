import Testing

@testable import GILCore

/// `notes[].show`: what the dashboard shows while a note is up (docs/format-extensions.md).
struct NoteViewTests {
    static func text(show: String) -> String {
        """
        {
          "workload": { "arrivals": { "kind": "batch" }, "requests": 2, "jobs": [ { "name": "page", "steps": [ { "cpu": "1ms" } ] } ] },
          "models": [ { "name": "4 threads", "threads": 4 }, { "name": "2 processes", "processes": 2 } ],
          "notes": [ { "at": "5ms", "text": "Look.", "show": \(show) } ]
        }
        """
    }

    @Test func everyKeyDecodesAndWritesBack() throws {
        let scenario = try ScenarioLoader.parse(
            Self.text(
                show:
                    #"{ "model": "2 processes", "alone": true, "lanes": ["GIL", "GIL P2", "T3", "core 1"], "zoom": "200us", "cores": false, "view": "office" }"#
            ),
            file: "x.json")
        let view = try #require(scenario.notes.first?.view)
        #expect(
            view
                == NoteView(
                    model: "2 processes", alone: true,
                    lanes: [.gil(process: nil), .gil(process: 2), .thread(3), .core(1)],
                    zoom: 200 * Time.microsecond, cores: false, picture: .office))
        #expect(try ScenarioLoader.parse(ScenarioWriter.text(scenario), file: "y.json") == scenario)
    }

    @Test(arguments: [
        (
            #"{ "model": "4 thread" }"#, "notes[0].show.model",
            #"notes[0].show.model names no model of this file: "4 thread"; did you mean "4 threads"?"#
        ),
        (#"{ "lanes": ["T0"] }"#, "notes[0].show.lanes[0]", #"notes[0].show.lanes[0]: "T0" is not a lane"#),
        (#"{ "lanes": ["thread 2"] }"#, "notes[0].show.lanes[0]", #"notes[0].show.lanes[0]: "thread 2" is not a lane"#),
        (#"{ "lanes": [] }"#, "notes[0].show.lanes", "notes[0].show.lanes is empty"),
        (
            #"{ "zoom": "3ms" }"#, "notes[0].show.zoom",
            "notes[0].show.zoom must be one of the dashboard's zoom levels (time per column): 50us, 100us,"
        ),
        (#"{ "alone": "yes" }"#, "notes[0].show.alone", "expected true or false for notes[0].show.alone"),
        (
            #"{ "view": "offices" }"#, "notes[0].show.view",
            #"unknown value "offices" for notes[0].show.view; did you mean "office"? valid values: timeline, office"#
        ),
        (#"{ "view": true }"#, "notes[0].show.view", "expected a string for notes[0].show.view"),
        (#"{ "focus": "4 threads" }"#, "notes[0].show.focus", #"unknown key "focus" in notes[0].show"#),
    ])
    func badValuesAreReportedWithTheirPath(show: String, path: String, message: String) {
        let found = diagnostics(Self.text(show: show))
        #expect(found.count == 1, "\(found.map(\.message))")
        #expect(found.first?.path == path)
        #expect(found.first?.message.hasPrefix(message) == true, "\(found.first?.message ?? "none")")
    }

    @Test func laneLabelsReadAsOnScreen() {
        #expect(NoteView.Lane(label: "T12") == .thread(12))
        #expect(NoteView.Lane(label: "GIL P3") == .gil(process: 3))
        for bad in ["T", "T01", "t1", "GIL P", "GIL 2", "core", "core 0", "T1 loop", " T1"] {
            #expect(NoteView.Lane(label: bad) == nil, "\(bad)")
        }
    }
}
