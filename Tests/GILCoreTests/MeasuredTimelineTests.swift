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

    @Test func recordsThatDoNotReadAreRefusedByName() throws {
        let good = try RecordedThread(json: ["process": 1, "role": "loop", "records": [1, 3, 10, 20, 5, 9, 0]])
        #expect(good == RecordedThread(process: 1, role: .eventLoop, records: [StepRecord(.cpu, request: 3, wall: 10...20, cpu: 5...9)]))
        #expect(throws: VerifyError.self) {
            try RecordedThread(json: ["process": 0, "role": "worker", "records": [1, 0, 20, 10, 0, 0, 0]])
        }
        #expect(throws: VerifyError.self) { try RecordedThread(json: ["process": 0, "role": "worker", "records": [9, 0, 0, 1, 0, 0, 0]]) }
        #expect(throws: VerifyError.self) { try RecordedThread(json: ["process": 0, "role": "thread", "records": []]) }
    }
}
