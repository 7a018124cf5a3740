/// A thread as the dashboard shows it.
public struct ThreadSnapshot: Sendable, Equatable {
    public var process: Int
    public var role: ThreadRole
    public var activity: ThreadActivity
    public var holdsGIL: Bool
    /// The core it runs on, if any.
    public var core: Int?

    /// The name the dashboard and the exports give thread `index` (from 0): "T3", "T1 loop", "T5 exec".
    public static func label(_ index: Int, role: ThreadRole) -> String {
        switch role {
        case .worker: "T\(index + 1)"
        case .eventLoop: "T\(index + 1) loop"
        case .executor: "T\(index + 1) exec"
        }
    }
}

/// A process as the dashboard shows it.
public struct ProcessSnapshot: Sendable, Equatable {
    /// The thread holding the GIL, if any.
    public var gilHolder: Int?
    /// The thread the GIL is being handed to (released, not yet taken), if any.
    public var gilHandoffTarget: Int?
    public var gilWaiters: Int
    /// Requests this process has taken and not finished.
    public var inFlight: Int
    /// The event-loop thread, for asyncio models.
    public var loopThread: Int?
    /// Tasks ready to run on the loop, waiting their turn.
    public var readyTasks: Int
    /// Whether the loop is stalled inside a blocking call.
    public var loopStalled: Bool
    /// Offloaded steps waiting for an executor thread.
    public var executorQueue: Int
}

extension ModelSimulation {
    public var threadSnapshots: [ThreadSnapshot] {
        threads.map {
            ThreadSnapshot(
                process: Int($0.process), role: $0.role, activity: $0.activity,
                holdsGIL: $0.holdsGIL, core: $0.core >= 0 ? Int($0.core) : nil)
        }
    }

    public var processSnapshots: [ProcessSnapshot] {
        processes.map {
            ProcessSnapshot(
                gilHolder: $0.gil.holder >= 0 ? Int($0.gil.holder) : nil,
                gilHandoffTarget: $0.gil.handoffTarget >= 0 ? Int($0.gil.handoffTarget) : nil,
                gilWaiters: $0.gil.waiters.count, inFlight: $0.inFlight,
                loopThread: $0.loop.thread >= 0 ? Int($0.loop.thread) : nil,
                readyTasks: $0.loop.ready.count, loopStalled: $0.loop.blockedSince != nil,
                executorQueue: $0.executor.queue.count)
        }
    }
}
