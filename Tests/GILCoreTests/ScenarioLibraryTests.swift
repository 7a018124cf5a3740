import Foundation
import Testing
@testable import GILCore

/// The bundled scenarios: each one loads, is fit for a classroom, and shows what it claims to.
/// Each claim is asserted from the simulated numbers, with margins a broken engine or a careless
/// edit of the file would fail.
@Suite struct ScenarioLibraryTests {
    static let library = [
        "ticket_office", "cpu_bound", "io_bound", "convoy_effect", "native_releases_gil",
        "blocking_in_async", "asyncio_offload", "django_sync_workers", "django_gthread", "django_asgi",
        "celery_offload", "multiprocessing_small_tasks", "free_threading", "myths",
    ]

    static func load(_ name: String) throws -> Scenario {
        try ReportTests.load("\(name).json")
    }

    /// Every model of a bundled scenario run to the end, by model name.
    static func run(_ name: String) throws -> [String: ModelFigures] {
        let report = ScenarioReport(running: try load(name))
        return Dictionary(uniqueKeysWithValues: report.models.map { ($0.name, $0) })
    }

    static func job(_ figures: ModelFigures?, _ name: String) -> LatencySummary? {
        figures?.jobs.first { $0.name == name }?.latency
    }

    @Test(arguments: library.filter { ReportTests.bundledScenarios.contains("\($0).json") })
    func fitForAClassroom(name: String) throws {
        let scenario = try Self.load(name)
        #expect(!scenario.title.isEmpty && scenario.description.count > 40)
        #expect((1...5).contains(scenario.models.count), "readable on one screen")
        #expect(scenario.models.allSatisfy { $0.processes * max($0.threads, 1) <= 16 })
        #expect(!scenario.notes.isEmpty)
        #expect(scenario.notes.map(\.at) == scenario.notes.map(\.at).sorted(), "notes in the order they appear")
        // Every note falls while something still happens on screen, in the longest-running model.
        let longest = ScenarioReport(running: scenario).models.map(\.makespan).max() ?? 0
        #expect(scenario.notes.allSatisfy { $0.at <= longest }, "a note after the end of \(name)")
    }

    @Test func everyBundledFileIsInTheLibrary() {
        let strays = ReportTests.bundledScenarios.filter { !Self.library.contains(String($0.dropLast(5))) }
        #expect(strays.isEmpty)
    }

    // MARK: - Key claims

    /// One window: the wallet search holds up the queue. A second window (thread) lets the clerk
    /// serve others meanwhile; two offices with one queue beat a queue per office.
    @Test func ticketOffice() throws {
        let m = try Self.run("ticket_office")
        let one = try #require(m["1 office, 1 window"]), two = try #require(m["1 office, 2 windows"])
        let shared = try #require(m["2 offices, one queue"]), split = try #require(m["2 offices, a queue each"])
        #expect(one.latency.mean > 5 * two.latency.mean, "one window \(one.latency.mean) ms, two \(two.latency.mean) ms")
        #expect(two.gilWaitMeanMs > 0.5 && shared.gilWaitMeanMs == 0, "one clerk is shared, two are not")
        #expect(shared.latency.p99 < split.latency.p99, "one queue for both offices is better at the tail")
    }

    /// Threads give CPU-bound Python nothing; processes and free-threading scale to the cores.
    @Test func cpuBound() throws {
        let m = try Self.run("cpu_bound")
        let one = try #require(m["1 thread"]).makespan, threads = try #require(m["4 threads"]).makespan
        let processes = try #require(m["4 processes"]).makespan, free = try #require(m["free-threaded, 4"]).makespan
        #expect(Double(threads) > 0.98 * Double(one))
        #expect(Double(one) / Double(processes) > 3.8)
        #expect(Double(one) / Double(free) > 3.3 && free > processes)
    }

    /// Requests that mostly wait: threads and an event loop overlap the waits; one thread cannot keep up.
    @Test func ioBound() throws {
        let m = try Self.run("io_bound")
        let serial = try #require(m["1 process, 1 thread"]), threads = try #require(m["1 process, 8 threads"])
        let loop = try #require(m["asyncio"])
        #expect(serial.latency.p50 > 100 * threads.latency.p50)
        #expect(loop.latency.p50 < 1.2 * threads.latency.p50 && loop.throughputPerSecond > 0.95 * threads.throughputPerSecond)
    }

    /// The I/O loop takes more than 4 times as long beside a CPU-bound thread at 5 ms, much less
    /// at 1 ms, and is undisturbed with the CPU work in another process.
    @Test func convoyEffect() throws {
        let m = try Self.run("convoy_effect")
        let alone = 100 * 1.1
        let at5 = try #require(Self.job(m["2 threads, 5 ms interval"], "io loop")).mean / alone
        let at1 = try #require(Self.job(m["2 threads, 1 ms interval"], "io loop")).mean / alone
        let process = try #require(Self.job(m["CPU work in a process"], "io loop")).mean / alone
        #expect(at5 > 4, "at 5 ms the I/O loop took \(at5)× its time alone")
        #expect(at1 < at5 / 2 && at1 > 1.5, "at 1 ms \(at1)×")
        #expect(abs(process - 1) < 0.01)
    }

    /// Native code that releases the GIL runs on every core, threads or processes alike.
    @Test func nativeReleasesTheGIL() throws {
        let m = try Self.run("native_releases_gil")
        let one = Double(try #require(m["1 thread"]).makespan)
        let four = Double(try #require(m["4 threads"]).makespan), eight = Double(try #require(m["8 threads"]).makespan)
        let processes = Double(try #require(m["4 processes"]).makespan)
        #expect(one / four > 3.6)
        #expect(four < 1.05 * processes)
        #expect(eight > 0.97 * four, "four cores: eight threads are no faster")
    }

    /// Four sync workers are four processes: they overlap four requests, and the views wait no
    /// longer than a quarter of one worker's time; CPU-bound work gains nothing from threads.
    @Test func myths() throws {
        let m = try Self.run("myths")
        let serialCrunch = try #require(Self.job(m["1 thread"], "crunch"))
        for threaded in ["threading.Thread × 4", "ThreadPoolExecutor(8)"] {
            let crunch = try #require(Self.job(m[threaded], "crunch"))
            #expect(crunch.max >= 0.99 * 4 * 50, "\(threaded): four 50 ms jobs on one GIL take at least 200 ms")
            #expect(crunch.max >= 0.99 * serialCrunch.max)
        }
        let workers = try #require(m["sync Django, gunicorn -w 4"]), serial = try #require(m["1 thread"])
        #expect(try #require(Self.job(workers, "crunch")).max < 1.05 * 50, "four processes crunch in parallel")
        #expect(Double(serial.makespan) / Double(workers.makespan) > 3.5, "four sync workers serve four at a time")
    }

    /// gunicorn sync workers: throughput grows with the workers, by about the worker count on an
    /// I/O-heavy view, while the cores have room.
    @Test func djangoSyncWorkers() throws {
        let m = try Self.run("django_sync_workers")
        let one = try #require(m["gunicorn -w 1"]).throughputPerSecond
        let four = try #require(m["gunicorn -w 4"]).throughputPerSecond
        let nine = try #require(m["gunicorn -w 9 (2×cores+1)"]).throughputPerSecond
        // One worker: one 28 ms request at a time.
        #expect(abs(one - 1000 / 28.0) < 1)
        #expect(four / one > 3.8 && four / one < 4.1)
        #expect(nine / one > 7.5 && nine / one < 9.1)
    }

    /// 3.13t is about 40% slower per thread, 3.14t about 10%; both scale across the cores, the
    /// GIL build does not.
    @Test func freeThreading() throws {
        let m = try Self.run("free_threading")
        let gil1 = Double(try #require(m["3.13 (GIL), 1 thread"]).makespan)
        let ft1 = Double(try #require(m["3.13t, 1 thread"]).makespan)
        let gil4 = Double(try #require(m["3.13 (GIL), 4 threads"]).makespan)
        let ft13 = Double(try #require(m["3.13t, 4 threads"]).makespan)
        let ft14 = Double(try #require(m["3.14t, 4 threads"]).makespan)
        #expect(abs(ft1 / gil1 - 1.4) < 0.01)
        #expect(gil4 > 0.99 * gil1)
        #expect(abs(gil1 / ft13 - 4 / 1.4) < 0.05 && abs(gil1 / ft14 - 4 / 1.1) < 0.05)
        let memory = try #require(m["3.13t, 4 threads"]).memoryMB / (try #require(m["3.13 (GIL), 4 threads"]).memoryMB)
        #expect(memory > 1.1 && memory < 1.25)
    }
}
