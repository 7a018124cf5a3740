/// The one way text and numbers from a scenario enter a generated Python program: as literals that
/// Python can only read as data.
///
/// A scenario is a file someone else may have written; its names reach the program `verify` runs.
/// Every string is written as a double-quoted literal made of printable ASCII alone: `"` and `\`
/// are escaped, and every other character outside `0x20...0x7E` (newlines, NUL, ESC, U+2028,
/// bidirectional overrides, any non-ASCII letter) becomes a `\x`, `\u` or `\U` escape. Nothing in
/// such a literal can end the string, start a new line or change how the rest of the line is read,
/// so it is safe in an expression, a docstring position and a comment alike.
enum PythonLiteral {
    /// A Python `str` literal whose value is `text`, scalar for scalar.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x20...0x7E: out.unicodeScalars.append(scalar)
            case 0...0xFF: out += "\\x" + hex(scalar.value, digits: 2)
            case 0x100...0xFFFF: out += "\\u" + hex(scalar.value, digits: 4)
            default: out += "\\U" + hex(scalar.value, digits: 8)
            }
        }
        return out + "\""
    }

    /// A Python `float` literal, in the shortest form that reads back as the same value.
    static func float(_ value: Double) -> String {
        if value.isNaN { return "float(\"nan\")" }
        if value.isInfinite { return value > 0 ? "float(\"inf\")" : "float(\"-inf\")" }
        let text = String(value)
        return text.contains(".") || text.contains("e") ? text : text + ".0"
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: digits - text.count) + text
    }
}
