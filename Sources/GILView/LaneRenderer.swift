import GILCore

/// What one lane cell shows: the state drawn, and whether the cell's span held other states too.
struct LaneCell<Value: Hashable> {
    var value: Value
    var mixed: Bool
}

/// Turns a lane's history into one cell per column, in proportion to time.
///
/// Cells sit on fixed boundaries of simulated time: cell k covers [k·perColumn, (k+1)·perColumn),
/// so a span draws the same cells however the window scrolls. Each cell shows one of the states
/// it holds, chosen by error diffusion: every state carries the time it was owed but not drawn
/// into the next cells, and a cell shows the state (of those it holds) with the most time owed,
/// which then owes one cell less. Over any run of cells, each state gets its share of the cells
/// to within about one cell, and a pure cell always shows its own state. The carry restarts every
/// `diffusionBlock` cells (at multiples of it), so a cell depends only on the time since its
/// block began, not on where the window starts.
enum LaneRenderer {
    static let diffusionBlock = 128

    /// The cells of `columns` columns whose last holds `end` (it covers up to `end`: the part of
    /// its span simulated so far). Nil: before the lane's history, or before time 0.
    static func cells<Value: Hashable, Changes: RandomAccessCollection>(
        _ changes: Changes, end: SimTime, perColumn: SimTime, columns: Int
    ) -> [LaneCell<Value>?] where Changes.Element == LaneEntry<Value>, Changes.Index == Int {
        guard columns > 0, perColumn > 0, end >= 0 else { return [] }
        var result = [LaneCell<Value>?](repeating: nil, count: columns)
        guard let historyStart = changes.first?.start else { return result }
        let lastCell = end / perColumn
        let firstCell = lastCell - SimTime(columns) + 1
        let block = SimTime(diffusionBlock)
        // The block the window opens in (floor division: cells before time 0 are negative).
        let blockStart = max(0, (firstCell >= 0 ? firstCell : firstCell - block + 1) / block * block)
        var index = changes.lastIndex(startingAtOrBefore: blockStart * perColumn)
        // Time owed per state, in nanoseconds of a full cell; `spent` is reused for each cell.
        var owed: [(value: Value, time: SimTime)] = []
        var spent: [(value: Value, time: SimTime)] = []
        for cell in blockStart...lastCell {
            if cell % block == 0 { owed.removeAll(keepingCapacity: true) }
            let cellStart = cell * perColumn
            let from = max(cellStart, historyStart)
            let to = min(cellStart + perColumn, end)
            guard from < to || (from == to && cell == lastCell) else { continue }
            while index + 1 < changes.endIndex, changes[index + 1].start <= from { index += 1 }
            let nextChange = index + 1 < changes.endIndex ? changes[index + 1].start : SimTime.max
            if nextChange > to, from < to {
                // One state all through: drawn as itself, and what it is owed does not change.
                if cell >= firstCell { result[Int(cell - firstCell)] = LaneCell(value: changes[index].value, mixed: false) }
                continue
            }
            // Each state's time in [from, to): the one in force at `from`, then every change inside.
            spent.removeAll(keepingCapacity: true)
            var at = from
            while true {
                let next = index + 1 < changes.endIndex ? changes[index + 1].start : SimTime.max
                add(changes[index].value, min(next, to) - at, to: &spent)
                guard next < to else { break }
                index += 1
                at = next
            }
            if cell == lastCell {
                // A change at `end` itself: the state now, present for no time yet.
                while index + 1 < changes.endIndex, changes[index + 1].start <= end {
                    index += 1
                    add(changes[index].value, 0, to: &spent)
                }
                if from == to { spent = [(changes[index].value, 0)] }
            }
            let covered = to - from
            var drawn = 0
            for (i, state) in spent.enumerated() {
                let o = owedIndex(of: state.value, in: &owed)
                owed[o].time += state.time
                if i > 0, owed[o].time > owed[owedIndex(of: spent[drawn].value, in: &owed)].time { drawn = i }
            }
            let value = spent[drawn].value
            // A cell only partly known (the history's first, the one now) stands for that part.
            owed[owedIndex(of: value, in: &owed)].time -= covered
            if cell >= firstCell {
                result[Int(cell - firstCell)] = LaneCell(value: value, mixed: spent.count > 1)
            }
        }
        return result
    }

    private static func add<Value: Hashable>(_ value: Value, _ time: SimTime, to spent: inout [(value: Value, time: SimTime)]) {
        if let i = spent.firstIndex(where: { $0.value == value }) {
            spent[i].time += time
        } else {
            spent.append((value, time))
        }
    }

    /// Where `value` is in `owed`, appended with nothing owed if new.
    private static func owedIndex<Value: Hashable>(of value: Value, in owed: inout [(value: Value, time: SimTime)]) -> Int {
        if let i = owed.firstIndex(where: { $0.value == value }) { return i }
        owed.append((value, 0))
        return owed.count - 1
    }
}
