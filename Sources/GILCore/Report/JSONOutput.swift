/// A JSON value that keeps its keys in the order given, written the same way on every run.
///
/// Foundation's `JSONEncoder` on Linux orders keys by hash, so the same report came out in a
/// different order in each process; scripts diffing two reports need byte-identical output.
public enum JSONOutput: Sendable {
    case object([(String, JSONOutput)])
    case array([JSONOutput])
    case string(String)
    case integer(Int)
    case unsigned(UInt64)
    case number(Double)
    case bool(Bool)
    case null

    /// Pretty-printed with two-space indentation. A nested object or array whose one-line form
    /// fits in `inlineWidth` columns after its indentation stays on one line (0: never).
    public func rendered(indent: String = "", inlineWidth: Int = 0) -> String {
        let inner = indent + "  "
        if inlineWidth > 0, !indent.isEmpty, let line = oneLine, indent.count + line.count <= inlineWidth { return line }
        switch self {
        case .object(let members):
            if members.isEmpty { return "{}" }
            let body = members.map { "\(inner)\(Self.quoted($0.0)): \($0.1.rendered(indent: inner, inlineWidth: inlineWidth))" }
            return "{\n" + body.joined(separator: ",\n") + "\n\(indent)}"
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + $0.rendered(indent: inner, inlineWidth: inlineWidth) }.joined(separator: ",\n")
                + "\n\(indent)]"
        case .bool(let flag):
            return String(flag)
        case .string(let text):
            return Self.quoted(text)
        case .integer(let value):
            return String(value)
        case .unsigned(let value):
            return String(value)
        case .null:
            return "null"
        case .number(let value):
            guard value.isFinite else { return "null" }
            // Whole numbers without a fraction ("800", not "800.0"); others in Swift's shortest
            // round-tripping form, which is the same on every platform.
            if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
            return String(value)
        }
    }

    /// `{ "cpu": "2ms" }`, `["1ms", "9ms"]`: a container on one line; scalars are nil.
    private var oneLine: String? {
        switch self {
        case .object(let members):
            members.isEmpty
                ? "{}"
                : "{ "
                    + members.map { "\(Self.quoted($0.0)): \($0.1.oneLine ?? $0.1.rendered())" }
                    .joined(separator: ", ") + " }"
        case .array(let items):
            "[" + items.map { $0.oneLine ?? $0.rendered() }.joined(separator: ", ") + "]"
        default:
            nil
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // Control and bidi characters escaped, so the JSON is also safe to print on a terminal.
            case _ where isTerminalControl(scalar, keepingLayout: false):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
