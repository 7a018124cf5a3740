import Foundation
import Histogram
import Testing

@testable import GILCore

/// The engine's latency histogram gives the very percentiles HdrHistogram gives for the same
/// values, so reports stay byte-identical to the ones computed with HdrHistogram itself.
@Suite struct LatencyHistogramTests {
    static let percentiles: [Double] = [0, 0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100]

    private func expectSamePercentiles(_ values: [UInt64]) {
        var ours = LatencyHistogram()
        var reference = Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: LatencyStats.highestTracked,
            numberOfSignificantValueDigits: .three)
        for value in values {
            ours.record(value)
            reference.record(value)
        }
        #expect(ours.totalCount == reference.totalCount)
        for p in Self.percentiles {
            #expect(ours.valueAtPercentile(p) == reference.valueAtPercentile(p), "p\(p) of \(values.count) values")
        }
    }

    /// Latency-like values over many powers of two, from microseconds to a day.
    @Test func matchesHdrHistogramOnSpreadValues() {
        var rng = GILCore.SplitMix64(seed: 42)
        let values = (0..<50_000).map { _ -> UInt64 in
            let magnitude = rng.nextUnit() * 36  // up to 2^36 µs, about 19 hours
            return UInt64(pow(2, magnitude))
        }
        expectSamePercentiles(values)
    }

    /// Slot edges: zero, the unit-width range's end (2,047 / 2,048), bucket boundaries, one value.
    @Test func matchesHdrHistogramAtEdges() {
        expectSamePercentiles([0])
        expectSamePercentiles([5])
        expectSamePercentiles([0, 0, 1, 2_047, 2_048, 2_049, 4_095, 4_096, 1 << 20, (1 << 20) - 1, LatencyStats.highestTracked])
        expectSamePercentiles(Array(repeating: 1_000, count: 999) + [86_400_000_000])
    }

    /// A model's latency is read from its jobs' together (each completion is recorded once, per
    /// job): that must answer exactly as one histogram that recorded every value.
    @Test func partsTogetherAnswerAsOneRecordingOfEveryValue() {
        var rng = GILCore.SplitMix64(seed: 7)
        var whole = LatencyStats()
        // Parts of very different ranges and sizes, one of them empty.
        var parts = Array(repeating: LatencyStats(), count: 4)
        for i in 0..<20_000 {
            let part = i % 7 == 0 ? 2 : i % 3 == 0 ? 0 : 1
            let scale = [1_000.0, 5e7, 3e5][part]
            let latency = SimTime(scale * (1 + rng.nextUnit() * 9))
            whole.record(latency)
            parts[part].record(latency)
        }
        for p in Self.percentiles {
            #expect(LatencyStats.percentile(p, of: parts) == whole.percentile(p), "p\(p)")
        }
        #expect(LatencySummary(merging: parts) == LatencySummary(whole))
        #expect(LatencySummary(merging: [parts[3]]) == LatencySummary(LatencyStats()))
        #expect(LatencyStats.percentile(50, of: []) == 0)
    }

    @Test func emptyHistogramAnswersZero() {
        #expect(LatencyHistogram().valueAtPercentile(50) == 0)
    }
}
