/// Counts of values in HdrHistogram's log-linear layout at three significant digits, with a
/// running total per group of 1,024 slots, so that a percentile is found by skipping whole
/// groups and then scanning one: a few hundred steps however many values were recorded.
///
/// The dashboard asks every model for its percentiles on every frame; scanning every slot from
/// zero (as `Histogram.valueAtPercentile` does) cost milliseconds a frame. Percentiles are the
/// same values HdrHistogram (hdrhistogram-swift, lowest discernible value 1, three digits)
/// gives for the same records: `LatencyHistogramTests` checks that. Slots are allocated only up
/// to the largest value recorded.
struct LatencyHistogram: Sendable {
    /// 2,048 slots of unit width below 2,048, then 1,024 slots per power of two.
    private static let subBucketHalfCountMagnitude = 10
    private static let subBucketHalfCount = 1 << subBucketHalfCountMagnitude
    private static let subBucketMask: UInt64 = 2 * UInt64(subBucketHalfCount) - 1
    /// Leading zeros of the largest value of the first bucket (2,047).
    private static let leadingZeroCountBase = 64 - 11

    private var counts: [UInt64] = []
    /// `groupTotals[g]` is the sum of `counts[g * 1024 ..< (g + 1) * 1024]`.
    private var groupTotals: [UInt64] = []
    private(set) var totalCount: UInt64 = 0
    private var minNonZero: UInt64 = .max
    private(set) var maxRecorded: UInt64 = 0

    mutating func record(_ value: UInt64) {
        let index = Self.index(of: value)
        if index >= counts.count { grow(toInclude: index) }
        counts[index] += 1
        groupTotals[index >> Self.subBucketHalfCountMagnitude] += 1
        totalCount += 1
        if value > maxRecorded { maxRecorded = value }
        if value < minNonZero, value != 0 { minNonZero = value }
    }

    @inline(never)
    private mutating func grow(toInclude index: Int) {
        counts += repeatElement(0, count: index + 1 - counts.count)
        let groups = (index >> Self.subBucketHalfCountMagnitude) + 1
        groupTotals += repeatElement(0, count: groups - groupTotals.count)
    }

    /// The smallest recorded value's slot floor, as HdrHistogram's `min`.
    private var min: UInt64 {
        (counts.first ?? 0) > 0 || totalCount == 0 ? 0 : minNonZero
    }

    /// The highest value equivalent to the value at `percentile` (0–100), clamped to the
    /// recorded range: HdrHistogram's `valueAtPercentile`.
    func valueAtPercentile(_ percentile: Double) -> UInt64 {
        Self.valueAtPercentile(percentile, of: CollectionOfOne(self))
    }

    /// `valueAtPercentile` of the parts' values together — exactly what one histogram that
    /// recorded them all would answer — without adding up their slots first.
    static func valueAtPercentile(_ percentile: Double, of parts: some Collection<LatencyHistogram>) -> UInt64 {
        let recorded = parts.filter { $0.totalCount > 0 }
        let totalCount = recorded.reduce(0) { $0 + $1.totalCount }
        let maxRecorded = recorded.reduce(0) { Swift.max($0, $1.maxRecorded) }
        let min = recorded.reduce(UInt64.max) { Swift.min($0, $1.min) }
        guard totalCount > 0 else { return 0 }
        guard percentile != 0 else { return min }
        guard percentile < 100 else { return maxRecorded }
        // As HdrHistogram: one ulp less, so that rounding cannot overrun into the next slot.
        let requested = Swift.min(Swift.max(percentile.nextDown, 0), 100)
        let rank = Swift.max(1, UInt64((requested * Double(totalCount) / 100).rounded(.up)))
        let groups = recorded.reduce(0) { Swift.max($0, $1.groupTotals.count) }
        let slots = recorded.reduce(0) { Swift.max($0, $1.counts.count) }
        var seen: UInt64 = 0
        var group = 0
        while group < groups - 1 {
            let inGroup = recorded.reduce(0) { $0 + (group < $1.groupTotals.count ? $1.groupTotals[group] : 0) }
            if seen + inGroup >= rank { break }
            seen += inGroup
            group += 1
        }
        var index = group << subBucketHalfCountMagnitude
        while index < slots - 1 {
            seen += recorded.reduce(0) { $0 + (index < $1.counts.count ? $1.counts[index] : 0) }
            if seen >= rank { break }
            index += 1
        }
        return Swift.max(Swift.min(highestEquivalentValue(at: index), maxRecorded), min)
    }

    @inline(__always)
    private static func index(of value: UInt64) -> Int {
        let bucket = leadingZeroCountBase - (value | subBucketMask).leadingZeroBitCount
        let subBucket = Int(value >> UInt64(bucket))
        return ((bucket + 1) << subBucketHalfCountMagnitude) + subBucket - subBucketHalfCount
    }

    /// The largest value that falls in slot `index`.
    private static func highestEquivalentValue(at index: Int) -> UInt64 {
        var bucket = (index >> subBucketHalfCountMagnitude) - 1
        var subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
        if bucket < 0 {
            subBucket -= subBucketHalfCount
            bucket = 0
        }
        return (UInt64(subBucket) << UInt64(bucket)) + (1 << UInt64(bucket)) - 1
    }
}
