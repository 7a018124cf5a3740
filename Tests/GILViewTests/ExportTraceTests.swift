import Foundation
import GILCore
import Testing

/// `gilview export --trace`: the Chrome trace-event JSON that Perfetto opens.
struct ExportTraceTests {
    static let bundled = [
        "ticket_office", "cpu_bound", "io_bound", "convoy_effect", "native_releases_gil", "blocking_in_async",
        "asyncio_offload", "django_sync_workers", "django_gthread", "django_asgi", "celery_offload",
        "multiprocessing_small_tasks", "free_threading", "myths",
    ]

    /// Every bundled scenario exports; its trace parses, every track is named, the slices on
    /// each track never overlap, and each model's request slices add up, state by state, to the
    /// report's figures to the nanosecond.
    @Test(arguments: bundled)
    func bundledScenarioTraces(_ name: String) throws {
        let scenario = try Fixtures.scenario(name)
        let export = try ExportFixture.export(scenario)
        let trace = try ParsedTrace(export.trace)
        #expect(!trace.slices.isEmpty)
        for (track, slices) in trace.slices {
            #expect(trace.processNames[track.pid] != nil, "\(name): process \(track.pid) has no name")
            #expect(trace.threadNames[track] != nil, "\(name): track \(track) has no name")
            let sorted = slices.sorted { $0.start < $1.start }
            for (a, b) in zip(sorted, sorted.dropFirst()) where b.start < a.end {
                Issue.record(
                    "\(name): on \(trace.threadNames[track] ?? "?") \(a.name) [\(a.start), \(a.end)) overlaps \(b.name) from \(b.start)")
                break
            }
            #expect(slices.allSatisfy { $0.duration > 0 })
        }
        let report = ScenarioReport(running: scenario)
        for (figures, reported) in zip(export.figures, report.models) {
            #expect(figures == reported, "\(name): an export run must be the report's run")
            var totals: [String: SimTime] = [:]
            for track in trace.tracks(ofProcess: "\(figures.name) · requests") {
                for slice in trace.slices[track]! { totals[slice.name, default: 0] += slice.duration }
            }
            for state in RequestState.allCases {
                #expect(
                    Double(totals[state.key] ?? 0) == reported.stateTotals[state],
                    "\(name), \(figures.name): \(state.key) slices add up to \(totals[state.key] ?? 0) ns, the report says \(reported.stateTotals[state])"
                )
            }
        }
    }

    /// A process per Python process named after its model ("MODEL · P2" when several), a GIL
    /// track and a track per thread named as on the dashboard, slices named by state with the
    /// request and job in their args, counters, and flows from each GIL release to the waiter.
    @Test func tracksAreTheDashboardsLanes() throws {
        let scenario = try Fixtures.scenario("io_bound")
        let trace = try ParsedTrace(try ExportFixture.export(scenario).trace)
        let processes = Set(trace.processNames.values)
        #expect(
            processes.isSuperset(of: [
                "4 processes · P1", "4 processes · P4", "1 process, 8 threads", "asyncio",
                "4 processes · requests",
            ]))
        let eightThreads = trace.processNames.first { $0.value == "1 process, 8 threads" }!.key
        let names = Set(trace.threadNames.filter { $0.key.pid == eightThreads }.values)
        #expect(names == Set(["GIL"] + (1...8).map { "T\($0)" }))
        let asyncio = trace.processNames.first { $0.value == "asyncio" }!.key
        #expect(trace.threadNames.contains { $0.key.pid == asyncio && $0.value == "T1 loop" })

        let threadSlices = trace.slices.filter { $0.key.pid == eightThreads && trace.threadNames[$0.key] != "GIL" }.flatMap(\.value)
        #expect(Set(threadSlices.map(\.name)).isSubset(of: ["running", "gil_wait", "no_core", "io"]))
        #expect(threadSlices.allSatisfy { ($0.args?["request"] as? Int).map { $0 >= 1 } == true && $0.args?["job"] is String })
        let gilSlices = trace.slices.filter { $0.key.pid == eightThreads && trace.threadNames[$0.key] == "GIL" }.flatMap(\.value)
        #expect(gilSlices.contains { $0.name == "held by T3" })

        #expect(trace.counters.contains { $0.pid == eightThreads && $0.name == "GIL" && ($0.args["waiters"] as? Int ?? 0) > 0 })
        #expect(trace.counters.contains { $0.name == "requests" && ($0.args["in_flight"] as? Int ?? 0) > 1 })
        // Each flow starts on one thread and ends on another: the releaser and the waiter it woke.
        let starts = Dictionary(uniqueKeysWithValues: trace.flows.filter { $0.phase == "s" }.map { ($0.id, $0) })
        let ends = trace.flows.filter { $0.phase == "f" }
        #expect(!ends.isEmpty && ends.count == starts.count)
        for end in ends {
            let start = try #require(starts[end.id])
            #expect(start.track != end.track && start.track.pid == end.track.pid && start.time < end.time)
        }
    }

    /// With --from and --to, only what happens in the window is written, cut at its edges.
    @Test func windowClipsEverySlice() throws {
        let scenario = try Fixtures.scenario("convoy_effect")
        let window = ExportWindow(from: 20 * Time.millisecond, to: 45 * Time.millisecond)
        let trace = try ParsedTrace(try ExportFixture.export(scenario, window: window).trace)
        let slices = trace.slices.values.flatMap { $0 }
        #expect(!slices.isEmpty)
        #expect(slices.allSatisfy { $0.start >= window.from && $0.end <= window.to })
        #expect(slices.contains { $0.start == window.from } && slices.contains { $0.end == window.to })
        #expect(trace.counters.allSatisfy { $0.time >= window.from && $0.time <= window.to })
    }

    /// Names with quotes, backslashes and control characters stay valid JSON and read back as
    /// they are in the scenario.
    @Test func hostileNamesStayValidJSON() throws {
        let scenario = try ExportFixture.scenario(ExportFixture.hostileScenario)
        let export = try ExportFixture.export(scenario)
        let trace = try ParsedTrace(export.trace)
        let hostile = ExportFixture.hostileName
        #expect(trace.processNames.values.contains(hostile))
        #expect(trace.slices.values.flatMap { $0 }.contains { $0.args?["job"] as? String == hostile })
        // No raw control character in the file: it is safe to print.
        #expect(!export.trace.contains { $0 < 0x20 && $0 != 0x0A })
    }
}
