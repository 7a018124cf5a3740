import DequeModule

/// One change of a lane: from `start` on, the lane shows `value` (until the next change).
public struct LaneEntry<Value: Sendable>: Sendable {
    public var start: SimTime
    public var value: Value

    @inlinable public init(start: SimTime, value: Value) {
        self.start = start
        self.value = value
    }
}

extension LaneEntry: Equatable where Value: Equatable {}

/// A lane's kept history as typed changes, oldest first: a view on the timeline's compact
/// storage that decodes each change as it is read, so a reader never sees a raw code.
public struct LaneHistory<Value: Sendable>: RandomAccessCollection, Sendable {
    // Inlinable, so that a reader in another module walks the changes without a call per change.
    @usableFromInline let changes: Deque<Timeline.Change>
    @usableFromInline let decode: @Sendable (Int32) -> Value

    init(_ changes: Deque<Timeline.Change>, decode: @escaping @Sendable (Int32) -> Value) {
        self.changes = changes
        self.decode = decode
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { changes.count }

    @inlinable public subscript(position: Int) -> LaneEntry<Value> {
        let change = changes[position]
        return LaneEntry(start: change.start, value: decode(change.value))
    }

    /// The lane's value at time `t` (the last change at or before it); nil before the history.
    @inlinable public func value(at t: SimTime) -> Value? {
        let index = lastIndex(startingAtOrBefore: t)
        return index < startIndex ? nil : self[index].value
    }
}

extension RandomAccessCollection where Index == Int {
    /// The index of the last change starting at or before `t` (`startIndex − 1` if none).
    @inlinable public func lastIndex<Value>(startingAtOrBefore t: SimTime) -> Int where Element == LaneEntry<Value> {
        var low = startIndex, high = endIndex
        while low < high {
            let mid = (low + high) / 2
            if self[mid].start <= t { low = mid + 1 } else { high = mid }
        }
        return low - 1
    }
}
