import Foundation

/// How long a piece of work took: by the wall clock, and in CPU time of the thread that did it.
///
/// The figures use CPU time: on a shared machine the wall clock also counts the time other
/// processes had the core, while the thread's own CPU time is what the work cost.
struct Measurement: Sendable {
    var wallSeconds: Double = 0
    var cpuSeconds: Double = 0

    /// Runs `body` on this thread and measures it.
    static func of<T>(_ body: () throws -> T) rethrows -> (T, Measurement) {
        let clock = ContinuousClock()
        let wallStart = clock.now
        let cpuStart = threadCPUSeconds()
        let result = try body()
        let cpu = threadCPUSeconds() - cpuStart
        return (result, Measurement(wallSeconds: seconds(wallStart.duration(to: clock.now)), cpuSeconds: cpu))
    }

    /// The repeat with the least CPU time: on a shared machine other work only ever adds time,
    /// so the least is the closest to the work's own cost.
    static func least(_ repeats: [Measurement]) -> Measurement {
        repeats.min { $0.cpuSeconds < $1.cpuSeconds } ?? Measurement()
    }

    static func + (a: Measurement, b: Measurement) -> Measurement {
        Measurement(wallSeconds: a.wallSeconds + b.wallSeconds, cpuSeconds: a.cpuSeconds + b.cpuSeconds)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private static func threadCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

/// Keeps a result alive so that the optimiser cannot drop the work that produced it.
struct Sink {
    private var checksum: UInt64 = 0

    mutating func take(_ value: some Hashable) {
        checksum = checksum &* 31 &+ UInt64(bitPattern: Int64(value.hashValue))
    }

    /// Call once at the end: a checksum can be anything, so the compiler must compute it.
    func use() {
        if checksum == 0x5EED_5EED_5EED_5EED { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// Standard error of a mean of correlated values (successive waits in a queue), from the means
/// of `batches` consecutive batches, which are close to independent when the batches are long.
func batchMeansStandardError(_ values: [Double], batches: Int = 20) -> Double {
    let size = values.count / batches
    guard size > 0 else { return .nan }
    let means = (0..<batches).map { b in values[b * size..<(b + 1) * size].reduce(0, +) / Double(size) }
    let grand = means.reduce(0, +) / Double(batches)
    let variance = means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / Double(batches - 1)
    return (variance / Double(batches)).squareRoot()
}
