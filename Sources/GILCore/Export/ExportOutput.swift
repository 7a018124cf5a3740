/// Why an export could not be written: a message naming the file.
public struct ExportError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The bytes of one export on their way out: collected in a block and handed to `sink` each time
/// the block fills, so an export of any size holds about one block in memory.
public struct ExportOutput {
    private var buffer: [UInt8] = []
    private let sink: ([UInt8]) throws -> Void
    /// Bytes handed to the sink so far.
    public private(set) var written = 0
    static let blockSize = 1 << 20

    /// `sink` receives the bytes in order, a block at a time; what it throws ends the export.
    public init(sink: @escaping ([UInt8]) throws -> Void) {
        self.sink = sink
        buffer.reserveCapacity(Self.blockSize + 4096)
    }

    /// Hands the full block to the sink, if the block is full.
    @inline(__always)
    mutating func flushIfFull() throws {
        if buffer.count >= Self.blockSize { try flush() }
    }

    /// Hands whatever is collected to the sink.
    public mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink(buffer)
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    mutating func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    mutating func append(_ value: Int) {
        if value < 0 {
            buffer.append(UInt8(ascii: "-"))
            appendDigits(value.magnitude)
        } else {
            appendDigits(UInt(value))
        }
    }

    private mutating func appendDigits(_ value: UInt) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var first = 20
            var rest = value
            repeat {
                first -= 1
                digits[first] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            buffer.append(contentsOf: digits[first...])
        }
    }

    /// A time in nanoseconds as a decimal number of `unit` (a power of ten of nanoseconds), exact:
    /// 1234567 ns in microseconds is `1234.567`, in milliseconds `1.234567`; trailing zeros dropped.
    mutating func appendTime(_ nanoseconds: SimTime, unit: SimTime) {
        if nanoseconds < 0 { buffer.append(UInt8(ascii: "-")) }
        let magnitude = nanoseconds.magnitude
        let whole = magnitude / UInt64(unit), fraction = magnitude % UInt64(unit)
        appendDigits(UInt(whole))
        guard fraction > 0 else { return }
        buffer.append(UInt8(ascii: "."))
        var place = UInt64(unit) / 10
        var rest = fraction
        while rest > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8(rest / place))
            rest %= place
            place /= 10
        }
    }

    /// `text` as a JSON string, quotes included (control and bidi characters escaped).
    mutating func appendJSONString(_ text: String) {
        append(JSONOutput.quoted(text))
    }
}

/// `text` as a CSV field (RFC 4180): quoted when it holds a comma or a quote, quotes doubled.
/// Control characters are written as visible escapes (`\u{1B}`), line breaks included, so that
/// a row is one line and the file is safe to print.
public func csvField(_ text: String) -> String {
    let safe = terminalSafe(text)
    guard safe.contains(where: { $0 == "," || $0 == "\"" }) else { return safe }
    return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// `text` for XML character data or an attribute value: `&`, `<`, `>`, `"` and `'` as entities,
/// and control characters (most of which XML cannot hold even as references) as visible escapes.
public func xmlEscaped(_ text: String) -> String {
    var out = ""
    for character in terminalSafe(text) {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default: out.append(character)
        }
    }
    return out
}
