import Foundation
import Testing

@testable import GILCore

/// Step records → measured lanes and state times, on synthetic records whose answers are worked
/// out by hand.
@Suite struct MeasuredTimelineTests {
    static func ms(_ value: Double) -> SimTime { SimTime((value * 1e6).rounded()) }

    static func record(
        _ kind: StepRecord.Kind, request: Int = 0, wall: (Double, Double), cpu: (Double, Double),
        planned: Double = 0
    ) -> StepRecord {
        StepRecord(kind, request: request, wall: ms(wall.0)...ms(wall.1), cpu: ms(cpu.0)...ms(cpu.1), planned: ms(planned))
    }

    /// One worker, one request arriving at 0 and starting at 1 ms: a piece of `cpu` that got 2 of
    /// its 4 ms on the CPU, a 3 ms sleep that returned 1 ms late, and the job's own code between.
    static let worker = RecordedThread(
        process: 0, role: .worker,
        records: [
            Self.record(.request, wall: (1, 11), cpu: (0, 3)),
            Self.record(.cpu, wall: (2, 6), cpu: (0.5, 2.5)),
            Self.record(.io, wall: (6, 10), cpu: (2.5, 2.6), planned: 3),
        ])

    @Test func aWorkersLaneFollowsItsClocks() {
        let lane = MeasuredTimeline.segments(of: Self.worker)
        // Before the step 0.5 ms of CPU in 1 ms; the loop 2 ms of CPU in 4; the sleep 3 ms, then
        // 0.9 ms waiting to run and 0.1 ms running; after it, 0.4 ms of CPU in 1 ms.
        // Adjacent pieces of one state are one segment.
        #expect(
            lane.map { [Time.ms($0.start), Time.ms($0.end)] } == [
                [1, 1.5], [1.5, 2], [2, 4], [4, 6], [6, 9], [9, 9.9], [9.9, 10.4], [10.4, 11],
            ])
        #expect(lane.map(\.activity) == [.running, .noCore, .running, .noCore, .io, .noCore, .running, .noCore])
        #expect(lane.allSatisfy { $0.request == 0 })
    }

    /// CPU time short of wall time by a few microseconds is the clock reads, not waiting.
    @Test func clockReadNoiseIsNoWaiting() {
        let thread = RecordedThread(
            process: 0, role: .worker,
            records: [
                Self.record(.request, wall: (0, 1), cpu: (0, 0.997)), Self.record(.cpu, wall: (0, 1), cpu: (0, 0.997)),
            ])
        #expect(MeasuredTimeline.segments(of: thread).map(\.activity) == [.running])
        let waited = RecordedThread(
            process: 0, role: .worker,
            records: [
                Self.record(.request, wall: (0, 1), cpu: (0, 0.98)), Self.record(.cpu, wall: (0, 1), cpu: (0, 0.98)),
            ])
        #expect(MeasuredTimeline.segments(of: waited).map(\.activity) == [.running, .noCore])
    }

    /// State times add up to the latency: queued 1 ms before the start, running 3 ms (0.5 + 2 +
    /// 0.1 + 0.4) less the recording's cost (3 records × 0.1 ms), waiting 4 ms (alone in its
    /// process: for a core), I/O 3 ms.
    @Test func requestStatesAddUpToTheLatency() {
        let measured = MeasuredTimeline(
            threads: [Self.worker], requests: [(index: 0, arrival: 0, end: Self.ms(11))],
            gil: true, recordCPU: Self.ms(0.1))
        let means = measured.stateMsMean
        #expect(abs(means[.queued]! - 1) < 1e-9)
        #expect(abs(means[.running]! - 2.7) < 1e-9)
        #expect(abs(means[.noCore]! - 4) < 1e-9)
        #expect(means[.gilWait] == 0)
        #expect(abs(means[.io]! - 3) < 1e-9)
        #expect(abs(measured.recordingMsMean - 0.3) < 1e-9)
        #expect(abs(RequestState.allCases.reduce(0) { $0 + means[$1]! } + measured.recordingMsMean - 11) < 1e-9)
    }

    /// The convoy in miniature: T1 runs Python 0–4 ms; T2 sleeps 1 ms and then waits to run
    /// until 6 ms. With a GIL, the 3 ms it waited while T1 ran are GIL waiting, the other 2 ms a
    /// core's; without one, or with T1 in another process, all 5 ms are a core's.
    @Test func waitingIsTheGILsWhileAnotherThreadOfTheProcessRuns() {
        let cpu = RecordedThread(
            process: 0, role: .worker,
            records: [
                Self.record(.request, request: 0, wall: (0, 4), cpu: (0, 4)), Self.record(.cpu, request: 0, wall: (0, 4), cpu: (0, 4)),
            ])
        let io = RecordedThread(
            process: 0, role: .worker,
            records: [
                Self.record(.request, request: 1, wall: (0, 6), cpu: (0, 0)),
                Self.record(.io, request: 1, wall: (0, 6), cpu: (0, 0), planned: 1),
            ])
        let requests: [MeasuredTimeline.Request] = [(0, 0, Self.ms(4)), (1, 0, Self.ms(6))]
        func waits(_ threads: [RecordedThread], gil: Bool) -> (gil: Double, core: Double) {
            let m = MeasuredTimeline(threads: threads, requests: requests, gil: gil, recordCPU: 0)
            return (m.stateMsMean[.gilWait]! * 2, m.stateMsMean[.noCore]! * 2)  // means of two requests
        }
        let shared = waits([cpu, io], gil: true)
        #expect(abs(shared.gil - 3) < 1e-9 && abs(shared.core - 2) < 1e-9, "\(shared)")
        let free = waits([cpu, io], gil: false)
        #expect(free.gil == 0 && abs(free.core - 5) < 1e-9, "\(free)")
        var elsewhere = io
        elsewhere.process = 1
        let separate = waits([cpu, elsewhere], gil: true)
        #expect(separate.gil == 0 && abs(separate.core - 5) < 1e-9, "\(separate)")

        let m = MeasuredTimeline(threads: [cpu, io], requests: requests, gil: true, recordCPU: 0)
        #expect(m.lanes.map { $0.label } == ["T1", "T2"])
        let t2 = m.timeline.thread(1)
        #expect(t2.value(at: Self.ms(0.5)) == .io)
        #expect(t2.value(at: Self.ms(2)) == .gilWait)
        #expect(t2.value(at: Self.ms(5)) == .noCore)
        #expect(t2.value(at: Self.ms(7)) == .idle)
        #expect(m.timeline.gil(process: 0).value(at: Self.ms(2)) == .held(byThread: 0))
        #expect(m.timeline.gil(process: 0).value(at: Self.ms(4.5)) == .free)
    }

    /// A thread waiting for its offloaded body is awaiting; the executor thread's steps count for
    /// the request, and the time the body waited for an executor thread is queued.
    @Test func offloadedWorkCountsForItsRequest() {
        let caller = RecordedThread(
            process: 0, role: .worker,
            records: [
                Self.record(.request, wall: (0, 5), cpu: (0, 0)), Self.record(.offload, wall: (0, 5), cpu: (0, 0)),
            ])
        let executor = RecordedThread(process: 0, role: .executor, records: [Self.record(.cpu, wall: (1, 5), cpu: (0, 4))])
        let m = MeasuredTimeline(threads: [executor, caller], requests: [(0, 0, Self.ms(5))], gil: true, recordCPU: 0)
        #expect(m.lanes.map { $0.label } == ["T1", "T2 exec"])
        #expect(m.timeline.thread(0).value(at: Self.ms(2)) == .awaiting)
        #expect(m.timeline.thread(1).value(at: Self.ms(0.5)) == .idle)
        #expect(abs(m.stateMsMean[.running]! - 4) < 1e-9 && abs(m.stateMsMean[.queued]! - 1) < 1e-9)
    }

    /// An event loop with two tasks that overlap (each 1 ms of Python, awaited I/O, 1 ms more),
    /// then, after a pause with none in flight, a third: between its steps the loop is awaiting
    /// while a task is in flight, idle otherwise. The tasks' spans and awaited I/O, written by the
    /// loop between its steps, cost no request running time; its steps do.
    @Test func anEventLoopAwaitsBetweenStepsWhileATaskIsInFlight() {
        let loop = RecordedThread(
            process: 0, role: .eventLoop,
            records: [
                Self.record(.cpu, request: 0, wall: (1, 2), cpu: (0, 1)),
                Self.record(.awaitedIO, request: 0, wall: (2, 11), cpu: (1, 1), planned: 9),
                Self.record(.cpu, request: 1, wall: (5, 6), cpu: (1, 2)),
                Self.record(.awaitedIO, request: 1, wall: (6, 15), cpu: (2, 2), planned: 9),
                Self.record(.cpu, request: 0, wall: (11, 12), cpu: (2, 3)),
                Self.record(.task, request: 0, wall: (1, 12), cpu: (0, 3)),
                Self.record(.cpu, request: 1, wall: (15, 16), cpu: (3, 4)),
                Self.record(.task, request: 1, wall: (5, 16), cpu: (1, 4)),
                Self.record(.cpu, request: 2, wall: (20, 21), cpu: (4, 5)),
                Self.record(.awaitedIO, request: 2, wall: (21, 23), cpu: (5, 5), planned: 2),
                Self.record(.cpu, request: 2, wall: (23, 24), cpu: (5, 6)),
                Self.record(.task, request: 2, wall: (20, 24), cpu: (4, 6)),
            ])
        let lane = MeasuredTimeline.segments(of: loop)
        #expect(
            lane.map { [Time.ms($0.start), Time.ms($0.end)] } == [
                [1, 2], [2, 5], [5, 6], [6, 11], [11, 12], [12, 15], [15, 16], [20, 21], [21, 23], [23, 24],
            ])
        #expect(
            lane.map(\.activity) == [
                .running, .awaiting, .running, .awaiting, .running, .awaiting, .running, .running, .awaiting, .running,
            ])
        // The loop's awaiting is no request's; its steps are theirs.
        #expect(lane.map(\.request) == [0, -1, 1, -1, 0, -1, 1, 2, -1, 2])

        let requests: [MeasuredTimeline.Request] = [
            (0, Self.ms(1), Self.ms(12)), (1, Self.ms(5), Self.ms(16)), (2, Self.ms(20), Self.ms(24)),
        ]
        let m = MeasuredTimeline(threads: [loop], requests: requests, gil: true, recordCPU: Self.ms(0.1))
        #expect(m.lanes.map(\.label) == ["T1 loop"])
        #expect(m.timeline.thread(0).value(at: Self.ms(0.5)) == .idle)
        #expect(m.timeline.thread(0).value(at: Self.ms(8)) == .awaiting)
        #expect(m.timeline.thread(0).value(at: Self.ms(18)) == .idle)
        #expect(m.timeline.thread(0).value(at: Self.ms(25)) == .idle)
        // Each request: 2 ms running less two step records' cost, 9, 9 and 2 ms of I/O, the rest
        // (the loop's turn after the I/O) queued.
        #expect(abs(m.recordingMsMean - 0.2) < 1e-9)
        #expect(abs(m.stateMsMean[.running]! - 1.8) < 1e-9)
        #expect(abs(m.stateMsMean[.io]! - 20.0 / 3) < 1e-9)
        #expect(abs(m.stateMsMean[.queued]! - 0) < 1e-9)
    }

    /// A worker blocked taking a connection (`hold`) waits for the pool, not for the GIL, though
    /// another thread of its process runs Python meanwhile, until a connection of its pool comes
    /// back (at 4 ms, from another process: releases before the wait or of another pool do not
    /// count); then, as the engine's waiter, it waits for the GIL to run again. The CPU time
    /// around the call is running.
    @Test func aConnectionWaitIsThePoolsUntilOneIsReleased() {
        let waiter = RecordedThread(
            process: 0, role: .worker,
            records: [
                Self.record(.request, request: 0, wall: (0, 10), cpu: (0, 2.1)),
                Self.record(.cpu, request: 0, wall: (0, 1), cpu: (0, 1)),
                Self.record(.poolWait, request: 0, wall: (1, 6), cpu: (1, 1.1)),
                Self.record(.io, request: 0, wall: (6, 9), cpu: (1.1, 1.1), planned: 3),
                Self.record(.cpu, request: 0, wall: (9, 10), cpu: (1.1, 2.1)),
            ])
        let busy = RecordedThread(
            process: 0, role: .worker,
            records: [
                Self.record(.request, request: 1, wall: (1, 9), cpu: (0, 8)),
                Self.record(.cpu, request: 1, wall: (1, 9), cpu: (0, 8)),
            ])
        let holder = RecordedThread(
            process: 1, role: .worker,
            records: [
                Self.record(.poolRelease, request: -1, wall: (0.5, 0.51), cpu: (0, 0.01), planned: 0),
                Self.record(.poolRelease, request: -1, wall: (4, 4.01), cpu: (0, 0.01), planned: 0),
                Self.record(.poolRelease, request: -1, wall: (5, 5.01), cpu: (0, 0.01), planned: 1),
            ])
        let m = MeasuredTimeline(
            threads: [waiter, busy, holder], requests: [(0, 0, Self.ms(10)), (1, Self.ms(1), Self.ms(9))], gil: true, recordCPU: 0)
        let t1 = m.lanes[0].segments
        #expect(t1.map { [Time.ms($0.start), Time.ms($0.end)] } == [[0, 1], [1, 4], [4, 5.9], [5.9, 6], [6, 9], [9, 10]])
        #expect(t1.map(\.activity) == [.running, .poolWait, .gilWait, .running, .io, .running])
        #expect(m.timeline.thread(0).value(at: Self.ms(3)) == .poolWait)
        // Request 0: 3 ms for a connection, 1.9 ms for the GIL; the means are over both requests.
        #expect(abs(m.stateMsMean[.poolWait]! * 2 - 3) < 1e-9)
        #expect(abs(m.stateMsMean[.gilWait]! * 2 - 1.9) < 1e-9 && m.stateMsMean[.noCore] == 0)
        #expect(abs(m.stateMsMean[.running]! * 2 - (2.1 + 8)) < 1e-9)
        // With no release recorded, the whole wait is the pool's.
        let alone = MeasuredTimeline(
            threads: [waiter, busy], requests: [(0, 0, Self.ms(10)), (1, Self.ms(1), Self.ms(9))], gil: true, recordCPU: 0)
        #expect(alone.lanes[0].segments.map(\.activity) == [.running, .poolWait, .running, .io, .running])
        #expect(abs(alone.stateMsMean[.poolWait]! * 2 - 4.9) < 1e-9 && alone.stateMsMean[.gilWait] == 0)
    }

    /// A task awaiting a connection on an event loop: its request's pool_wait until another task
    /// gives one back, then queued (its loop's turn); the loop, with the task in flight, is
    /// awaiting. The release, written by the loop between steps, costs no request running time.
    @Test func aTaskAwaitingAConnectionWaitsForThePool() {
        let loop = RecordedThread(
            process: 0, role: .eventLoop,
            records: [
                Self.record(.cpu, request: 0, wall: (0, 1), cpu: (0, 1)),
                Self.record(.awaitedPoolWait, request: 0, wall: (1, 4), cpu: (1, 1)),
                Self.record(.poolRelease, request: 0, wall: (3, 3.01), cpu: (1, 1.01)),
                Self.record(.awaitedIO, request: 0, wall: (4, 6), cpu: (1.01, 1.01), planned: 2),
                Self.record(.task, request: 0, wall: (0, 6), cpu: (0, 1.01)),
            ])
        let m = MeasuredTimeline(threads: [loop], requests: [(0, 0, Self.ms(6))], gil: true, recordCPU: Self.ms(0.1))
        #expect(abs(m.stateMsMean[.poolWait]! - 2) < 1e-9 && abs(m.stateMsMean[.io]! - 2) < 1e-9)
        #expect(abs(m.stateMsMean[.running]! - 0.9) < 1e-9 && abs(m.stateMsMean[.queued]! - 1) < 1e-9)
        #expect(abs(m.recordingMsMean - 0.1) < 1e-9)
        #expect(m.timeline.thread(0).value(at: Self.ms(2)) == .awaiting)
    }

    @Test func recordsThatDoNotReadAreRefusedByName() throws {
        let good = try RecordedThread(json: ["process": 1, "role": "loop", "records": [1, 3, 10, 20, 5, 9, 0]])
        #expect(good == RecordedThread(process: 1, role: .eventLoop, records: [StepRecord(.cpu, request: 3, wall: 10...20, cpu: 5...9)]))
        #expect(throws: VerifyError.self) {
            try RecordedThread(json: ["process": 0, "role": "worker", "records": [1, 0, 20, 10, 0, 0, 0]])
        }
        #expect(throws: VerifyError.self) {
            try RecordedThread(json: ["process": 0, "role": "worker", "records": [99, 0, 0, 1, 0, 0, 0]])
        }
        #expect(throws: VerifyError.self) { try RecordedThread(json: ["process": 0, "role": "thread", "records": []]) }
    }
}
