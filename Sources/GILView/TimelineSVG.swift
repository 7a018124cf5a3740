import Foundation
import GILCore

/// The lanes as an SVG picture, for a slide or a handout: a band per model (its name and key
/// figures, then its GIL and thread lanes, folded past `maxRows` as on the dashboard), a time
/// axis, the title and a legend. Each state is drawn in the dashboard's colour and with a shape
/// after its glyph (█ a full bar, ▄ the lower half, ▒ cross-hatched, ░ dotted, ┈ a dashed line…),
/// so that the picture reads printed in grey too. The cells are the dashboard's own
/// (`LaneRenderer`): lanes in proportion by the same rule, a cell that held several states
/// underlined.
public struct TimelineSVG {
    /// One model's band: its simulation (with a timeline reaching back to the first cell), the
    /// name its band is given, and the figures its header shows.
    public struct Band {
        public var simulation: ModelSimulation
        public var name: String
        public var figures: ModelFigures

        public init(simulation: ModelSimulation, name: String, figures: ModelFigures) {
            self.simulation = simulation
            self.name = name
            self.figures = figures
        }
    }

    public var title: String
    /// Under the title: the run's seed and cores, say.
    public var subtitle: String
    public var bands: [Band]
    /// The cells: `columns` of `perColumn` each, the last holding `end` (as `LaneRenderer` draws them).
    public var end: SimTime
    public var perColumn: SimTime
    public var columns: Int
    /// The picture's width in pixels; the height is 9/16 of it, or more when the lanes need it.
    public var width: Int
    /// Most lane rows a band draws; the lanes beyond fold into its last row.
    public var maxRows: Int

    public init(
        title: String, subtitle: String, bands: [Band], end: SimTime, perColumn: SimTime, columns: Int,
        width: Int, maxRows: Int = 24
    ) {
        self.title = title
        self.subtitle = subtitle
        self.bands = bands
        self.end = end
        self.perColumn = perColumn
        self.columns = columns
        self.width = width
        self.maxRows = maxRows
    }

    static let margin = 24.0
    static let labelWidth = 84.0
    static let headerHeight = 76.0
    static let bandHeaderHeight = 26.0
    static let bandGap = 10.0
    static let axisHeight = 40.0
    static let legendRowHeight = 22.0
    static let minLaneHeight = 8.0
    static let maxLaneHeight = 40.0

    /// The picture: an SVG document.
    public func render() -> String {
        let theme = Theme()
        let pools = bands.contains { $0.figures.states.contains(.poolWait) }
        let legend = legendItems(pools: pools)
        let legendRows = legendLayout(legend).rows
        let rowsWanted = bands.map { band in
            min(maxRows, LaneInfo.lanes(of: band.simulation, showCores: false).count)
        }
        let fixed =
            Self.headerHeight + Double(bands.count) * (Self.bandHeaderHeight + Self.bandGap) + Self.axisHeight
            + Double(legendRows) * Self.legendRowHeight + Self.margin
        let slideHeight = (Double(width) * 9 / 16).rounded()
        let totalRows = max(1, rowsWanted.reduce(0, +))
        let laneHeight = min(Self.maxLaneHeight, max(Self.minLaneHeight, ((slideHeight - fixed) / Double(totalRows)).rounded(.down)))
        let height = max(slideHeight, fixed + Double(totalRows) * laneHeight)

        var svg = SVGText()
        svg.open(width: Double(width), height: height, patterns: patternDefinitions(theme))
        svg.text(title, x: Self.margin, y: Self.margin + 22, size: 24, weight: "bold")
        svg.text(subtitle, x: Self.margin, y: Self.margin + 46, size: 14, fill: "#555555")
        var y = Self.headerHeight
        for (band, rows) in zip(bands, rowsWanted) {
            y = draw(band, rows: rows, laneHeight: laneHeight, at: y, theme: theme, into: &svg)
        }
        y = drawAxis(at: y, into: &svg)
        drawLegend(legend, at: y, theme: theme, into: &svg)
        svg.close()
        return svg.text
    }

    // MARK: - Geometry

    private var laneX: Double { Self.margin + Self.labelWidth }
    private var cellWidth: Double { (Double(width) - Self.margin - laneX) / Double(max(columns, 1)) }
    /// Where the first cell starts, in simulated time.
    private var firstCellStart: SimTime { (end / perColumn - SimTime(columns) + 1) * perColumn }

    private func x(at time: SimTime) -> Double {
        laneX + Double(time - firstCellStart) / Double(perColumn) * cellWidth
    }

    // MARK: - Bands

    private func draw(_ band: Band, rows: Int, laneHeight: Double, at top: Double, theme: Theme, into svg: inout SVGText) -> Double {
        let simulation = band.simulation
        svg.text(band.name, x: Self.margin, y: top + 18, size: 16, weight: "bold")
        let figures = Metrics.titleLine(band.figures, hasGIL: simulation.spec.gil, theme: theme).items
            .map { $0.map(\.text).joined() }.joined(separator: "   ")
        svg.text(figures, x: Double(width) - Self.margin, y: top + 18, size: 14, anchor: "end", family: SVGText.mono)
        var y = top + Self.bandHeaderHeight
        let (shown, folded) = LaneInfo.choose(LaneInfo.lanes(of: simulation, showCores: false), rows: rows, pinned: [])
        for lane in shown {
            svg.text(
                lane.label, x: Self.margin, y: y + laneHeight * 0.75, size: min(13, laneHeight), family: SVGText.mono,
                fill: "#333333")
            if let timeline = simulation.timeline {
                switch lane.lane {
                case .thread(let t):
                    drawCells(
                        LaneRenderer.cells(timeline.thread(t), end: end, perColumn: perColumn, columns: columns),
                        as: LaneMark.thread, y: y, height: laneHeight, theme: theme, into: &svg)
                case .gil(let p):
                    drawCells(
                        LaneRenderer.cells(timeline.gil(process: p), end: end, perColumn: perColumn, columns: columns),
                        as: LaneMark.gil, y: y, height: laneHeight, theme: theme, into: &svg)
                case .core(let c):
                    drawCells(
                        LaneRenderer.cells(timeline.core(c), end: end, perColumn: perColumn, columns: columns),
                        as: LaneMark.core, y: y, height: laneHeight, theme: theme, into: &svg)
                }
            }
            y += laneHeight
        }
        if !folded.isEmpty {
            svg.text(
                "… " + LaneInfo.foldSummary(folded, theme: theme) + " (at the end)", x: laneX, y: y + laneHeight * 0.75,
                size: min(13, laneHeight), fill: "#555555")
            y += laneHeight
        }
        return y + Self.bandGap
    }

    /// A lane's cells, consecutive equal ones drawn as one run.
    private func drawCells<Value: Hashable>(
        _ cells: [LaneCell<Value>?], as mark: (Value) -> LaneMark, y: Double,
        height: Double, theme: Theme, into svg: inout SVGText
    ) {
        var start = 0
        while start < cells.count {
            var stop = start + 1
            while stop < cells.count, cells[stop]?.value == cells[start]?.value, cells[stop]?.mixed == cells[start]?.mixed {
                stop += 1
            }
            if let cell = cells[start] {
                let left = laneX + Double(start) * cellWidth
                let box = SVGBox(x: left, y: y + 1, width: Double(stop - start) * cellWidth, height: height - 2)
                drawGlyph(mark(cell.value), in: box, cells: stop - start, theme: theme, into: &svg)
                if cell.mixed { svg.line(x1: box.x, y1: y + height - 0.5, x2: box.x + box.width, y2: y + height - 0.5, stroke: "#000000") }
            }
            start = stop
        }
    }

    /// A run of `cells` cells showing `mark`: the shape of its glyph in its colour.
    private func drawGlyph(_ mark: LaneMark, in box: SVGBox, cells: Int, theme: Theme, into svg: inout SVGText) {
        let cell = theme.cell(mark)
        switch mark {
        case .thread(let activity):
            let colour = SVGText.hex(cell.style.foreground)
            switch activity {
            case .running: svg.rect(box, fill: colour)
            case .native: svg.rect(box.lowerHalf, fill: colour)
            case .blocking: svg.rect(box.upperHalf, fill: colour)
            case .gilWait, .noCore, .io, .poolWait: svg.rect(box, fill: "url(#\(Self.id(activity)))")
            case .awaiting: svg.line(x1: box.x, y1: box.midY, x2: box.x + box.width, y2: box.midY, stroke: colour, dash: "3,2")
            case .idle: idleDots(box, cells: cells, into: &svg)
            }
        case .gil(.held(let thread)), .core(.running(let thread)):
            svg.rect(box, fill: SVGText.hex(cell.style.background))
            let label = box.width >= 24 ? "T\(thread + 1)" : String(theme.threadGlyph(thread))
            if box.width >= 8, box.height >= 8 {
                svg.text(
                    label, x: box.midX, y: box.y + box.height * 0.78, size: min(12, box.height), anchor: "middle",
                    family: SVGText.mono)
            }
        case .gil(.handingOff):
            svg.rect(box.middle, fill: SVGText.hex(cell.style.foreground))
        case .gil(.free), .core(.idle):
            idleDots(box, cells: cells, into: &svg)
        }
    }

    /// `·` in each cell of the run: a dotted line, one dot a cell.
    private func idleDots(_ box: SVGBox, cells: Int, into svg: inout SVGText) {
        let step = box.width / Double(cells)
        svg.line(
            x1: box.x + step / 2, y1: box.midY, x2: box.x + box.width, y2: box.midY, stroke: "#9a9a9a",
            dash: "1,\(SVGText.number(max(step - 1, 1)))")
    }

    /// Tiles for the shaded states, in their colours: ▒ cross-hatched, ▓ dense, ░ dotted, ▚ checked.
    private func patternDefinitions(_ theme: Theme) -> String {
        func colour(_ activity: ThreadActivity) -> String { SVGText.hex(theme.style(activity).foreground) }
        func tile(_ activity: ThreadActivity, _ body: String) -> String {
            "<pattern id=\"\(Self.id(activity))\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\">\(body)</pattern>"
        }
        return [
            tile(
                .gilWait,
                "<rect width=\"4\" height=\"4\" fill=\"#ffffff\"/><path d=\"M0,0 L4,4 M4,0 L0,4\" stroke=\"\(colour(.gilWait))\" stroke-width=\"1.1\"/>"
            ),
            tile(
                .noCore,
                "<rect width=\"4\" height=\"4\" fill=\"\(colour(.noCore))\"/><rect x=\"1\" y=\"1\" width=\"1\" height=\"1\" fill=\"#ffffff\"/>"
            ),
            tile(
                .io,
                "<rect width=\"4\" height=\"4\" fill=\"#ffffff\"/><rect x=\"1\" y=\"1\" width=\"1.6\" height=\"1.6\" fill=\"\(colour(.io))\"/>"
            ),
            tile(
                .poolWait,
                "<rect width=\"4\" height=\"4\" fill=\"#ffffff\"/><rect width=\"2\" height=\"2\" fill=\"\(colour(.poolWait))\"/><rect x=\"2\" y=\"2\" width=\"2\" height=\"2\" fill=\"\(colour(.poolWait))\"/>"
            ),
        ].joined()
    }

    static func id(_ activity: ThreadActivity) -> String {
        switch activity {
        case .running: "running"
        case .native: "native"
        case .gilWait: "gil-wait"
        case .noCore: "no-core"
        case .io: "io"
        case .blocking: "blocking"
        case .awaiting: "awaiting"
        case .idle: "idle"
        case .poolWait: "pool-wait"
        }
    }

    // MARK: - Axis and legend

    /// A line under the lanes with ticks at round times, labelled in one unit.
    private func drawAxis(at top: Double, into svg: inout SVGText) -> Double {
        let y = top + 4
        svg.line(x1: laneX, y1: y, x2: Double(width) - Self.margin, y2: y, stroke: "#333333")
        let start = firstCellStart, stop = end
        let span = max(stop - start, 1)
        let step = Self.niceStep(span / 8)
        let unit: (size: SimTime, name: String) =
            step >= Time.second
            ? (Time.second, "s")
            : step >= Time.millisecond ? (Time.millisecond, "ms") : (Time.microsecond, "µs")
        var tick = (start + step - 1) / step * step
        while tick <= stop {
            let x = x(at: tick)
            svg.line(x1: x, y1: y, x2: x, y2: y + 5, stroke: "#333333")
            svg.text(
                SVGText.number(Double(tick) / Double(unit.size)) + " " + unit.name, x: x, y: y + 19, size: 12,
                anchor: "middle", fill: "#333333")
            tick += step
        }
        svg.text("time", x: Self.margin, y: y + 19, size: 12, fill: "#555555")
        return top + Self.axisHeight
    }

    /// The smallest of 1, 2 and 5 times a power of ten at least `time` (and at least 1 µs).
    static func niceStep(_ time: SimTime) -> SimTime {
        var power = Time.microsecond
        while true {
            for factor: SimTime in [1, 2, 5] where factor * power >= time { return factor * power }
            power *= 10
        }
    }

    private struct LegendItem {
        var mark: LaneMark
        var mixed = false
        var text: String
    }

    private func legendItems(pools: Bool) -> [LegendItem] {
        Theme.legendActivities(connectionPools: pools).map { LegendItem(mark: .thread($0), text: Theme.shortName($0)) } + [
            LegendItem(mark: .gil(.handingOff), text: "GIL hand-off"),
            LegendItem(mark: .gil(.held(byThread: 0)), text: "T1 holds the GIL"),
            LegendItem(mark: .thread(.io), mixed: true, text: "underlined: several states in one column"),
        ]
    }

    private static let swatchWidth = 26.0

    /// Where each item goes: (row, x) in rows filling the width.
    private func legendLayout(_ items: [LegendItem]) -> (rows: Int, places: [(row: Int, x: Double)]) {
        var row = 0, x = Self.margin
        var places: [(Int, Double)] = []
        for item in items {
            let itemWidth = Self.swatchWidth + 6 + Double(item.text.count) * 7 + 18
            if x + itemWidth > Double(width) - Self.margin, x > Self.margin {
                row += 1
                x = Self.margin
            }
            places.append((row, x))
            x += itemWidth
        }
        return (row + 1, places)
    }

    private func drawLegend(_ items: [LegendItem], at top: Double, theme: Theme, into svg: inout SVGText) {
        for (item, place) in zip(items, legendLayout(items).places) {
            let y = top + Double(place.row) * Self.legendRowHeight
            let box = SVGBox(x: place.x, y: y + 3, width: Self.swatchWidth, height: 12)
            svg.rect(
                SVGBox(x: box.x - 1, y: box.y - 1, width: box.width + 2, height: box.height + 2), fill: "#ffffff",
                stroke: "#cccccc")
            drawGlyph(item.mark, in: box, cells: 4, theme: theme, into: &svg)
            if item.mixed {
                svg.line(x1: box.x, y1: box.y + box.height + 1.5, x2: box.x + box.width, y2: box.y + box.height + 1.5, stroke: "#000000")
            }
            svg.text(item.text, x: box.x + box.width + 6, y: y + 14, size: 12)
        }
    }
}

/// A rectangle in the picture's pixels.
struct SVGBox {
    var x, y, width, height: Double

    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }
    var lowerHalf: SVGBox { SVGBox(x: x, y: y + height / 2, width: width, height: height / 2) }
    var upperHalf: SVGBox { SVGBox(x: x, y: y, width: width, height: height / 2) }
    /// The middle 60%, for the hand-off's small mark.
    var middle: SVGBox { SVGBox(x: x, y: y + height * 0.2, width: width, height: height * 0.6) }
}

/// An SVG document as it is written: elements appended as text, every text escaped for XML.
struct SVGText {
    private(set) var text = ""
    static let mono = "DejaVu Sans Mono, Menlo, Consolas, monospace"
    static let sans = "DejaVu Sans, Helvetica, Arial, sans-serif"

    mutating func open(width: Double, height: Double, patterns: String) {
        let w = Self.number(width), h = Self.number(height)
        text += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" "
            + "font-family=\"\(Self.sans)\">\n"
        text += "<defs>\(patterns)</defs>\n"
        text += "<rect width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>\n"
    }

    mutating func close() {
        text += "</svg>\n"
    }

    mutating func rect(_ box: SVGBox, fill: String, stroke: String? = nil) {
        text +=
            "<rect x=\"\(Self.number(box.x))\" y=\"\(Self.number(box.y))\" width=\"\(Self.number(box.width))\" "
            + "height=\"\(Self.number(box.height))\" fill=\"\(fill)\"" + (stroke.map { " stroke=\"\($0)\"" } ?? "") + "/>\n"
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, dash: String? = nil) {
        text +=
            "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" "
            + "stroke=\"\(stroke)\"" + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>\n"
    }

    mutating func text(
        _ content: String, x: Double, y: Double, size: Double, weight: String? = nil, anchor: String? = nil,
        family: String? = nil, fill: String? = nil
    ) {
        text +=
            "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\""
            + (weight.map { " font-weight=\"\($0)\"" } ?? "") + (anchor.map { " text-anchor=\"\($0)\"" } ?? "")
            + (family.map { " font-family=\"\($0)\"" } ?? "") + (fill.map { " fill=\"\($0)\"" } ?? "")
            + ">\(xmlEscaped(content))</text>\n"
    }

    /// A coordinate with at most two decimals, trailing zeros dropped: the same text everywhere.
    static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let whole = hundredths / 100, fraction = abs(hundredths % 100)
        let sign = hundredths < 0 && whole == 0 ? "-" : ""
        if fraction == 0 { return sign + String(whole) }
        let digits = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0" : "") + String(fraction)
        return sign + String(whole) + "." + digits
    }

    /// A terminal colour as the xterm palette shows it, its greens, yellows and cyans darker to read on
    /// white (nil: the default foreground, black on white).
    static func hex(_ colour: TerminalColor?) -> String {
        guard let colour else { return "#000000" }
        let named = [
            "#000000", "#cd0000", "#00a000", "#c4a000", "#0000ee", "#cd00cd", "#00a0a0", "#e5e5e5",
            "#7f7f7f", "#ff0000", "#00d000", "#e0c000", "#5c5cff", "#ff00ff", "#00d0d0", "#ffffff",
        ]
        let index = Int(colour.paletteIndex)
        if index < 16 { return named[index] }
        if index >= 232 {
            let level = 8 + 10 * (index - 232)
            return String(format: "#%02x%02x%02x", level, level, level)
        }
        let cube = index - 16
        let levels = [0, 95, 135, 175, 215, 255]
        return String(format: "#%02x%02x%02x", levels[cube / 36], levels[cube / 6 % 6], levels[cube % 6])
    }
}
