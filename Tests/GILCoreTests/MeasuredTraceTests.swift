import Foundation
import Synchronization
import Testing

@testable import GILCore

/// `verify --trace`'s measured half: the real lanes through the export's own trace writer.
@Suite struct MeasuredTraceTests {
    @Test func measuredLanesBecomeNamedTracksWithASlicePerState() throws {
        let ms = MeasuredTimelineTests.ms
        let cpu = RecordedThread(
            process: 0, role: .worker,
            records: [
                MeasuredTimelineTests.record(.request, request: 0, wall: (0, 4), cpu: (0, 4)),
                MeasuredTimelineTests.record(.cpu, request: 0, wall: (0, 4), cpu: (0, 4)),
            ])
        let io = RecordedThread(
            process: 0, role: .worker,
            records: [
                MeasuredTimelineTests.record(.request, request: 1, wall: (0, 6), cpu: (0, 0)),
                MeasuredTimelineTests.record(.io, request: 1, wall: (0, 6), cpu: (0, 0), planned: 1),
            ])
        let measured = MeasuredTimeline(threads: [cpu, io], requests: [(0, 0, ms(4)), (1, 0, ms(6))], gil: true, recordCPU: 0)
        let bytes = Mutex<[UInt8]>([])
        var trace = TraceExport(title: "t", output: ExportOutput(sink: { chunk in bytes.withLock { $0 += chunk } }))
        try trace.measuredModel(measured, name: "2 threads (measured)", gil: true, jobNames: ["cpu", "io loop"], jobOfRequest: [0, 1])
        _ = try trace.finish()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes.withLock { $0 })) as? [String: Any])
        let events = try #require(object["traceEvents"] as? [[String: Any]])
        let names = events.filter { $0["ph"] as? String == "M" }.compactMap { ($0["args"] as? [String: Any])?["name"] as? String }
        #expect(names == ["2 threads (measured)", "T1", "T2", "GIL"])
        let slices = events.filter { $0["ph"] as? String == "X" }.map {
            "\($0["name"]!) \($0["ts"]!)+\($0["dur"]!) \(($0["args"] as? [String: Any])?["job"] ?? "-")"
        }
        #expect(
            slices == [
                "running 0+4000 cpu", "io 0+1000 io loop", "gil_wait 1000+3000 io loop", "no_core 4000+2000 io loop",
                "held by T1 0+4000 -",
            ])
    }
}
