import Foundation
import GILCore
import Testing

@testable import GILView

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `gilview export --svg`: the lanes as a picture.
struct ExportSVGTests {
    /// The texts of an SVG document, read with Foundation's XML parser (which fails on a
    /// document that is not well-formed).
    final class SVGReader: NSObject, XMLParserDelegate {
        var texts: [String] = []
        var elements: [String: Int] = [:]
        private var current: String?

        static func read(_ svg: String) throws -> SVGReader {
            let reader = SVGReader()
            let parser = XMLParser(data: Data(svg.utf8))
            parser.delegate = reader
            guard parser.parse() else {
                throw ExportError("not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)")
            }
            return reader
        }

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            elements[name, default: 0] += 1
            if name == "text" { current = "" }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            current? += string
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text", let current { texts.append(current) }
            current = nil
        }
    }

    /// A small scenario: a CPU-bound thread and an I/O loop sharing one GIL, and the same in
    /// two processes.
    static let small = """
        { "title": "Convoy, small", "seed": 5, "machine": { "cores": 2 }, "python": { "switch_interval": "2ms" },
          "workload": { "arrivals": { "kind": "batch" },
            "jobs": [ { "name": "cpu", "count": 1, "steps": [ { "cpu": "12ms" } ] },
                      { "name": "io", "count": 1, "steps": [ { "repeat": 3, "steps": [ { "io": "1ms" }, { "cpu": "500us" } ] } ] } ] },
          "models": [ { "name": "2 threads", "threads": 2 }, { "name": "2 processes", "processes": 2 } ] }
        """

    /// Well-formed, with every model's band and lanes, the axis in units, the title, the
    /// figures and the legend; sized 16:9.
    @Test(arguments: ["io_bound", "django_gthread", "celery_offload", "free_threading"])
    func everyModelsLanesAndTheLegend(_ name: String) throws {
        let scenario = try Fixtures.scenario(name)
        let (picture, _) = TimelineSVG.export(scenario, models: Array(scenario.models.indices), window: .all, width: 1600)
        let svg = picture.render()
        let reader = try SVGReader.read(svg)
        #expect(svg.contains("width=\"1600\" height=\"900\"") || picture.bands.count > 3, "16:9 unless the lanes need more")
        #expect(reader.texts.contains(scenario.title))
        for band in picture.bands {
            #expect(reader.texts.contains(band.name), "\(name): no band for \(band.name)")
            let lanes = LaneInfo.lanes(of: band.simulation, showCores: false)
            for lane in lanes.prefix(picture.maxRows - 1) {
                #expect(reader.texts.contains(lane.label), "\(name), \(band.name): no lane \(lane.label)")
            }
            #expect(reader.texts.contains { $0.hasPrefix("thr ") && $0.contains("p99") })
        }
        let pools = !scenario.connectionPools.isEmpty
        for activity in Theme.legendActivities(connectionPools: pools) {
            #expect(reader.texts.contains(Theme.shortName(activity)), "\(name): the legend lacks \(Theme.shortName(activity))")
        }
        #expect(reader.texts.contains("GIL hand-off"))
        #expect(reader.texts.contains { $0.hasSuffix(" ms") || $0.hasSuffix(" s") || $0.hasSuffix(" µs") }, "axis labels with units")
        #expect((reader.elements["rect"] ?? 0) > 50)
    }

    /// The picture of a small scenario, compared with the reviewed file
    /// (GILVIEW_RECORD_SNAPSHOTS=1 records it anew).
    @Test func goldenPicture() throws {
        let scenario = try ExportFixture.scenario(Self.small)
        let (picture, _) = TimelineSVG.export(scenario, models: [0, 1], window: ExportWindow(to: 16 * Time.millisecond), width: 960)
        let svg = picture.render()
        _ = try SVGReader.read(svg)
        let file = Fixtures.snapshots.appendingPathComponent("export_small_convoy.svg")
        if ProcessInfo.processInfo.environment["GILVIEW_RECORD_SNAPSHOTS"] == "1" {
            try svg.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(svg == expected, "the picture changed; review it, then record it with GILVIEW_RECORD_SNAPSHOTS=1")
    }

    /// The cells are the dashboard's: a lane drawn in the SVG shows, column by column, the
    /// states the dashboard's lane renderer gives at the same time per column.
    @Test func cellsFollowTheDashboardsRule() throws {
        let scenario = try ExportFixture.scenario(Self.small)
        let (picture, _) = TimelineSVG.export(scenario, models: [0], window: ExportWindow(to: 16 * Time.millisecond), width: 960)
        let band = try #require(picture.bands.first)
        let timeline = try #require(band.simulation.timeline)
        // One hatched rectangle per run of GIL-wait cells on a lane, as the renderer gives them.
        var runs = 0
        for thread in band.simulation.threadSnapshots.indices {
            let cells = LaneRenderer.cells(
                timeline.thread(thread), end: picture.end, perColumn: picture.perColumn,
                columns: picture.columns)
            runs +=
                zip(cells, [nil] + cells.dropLast()).filter { cell, previous in
                    cell?.value == .gilWait && (previous?.value != .gilWait || previous?.mixed != cell?.mixed)
                }.count
        }
        #expect(runs > 0, "the I/O thread waits for the GIL behind the CPU-bound one")
        let svg = picture.render()
        let hatched = svg.components(separatedBy: "fill=\"url(#gil-wait)\"").count - 1
        #expect(hatched == runs + 1, "the runs of the lanes, and the legend's swatch")
    }

    /// Names with `<`, `&`, quotes and control characters are escaped: the document stays
    /// well-formed and shows them (control characters as visible escapes).
    @Test func hostileNamesAreEscaped() throws {
        let scenario = try ExportFixture.scenario(ExportFixture.hostileScenario)
        let (picture, _) = TimelineSVG.export(scenario, models: [0, 1], window: .all, width: 800)
        let reader = try SVGReader.read(picture.render())
        #expect(reader.texts.contains(terminalSafe(ExportFixture.hostileName)))
    }
}
