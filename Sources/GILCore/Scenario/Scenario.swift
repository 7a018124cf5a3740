/// Simulated time and durations, in nanoseconds.
///
/// Integer time keeps every run bit-for-bit reproducible: no floating-point clock drifts
/// differently on another machine. Int64 nanoseconds cover 292 years.
public typealias SimTime = Int64

public enum Time {
    public static let nanosecond: SimTime = 1
    public static let microsecond: SimTime = 1_000
    public static let millisecond: SimTime = 1_000_000
    public static let second: SimTime = 1_000_000_000

    /// Milliseconds as a Double, the unit of every report.
    public static func ms(_ t: SimTime) -> Double { Double(t) / Double(millisecond) }
}

/// A scenario file, decoded and validated: one workload and the execution models that run it.
public struct Scenario: Sendable, Equatable {
    public var title: String
    public var description: String
    public var seed: UInt64
    public var machine: Machine
    public var python: PythonSettings
    public var workload: Workload
    public var models: [ModelSpec]
    public var notes: [Note]
    /// Named pools of database connections that `hold` steps take from (format extension).
    public var connectionPools: [ConnectionPool] = []
    /// Named pools of background workers that `enqueue` steps send tasks to (format extension).
    public var workerPools: [WorkerPool] = []

    public init(
        title: String = "", description: String = "", seed: UInt64 = 1,
        machine: Machine = Machine(), python: PythonSettings = PythonSettings(),
        workload: Workload, models: [ModelSpec], notes: [Note] = []
    ) {
        self.title = title
        self.description = description
        self.seed = seed
        self.machine = machine
        self.python = python
        self.workload = workload
        self.models = models
        self.notes = notes
    }
}

public struct Machine: Sendable, Equatable {
    /// CPUs. At most this many threads run at any instant.
    public var cores: Int
    /// The OS scheduler's round-robin slice for runnable threads beyond the core count.
    public var timeslice: SimTime

    public static let defaultTimeslice: SimTime = 4 * Time.millisecond

    public init(cores: Int = 4, timeslice: SimTime = Machine.defaultTimeslice) {
        self.cores = cores
        self.timeslice = timeslice
    }
}

/// Interpreter-wide settings; a model may override some of them.
public struct PythonSettings: Sendable, Equatable {
    /// `sys.setswitchinterval`: how long a GIL waiter waits before it asks the holder to drop.
    public var switchInterval: SimTime
    /// Time from a GIL release to the woken waiter holding it (the OS wake-up of a blocked thread).
    public var gilHandoff: SimTime
    /// How much slower `cpu` steps run on a free-threaded build (`gil: false`): 1.1 = 10% slower.
    public var freeThreadingSlowdown: Double

    public static let defaultSwitchInterval: SimTime = 5 * Time.millisecond
    /// ~1% of a 5 ms interval: CPU-bound threads measured ~1% slower than one thread
    /// (6.52 s vs 6.57 s, docs/python-facts.md), which is this cost paid once per forced switch.
    public static let defaultGILHandoff: SimTime = 50 * Time.microsecond
    /// CPython 3.14t: 5–10% single-thread overhead (3.13t: about 40%).
    public static let defaultFreeThreadingSlowdown: Double = 1.1

    public init(
        switchInterval: SimTime = PythonSettings.defaultSwitchInterval,
        gilHandoff: SimTime = PythonSettings.defaultGILHandoff,
        freeThreadingSlowdown: Double = PythonSettings.defaultFreeThreadingSlowdown
    ) {
        self.switchInterval = switchInterval
        self.gilHandoff = gilHandoff
        self.freeThreadingSlowdown = freeThreadingSlowdown
    }
}

public struct Workload: Sendable, Equatable {
    public var arrivals: Arrivals
    public var size: Size
    public var jobs: [Job]
    /// Closed-loop clients keep their connection open between requests (HTTP keep-alive, as wrk
    /// and browsers do), so a worker that keeps connections serves each client's later requests
    /// (`ConnectionPolicy`). False: a new connection per request.
    public var keepAlive = false

    /// How many requests the workload sends: a count, or all arrivals before a time.
    public enum Size: Sendable, Equatable {
        case requests(Int)
        case duration(SimTime)
    }

    public init(arrivals: Arrivals, size: Size, jobs: [Job]) {
        self.arrivals = arrivals
        self.size = size
        self.jobs = jobs
    }
}

public enum Arrivals: Sendable, Equatable {
    /// Every request at t = 0.
    case batch
    /// A Poisson process: exponential gaps with mean 1/rate.
    case poisson(ratePerSecond: Double)
    /// One request every `interval` (a distribution, usually fixed).
    case uniform(interval: Distribution)
    /// `clients` closed-loop clients; each sends its next request `think` after its last completed.
    case closed(clients: Int, think: Distribution)
}

public struct Job: Sendable, Equatable {
    public var name: String
    public var mix: Mix
    public var steps: [Step]

    /// How the job's share of requests is chosen.
    public enum Mix: Sendable, Equatable {
        case weight(Double)
        case count(Int)
    }

    public init(name: String, mix: Mix = .weight(1), steps: [Step]) {
        self.name = name
        self.mix = mix
        self.steps = steps
    }
}

/// What a request does, in order.
public indirect enum Step: Sendable, Equatable {
    /// Python bytecode: needs a core and the process's GIL.
    case cpu(Distribution)
    /// C code that releases the GIL: needs a core only.
    case native(Distribution)
    /// Awaited or blocking I/O that releases the GIL.
    case io(Distribution)
    /// A synchronous call: in a thread the same as `io`; on an event loop it stalls the loop.
    case blocking(Distribution)
    /// Nested steps run on an executor thread and awaited.
    case offload([Step])
    /// Nested steps run `count` times.
    case `repeat`(count: Int, steps: [Step])
    /// Nested steps run holding a connection from the named pool; waits while none is free.
    case hold(pool: String, steps: [Step])
    /// Nested steps sent as a task to the named worker pool; the request goes on at once.
    case enqueue(pool: String, steps: [Step])
}

/// A duration, fixed or drawn.
public enum Distribution: Sendable, Equatable {
    case fixed(SimTime)
    case exponential(mean: SimTime)
    case uniform(low: SimTime, high: SimTime)
    /// Mean and standard deviation; draws below zero are clamped to zero.
    case normal(mean: SimTime, standardDeviation: SimTime)
    /// Mean and standard deviation of the (positive) duration itself.
    case lognormal(mean: SimTime, standardDeviation: SimTime)

    public var mean: Double {
        switch self {
        case .fixed(let t): Double(t)
        case .exponential(let m): Double(m)
        case .uniform(let lo, let hi): (Double(lo) + Double(hi)) / 2
        case .normal(let m, _): Double(m)
        case .lognormal(let m, _): Double(m)
        }
    }
}

public struct ModelSpec: Sendable, Equatable {
    public var name: String
    public var processes: Int
    /// Worker threads per process (ignored with `asyncio`, which has one loop thread).
    public var threads: Int
    public var asyncio: Bool
    /// Size of each process's executor pool for `offload`; nil = CPython's default min(32, cores + 4).
    public var executorThreads: Int?
    public var gil: Bool
    public var dispatch: Dispatch
    /// Overrides `python.switch_interval` for this model.
    public var switchInterval: SimTime?
    /// Overrides `python.free_threading_slowdown` for this model.
    public var freeThreadingSlowdown: Double?
    /// Replacement steps for some jobs in this model (the same requests, other code): job name → steps.
    public var jobSteps: [String: [Step]] = [:]
    /// Capacities overriding the scenario's connection pools: pool name → connections.
    public var connectionPools: [String: Int] = [:]
    /// Sizes overriding the scenario's worker pools: pool name → size.
    public var workerPools: [String: WorkerPool.Size] = [:]
    /// Time to hand a request to a worker process (pickling + IPC), paid one hand-off at a time.
    public var handoff: SimTime = 0
    /// Requests handed off together (`chunksize`): one hand-off cost per chunk.
    public var chunk: Int = 1
    /// Time to switch to an executor thread and back at each `offload` (`sync_to_async`: ~1 ms).
    public var offloadCost: SimTime = 0

    public enum Dispatch: String, Sendable, Equatable, CaseIterable {
        /// One queue all workers take from (how gunicorn workers share a listening socket).
        case shared
        /// One queue per process, requests dealt out in turn.
        case roundRobin = "round_robin"
    }

    public init(
        name: String, processes: Int = 1, threads: Int = 1, asyncio: Bool = false,
        executorThreads: Int? = nil, gil: Bool = true, dispatch: Dispatch = .shared,
        switchInterval: SimTime? = nil, freeThreadingSlowdown: Double? = nil
    ) {
        self.name = name
        self.processes = processes
        self.threads = threads
        self.asyncio = asyncio
        self.executorThreads = executorThreads
        self.gil = gil
        self.dispatch = dispatch
        self.switchInterval = switchInterval
        self.freeThreadingSlowdown = freeThreadingSlowdown
    }
}

/// A caption shown at a simulated time.
public struct Note: Sendable, Equatable {
    public var at: SimTime
    public var text: String
    /// What the dashboard shows while the note is up (`show`; nil: the view stays as it is).
    public var view: NoteView?

    public init(at: SimTime, text: String, view: NoteView? = nil) {
        self.at = at
        self.text = text
        self.view = view
    }
}
