import Foundation
import Synchronization

/// `body(0) … body(count − 1)` run in parallel, results in index order. For independent
/// deterministic runs (the models of a report, the points of a sweep): the result is the same
/// whatever order they finish in.
func parallelMap<Result: Sendable>(_ count: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
    let results = Mutex([Result?](repeating: nil, count: count))
    DispatchQueue.concurrentPerform(iterations: count) { index in
        let result = body(index)
        results.withLock { $0[index] = result }
    }
    return results.withLock { $0.compactMap { $0 } }
}
