/// The ticket-office picture of a model at an instant (the dashboard's office view): each process
/// an office whose window is its GIL, each thread a queue in front of it, each request a person.
/// Read-only over the engine's state: it walks the threads, the GIL's waiters and the queues,
/// not the requests' own records, so the office's counts check the engine's bookkeeping.
public struct OfficeSnapshot: Sendable, Equatable {
    /// A request (or a background task) as a person: its number (from 0) and its job.
    public struct Person: Sendable, Equatable {
        public var request: Int
        public var job: Int

        init(_ task: TaskRecord) {
            request = task.request
            job = Int(task.job)
        }
    }

    /// A thread: a queue in front of the window, with at most one person in it.
    public struct Queue: Sendable, Equatable {
        public var thread: Int
        public var role: ThreadRole
        public var activity: ThreadActivity
        /// The request it works for; a worker awaiting an executor keeps its person, whom the
        /// executor thread serves meanwhile.
        public var person: Person?
    }

    /// People in a line, the first in line first: the first `shown` of them, and how many in all.
    public struct Line: Sendable, Equatable {
        public var people: [Person] = []
        public var count = 0

        /// Adds the tasks numbered `ids`, in order: only the first are read, however long the
        /// queue. (The records are passed, not a method of the simulation: a method reference
        /// would copy the whole simulation for every line, on every frame.)
        mutating func add(_ ids: some Collection<Int32>, of tasks: EngineArray<TaskRecord>) {
            people += ids.prefix(max(0, OfficeSnapshot.peopleShown - people.count)).map { Person(tasks[Int($0)]) }
            count += ids.count
        }
    }

    /// A process.
    public struct Office: Sendable, Equatable {
        public var process: Int
        /// The worker pool the process belongs to (a Celery pool: an office across the street); nil
        /// for the model's own processes.
        public var pool: String?
        /// The thread at the window (holding the GIL), if any.
        public var windowHolder: Int?
        /// The window is changing hands: released, not yet taken.
        public var handingOff: Bool
        /// When the window last changed hands.
        public var changedHandsAt: SimTime
        /// The threads of the office in order: workers or the event loop, then executor threads
        /// (made later, on demand, so numbered after every worker).
        public var queues: [Queue]
        /// People inside waiting to be called: the office's own dispatch queue, an event loop's
        /// ready tasks, offloaded steps waiting for an executor thread.
        public var line: Line
        /// An event loop's tasks awaiting I/O, stepped aside from its one queue.
        public var aside: Line
        /// Requests finished here.
        public var served: Int
        /// In-flight requests here that wait: for a worker, a loop turn, an executor thread, the
        /// window (GIL), a desk (core) or a counter (connection).
        public var waiting: Int
        /// In-flight requests here in I/O: awaited, blocking or on a thread.
        public var searching: Int
        /// Time the window (GIL) was held ÷ time since the first arrival; without a GIL, where the
        /// windows are the desks, busy core-time ÷ (cores × that time), for the whole model.
        public var windowBusy: Double
    }

    /// A line outside any one office: a dispatch queue that feeds several offices, a worker pool's
    /// task queue, the parent's hand-over queue (`handoff`).
    public struct Street: Sendable, Equatable {
        /// "requests", a worker pool's name, or "hand-over".
        public var name: String
        /// The offices it feeds (indices into `offices`).
        public var offices: Range<Int>
        public var line: Line
    }

    /// A connection pool: counters a person must take before being served.
    public struct Counters: Sendable, Equatable {
        public var name: String
        public var size: Int
        public var free: Int
        public var waiting: Int
    }

    /// Lines list their first people only: thousands in flight are counted, not listed.
    public static let peopleShown = 32

    public var time: SimTime
    public var gil: Bool
    /// The machine's cores (the desks), and which thread sits at each (nil: free).
    public var desks: [Int?]
    public var offices: [Office]
    public var streets: [Street]
    public var counters: [Counters]
}

extension ModelSimulation {
    /// The office picture now.
    public var officeSnapshot: OfficeSnapshot {
        let webProcesses = spec.processes
        // Shares of the time since the first arrival, as the model's figures count them.
        let span = Double(max(0, now - (metrics.firstArrival ?? now)))
        let coresBusy = span > 0 ? Double(busyCoreTime) / (Double(cores) * span) : 0
        var offices: [OfficeSnapshot.Office] = processes.indices.map { p in
            let process = processes[p]
            let held = process.gil.held(at: now)
            return OfficeSnapshot.Office(
                process: p, pool: nil,
                windowHolder: process.gil.holder >= 0 ? Int(process.gil.holder) : nil,
                handingOff: process.gil.handoffTarget >= 0, changedHandsAt: process.gil.heldSince,
                queues: [], line: OfficeSnapshot.Line(), aside: OfficeSnapshot.Line(),
                served: process.served, waiting: 0, searching: 0,
                windowBusy: spec.gil ? (span > 0 ? Double(held) / span : 0) : coresBusy)
        }
        var poolOffices: [Range<Int>] = []
        var next = webProcesses
        for pool in pools.workerPools {
            let range = next..<(next + pool.size.processes)
            for p in range { offices[p].pool = pool.name }
            poolOffices.append(range)
            next = range.upperBound
        }

        for t in threads.indices {
            let thread = threads[t]
            let p = Int(thread.process)
            let person = thread.task >= 0 ? self.person(thread.task) : nil
            offices[p].queues.append(
                OfficeSnapshot.Queue(
                    thread: t, role: thread.role, activity: thread.activity, person: person))
            guard person != nil else { continue }
            switch thread.activity {
            case .gilWait, .noCore, .poolWait: offices[p].waiting += 1
            // An executor thread being woken for an offloaded step (`offload_cost`): still queued.
            case .idle: offices[p].waiting += 1
            case .io, .blocking: offices[p].searching += 1
            case .running, .native, .awaiting: break
            }
        }

        var parked = [Int](repeating: 0, count: processes.count)
        for pool in pools.connectionPools {
            for waiter in pool.waiters where waiter.thread < 0 { parked[Int(tasks[Int(waiter.task)].process)] += 1 }
        }
        for p in processes.indices {
            let process = processes[p]
            offices[p].line.add(process.loop.ready, of: tasks)
            offices[p].line.add(process.executor.queue, of: tasks)
            offices[p].waiting += process.loop.ready.count + process.executor.queue.count + parked[p]
        }

        var streets: [OfficeSnapshot.Street] = []
        if !pools.feederQueue.isEmpty || spec.handoff > 0 {
            var line = OfficeSnapshot.Line()
            line.add(pools.feederQueue, of: tasks)
            streets.append(OfficeSnapshot.Street(name: "hand-over", offices: 0..<webProcesses, line: line))
        }
        // Dispatch queues: the web processes' (none with asyncio: requests go to a loop at once), then
        // each worker pool's. A queue that feeds one office is its line; one that feeds several, a street.
        // One web queue when workers share a socket, else one per process (`round_robin`, kept connections).
        let webQueues = spec.asyncio ? [] : queues.webQueues == 1 ? [0..<webProcesses] : (0..<webProcesses).map { $0..<($0 + 1) }
        let firstQueue = spec.asyncio ? queues.webQueues : 0
        for (k, fed) in (webQueues + poolOffices).enumerated() {
            let q = firstQueue + k
            var line = OfficeSnapshot.Line()
            line.add(queues.waiting(q), of: tasks)
            if fed.count == 1 {
                let p = fed.lowerBound
                offices[p].line.count += line.count
                offices[p].line.people = Array((line.people + offices[p].line.people).prefix(OfficeSnapshot.peopleShown))
                offices[p].waiting += line.count
            } else {
                let name = q < queues.webQueues ? "requests" : pools.workerPools[q - queues.webQueues].name
                streets.append(OfficeSnapshot.Street(name: name, offices: fed, line: line))
            }
        }
        if spec.asyncio { addAwaitingTasks(to: &offices, parked: parked) }

        return OfficeSnapshot(
            time: now, gil: spec.gil,
            desks: scheduler.coreThread.map { $0 >= 0 ? Int($0) : nil },
            offices: offices, streets: streets,
            counters: pools.connectionPools.map {
                OfficeSnapshot.Counters(name: $0.name, size: $0.size, free: $0.free, waiting: $0.waiters.count)
            })
    }

    /// An event loop's tasks awaiting I/O hold no thread: counted as what is in flight and on
    /// no thread, no line and no counter; listed from the task slots (the first few).
    private func addAwaitingTasks(to offices: inout [OfficeSnapshot.Office], parked: [Int]) {
        for p in offices.indices where processes[p].loop.thread >= 0 {
            let onThreads = offices[p].queues.filter { $0.person != nil && $0.activity != .awaiting }.count
            offices[p].aside.count = max(
                0,
                processes[p].inFlight - onThreads - processes[p].loop.ready.count
                    - processes[p].executor.queue.count - parked[p])
            offices[p].searching += offices[p].aside.count
        }
        guard offices.contains(where: { $0.aside.count > 0 }) else { return }
        var free = [Bool](repeating: false, count: tasks.count)
        for slot in freeTaskSlots { free[Int(slot)] = true }
        for i in tasks.indices where !free[i] && tasks[i].driver < 0 && tasks[i].state == .io {
            let p = Int(tasks[i].process)
            guard p >= 0, offices[p].aside.people.count < min(offices[p].aside.count, OfficeSnapshot.peopleShown) else { continue }
            offices[p].aside.people.append(person(Int32(i)))
        }
    }

    private func person(_ task: Int32) -> OfficeSnapshot.Person {
        OfficeSnapshot.Person(tasks[Int(task)])
    }
}
