import Testing

@testable import GILCore
@testable import GILView

/// The lanes against the engine's timeline: over random scenarios and every zoom the dashboard
/// offers, each state's share of a lane's cells matches its share of the simulated time.
///
/// A cell shows one state, so with three or more states in play no drawing keeps every state
/// within one cell of its time over every stretch; error diffusion keeps it within two (measured:
/// at most 1.9 cells over 10 to 39 cells, 2.1 over longer stretches, where a carry restarts).
/// So: within 10 percentage points over almost every stretch of 10 cells or more, and never more
/// than `worstCells` off.
@Suite struct LaneProportionTests {
    static let columns = 120
    /// Any stretch of at least this many cells…
    static let shortestStretch = 10
    /// …gives each state a share of cells within this of its share of the stretch's time…
    static let tolerance = 0.10
    /// …but for this fraction of the stretches (measured: 0.02%)…
    static let rareExceptions = 0.001
    /// …which are off by no more than this many cells.
    static let worstCells = 2.5

    @Test(arguments: 0..<12 as Range<UInt64>)
    func everyLaneIsInProportionAtEveryZoom(seed: UInt64) throws {
        var rng = SplitMix64(seed: 0x1A4E5 &+ seed)
        let scenario = Self.randomScenario(&rng)
        var sim = ModelSimulation(scenario: scenario, model: 0, options: SimulationOptions(timeline: .all))
        // Past the widest window at the coarsest zoom, and not on a cell boundary.
        let end = SimTime(Self.columns) * DashboardState.zoomLevels.last! + 7_345_678
        sim.run(until: end)
        let timeline = try #require(sim.timeline)
        var checked = 0, over = 0
        for perColumn in DashboardState.zoomLevels {
            for t in sim.threadSnapshots.indices {
                Self.check(
                    timeline.thread(t), end: end, perColumn: perColumn, lane: "T\(t + 1)", seed: seed, checked: &checked, over: &over)
            }
            for p in sim.processSnapshots.indices where scenario.models[0].gil {
                Self.check(
                    timeline.gil(process: p), end: end, perColumn: perColumn, lane: "GIL P\(p + 1)", seed: seed, checked: &checked,
                    over: &over)
            }
            for c in 0..<sim.cores {
                Self.check(
                    timeline.core(c), end: end, perColumn: perColumn, lane: "core \(c + 1)", seed: seed, checked: &checked, over: &over)
            }
        }
        #expect(checked > 100_000, "too few stretches checked: \(checked)")
        #expect(Double(over) <= Self.rareExceptions * Double(checked), "\(over) of \(checked) stretches off by more than 10 points")
    }

    /// Checks every stretch of whole cells inside the lane's history: counts them, and those off
    /// by more than `tolerance`.
    static func check<Value: Hashable & Sendable>(
        _ history: LaneHistory<Value>, end: SimTime, perColumn: SimTime, lane: String, seed: UInt64,
        checked: inout Int, over: inout Int
    ) {
        let cells = LaneRenderer.cells(history, end: end, perColumn: perColumn, columns: columns)
        let firstCell = end / perColumn - SimTime(columns) + 1
        guard let historyStart = history.first?.start else { return }
        // Whole cells only: not the one now (partly simulated), none reaching before the history.
        let usable = (0..<columns - 1).filter { (firstCell + SimTime($0)) * perColumn >= historyStart }
        guard let first = usable.first, usable.count >= shortestStretch else { return }
        let values = Array(Set(history.map(\.value)))
        // Per state, running totals of its cells drawn and of its time (in cells).
        var drawn = [[Int]](repeating: [0], count: values.count)
        var time = [[Double]](repeating: [0], count: values.count)
        for column in usable {
            let from = (firstCell + SimTime(column)) * perColumn
            let spent = timeIn(history, from: from, to: from + perColumn)
            for (v, value) in values.enumerated() {
                drawn[v].append(drawn[v].last! + (cells[column]?.value == value ? 1 : 0))
                time[v].append(time[v].last! + Double(spent[value] ?? 0) / Double(perColumn))
            }
        }
        for start in 0...(usable.count - shortestStretch) {
            for stop in (start + shortestStretch)...usable.count {
                let n = Double(stop - start)
                for v in values.indices {
                    let cellShare = Double(drawn[v][stop] - drawn[v][start]) / n
                    let timeShare = (time[v][stop] - time[v][start]) / n
                    checked += 1
                    guard abs(cellShare - timeShare) > tolerance else { continue }
                    over += 1
                    if abs(cellShare - timeShare) * n > worstCells {
                        Issue.record(
                            """
                            seed \(seed), \(lane) at \(perColumn) ns/column, columns \(first + start)..<\(first + stop): \
                            \(values[v]) has \(Int((cellShare * 100).rounded()))% of the cells, \
                            \(Int((timeShare * 100).rounded()))% of the time
                            """)
                        return
                    }
                }
            }
        }
    }

    /// Each state's time in [from, to), straight from the timeline's changes.
    static func timeIn<Value: Hashable & Sendable>(_ history: LaneHistory<Value>, from: SimTime, to: SimTime) -> [Value: SimTime] {
        var spent: [Value: SimTime] = [:]
        var i = max(0, history.lastIndex(startingAtOrBefore: from))
        while i < history.count, history[i].start < to {
            let changeEnd = i + 1 < history.count ? history[i + 1].start : SimTime.max
            let overlap = min(to, changeEnd) - max(from, history[i].start)
            if overlap > 0 { spent[history[i].value, default: 0] += overlap }
            i += 1
        }
        return spent
    }

    /// A model of threads, processes or an event loop, on a few cores, running random jobs of
    /// Python, native code and I/O (and, on an event loop, blocking calls and offloads).
    static func randomScenario(_ rng: inout SplitMix64) -> Scenario {
        func duration(_ lowMicros: Double, _ highMicros: Double) -> SimTime {
            SimTime(Double.random(in: lowMicros...highMicros, using: &rng) * Double(Time.microsecond))
        }
        let asyncio = Bool.random(using: &rng)
        var jobs: [Job] = []
        for j in 0..<Int.random(in: 1...2, using: &rng) {
            var steps: [Step] = []
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                switch Int.random(in: 0..<(asyncio ? 5 : 3), using: &rng) {
                case 0: steps.append(.cpu(.exponential(mean: duration(20, 8_000))))
                case 1: steps.append(.io(.exponential(mean: duration(100, 20_000))))
                case 2: steps.append(.native(.exponential(mean: duration(20, 5_000))))
                case 3: steps.append(.blocking(.exponential(mean: duration(50, 3_000))))
                default: steps.append(.offload([.cpu(.exponential(mean: duration(50, 3_000)))]))
                }
            }
            jobs.append(Job(name: "job \(j)", steps: steps))
        }
        let model = ModelSpec(
            name: "random", processes: Int.random(in: 1...2, using: &rng),
            threads: asyncio ? 1 : Int.random(in: 1...6, using: &rng), asyncio: asyncio,
            executorThreads: asyncio ? Int.random(in: 1...3, using: &rng) : nil,
            gil: Int.random(in: 0..<5, using: &rng) > 0,
            switchInterval: [200, 1_000, 5_000].randomElement(using: &rng)! * Time.microsecond)
        return Scenario(
            seed: rng.next(), machine: Machine(cores: Int.random(in: 1...4, using: &rng)),
            python: PythonSettings(gilHandoff: duration(10, 100)),
            workload: Workload(
                arrivals: .poisson(ratePerSecond: Double.random(in: 30...600, using: &rng)),
                size: .duration(4 * Time.second), jobs: jobs),
            models: [model])
    }
}
