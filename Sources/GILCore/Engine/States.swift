/// Where a request's time goes. The times in these states add up to its latency.
public enum RequestState: Int, CaseIterable, Sendable, Codable {
    /// Waiting for a worker: a thread, its event loop's turn, or an executor thread.
    case queued
    /// On a core: running Python with the GIL (or free-threaded), or native code.
    case running
    /// Waiting for its process's GIL, including the hand-off to it.
    case gilWait
    /// Runnable, but every core is busy (time-sliced by the OS).
    case noCore
    /// In I/O: an awaited or blocking call of its own.
    case io
    /// Ready on an event loop that another task's blocking call has stalled.
    case loopStalled
    /// Waiting for a connection from a connection pool (only in scenarios that declare one).
    case poolWait

    /// The states a report lists: `poolWait` only where connection pools exist, so reports of
    /// scenarios without them keep their columns and keys.
    public static func reported(connectionPools: Bool) -> [RequestState] {
        connectionPools ? allCases : allCases.filter { $0 != .poolWait }
    }

    /// The key used in reports.
    public var key: String {
        switch self {
        case .queued: "queued"
        case .running: "running"
        case .gilWait: "gil_wait"
        case .noCore: "no_core"
        case .io: "io"
        case .loopStalled: "loop_stalled"
        case .poolWait: "pool_wait"
        }
    }
}

/// A value for each `RequestState`, in seven stored fields rather than an array: every in-flight
/// request carries one, and a run adds one into its totals at every completion, where an
/// array's uniqueness and bounds checks showed in the engine's events per second.
public struct PerRequestState<Value: AdditiveArithmetic & Sendable>: Sendable, Equatable {
    private var queued = Value.zero, running = Value.zero, gilWait = Value.zero, noCore = Value.zero
    private var io = Value.zero, loopStalled = Value.zero, poolWait = Value.zero

    public init() {}

    public subscript(state: RequestState) -> Value {
        get {
            switch state {
            case .queued: queued
            case .running: running
            case .gilWait: gilWait
            case .noCore: noCore
            case .io: io
            case .loopStalled: loopStalled
            case .poolWait: poolWait
            }
        }
        set {
            switch state {
            case .queued: queued = newValue
            case .running: running = newValue
            case .gilWait: gilWait = newValue
            case .noCore: noCore = newValue
            case .io: io = newValue
            case .loopStalled: loopStalled = newValue
            case .poolWait: poolWait = newValue
            }
        }
    }

    public var total: Value { queued + running + gilWait + noCore + io + loopStalled + poolWait }

    /// Adds `other`'s value for each state, converted by `convert`.
    @inline(__always)
    mutating func add<Other>(_ other: PerRequestState<Other>, _ convert: (Other) -> Value) {
        queued += convert(other.queued)
        running += convert(other.running)
        gilWait += convert(other.gilWait)
        noCore += convert(other.noCore)
        io += convert(other.io)
        loopStalled += convert(other.loopStalled)
        poolWait += convert(other.poolWait)
    }

    public static func += (lhs: inout Self, rhs: Self) { lhs.add(rhs) { $0 } }
}

/// One request's time in each state, in nanoseconds.
public typealias StateTimes = PerRequestState<SimTime>

/// Completed requests' time in each state, summed, in nanoseconds. Double, unlike a request's
/// own `StateTimes`: a run's sum can pass Int64 (two million requests of 10 ms queued behind one
/// thread wait 2 × 10^19 ns in all), and a Double sum of whole nanoseconds is exact to 2^53.
public typealias StateTotals = PerRequestState<Double>

extension PerRequestState<Double> {
    static func += (lhs: inout Self, rhs: StateTimes) { lhs.add(rhs) { Double($0) } }
}

/// What an OS thread is doing: the state its timeline lane shows.
public enum ThreadActivity: UInt8, CaseIterable, Sendable {
    /// No work: a worker waiting for a request, an idle event loop or executor thread.
    case idle
    /// On a core, running Python bytecode (holding the GIL, or free-threaded).
    case running
    /// On a core, running C code that released the GIL.
    case native
    /// Runnable but without a core.
    case noCore
    /// Waiting for the GIL.
    case gilWait
    /// Blocked in I/O.
    case io
    /// An event-loop thread inside a blocking call: the whole loop is stalled.
    case blocking
    /// Waiting for work it offloaded to an executor thread; or an event loop with no task ready
    /// while its tasks await I/O or offloaded work.
    case awaiting
    /// Waiting for a connection from a connection pool.
    case poolWait

    /// The state of the request this thread is driving, if it is driving one.
    var requestState: RequestState? {
        switch self {
        case .idle, .awaiting: nil
        case .running, .native: .running
        case .noCore: .noCore
        case .gilWait: .gilWait
        case .io, .blocking: .io
        case .poolWait: .poolWait
        }
    }
}

/// What a simulated OS thread is for.
public enum ThreadRole: UInt8, Sendable {
    /// Takes requests from a dispatch queue, one at a time.
    case worker
    /// Runs an asyncio event loop.
    case eventLoop
    /// A thread of the process's executor pool (`run_in_executor`, `to_thread`, `sync_to_async`).
    case executor
}
