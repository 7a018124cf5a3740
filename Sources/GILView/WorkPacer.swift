import GILCore

/// How much simulated time one slice of the dashboard's work covers: after each slice, set
/// from the rate the last one ran at so that the next takes about `sliceSeconds` of wall time,
/// however dense the simulation (a 10 µs switch interval at ×100, or nothing at all for hours
/// before a note).
struct WorkPacer: Sendable, Equatable {
    private(set) var slice: SimTime = Time.millisecond
    /// How much simulated time the last slice covered.
    var covered: SimTime = 0
    /// Short enough that keys and signals are looked at several times a frame.
    static let sliceSeconds = 0.004
    /// Far beyond any scenario, and safe from overflow when added to a clock.
    static let longestSlice: SimTime = 1 << 60

    /// Sizes the next slice from the last one's `seconds`. At most twice what the last one
    /// covered: a slice is never much longer than one already timed, so a quiet stretch (or
    /// frames of a few microseconds) cannot grow it past what a dense one would bear.
    mutating func record(sliceSeconds seconds: Double) {
        let covered = Double(max(1, covered))
        let next = seconds > 0 ? min(2 * covered, covered * Self.sliceSeconds / seconds) : 2 * covered
        slice = min(Self.longestSlice, max(1, SimTime(next.rounded())))
    }
}
