import Testing

@testable import GILCore
@testable import GILView

/// Short states in the lanes: never drawn bigger than they are, never lost.
@Suite struct LaneRendererTests {
    static let ms = Time.millisecond, us = Time.microsecond

    static func entries<Value>(_ changes: [(SimTime, Value)]) -> [LaneEntry<Value>] {
        changes.map { LaneEntry(start: $0.0, value: $0.1) }
    }

    @Test func aShortStateMarksItsCellWithoutTakingIt() {
        // 20 ms of running with a 20 µs GIL wait and a 30 µs pool wait inside, one 20 ms cell.
        let (ms, us) = (Self.ms, Self.us)
        let changes: [(SimTime, ThreadActivity)] = [
            (0, .running), (7 * ms, .gilWait), (7 * ms + 20 * us, .running),
            (12 * ms, .poolWait), (12 * ms + 30 * us, .running), (20 * ms, .io),
        ]
        let lane = Self.entries(changes)
        let coarse = LaneRenderer.cells(lane, end: 20 * Self.ms - 1, perColumn: 20 * Self.ms, columns: 1)
        #expect(coarse.map { $0?.value } == [.running])
        #expect(coarse.map { $0?.mixed } == [true])
        // At 5 ms a cell, only the two cells that hold the short states are marked.
        let fine = LaneRenderer.cells(lane, end: 20 * Self.ms - 1, perColumn: 5 * Self.ms, columns: 4)
        #expect(fine.map { $0?.value } == [ThreadActivity?](repeating: .running, count: 4))
        #expect(fine.map { $0?.mixed } == [false, true, true, false])
    }

    @Test func cellsSplitBetweenTwoStatesTakeTurns() {
        // 0.5 ms of I/O then 0.5 ms of GIL wait, repeated: at 1 ms a cell, every cell holds both.
        let lane = Self.entries((0..<40).map { (SimTime($0) * 500 * Self.us, $0 % 2 == 0 ? ThreadActivity.io : .gilWait) })
        let cells = LaneRenderer.cells(lane, end: 20 * Self.ms - 1, perColumn: Self.ms, columns: 20)
        let waits = cells.filter { $0?.value == .gilWait }.count
        #expect(waits == 10, "\(cells.map { $0?.value })")
        #expect(cells.allSatisfy { $0?.mixed == true })
    }

    @Test func aHandoffIsMarkedWithoutTakingItsHoldersCells() {
        // T1 holds the GIL 5 ms, a 50 µs hand-off, T2 holds it 5 ms, another, T1 again.
        var changes: [(SimTime, GILState)] = []
        for round in 0..<8 {
            let start = SimTime(round) * (5 * Self.ms + 50 * Self.us)
            changes.append((start, .held(byThread: round % 2)))
            changes.append((start + 5 * Self.ms, .handingOff))
        }
        let lane = Self.entries(changes)
        for perColumn in [Self.ms, 2 * Self.ms, 5 * Self.ms] {
            let cells = LaneRenderer.cells(lane, end: 40 * Self.ms - 1, perColumn: perColumn, columns: Int(40 * Self.ms / perColumn))
            #expect(!cells.contains { $0?.value == .handingOff }, "at \(perColumn): \(cells.map { $0?.value })")
            // Every cell holding a hand-off is marked.
            for (column, cell) in cells.enumerated() {
                let from = SimTime(column) * perColumn
                let holdsHandoff = (0..<8).contains { round in
                    let handoff = SimTime(round) * (5 * Self.ms + 50 * Self.us) + 5 * Self.ms
                    return handoff < from + perColumn && handoff + 50 * Self.us > from
                }
                if holdsHandoff { #expect(cell?.mixed == true, "cell \(column) at \(perColumn)") }
            }
        }
        // At 50 µs a cell, a hand-off is one cell wide, always.
        let fine = LaneRenderer.cells(lane, end: 40 * Self.ms - 1, perColumn: 50 * Self.us, columns: 800)
        var widths: [Int] = []
        var run = 0
        for cell in fine {
            if cell?.value == .handingOff {
                run += 1
            } else if run > 0 {
                widths.append(run)
                run = 0
            }
        }
        #expect(!widths.isEmpty && widths.allSatisfy { $0 == 1 }, "\(widths)")
    }

    @Test func aSpanDrawsTheSameCellsAsTheWindowScrolls() {
        var rng = SplitMix64(seed: 11)
        var t: SimTime = 0
        var changes: [(SimTime, ThreadActivity)] = []
        while t < 400 * Self.ms {
            changes.append((t, [.running, .gilWait, .io, .noCore].randomElement(using: &rng)!))
            t += SimTime.random(in: 10 * Self.us...3 * Self.ms, using: &rng)
        }
        let lane = Self.entries(changes)
        let perColumn = Self.ms, columns = 80
        // Frames a few microseconds to many cells apart: the cells both show, whole, are the same.
        var end = 200 * Self.ms + 123 * Self.us
        var previous = LaneRenderer.cells(lane, end: end, perColumn: perColumn, columns: columns)
        for step in [7 * Self.us, 400 * Self.us, Self.ms, 3 * Self.ms + 1, 17 * Self.ms, 64 * Self.ms] {
            let next = LaneRenderer.cells(lane, end: end + step, perColumn: perColumn, columns: columns)
            let shift = Int((end + step) / perColumn - end / perColumn)
            for column in 0..<(columns - 1 - shift) {
                #expect(previous[column + shift]?.value == next[column]?.value, "column \(column) after \(step) ns")
            }
            end += step
            previous = next
        }
    }

    @Test func glyphsNameOneThingEach() {
        // Threads up to the 61st have their own glyph in GIL and core lanes, up to the 104th
        // where the terminal is not ASCII-only; each a single character.
        let ascii = Theme(ascii: true)
        let threads = (0..<61).map(ascii.threadGlyph)
        #expect(Set(threads).count == 61 && !threads.contains("*") && ascii.threadGlyph(61) == "*")
        let unicode = Theme(ascii: false)
        let many = (0..<104).map(unicode.threadGlyph)
        #expect(Set(many).count == 104 && !many.contains("*") && unicode.threadGlyph(104) == "*")
        #expect(many.allSatisfy { $0.unicodeScalars.count == 1 })
        let stateGlyphs = ThreadActivity.allCases.map(unicode.glyph) + [unicode.handoffGlyph]
        #expect(Set(many).isDisjoint(with: stateGlyphs))
        // The ASCII sparklines use no character a lane uses.
        let laneGlyphs = Set(ThreadActivity.allCases.map(ascii.glyph) + threads + [ascii.handoffGlyph, "*"])
        #expect(laneGlyphs.isDisjoint(with: Sparkline.asciiBars))
    }
}
