import Foundation

/// What the generated program recorded about one real thread: each step it ran, with the wall
/// clock (`perf_counter_ns`, after the first scheduled arrival) and the thread's own CPU clock
/// (`thread_time_ns`) at its start and its end.
public struct RecordedThread: Sendable, Equatable {
    /// The model's process it ran in (worker pools' processes follow the model's own).
    public var process: Int
    public var role: ThreadRole
    public var records: [StepRecord]

    public init(process: Int, role: ThreadRole, records: [StepRecord]) {
        self.process = process
        self.role = role
        self.records = records
    }
}

/// One recorded step. Times in nanoseconds.
public struct StepRecord: Sendable, Equatable {
    public enum Kind: Int, Sendable {
        /// A worker thread's request from its start to its end: the steps run inside it.
        case request = 0
        /// A piece of a `cpu` step's pure-Python loop.
        case cpu
        /// A `native` step: C code that releases the GIL.
        case native
        /// `time.sleep` on a thread: an `io` or `blocking` step.
        case io
        /// `await asyncio.sleep` on an event loop: the request's I/O, not its thread's.
        case awaitedIO
        /// A thread waiting for the body it handed to an executor thread.
        case offload
        /// An event-loop task from its first step to its end: while one is in flight, the loop's
        /// time between steps is awaiting, not idle.
        case task
        /// A thread blocked taking a connection from a pool (`with` on a `hold` that had to wait).
        case poolWait
        /// A task on an event loop awaiting a connection (`async with` on a `hold` that had to
        /// wait): the request's wait, not its thread's.
        case awaitedPoolWait
        /// A connection given back to its pool (the end of a `hold`): a waiter's wait for the
        /// pool ends at the last release before it got one.
        case poolRelease

        /// Whether the step is its thread's, drawn on the thread's lane: not a span holding
        /// steps (a worker's request, a loop's task), nor a task's own wait on an event loop
        /// (awaited I/O or connection), during which the loop runs other tasks.
        public var isThreadStep: Bool {
            switch self {
            case .cpu, .native, .io, .offload, .poolWait: true
            case .request, .awaitedIO, .task, .awaitedPoolWait, .poolRelease: false
            }
        }
    }

    public var kind: Kind
    /// The request's index in the planned requests, or -1 (a worker pool's task).
    public var request: Int
    public var wallStart: SimTime
    public var wallEnd: SimTime
    public var cpuStart: SimTime
    public var cpuEnd: SimTime
    /// How long the step was meant to take (an I/O step's sleep); 0 where it is not known. For
    /// a connection pool's records (`poolWait`, `awaitedPoolWait`, `poolRelease`), which pool:
    /// its number among the model's.
    public var planned: SimTime

    public init(_ kind: Kind, request: Int, wall: ClosedRange<SimTime>, cpu: ClosedRange<SimTime>, planned: SimTime = 0) {
        self.kind = kind
        self.request = request
        wallStart = wall.lowerBound
        wallEnd = wall.upperBound
        cpuStart = cpu.lowerBound
        cpuEnd = cpu.upperBound
        self.planned = planned
    }

    public var wall: SimTime { max(0, wallEnd - wallStart) }
    public var cpu: SimTime { max(0, cpuEnd - cpuStart) }

    /// Whether writing the record costs its request running time, on a thread of `role`: a
    /// worker's records lie inside its request span, an executor's steps inside the request's;
    /// what an event loop records between its steps (a task's span, its awaited waits, a
    /// release) falls in the loop's own time, awaiting.
    func costsItsRequest(on role: ThreadRole) -> Bool { role != .eventLoop || kind.isThreadStep }
}

extension RecordedThread {
    /// Reads one thread of the program's output: `{"process", "role", "records": flat list of
    /// seven numbers per record}`.
    init(json row: [String: Any]) throws(VerifyError) {
        let roles: [String: ThreadRole] = ["worker": .worker, "pool": .worker, "loop": .eventLoop, "executor": .executor]
        guard let process = (row["process"] as? NSNumber)?.intValue, let role = (row["role"] as? String).flatMap({ roles[$0] }),
            let flat = (row["records"] as? [NSNumber])?.map(\.int64Value), flat.count % 7 == 0
        else { throw VerifyError("the generated program's output has a thread without process, role and records") }
        var records: [StepRecord] = []
        records.reserveCapacity(flat.count / 7)
        for at in stride(from: 0, to: flat.count, by: 7) {
            guard let kind = StepRecord.Kind(rawValue: Int(flat[at])), flat[at + 3] >= flat[at + 2], flat[at + 5] >= flat[at + 4] else {
                throw VerifyError("the generated program's output has a step record that does not read: \(Array(flat[at..<at + 7]))")
            }
            records.append(
                StepRecord(
                    kind, request: Int(flat[at + 1]), wall: flat[at + 2]...flat[at + 3],
                    cpu: flat[at + 4]...flat[at + 5], planned: flat[at + 6]))
        }
        self.init(process: process, role: role, records: records)
    }
}
