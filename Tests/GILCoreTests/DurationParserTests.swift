import GILCore
import Testing

@Suite("Durations")
struct DurationParserTests {
    @Test(
        "valid durations, rounded to the nearest nanosecond",
        arguments: [
            ("100ns", 100), ("250us", 250_000), ("250µs", 250_000), ("250μs", 250_000), ("5ms", 5_000_000),
            ("1.5s", 1_500_000_000), ("2min", 120_000_000_000), ("0.25min", 15_000_000_000), ("0ms", 0),
            ("5 ms", 5_000_000), ("+3ns", 3), (".5s", 500_000_000), ("0.5ns", 1), ("0.4999ns", 0),
            ("1.0000000015s", 1_000_000_002), ("0.0000000000166min", 1),
            ("9223372036854775807ns", Int64.max),
        ] as [(String, Int64)])
    func valid(_ text: String, _ nanoseconds: Int64) throws {
        #expect(try DurationParser.parse(text) == nanoseconds)
    }

    @Test(
        "invalid durations say what is wrong",
        arguments: [
            ("5", #"duration "5" has no unit; write it like "5ms" (units: ns, us (or µs), ms, s, min)"#),
            ("-5ms", #"durations cannot be negative: "-5ms""#),
            ("5sec", #"unknown unit "sec" in "5sec"; valid units: ns, us (or µs), ms, s, min"#),
            ("5m", #"unknown unit "m" in "5m"; valid units: ns, us (or µs), ms, s, min"#),
            ("ms", #"invalid duration "ms": expected a number and a unit, like "250us", "5ms" or "1.5s""#),
            ("", #"invalid duration "": expected a number and a unit, like "250us", "5ms" or "1.5s""#),
            ("9223372036854775808ns", #"duration "9223372036854775808ns" is too large"#),
            ("99999999999999999999min", #"duration "99999999999999999999min" is too large"#),
        ])
    func invalid(_ text: String, _ message: String) {
        #expect(throws: DurationError(message)) { try DurationParser.parse(text) }
    }
}
