extension ModelSpec {
    /// Each process's executor pool size on `cores` CPUs: `executorThreads`, or CPython 3.8+'s
    /// `ThreadPoolExecutor()` default of min(32, os.cpu_count() + 4) workers.
    public func executorPoolSize(cores: Int) -> Int {
        executorThreads ?? min(32, cores + 4)
    }
}
