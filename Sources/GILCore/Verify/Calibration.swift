import Foundation

/// What `gilview verify` measured about the interpreter and the machine before running anything.
public struct Calibration: Sendable, Equatable {
    public var pythonVersion: String
    public var executable: String
    /// False on a free-threaded build running without its GIL (`sys._is_gil_enabled()`).
    public var gilEnabled: Bool
    /// How the process pools start their workers: "fork" on Linux.
    public var startMethod: String
    /// CPUs the OS reports (`os.cpu_count()`) and those this process may use (its affinity mask).
    public var reportedCPUs: Int
    public var allowedCPUs: Int
    /// CPUs actually usable in parallel, measured: `allowedCPUs` processes spinning at once against one
    /// alone. A shared machine gives fewer than it reports.
    public var parallelCPUs: Double
    /// The share of its wall time a lone spinning process was on a CPU (1 on an idle machine).
    public var cpuShare: Double
    /// Iterations of the `cpu` step's pure-Python loop per millisecond of CPU time.
    public var loopsPerMs: Double
    /// Bytes of SHA-256 per millisecond (the `native` step, which releases the GIL).
    public var hashBytesPerMs: Double
    /// How late `time.sleep(0.001)` wakes, median, in milliseconds: the timer's resolution plus wake-up.
    public var sleepOvershootMs: Double
    /// Starting and joining one thread, median, in milliseconds.
    public var threadStartMs: Double

    /// The core count the simulation uses: the measured parallel CPUs, rounded, at least one.
    public var simulatedCores: Int { max(1, Int(parallelCPUs.rounded())) }

    public init(
        pythonVersion: String, executable: String, gilEnabled: Bool, startMethod: String,
        reportedCPUs: Int, allowedCPUs: Int, parallelCPUs: Double, cpuShare: Double, loopsPerMs: Double,
        hashBytesPerMs: Double, sleepOvershootMs: Double, threadStartMs: Double
    ) {
        self.pythonVersion = pythonVersion
        self.executable = executable
        self.gilEnabled = gilEnabled
        self.startMethod = startMethod
        self.reportedCPUs = reportedCPUs
        self.allowedCPUs = allowedCPUs
        self.parallelCPUs = parallelCPUs
        self.cpuShare = cpuShare
        self.loopsPerMs = loopsPerMs
        self.hashBytesPerMs = hashBytesPerMs
        self.sleepOvershootMs = sleepOvershootMs
        self.threadStartMs = threadStartMs
    }

    /// Reads the calibration program's one JSON line.
    public init(output: String) throws(VerifyError) {
        let object = try PythonOutput.lastJSONObject(in: output, what: "the calibration")
        func number(_ key: String) throws(VerifyError) -> Double {
            guard let value = object[key] as? NSNumber else {
                throw VerifyError("the calibration's output has no number \"\(key)\"")
            }
            return value.doubleValue
        }
        func text(_ key: String) throws(VerifyError) -> String {
            guard let value = object[key] as? String else {
                throw VerifyError("the calibration's output has no string \"\(key)\"")
            }
            return value
        }
        self.init(
            pythonVersion: try text("python"), executable: try text("executable"),
            gilEnabled: try number("gil_enabled") != 0, startMethod: try text("start_method"),
            reportedCPUs: Int(try number("cpu_count")), allowedCPUs: Int(try number("allowed_cpus")),
            parallelCPUs: try number("parallel_cpus"), cpuShare: try number("cpu_share"), loopsPerMs: try number("loops_per_ms"),
            hashBytesPerMs: try number("hash_bytes_per_ms"),
            sleepOvershootMs: try number("sleep_overshoot_ms"), threadStartMs: try number("thread_start_ms"))
        guard loopsPerMs > 0, hashBytesPerMs > 0, parallelCPUs > 0 else {
            throw VerifyError("the calibration measured a zero rate: \(output)")
        }
    }

    /// The calibration program: about a second of measuring, then one JSON line.
    public static let program = #"""
        import platform, sys, time

        # The step records need each thread's CPU clock (time.thread_time_ns, 3.7); the generated
        # program is written for 3.8 (assignment expressions). Said before anything else runs.
        if sys.version_info < (3, 8) or not hasattr(time, "thread_time_ns"):
            sys.exit("gilview verify needs Python 3.8 or newer (it reads each thread's CPU clock, "
                     "time.thread_time_ns, to record the measured lanes); this is Python " + platform.python_version())

        import hashlib, json, multiprocessing, os, statistics, threading

        def spin(n):
            while n > 0:
                n -= 1

        def timed(fn, arg, clock=time.perf_counter):
            t = clock()
            fn(arg)
            return clock() - t

        def rate_per_ms(fn, start, target=0.02, trials=7):
            """Units of work per millisecond of CPU time (the thread's own clock, so other load on the
            machine does not slow the rate down): grow the work to ~20 ms, then the median of a few."""
            n = start
            while timed(fn, n, time.thread_time) < target:
                n *= 2
            return n / (statistics.median(timed(fn, n, time.thread_time) for _ in range(trials)) * 1000)

        BUFFER = bytes(64 << 20)

        def sha(n):
            hashlib.sha256(memoryview(BUFFER)[:n])

        def spin_child(n, go, out):
            go.wait()
            t, c = time.perf_counter(), time.thread_time()
            spin(n)
            out.put((t, time.perf_counter(), time.thread_time() - c))

        def group_seconds(ctx, n, count):
            """Wall time for `count` processes each spinning `n` loops, started together, and the
            share of that time they were on a CPU."""
            go, out = ctx.Event(), ctx.Queue()
            procs = [ctx.Process(target=spin_child, args=(n, go, out)) for _ in range(count)]
            for p in procs:
                p.start()
            time.sleep(0.05)
            go.set()
            spans = [out.get() for _ in procs]
            for p in procs:
                p.join()
            wall = max(e for _, e, _ in spans) - min(s for s, _, _ in spans)
            return wall, sum(c for _, _, c in spans) / (count * wall)

        def main():
            method = "fork" if sys.platform.startswith("linux") else multiprocessing.get_start_method()
            ctx = multiprocessing.get_context(method)
            allowed = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
            loops = rate_per_ms(spin, 10000)
            hashed = rate_per_ms(sha, 1 << 16)
            n = int(loops * 150)  # ~150 ms of spinning per process
            parallel, shares = [], []
            for _ in range(2):
                one, share = group_seconds(ctx, n, 1)
                shares.append(share)
                parallel.append(min(allowed, max(1.0, allowed * one / group_seconds(ctx, n, allowed)[0])))
            overshoot = []
            for _ in range(20):
                overshoot.append(timed(time.sleep, 0.001) - 0.001)
            starts = []
            for _ in range(20):
                t = time.perf_counter()
                th = threading.Thread(target=int)
                th.start()
                th.join()
                starts.append(time.perf_counter() - t)
            gil = getattr(sys, "_is_gil_enabled", lambda: True)()
            print(json.dumps({
                "python": platform.python_version(), "executable": sys.executable,
                "gil_enabled": 1 if gil else 0, "start_method": method,
                "cpu_count": os.cpu_count() or 1, "allowed_cpus": allowed,
                "parallel_cpus": round(max(parallel), 2), "cpu_share": round(max(shares), 3),
                "loops_per_ms": round(loops, 1), "hash_bytes_per_ms": round(hashed, 1),
                "sleep_overshoot_ms": round(statistics.median(overshoot) * 1000, 4),
                "thread_start_ms": round(statistics.median(starts) * 1000, 4),
            }))

        if __name__ == "__main__":
            main()
        """#
}

/// Reading what a Python program printed.
enum PythonOutput {
    /// The last line of `output` that is a JSON object (a program may print warnings before it).
    static func lastJSONObject(in output: String, what: String) throws(VerifyError) -> [String: Any] {
        for line in output.split(whereSeparator: \.isNewline).reversed() where line.first == "{" {
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                return object
            }
        }
        let shown = output.count > 400 ? String(output.suffix(400)) : output
        throw VerifyError("\(what) printed no JSON result; its output was:\n\(shown)")
    }
}
