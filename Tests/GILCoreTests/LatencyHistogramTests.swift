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
        var reference = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: LatencyStats.highestTracked,
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

    @Test func emptyHistogramAnswersZero() {
        #expect(LatencyHistogram().valueAtPercentile(50) == 0)
    }
}
