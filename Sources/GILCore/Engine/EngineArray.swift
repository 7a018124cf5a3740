/// A growable array for the engine's per-thread, per-task and per-process state whose element
/// writes skip the copy-on-write check.
///
/// A `ModelSimulation` is a value: the dashboard copies it to keep step-back snapshots, so its
/// state must copy on write. A Swift `Array` checks for a shared buffer on every element write —
/// some seventeen times per event in the engine, a tenth of its time. The engine instead makes
/// all its arrays unique at once, before it handles an event (`ModelSimulation.makeStateUnique`),
/// and element writes then go straight to memory. Debug builds still check every write, so a
/// write path that skipped `makeUnique()` fails the tests instead of corrupting a snapshot.
struct EngineArray<Element>: RandomAccessCollection {
    private var storage: EngineArrayStorage<Element>

    init() {
        storage = .make(capacity: 0)
    }

    init<S: Sequence>(_ elements: S) where S.Element == Element {
        let elements = Array(elements)
        storage = .make(capacity: elements.count)
        for element in elements { storage.append(element) }
    }

    init(repeating element: Element, count: Int) {
        self.init(repeatElement(element, count: count))
    }

    var startIndex: Int { 0 }
    var endIndex: Int { storage.count }

    subscript(index: Int) -> Element {
        get {
            checkIndex(index)
            return storage.elements[index]
        }
        _modify {
            checkIndex(index)
            assert(isKnownUniquelyReferenced(&storage), "an engine array written while shared: call makeUnique() first")
            yield &storage.elements[index]
        }
    }

    /// One unsigned comparison covers both ends (a negative index wraps to a huge one).
    @inline(__always)
    private func checkIndex(_ index: Int) {
        precondition(UInt(bitPattern: index) < UInt(bitPattern: storage.count), "EngineArray index out of range")
    }

    /// Copies the elements if another array shares them. Call before any write (subscript, append, popLast).
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(capacity: storage.reserved) }
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        assert(isKnownUniquelyReferenced(&storage), "an engine array appended to while shared: call makeUnique() first")
        if storage.count == storage.reserved { grow() }
        storage.append(element)
    }

    @inline(never)
    private mutating func grow() {
        storage = storage.copy(capacity: Swift.max(storage.reserved * 2, 4))
    }

    mutating func append(contentsOf elements: some Sequence<Element>) {
        for element in elements { append(element) }
    }

    mutating func popLast() -> Element? {
        guard !isEmpty else { return nil }
        assert(isKnownUniquelyReferenced(&storage), "an engine array shortened while shared: call makeUnique() first")
        return storage.removeLast()
    }
}

// Shares its storage only between copies, which copy it before writing (as `Array` does).
extension EngineArray: @unchecked Sendable where Element: Sendable {}

struct EngineArrayHeader {
    var count: Int
    var capacity: Int
}

/// The elements, allocated with their header in one block.
final class EngineArrayStorage<Element>: ManagedBuffer<EngineArrayHeader, Element> {
    static func make(capacity: Int) -> EngineArrayStorage {
        let buffer = create(minimumCapacity: capacity) { _ in EngineArrayHeader(count: 0, capacity: capacity) }
        return unsafeDowncast(buffer, to: EngineArrayStorage.self)
    }

    deinit {
        _ = withUnsafeMutablePointers { header, elements in elements.deinitialize(count: header.pointee.count) }
    }

    var count: Int { withUnsafeMutablePointerToHeader { $0.pointee.count } }
    var reserved: Int { withUnsafeMutablePointerToHeader { $0.pointee.capacity } }
    /// Stable for the storage's lifetime: the elements live in the same allocation.
    var elements: UnsafeMutablePointer<Element> { withUnsafeMutablePointerToElements { $0 } }

    /// A new storage of `capacity` (at least `count`) holding copies of the elements.
    func copy(capacity: Int) -> EngineArrayStorage {
        let copy = EngineArrayStorage.make(capacity: capacity)
        copy.elements.initialize(from: elements, count: count)
        copy.withUnsafeMutablePointerToHeader { $0.pointee.count = count }
        return copy
    }

    /// Requires spare capacity.
    func append(_ element: Element) {
        withUnsafeMutablePointers { header, elements in
            (elements + header.pointee.count).initialize(to: element)
            header.pointee.count += 1
        }
    }

    func removeLast() -> Element {
        withUnsafeMutablePointers { header, elements in
            header.pointee.count -= 1
            return (elements + header.pointee.count).move()
        }
    }
}
