/// Why a duration string was rejected.
public struct DurationError: Error, Sendable, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}

/// Reads durations written as a decimal number and a unit: `"250us"`, `"5ms"`, `"1.5s"`, `"2min"`.
public enum DurationParser {
    /// The units in the order they are listed to users.
    public static let validUnits = "ns, us (or µs), ms, s, min"

    /// Nanoseconds per unit, as a multiplier and a power of ten so the conversion stays exact.
    private static let units: [String: (multiplier: UInt8, exponent: Int)] = [
        "ns": (1, 0),
        "us": (1, 3), "µs": (1, 3), "μs": (1, 3),  // micro sign and Greek mu look the same
        "ms": (1, 6),
        "s": (1, 9),
        "min": (6, 10),
    ]

    /// Parses a duration, rounded to the nearest nanosecond (halves round up).
    public static func parse(_ text: String) throws(DurationError) -> SimTime {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count, scalars[i] == " " { i += 1 }
        if i < scalars.count, scalars[i] == "-" {
            throw DurationError("durations cannot be negative: \"\(text)\"")
        }
        if i < scalars.count, scalars[i] == "+" { i += 1 }
        var digits: [UInt8] = []
        var integerDigits = 0
        var seenPoint = false
        while i < scalars.count {
            let c = scalars[i]
            if ("0"..."9").contains(c) {
                digits.append(UInt8(c.value - 0x30))
                if !seenPoint { integerDigits += 1 }
            } else if c == ".", !seenPoint {
                seenPoint = true
            } else {
                break
            }
            i += 1
        }
        let unitText = String(String.UnicodeScalarView(scalars[i...])).trimmingSpaces()
        guard !digits.isEmpty else {
            throw DurationError(
                "invalid duration \"\(text)\": expected a number and a unit, like \"250us\", \"5ms\" or \"1.5s\"")
        }
        guard !unitText.isEmpty else {
            throw DurationError(
                "duration \"\(text)\" has no unit; write it like \"\(text)ms\" (units: \(validUnits))")
        }
        if let exponent = unitText.unicodeScalars.first, exponent == "e" || exponent == "E",
            let next = unitText.unicodeScalars.dropFirst().first, ("0"..."9").contains(next) || next == "-" || next == "+"
        {
            throw DurationError(
                "duration \"\(text)\" has an exponent, which durations do not take; write the number out with a unit, like \"250us\", \"90s\" or \"2min\""
            )
        }
        guard let unit = units[unitText] else {
            throw DurationError("unknown unit \"\(unitText)\" in \"\(text)\"; valid units: \(validUnits)")
        }
        guard let nanoseconds = scaled(digits, integerDigits: integerDigits, by: unit) else {
            throw DurationError("duration \"\(text)\" is too large")
        }
        return nanoseconds
    }

    /// Multiplies a decimal digit string by `multiplier × 10^exponent` exactly, then rounds.
    private static func scaled(
        _ digits: [UInt8], integerDigits: Int, by unit: (multiplier: UInt8, exponent: Int)
    ) -> SimTime? {
        var product = digits
        var carry: UInt8 = 0
        for k in product.indices.reversed() {
            let v = product[k] * unit.multiplier + carry  // at most 9 × 6 + 5: fits a UInt8
            product[k] = v % 10
            carry = v / 10
        }
        var point = integerDigits + unit.exponent
        if carry > 0 {
            product.insert(carry, at: 0)
            point += 1
        }
        var result: SimTime = 0
        for k in 0..<point {
            let digit = k < product.count ? SimTime(product[k]) : 0
            let (shifted, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            result = sum
        }
        if point < product.count, product[point] >= 5 {
            let (rounded, overflow) = result.addingReportingOverflow(1)
            return overflow ? nil : rounded
        }
        return result
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var scalars = Substring(self).unicodeScalars
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
