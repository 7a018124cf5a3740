import Foundation
import Testing

@testable import GILCore
@testable import GILView

/// The office view (`o`): pictures at fixed times, its counts against the engine's own
/// bookkeeping, and how it behaves with the other keys.
@Suite struct OfficeSnapshotTests {
    static let moments: [(scenario: String, ms: Int)] = [
        ("ticket_office", 100), ("io_bound", 180), ("convoy_effect", 1), ("blocking_in_async", 10),
    ]

    static func office(_ name: String, at ms: Int, theme: Theme) throws -> DashboardState {
        var state = try Fixtures.state(name, at: SimTime(ms) * Time.millisecond, theme: theme)
        _ = state.press(.character("o"))
        return state
    }

    @Test(arguments: moments, [(80, 24), (200, 60)])
    func matchesStoredPicture(moment: (scenario: String, ms: Int), size: (Int, Int)) throws {
        for color in [true, false] {
            let state = try Self.office(moment.scenario, at: moment.ms, theme: Theme(color: color))
            let grid = render(state, width: size.0, height: size.1)
            try GridSnapshot.expectMatches(grid, named: "office_\(moment.scenario)_\(size.0)x\(size.1)_\(color ? "color" : "mono")")
        }
    }

    @Test func asciiPictureUsesNoUnicode() throws {
        let state = try Self.office("ticket_office", at: 331, theme: Theme(ascii: true, color: false))
        let grid = render(state, width: 80, height: 24)
        try GridSnapshot.expectMatches(grid, named: "office_ticket_office_80x24_ascii")
        #expect(grid.plainText().unicodeScalars.allSatisfy { $0.isASCII })
    }
}

@Suite struct OfficeContentTests {
    static let bundled = NoteWalkTests.bundled

    /// Each pane's rows between its top border and its figures row.
    static func paneRows(_ screen: [String]) -> [[String]] {
        var panes: [[String]] = []
        for line in screen {
            if line.hasPrefix("└") || line.hasPrefix("+--") {
                break
            } else if line.hasPrefix("┌") || line.hasPrefix("├") || line.hasPrefix("+") {
                panes.append([])
            } else if !panes.isEmpty {
                panes[panes.count - 1].append(line)
            }
        }
        return panes.map { Array($0.dropLast()) }  // the figures row
    }

    /// Every bundled scenario at 80×24, in every theme, at a few times: every model shows an
    /// office (its own row, or a fold row counting it), the legend maps the analogy, and an
    /// ASCII screen is ASCII.
    @Test(arguments: bundled)
    func everyScenarioFitsAt80x24(_ name: String) throws {
        let themes = [Theme(), Theme(color: false), Theme(ascii: true, color: false), Theme(highContrast: true)]
        for theme in themes {
            for ms in [5, 120, 900] {
                var state = try Fixtures.state(name, at: SimTime(ms) * Time.millisecond, theme: theme)
                state.setOffice(true)
                let grid = render(state, width: 80, height: 24)
                let screen = grid.plainText().split(separator: "\n").map(String.init)
                let label = "\(name) at \(ms) ms, \(theme)"
                let panes = Self.paneRows(screen)
                #expect(panes.count == state.playback.tracks.count, "\(label):\n\(screen.joined(separator: "\n"))")
                for rows in panes {
                    let office = rows.contains { $0.dropFirst(2).hasPrefix("P1") || $0.dropFirst(2).hasPrefix(theme.ascii ? "..." : "…") }
                    #expect(office, "\(label): a pane without an office:\n\(screen.joined(separator: "\n"))")
                }
                #expect(screen.contains { $0.contains("window = GIL") && $0.contains("queue = thread") }, "\(label): no legend")
                // The offices and the footer (captions and titles quote the scenario's own text).
                let drawn = (panes.flatMap { $0 } + screen.drop { !$0.hasPrefix("+--") }).joined()
                if theme.ascii { #expect(drawn.unicodeScalars.allSatisfy { $0.isASCII }, "\(label)") }
            }
        }
    }

    /// Five thousand requests at once: the lines are counted ("+4990"), the rows keep their width.
    @Test func thousandsInFlightAreCounted() throws {
        let text = """
            {
              "machine": { "cores": 4 },
              "workload": { "arrivals": { "kind": "batch" }, "requests": 5000,
                            "jobs": [ { "name": "page", "steps": [ { "cpu": "1ms" }, { "io": "50ms" }, { "cpu": "1ms" } ] } ] },
              "models": [ { "name": "8 threads", "threads": 8 }, { "name": "asyncio", "asyncio": true } ]
            }
            """
        let scenario = try ScenarioLoader.parse(text, file: "crowd.json")
        var state = DashboardState(scenario: scenario, fileName: "crowd.json", playing: false)
        state.playback.seek(to: 30 * Time.millisecond)
        state.setOffice(true)
        for (width, height) in [(80, 24), (200, 60)] {
            let screen = render(state, width: width, height: height).plainText()
            let lines = screen.split(separator: "\n")
            #expect(lines.allSatisfy { $0.count <= width })
            // The threads' line at the door, and the loop's ready tasks.
            let threads = state.playback.tracks[0].simulation.officeSnapshot.offices[0]
            let loop = state.playback.tracks[1].simulation.officeSnapshot.offices[0]
            #expect(threads.line.count > 4000 && loop.line.count > 4000)
            #expect(screen.contains("waiting \(threads.waiting)") && screen.contains("waiting \(loop.waiting)"), "\(screen)")
            #expect(screen.contains { $0 == "+" }, "no count of people left out:\n\(screen)")
        }
    }
}

/// The counts under each office are the engine's: derived here from the requests' own records
/// (their state and process), which the office snapshot does not read.
@Suite struct OfficeCountTests {
    struct Expected: Equatable {
        var served: [Int]
        var waiting: [Int]
        var searching: [Int]
        var street: Int
    }

    static func expected(_ sim: ModelSimulation) -> Expected {
        let processes = sim.processes.count
        var out = Expected(
            served: Array(repeating: 0, count: processes), waiting: Array(repeating: 0, count: processes),
            searching: Array(repeating: 0, count: processes), street: 0)
        for record in sim.completedRequests ?? [] { out.served[record.process] += 1 }
        let free = Set(sim.freeTaskSlots.map(Int.init))
        let feeder = Set(sim.pools.feederQueue.map(Int.init))
        // Where a request not yet taken by a worker waits: the queue of the one office it can
        // go to, or the street in front of several.
        let webProcesses = sim.spec.processes
        var poolFirst: [Int] = []
        var next = webProcesses
        for pool in sim.pools.workerPools {
            poolFirst.append(next)
            next += pool.size.processes
        }
        for i in sim.tasks.indices where !free.contains(i) {
            let task = sim.tasks[i]
            if task.process >= 0 {
                switch task.state {
                case .running: break
                case .io: out.searching[Int(task.process)] += 1
                case .queued, .gilWait, .noCore, .loopStalled, .poolWait: out.waiting[Int(task.process)] += 1
                }
            } else if feeder.contains(i) {
                out.street += 1
            } else if task.background >= 0 {
                let pool = Int(task.background)
                if sim.pools.workerPools[pool].size.processes == 1 { out.waiting[poolFirst[pool]] += 1 } else { out.street += 1 }
            } else if let holder = sim.connections?.holder, !holder.isEmpty, task.client >= 0 {
                // A kept connection's request waits in the line of the worker holding it.
                out.waiting[Int(holder[Int(task.client)])] += 1
            } else if sim.spec.dispatch == .roundRobin {
                out.waiting[task.request % webProcesses] += 1
            } else if webProcesses == 1 {
                out.waiting[0] += 1
            } else {
                out.street += 1
            }
        }
        return out
    }

    @Test(arguments: NoteWalkTests.bundled)
    func countsAreTheEnginesAtRandomTimes(_ name: String) throws {
        let scenario = try Fixtures.scenario(name)
        var rng = SplitMix64(seed: 13)
        for model in scenario.models.indices {
            var sim = ModelSimulation(scenario: scenario, model: model, options: SimulationOptions(recordRequests: true))
            let times = (0..<12).map { _ in SimTime(rng.next() % UInt64(2 * Time.second)) }.sorted()
            for time in times {
                sim.run(until: time)
                let snapshot = sim.officeSnapshot
                let engine = Self.expected(sim)
                let label = "\(name) \(scenario.models[model].name) at \(DurationParser.format(time))"
                #expect(snapshot.offices.map(\.waiting) == engine.waiting, "\(label): waiting")
                #expect(snapshot.offices.map(\.searching) == engine.searching, "\(label): searching")
                #expect(snapshot.streets.reduce(0) { $0 + $1.line.count } == engine.street, "\(label): street")
                // Requests' offices from their records; worker pools' tasks from each pool's figures.
                let web = scenario.models[model].processes
                #expect(Array(snapshot.offices.prefix(web).map(\.served)) == Array(engine.served.prefix(web)), "\(label): served")
                for figures in sim.backgroundTaskFigures {
                    let served = snapshot.offices.filter { $0.pool == figures.pool }.reduce(0) { $0 + $1.served }
                    #expect(served == figures.completed, "\(label): \(figures.pool) served")
                }
                // One office: its window's share is the model's GIL (or, without one, CPU) figure.
                if snapshot.offices.count == 1, !sim.isFinished {
                    let figures = sim.figures()
                    let share = snapshot.gil ? figures.gilHeldFraction : figures.cpuUtilization
                    #expect(abs(snapshot.offices[0].windowBusy - share) < 1e-9, "\(label): window busy")
                }
                Self.expectDrawn(snapshot, scenario: scenario, label: label)
            }
        }
    }

    /// Each office's row says its counts.
    static func expectDrawn(_ snapshot: OfficeSnapshot, scenario: Scenario, label: String) {
        let view = OfficeView(
            snapshot: snapshot, glyphs: Theme.personGlyphs(jobs: scenario.workload.jobs.map(\.name)),
            theme: Theme(), markSpan: Time.millisecond)
        var grid = CellGrid(width: 200, height: OfficeLayout.wantedRows(snapshot))
        view.draw(into: &grid, area: GridRect(x: 0, y: 0, width: 200, height: grid.height))
        let rows = grid.plainText().split(separator: "\n").map(String.init)
        for office in snapshot.offices {
            let row = rows.first { $0.hasPrefix(" P\(office.process + 1) ") }
            let counts = "served \(office.served)  waiting \(office.waiting)  searching \(office.searching)"
            #expect(row?.contains(counts) == true, "\(label): P\(office.process + 1) drawn as \(row ?? "nothing")")
        }
    }
}

@Suite struct OfficeKeyTests {
    static func isOffice(_ state: DashboardState, width: Int = 80, height: Int = 24) -> Bool {
        render(state, width: width, height: height).plainText().contains("window = GIL")
    }

    @Test func oSwitchesEveryPaneAndBack() throws {
        var state = try Fixtures.state("io_bound", at: 300 * Time.millisecond)
        #expect(!Self.isOffice(state))
        _ = state.press(.character("o"))
        let screen = render(state, width: 80, height: 24).plainText()
        #expect(state.showOffice && screen.contains("served ") && !screen.contains("│ GIL "))
        _ = state.press(.character("o"))
        #expect(!state.showOffice && !Self.isOffice(state))
    }

    @Test func theOfficeSurvivesKnobsReloadAndResize() throws {
        var state = try Fixtures.state("io_bound", at: 300 * Time.millisecond)
        _ = state.press(.character("o"))
        _ = state.press(.tab)
        _ = state.press(.character("T"))
        #expect(state.showOffice && Self.isOffice(state))
        let file = try ReloadTests.edited(#""processes": 4 }"#, #""processes": 2 }"#)
        state.reload(source: 0, with: .success(file))
        #expect(Self.isOffice(state))
        for (width, height) in [(60, 20), (120, 40), (200, 60)] { #expect(Self.isOffice(state, width: width, height: height)) }
    }

    @Test func inspectingGoesBackToTheLanes() throws {
        var state = try Fixtures.state("io_bound", at: 300 * Time.millisecond)
        _ = state.press(.character("o"))
        _ = state.press(.character("x"))
        #expect(!state.showOffice && state.inspecting != nil)
        _ = state.press(.character("o"))
        #expect(state.showOffice && state.inspecting == nil)
    }

    @Test func helpAndFooterListIt() throws {
        var state = try Fixtures.state("io_bound", at: 300 * Time.millisecond)
        #expect(render(state, width: 200, height: 60).plainText().contains("o office"))
        _ = state.press(.character("?"))
        #expect(render(state, width: 100, height: 40).plainText().contains("the ticket office"))
    }

    /// A note's `lanes` keep its queues and offices in view when they do not all fit.
    @Test func namedQueuesAndOfficesAreChosenFirst() throws {
        let scenario = try Fixtures.scenario("io_bound")
        var threads = ModelSimulation(scenario: scenario, model: 1)
        threads.run(until: 180 * Time.millisecond)
        let rows = OfficeLayout.rows(threads.officeSnapshot, available: 4, pinned: [.thread(8)])
        #expect(
            rows == [
                .office(0), .queue(office: 0, queue: 0), .queue(office: 0, queue: 7),
                .foldedQueues(office: 0, queues: Array(1...6)),
            ])
        var processes = ModelSimulation(scenario: scenario, model: 2)
        processes.run(until: 180 * Time.millisecond)
        let offices = OfficeLayout.rows(processes.officeSnapshot, available: 3, pinned: [.gil(process: 4)])
        #expect(offices == [.street(0), .office(3), .foldedOffices([0, 1, 2])])
    }

    /// Nobody waiting may vanish: with one row for a whole model, the people in its line outside
    /// the offices are counted on it (io_bound's 4 processes at 80×24 read "waiting 0" while 359
    /// requests waited in the street).
    @Test func peopleOutsideAreCountedWhenTheirLineDoesNotFit() throws {
        let scenario = try Fixtures.scenario("io_bound")
        var processes = ModelSimulation(scenario: scenario, model: 2)
        processes.run(until: 180 * Time.millisecond)
        let snapshot = processes.officeSnapshot
        let outside = snapshot.streets[0].line.count
        try #require(outside > 0, "nobody waits outside at 180 ms")
        #expect(OfficeLayout.rows(snapshot, available: 1) == [.foldedOffices([0, 1, 2, 3], streets: [0])])
        let view = OfficeView(
            snapshot: snapshot, glyphs: Theme.personGlyphs(jobs: scenario.workload.jobs.map(\.name)),
            theme: Theme(), markSpan: Time.millisecond)
        var grid = CellGrid(width: 200, height: 1)
        view.draw(into: &grid, area: GridRect(x: 0, y: 0, width: 200, height: 1))
        #expect(grid.plainText().contains("\(outside) outside; P1–P4"), "\(grid.plainText())")
    }

    @Test func personGlyphsAreOneLetterPerJob() {
        #expect(Theme.personGlyphs(jobs: ["ticket", "wallet"]) == ["t", "w"])
        #expect(Theme.personGlyphs(jobs: ["page", "post", "p"]) == ["p", "o", "a"])
        #expect(Theme.personGlyphs(jobs: ["cpu hog", "io loop", "2"]) == ["c", "i", "a"])
    }
}
