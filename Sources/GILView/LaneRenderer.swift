import GILCore

/// Turns a timeline lane into one mark per column.
enum LaneRenderer {
    /// The marks of `columns` cells ending at `end`, each covering `perColumn` of simulated time:
    /// column j covers [end − (columns − j)·perColumn, end − (columns − j − 1)·perColumn), the last
    /// one reaching `end` itself. A cell covering several values shows the highest-ranked mark
    /// (`LaneMark.rank`), so no short state is lost by zooming out. Nil: before the history.
    static func marks<Changes: RandomAccessCollection>(
        _ changes: Changes, end: SimTime, perColumn: SimTime, columns: Int, mark: (Int32) -> LaneMark
    ) -> [LaneMark?] where Changes.Element == Timeline.Change, Changes.Index == Int {
        guard columns > 0, perColumn > 0 else { return [] }
        var result = [LaneMark?](repeating: nil, count: columns)
        let windowStart = end + 1 - SimTime(columns) * perColumn
        // The last change at or before the window's start: the value the window opens with.
        var low = changes.startIndex, high = changes.endIndex
        while low < high {
            let mid = (low + high) / 2
            if changes[mid].start <= windowStart { low = mid + 1 } else { high = mid }
        }
        // The change in force so far (startIndex − 1: none yet).
        var index = low - 1
        for column in 0..<columns {
            let to = windowStart + SimTime(column + 1) * perColumn
            // The value in force when the cell opens, then every change inside it.
            var best = index >= changes.startIndex ? mark(changes[index].value) : nil
            while index + 1 < changes.endIndex, changes[index + 1].start < to {
                index += 1
                let candidate = mark(changes[index].value)
                if best.map({ candidate.rank >= $0.rank }) ?? true { best = candidate }
            }
            result[column] = best
        }
        return result
    }

    static func threadMark(_ value: Int32) -> LaneMark {
        .thread(ThreadActivity(rawValue: UInt8(clamping: value)) ?? .idle)
    }

    static func gilMark(_ value: Int32) -> LaneMark {
        switch value {
        case Timeline.handingOff: .gilHandoff
        case ..<0: .gilFree
        default: .gilHeld(byThread: Int(value))
        }
    }

    static func coreMark(_ value: Int32) -> LaneMark {
        value >= 0 ? .coreBusy(byThread: Int(value)) : .coreFree
    }
}
