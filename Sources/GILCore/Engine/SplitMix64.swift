/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", 2014).
///
/// The one random generator of gilview: 64 bits of state, integer arithmetic only, so the same
/// seed gives the same stream on every platform. Streams are split by hashing (seed, stream,
/// index) through the same mixing function, which is how every model draws the same durations
/// for request *i* without storing them.
struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    private(set) var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A generator for one numbered stream (e.g. request 17) of a seeded family (e.g. `seed`, durations).
    init(seed: UInt64, stream: UInt64, index: UInt64) {
        self.state = SplitMix64.mix(SplitMix64.mix(seed &+ stream &* 0x9E37_79B9_7F4A_7C15) ^ index)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double uniformly in [0, 1), from the top 53 bits.
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}

/// The independent random streams of a scenario.
enum RandomStream: UInt64 {
    /// Arrival gaps and the job of each request: one sequence for the whole workload.
    case workload = 1
    /// The durations drawn by request *i*: one stream per request index.
    case requestDurations = 2
    /// Closed-loop think times of request *i*'s client after it completes.
    case thinkTimes = 3
}
