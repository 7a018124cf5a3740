/// A named pool of database connections (or any limited resource) shared by a model's threads.
/// `hold` steps take one connection for their nested steps and wait while none is free.
public struct ConnectionPool: Sendable, Equatable {
    public var name: String
    /// Connections; a model may override it (`models[].connection_pools`).
    public var size: Int

    public init(name: String, size: Int) {
        self.name = name
        self.size = size
    }
}

/// A named pool of background workers (a Celery or RQ deployment): its own processes, each with
/// its own GIL and worker threads, taking tasks from one queue that `enqueue` steps feed.
public struct WorkerPool: Sendable, Equatable {
    public var name: String
    public var size: Size

    public struct Size: Sendable, Equatable {
        public var processes: Int
        /// Threads per process (Celery's prefork pool: 1).
        public var threads: Int

        public init(processes: Int = 1, threads: Int = 1) {
            self.processes = processes
            self.threads = threads
        }
    }

    public init(name: String, size: Size) {
        self.name = name
        self.size = size
    }
}
