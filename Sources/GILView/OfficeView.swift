import GILCore

/// The ticket office of one model at an instant, drawn from the engine's `OfficeSnapshot`: each
/// process an office with one window (its GIL; without a GIL, a window per core), each thread a
/// queue in front of it, each request a person (a letter per job). A pure function to cells.
///
/// Every row has a label column, a scene — people walking up to the window on its left, the
/// window, people stepped aside on its right — and, right-aligned, the office's counts (or,
/// on a queue's row, what its person does).
struct OfficeView {
    var snapshot: OfficeSnapshot
    /// A person's letter, by job.
    var glyphs: [Character]
    var theme: Theme
    /// How long the hand-off mark stays at a window after it changed hands.
    var markSpan: SimTime

    /// Draws the rows that fit in `area`; the offices and queues the note showing now names
    /// (`pinned`) first.
    func draw(into grid: inout CellGrid, area: GridRect, pinned: [NoteView.Lane] = []) {
        let rows = OfficeLayout.rows(snapshot, available: area.height, pinned: pinned)
        let widest = snapshot.offices.map(countsWidth).max() ?? 0
        // The counts column leaves the scene 16 columns at least.
        let countsWidth = max(0, min(widest, area.width - Pane.labelWidth - 18))
        let geometry = Geometry(area: area, countsWidth: countsWidth, windowSlots: windowSlots)
        for (i, row) in rows.enumerated() {
            let y = area.y + i
            switch row {
            case .desks: drawDesks(into: &grid, y: y, geometry)
            case .street(let s): drawStreet(snapshot.streets[s], into: &grid, y: y, geometry)
            case .office(let o): drawOffice(snapshot.offices[o], into: &grid, y: y, geometry)
            case .queue(let o, let q): drawQueue(snapshot.offices[o].queues[q], of: snapshot.offices[o], into: &grid, y: y, geometry)
            case .foldedQueues(let o, let queues):
                drawFold(foldedQueues(queues.map { snapshot.offices[o].queues[$0] }), into: &grid, y: y, geometry)
            case .foldedOffices(let offices, let streets):
                let outside = streets.reduce(0) { $0 + snapshot.streets[$1].line.count }
                drawFold(foldedOffices(offices.map { snapshot.offices[$0] }, outside: outside), into: &grid, y: y, geometry)
            }
        }
    }

    // MARK: - Geometry

    /// Columns of a row: the label, the way up to the window, the window, the side, the counts.
    struct Geometry {
        var labelX: Int
        var sceneX: Int
        var approachWidth: Int
        var windowWidth: Int
        var asideWidth: Int
        var countsX: Int
        var countsWidth: Int

        init(area: GridRect, countsWidth: Int, windowSlots: Int) {
            labelX = area.x + 1
            sceneX = area.x + Pane.labelWidth
            self.countsWidth = countsWidth
            windowWidth = windowSlots + 2
            // The scene takes what the counts leave, up to a width the eye follows across.
            let scene = max(0, area.width - 1 - countsWidth - 1 - Pane.labelWidth)
            approachWidth = min(Self.approachMax, max(3, (scene - windowWidth) / 2))
            asideWidth = min(Self.asideMax, max(0, scene - approachWidth - windowWidth))
            countsX = sceneX + approachWidth + windowWidth + asideWidth + 1
        }

        static let approachMax = 24
        static let asideMax = 20

        var windowX: Int { sceneX + approachWidth }
        var asideX: Int { windowX + windowWidth + 1 }
    }

    /// Windows per office: one with a GIL, else one per desk (at most 8 drawn).
    private var windowSlots: Int { snapshot.gil ? 1 : max(1, min(8, snapshot.desks.count)) }

    // MARK: - Rows

    private func drawOffice(_ office: OfficeSnapshot.Office, into grid: inout CellGrid, y: Int, _ g: Geometry) {
        var label = office.pool.map { "P\(office.process + 1) \($0)" } ?? "P\(office.process + 1)"
        if label.count > Pane.labelWidth - 1 { label = label.prefix(Pane.labelWidth - 2) + (theme.ascii ? "." : "…") }
        grid.put(label, x: g.labelX, y: y, style: theme.labelStyle)

        // No more people than the zones hold are turned into cells.
        var approach: [PeopleGroup] = [
            PeopleGroup(
                marker: nil, people: office.line.people.prefix(g.approachWidth).map(cell(inLine:)),
                count: office.line.count)
        ]
        var aside: [PeopleGroup] = []
        for activity in [ThreadActivity.poolWait, .noCore, .gilWait, .native, .io] {
            let people = office.queues.filter { $0.person != nil && $0.activity == activity && !atWindow($0, of: office) }
            guard !people.isEmpty else { continue }
            let group = PeopleGroup(
                marker: Cell(theme.glyph(activity), style: theme.style(activity)),
                people: people.map { person($0.person!, activity) }, count: people.count)
            if activity == .native || activity == .io { aside.append(group) } else { approach.append(group) }
        }
        if office.aside.count > 0 {
            let people = office.aside.people.prefix(g.asideWidth).map { person($0, .io) }
            if let i = aside.firstIndex(where: { $0.marker?.character == theme.glyph(.io) }) {
                aside[i].people += people
                aside[i].count += office.aside.count
            } else {
                aside.append(
                    PeopleGroup(marker: Cell(theme.glyph(.io), style: theme.style(.io)), people: people, count: office.aside.count))
            }
        }
        drawGroups(approach, into: &grid, x: g.sceneX, y: y, width: g.approachWidth - 1, alignRight: true)
        drawWindow(office, into: &grid, y: y, g)
        drawGroups(aside, into: &grid, x: g.asideX, y: y, width: g.asideWidth - 2, alignRight: false)
        TextLine(counts(office, busy: Format.percent(office.windowBusy))).draw(into: &grid, x: g.countsX, y: y, width: g.countsWidth)
    }

    /// The window: the person at it, `»` for a hand-off, `·` when free; without a GIL, a
    /// window per desk.
    private func drawWindow(_ office: OfficeSnapshot.Office, into grid: inout CellGrid, y: Int, _ g: Geometry) {
        let served = office.queues.filter { atWindow($0, of: office) }
        var open = Cell(theme.windowOpen, style: theme.borderStyle)
        if snapshot.gil, office.windowHolder != nil, snapshot.time - office.changedHandsAt < markSpan,
            office.changedHandsAt > 0
        {
            open = Cell(theme.handoffGlyph, style: theme.cell(.gil(.handingOff)).style)
        }
        grid[g.windowX, y] = open
        for slot in 0..<(g.windowWidth - 2) {
            let x = g.windowX + 1 + slot
            if slot < served.count {
                let queue = served[slot]
                grid[x, y] =
                    slot == g.windowWidth - 3 && served.count > slot + 1
                    ? Cell("+", style: theme.windowStyle) : person(queue.person!, queue.activity, atWindow: true)
            } else if office.handingOff, slot == 0 {
                grid[x, y] = theme.cell(.gil(.handingOff))
            } else {
                grid[x, y] = Cell(theme.glyph(.idle), style: theme.style(.idle))
            }
        }
        grid[g.windowX + g.windowWidth - 1, y] = Cell(theme.windowClose, style: theme.borderStyle)
        if served.contains(where: { $0.activity == .blocking }) {
            grid[g.windowX + g.windowWidth, y] = Cell(theme.searchMark, style: theme.style(.blocking))
        }
    }

    private func drawQueue(
        _ queue: OfficeSnapshot.Queue, of office: OfficeSnapshot.Office, into grid: inout CellGrid,
        y: Int, _ g: Geometry
    ) {
        let role =
            switch queue.role {
            case .worker: ""
            case .eventLoop: " loop"
            case .executor: " side"
            }
        grid.put("T\(queue.thread + 1)\(role)", x: g.labelX, y: y, style: theme.labelStyle, maxWidth: Pane.labelWidth - 1)
        // The queue's lane up to the counter; an event loop's ready tasks stand in it.
        if queue.role == .eventLoop {
            let ready = PeopleGroup(
                marker: nil, people: office.line.people.prefix(g.approachWidth).map(cell(inLine:)),
                count: office.line.count)
            drawGroups([ready], into: &grid, x: g.sceneX, y: y, width: g.approachWidth - 1, alignRight: true)
        } else {
            grid.fill(
                GridRect(x: g.sceneX, y: y, width: g.approachWidth, height: 1), character: theme.glyph(.idle),
                style: theme.style(.idle))
        }
        let atWindow = atWindow(queue, of: office)
        if atWindow {
            grid[g.windowX, y] = Cell(theme.windowOpen, style: theme.borderStyle)
            grid[g.windowX + 1, y] = person(queue.person!, queue.activity, atWindow: true)
            grid[g.windowX + 2, y] = Cell(theme.windowClose, style: theme.borderStyle)
            if queue.activity == .blocking { grid[g.windowX + 3, y] = Cell(theme.searchMark, style: theme.style(.blocking)) }
        } else {
            grid[g.windowX + 1, y] = Cell(theme.counterGlyph, style: theme.borderStyle)
        }
        if let who = queue.person, !atWindow {
            switch queue.activity {
            case .gilWait, .noCore, .poolWait, .idle:
                grid[g.windowX, y] = queue.activity == .idle ? cell(inLine: who) : person(who, queue.activity)
            case .native:
                grid[g.asideX, y] = person(who, .native)
            case .io:
                grid[g.asideX + 2, y] = person(who, .io)
                grid[g.asideX + 3, y] = Cell(theme.searchMark, style: theme.style(.io))
            case .awaiting:
                grid[g.asideX, y] = Cell(theme.sideMark, style: theme.dimStyle)
                grid[g.asideX + 1, y] = Cell(glyph(who), style: theme.dimStyle)
            case .running, .blocking:
                break
            }
        }
        if queue.role == .eventLoop, office.aside.count > 0 {
            let aside = PeopleGroup(
                marker: Cell(theme.glyph(.io), style: theme.style(.io)),
                people: office.aside.people.prefix(g.asideWidth).map { person($0, .io) }, count: office.aside.count)
            drawGroups([aside], into: &grid, x: g.asideX, y: y, width: g.asideWidth - 2, alignRight: false)
        }
        grid.put(
            Self.doing(queue, atWindow: atWindow, gil: snapshot.gil), x: g.countsX, y: y, style: theme.dimStyle,
            maxWidth: g.countsWidth)
    }

    private func drawStreet(_ street: OfficeSnapshot.Street, into grid: inout CellGrid, y: Int, _ g: Geometry) {
        let label = street.name == "requests" ? "street" : street.name
        grid.put(label, x: g.labelX, y: y, style: theme.labelStyle, maxWidth: Pane.labelWidth - 1)
        let end = g.windowX + g.windowWidth
        let line = PeopleGroup(
            marker: nil, people: street.line.people.prefix(end - g.sceneX).map(cell(inLine:)),
            count: street.line.count)
        drawGroups([line], into: &grid, x: g.sceneX, y: y, width: end - g.sceneX - 1, alignRight: true)
        let to =
            street.offices.count == 1
            ? "P\(street.offices.lowerBound + 1)"
            : "P\(street.offices.lowerBound + 1)\(theme.dash)P\(street.offices.upperBound)"
        grid.put(theme.arrow + " " + to, x: end + 1, y: y, style: theme.dimStyle, maxWidth: max(0, g.countsX - end - 2))
        grid.put("\(street.line.count) in line", x: g.countsX, y: y, maxWidth: g.countsWidth)
    }

    private func drawDesks(into grid: inout CellGrid, y: Int, _ g: Geometry) {
        grid.put("desks", x: g.labelX, y: y, style: theme.labelStyle, maxWidth: Pane.labelWidth - 1)
        var people: [Int: OfficeSnapshot.Queue] = [:]
        for office in snapshot.offices { for queue in office.queues { people[queue.thread] = queue } }
        var x = g.sceneX
        for desk in snapshot.desks.prefix(max(0, g.countsX - g.sceneX - 1)) {
            if let thread = desk, let person = people[thread]?.person {
                grid[x, y] = Cell(glyph(person), style: theme.windowStyle)
            } else {
                grid[x, y] = desk == nil ? Cell(theme.freeSeat, style: theme.dimStyle) : Cell(theme.heldSeat, style: theme.windowStyle)
            }
            x += 1
        }
        var text = "\(snapshot.desks.compactMap { $0 }.count)/\(snapshot.desks.count) desks busy"
        for counters in snapshot.counters {
            let seats =
                String(repeating: theme.heldSeat, count: min(8, counters.size - counters.free))
                + String(repeating: theme.freeSeat, count: min(8, counters.free))
            x += 1 + grid.put(" \(counters.name) " + seats, x: x, y: y, maxWidth: max(0, g.countsX - x - 1))
            text += ", \(counters.name) \(counters.free) free"
            if counters.waiting > 0 { text += " \(counters.waiting) waiting" }
        }
        grid.put(text, x: g.countsX, y: y, maxWidth: g.countsWidth)
    }

    private func drawFold(_ text: String, into grid: inout CellGrid, y: Int, _ g: Geometry) {
        grid.put(theme.ascii ? "..." : "…", x: g.labelX, y: y, style: theme.dimStyle)
        grid.put(text, x: g.sceneX, y: y, style: theme.dimStyle, maxWidth: g.countsX + g.countsWidth - g.sceneX)
    }

    // MARK: - Words

    /// The columns `counts` takes for `office` (its busy share at its widest, "100%"), counted
    /// rather than drawn: every office's are needed on every frame to line them up.
    func countsWidth(_ office: OfficeSnapshot.Office) -> Int {
        func digits(_ n: Int) -> Int { String(n).utf8.count }
        return "served ".count + digits(office.served) + "  waiting ".count + digits(office.waiting)
            + "  searching ".count + digits(office.searching) + (snapshot.gil ? "  window " : "  windows ").count + 4 + 1
    }

    /// "served 12  waiting 3  searching 1  window 46%", `busy` being the window's share.
    func counts(_ office: OfficeSnapshot.Office, busy share: String) -> [[Span]] {
        let label = theme.dimStyle
        let busy = [Span(snapshot.gil ? "window " : "windows ", label), Span(share)]
        return [
            [Span("served ", label), Span("\(office.served)")], [Span("waiting ", label), Span("\(office.waiting)")],
            [Span("searching ", label), Span("\(office.searching)")], busy,
        ]
    }

    /// What a queue's person does, in the analogy's words.
    static func doing(_ queue: OfficeSnapshot.Queue, atWindow: Bool, gil: Bool) -> String {
        guard queue.person != nil else { return queue.activity == .awaiting ? "awaiting" : "empty" }
        switch queue.activity {
        case .running: return gil ? "at the window" : "at a window"
        case .noCore: return atWindow ? "at the window, no desk" : "waits for a desk"
        case .gilWait: return "waits for the window"
        case .poolWait: return "waits for a counter"
        case .idle: return "called"
        case .native: return "at a desk, off the window"
        case .io: return "searching (I/O)"
        case .blocking: return "searching at the window"
        case .awaiting: return "at the side window"
        }
    }

    /// Queues that did not fit: "T3–T8: 2 wait for the window, 3 searching, 1 empty".
    func foldedQueues(_ queues: [OfficeSnapshot.Queue]) -> String {
        var counts: [(word: String, count: Int)] = []
        for queue in queues {
            let word = Self.doing(queue, atWindow: false, gil: snapshot.gil)
            if let i = counts.firstIndex(where: { $0.word == word }) { counts[i].count += 1 } else { counts.append((word, 1)) }
        }
        let range = LaneInfo.ranges(queues.map { $0.thread + 1 }, prefix: "T", theme: theme)
        return range + ": " + counts.map { "\($0.count) \($0.word)" }.joined(separator: ", ")
    }

    /// Offices that did not fit: "P2–P4: served 40, waiting 3, searching 2", after the people in
    /// lines outside that did not fit either: "359 outside; P2–P4: …".
    func foldedOffices(_ offices: [OfficeSnapshot.Office], outside: Int = 0) -> String {
        let line = outside > 0 ? "\(outside) outside" : ""
        guard !offices.isEmpty else { return line }
        let range = LaneInfo.ranges(offices.map { $0.process + 1 }, prefix: "P", theme: theme)
        let served = offices.reduce(0) { $0 + $1.served }, waiting = offices.reduce(0) { $0 + $1.waiting }
        let searching = offices.reduce(0) { $0 + $1.searching }
        let atWindows = offices.reduce(0) { sum, office in sum + office.queues.filter { atWindow($0, of: office) }.count }
        let counts = "\(range): \(atWindows) at the window, served \(served), waiting \(waiting), searching \(searching)"
        return line.isEmpty ? counts : line + "; " + counts  // the people outside first: never cut off
    }

    // MARK: - People

    /// Whether the queue's person stands at the window: holding the GIL (or, without a GIL,
    /// running), or an event loop's person searching there (a blocking call).
    private func atWindow(_ queue: OfficeSnapshot.Queue, of office: OfficeSnapshot.Office) -> Bool {
        guard queue.person != nil else { return false }
        if queue.activity == .blocking { return true }
        return snapshot.gil
            ? office.windowHolder == queue.thread && queue.activity != .native
            : queue.activity == .running
    }

    private func glyph(_ person: OfficeSnapshot.Person) -> Character {
        person.job < glyphs.count ? glyphs[person.job] : "*"
    }

    private func cell(inLine person: OfficeSnapshot.Person) -> Cell {
        Cell(glyph(person), style: theme.lineStyle)
    }

    /// A person in the colours of what it does; at the window, in the window's colours.
    private func person(_ person: OfficeSnapshot.Person, _ activity: ThreadActivity, atWindow: Bool = false) -> Cell {
        let style = atWindow && activity == .running ? theme.windowStyle : theme.style(activity)
        return Cell(glyph(person), style: style)
    }

    /// People of one kind: a marker (the lanes' glyph for their state), then their letters, or,
    /// when they do not fit, the marker and their number.
    private struct PeopleGroup {
        var marker: Cell?
        var people: [Cell]
        var count: Int
    }

    /// Draws groups in `width` columns from `x`, one space between groups; `alignRight` puts
    /// the last group's last person at the right end (people walking up to the window). Groups
    /// that do not fit as letters show as counts, the farthest from the window first.
    private func drawGroups(_ groups: [PeopleGroup], into grid: inout CellGrid, x: Int, y: Int, width: Int, alignRight: Bool) {
        let groups = groups.filter { $0.count > 0 }
        guard width > 0, !groups.isEmpty else { return }
        // How many of each group's people are drawn as letters; the rest are a number. Widths
        // are counted, not built: this runs for every office row on every frame.
        var letters = groups.map { $0.people.count }
        func number(_ i: Int) -> String { letters[i] > 0 ? "+\(groups[i].count - letters[i])" : "\(groups[i].count)" }
        func columns(_ i: Int) -> Int {
            let marker = groups[i].marker == nil ? 0 : 1
            guard letters[i] < groups[i].count else { return marker + letters[i] }
            return marker + letters[i] + (letters[i] > 0 ? 1 : 0) + number(i).utf8.count
        }
        func total() -> Int { groups.indices.reduce(groups.count - 1) { $0 + columns($1) } }
        // The farthest group from the window gives way first: the first when aligned right.
        for i in (alignRight ? Array(groups.indices) : groups.indices.reversed()) where total() > width {
            letters[i] = 0
            let room = width - total()
            if room > 0 { letters[i] = min(groups[i].people.count, room - 1) }
            while letters[i] > 0, total() > width { letters[i] -= 1 }
        }
        var line: [Cell] = []
        line.reserveCapacity(total())
        for i in groups.indices {
            if i > 0 { line.append(.blank) }
            let group = groups[i]
            if let marker = group.marker { line.append(marker) }
            // The first in line stands nearest the window: rightmost when aligned right.
            let first = group.people.prefix(letters[i])
            let count = letters[i] < group.count ? number(i).map { Cell($0, style: theme.dimStyle) } : []
            let gap: [Cell] = letters[i] > 0 && !count.isEmpty ? [.blank] : []
            if alignRight {
                line += count + gap
                line += first.reversed()
            } else {
                line += first
                line += gap + count
            }
        }
        // A line too long even in counts: its last cells (the window's side) when aligned right.
        let shown = alignRight ? Array(line.suffix(width)) : Array(line.prefix(width))
        var column = alignRight ? x + width - shown.count : x
        for cell in shown {
            if grid.contains(x: column, y: y) { grid[column, y] = cell }
            column += 1
        }
    }
}
