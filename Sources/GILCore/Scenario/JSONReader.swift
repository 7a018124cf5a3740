/// A position in a source text, 1-based. Columns count Unicode scalars, so a character
/// written as a base letter plus a combining mark counts twice.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A JSON value with the position it was written at.
public struct JSONValue: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Members in the order written.
        case object([Member])
        case array([JSONValue])
        case string(String)
        /// The literal as written (`3`, `+1.5`, `2e3`, `0x1F`), so integers and fractions stay distinct.
        case number(String)
        case bool(Bool)
        case null
    }

    public struct Member: Sendable, Equatable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: JSONValue

        public init(key: String, keyLocation: SourceLocation, value: JSONValue) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// A syntax error: where, and what was expected there.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    public var message: String
    public var location: SourceLocation

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }
}

/// Reads JSON and the JSON5 conveniences people write by hand: `//` and `/* */` comments,
/// trailing commas, unquoted keys, single-quoted strings, a leading `+`, hexadecimal integers,
/// `.5` and `5.`. Duplicate keys are errors. Never traps: nesting is limited to `maximumDepth`.
public enum JSONReader {
    public static let maximumDepth = 512

    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var parser = Parser(text)
        return try parser.parseDocument()
    }
}

private struct Parser {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    private var depth = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    private var location: SourceLocation { SourceLocation(line: line, column: column) }
    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func advance() {
        guard index < scalars.count else { return }
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        if current == "\u{FEFF}" { index += 1 }  // a byte-order mark is not part of the first line
        try skipTrivia()
        guard current != nil else {
            throw JSONSyntaxError("unexpected end of file; expected a JSON value", at: location)
        }
        let value = try parseValue(context: "the document")
        try skipTrivia()
        if current != nil {
            throw JSONSyntaxError(
                "unexpected \(describeCurrent()) after the end of the top-level value", at: location)
        }
        return value
    }

    // MARK: Values

    private mutating func parseValue(context: String) throws(JSONSyntaxError) -> JSONValue {
        guard let c = current else {
            throw JSONSyntaxError("unexpected end of file; expected a value for \(context)", at: location)
        }
        switch c {
        case "{": return try parseObject()
        case "[": return try parseArray()
        case "\"", "'":
            let start = location
            return JSONValue(.string(try parseString()), at: start)
        case "+", "-", ".", "0"..."9": return try parseNumber()
        default:
            guard isIdentifierStart(c) else {
                throw JSONSyntaxError("unexpected \(describeCurrent()); expected a value for \(context)", at: location)
            }
            let start = location
            let word = readIdentifier()
            switch word {
            case "true": return JSONValue(.bool(true), at: start)
            case "false": return JSONValue(.bool(false), at: start)
            case "null": return JSONValue(.null, at: start)
            default:
                throw JSONSyntaxError(
                    "unexpected word '\(word)'; a string needs quotes: \"\(word)\"", at: start)
            }
        }
    }

    private mutating func enterNesting(at start: SourceLocation) throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONReader.maximumDepth {
            throw JSONSyntaxError("nesting is too deep (more than \(JSONReader.maximumDepth) levels)", at: start)
        }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        let start = location
        try enterNesting(at: start)
        defer { depth -= 1 }
        advance()
        var members: [JSONValue.Member] = []
        var seen: [String: SourceLocation] = [:]
        while true {
            try skipTrivia()
            guard let c = current else {
                throw JSONSyntaxError(
                    "unexpected end of file; the object opened at \(start) is not closed", at: location)
            }
            if c == "}" {
                advance()
                return JSONValue(.object(members), at: start)
            }
            let keyLocation = location
            let key: String
            if c == "\"" || c == "'" {
                key = try parseString()
            } else if isIdentifierStart(c) {
                key = readIdentifier()
            } else {
                throw JSONSyntaxError("expected a key or '}', found \(describeCurrent())", at: location)
            }
            if let first = seen[key] {
                throw JSONSyntaxError(
                    "duplicate key \"\(key)\" (first defined at line \(first.line), column \(first.column))",
                    at: keyLocation)
            }
            seen[key] = keyLocation
            try skipTrivia()
            guard current == ":" else {
                throw JSONSyntaxError("expected ':' after key \"\(key)\", found \(describeCurrent())", at: location)
            }
            advance()
            try skipTrivia()
            let value = try parseValue(context: "key \"\(key)\"")
            members.append(JSONValue.Member(key: key, keyLocation: keyLocation, value: value))
            try skipTrivia()
            switch current {
            case ",": advance()
            case "}": continue
            case nil:
                throw JSONSyntaxError(
                    "unexpected end of file; the object opened at \(start) is not closed", at: location)
            default:
                throw JSONSyntaxError(
                    "expected ',' or '}' after object member, found \(describeCurrent())", at: location)
            }
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        let start = location
        try enterNesting(at: start)
        defer { depth -= 1 }
        advance()
        var elements: [JSONValue] = []
        while true {
            try skipTrivia()
            guard let c = current else {
                throw JSONSyntaxError(
                    "unexpected end of file; the array opened at \(start) is not closed", at: location)
            }
            if c == "]" {
                advance()
                return JSONValue(.array(elements), at: start)
            }
            if c == "," {
                throw JSONSyntaxError("unexpected ','; expected a value or ']'", at: location)
            }
            elements.append(try parseValue(context: "the array opened at \(start)"))
            try skipTrivia()
            switch current {
            case ",": advance()
            case "]": continue
            case nil:
                throw JSONSyntaxError(
                    "unexpected end of file; the array opened at \(start) is not closed", at: location)
            default:
                throw JSONSyntaxError(
                    "expected ',' or ']' after array element, found \(describeCurrent())", at: location)
            }
        }
    }

    // MARK: Strings

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = location
        guard let quote = current else {
            throw JSONSyntaxError("unexpected end of file; expected a string", at: start)
        }
        advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let c = current else {
                throw JSONSyntaxError("unterminated string: the file ends before the closing quote", at: start)
            }
            switch c {
            case quote:
                advance()
                return String(text)
            case "\n", "\r":
                throw JSONSyntaxError("unterminated string: the line ends before the closing quote", at: start)
            case "\\":
                if let scalar = try parseEscape() { text.append(scalar) }
            default:
                text.append(c)
                advance()
            }
        }
    }

    /// Reads one escape sequence; nil for a line continuation, which adds nothing.
    private mutating func parseEscape() throws(JSONSyntaxError) -> Unicode.Scalar? {
        let start = location
        advance()
        guard let c = current else {
            throw JSONSyntaxError("unterminated string: the file ends inside an escape sequence", at: start)
        }
        advance()
        switch c {
        case "\"", "'", "\\", "/": return c
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        case "0" where !(current.map(isDigit) ?? false): return "\0"
        case "\n": return nil
        case "\r":
            if current == "\n" { advance() }
            return nil
        case "x":
            return Unicode.Scalar(try readHex(count: 2, escapeStart: start))
        case "u":
            let unit = try readHex(count: 4, escapeStart: start)
            if let scalar = Unicode.Scalar(unit) { return scalar }
            // A high surrogate must be followed by an escaped low one; together they are one scalar.
            guard (0xD800...0xDBFF).contains(unit), current == "\\", peek(1) == "u" else {
                throw JSONSyntaxError("invalid Unicode escape: lone surrogate", at: start)
            }
            advance()
            advance()
            let low = try readHex(count: 4, escapeStart: start)
            guard (0xDC00...0xDFFF).contains(low),
                let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            else {
                throw JSONSyntaxError("invalid Unicode escape: lone surrogate", at: start)
            }
            return scalar
        default:
            throw JSONSyntaxError(
                "invalid escape '\\\(c)'; valid escapes: \\\" \\' \\\\ \\/ \\b \\f \\n \\r \\t \\v \\0 \\xHH \\uHHHH",
                at: start)
        }
    }

    private mutating func readHex(count: Int, escapeStart: SourceLocation) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard let c = current, let digit = hexValue(c) else {
                throw JSONSyntaxError("invalid escape: expected \(count) hexadecimal digits", at: escapeStart)
            }
            value = value * 16 + digit
            advance()
        }
        return value
    }

    // MARK: Numbers

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = location
        let startIndex = index
        var literal: String { String(String.UnicodeScalarView(scalars[startIndex..<index])) }
        if current == "+" || current == "-" { advance() }
        if current == "0", peek(1) == "x" || peek(1) == "X" {
            advance()
            advance()
            guard skip(while: { hexValue($0) != nil }) > 0 else {
                throw JSONSyntaxError("invalid number '\(literal)': expected hexadecimal digits", at: start)
            }
        } else {
            var digits = skip(while: isDigit)
            if current == "." {
                advance()
                digits += skip(while: isDigit)
            }
            guard digits > 0 else {
                throw JSONSyntaxError("invalid number '\(literal)': expected digits", at: start)
            }
            if current == "e" || current == "E" {
                advance()
                if current == "+" || current == "-" { advance() }
                guard skip(while: isDigit) > 0 else {
                    throw JSONSyntaxError("invalid number '\(literal)': expected exponent digits", at: start)
                }
            }
        }
        if let c = current, isIdentifierPart(c) || c == "." {
            throw JSONSyntaxError(
                "invalid number: unexpected \(describeCurrent()) after '\(literal)'; a duration is a string like \"5ms\"",
                at: start)
        }
        return JSONValue(.number(literal), at: start)
    }

    /// Advances past scalars matching `predicate`; returns how many.
    @discardableResult
    private mutating func skip(while predicate: (Unicode.Scalar) -> Bool) -> Int {
        var count = 0
        while let c = current, predicate(c) {
            advance()
            count += 1
        }
        return count
    }

    // MARK: Trivia, identifiers, characters

    private mutating func skipTrivia() throws(JSONSyntaxError) {
        while let c = current {
            if isWhitespace(c) {
                advance()
            } else if c == "/", peek(1) == "/" {
                skip(while: { $0 != "\n" })
            } else if c == "/", peek(1) == "*" {
                let start = location
                advance()
                advance()
                while current != "*" || peek(1) != "/" {
                    guard current != nil else {
                        throw JSONSyntaxError("unterminated comment: '/*' has no closing '*/'", at: start)
                    }
                    advance()
                }
                advance()
                advance()
            } else {
                return
            }
        }
    }

    private mutating func readIdentifier() -> String {
        let start = index
        skip(while: isIdentifierPart)
        return String(String.UnicodeScalarView(scalars[start..<index]))
    }

    /// What the parser is looking at, for "found …" in messages.
    private func describeCurrent() -> String {
        guard let c = current else { return "end of file" }
        if c == "\"" || c == "'" {
            var text = String.UnicodeScalarView([c])
            var i = index + 1
            while i < scalars.count, i - index < 40, scalars[i] != "\n" {
                text.append(scalars[i])
                if scalars[i] == c { return "string \(String(text))" }
                i += 1
            }
            return "a string"
        }
        if isIdentifierStart(c) {
            var word = String.UnicodeScalarView()
            var i = index
            while i < scalars.count, i - index < 40, isIdentifierPart(scalars[i]) {
                word.append(scalars[i])
                i += 1
            }
            return "'\(String(word))'"
        }
        if isDigit(c) { return "a number" }
        return "'\(c.escaped(asASCII: false))'"
    }
}

private func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

private func hexValue(_ c: Unicode.Scalar) -> UInt32? {
    switch c {
    case "0"..."9": c.value - 0x30
    case "a"..."f": c.value - 0x61 + 10
    case "A"..."F": c.value - 0x41 + 10
    default: nil
    }
}

private func isWhitespace(_ c: Unicode.Scalar) -> Bool {
    switch c {
    case " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{A0}", "\u{FEFF}", "\u{2028}", "\u{2029}": true
    default: false
    }
}

private func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
    c == "_" || c == "$" || c.properties.isAlphabetic
}

private func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
    isIdentifierStart(c) || isDigit(c)
}
