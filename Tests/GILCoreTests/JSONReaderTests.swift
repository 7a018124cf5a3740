import GILCore
import Testing

@Suite("JSON reader")
struct JSONReaderTests {
    private func syntaxError(_ text: String) -> JSONSyntaxError? {
        do {
            let value = try JSONReader.parse(text)
            Issue.record("expected a syntax error, parsed \(value)")
            return nil
        } catch {
            return error
        }
    }

    private func at(_ line: Int, _ column: Int) -> GILCore.SourceLocation {
        GILCore.SourceLocation(line: line, column: column)
    }

    @Test("values carry their positions; objects keep key order and key positions")
    func positions() throws {
        let value = try JSONReader.parse("{\n  \"b\": [1, true],\n  \"a\": null\n}")
        #expect(value.location == at(1, 1))
        guard case .object(let members) = value.kind else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["b", "a"])
        #expect(members.map(\.keyLocation) == [at(2, 3), at(3, 3)])
        #expect(
            members[0].value
                == JSONValue(.array([JSONValue(.number("1"), at: at(2, 9)), JSONValue(.bool(true), at: at(2, 12))]), at: at(2, 8)))
        #expect(members[1].value == JSONValue(.null, at: at(3, 8)))
    }

    @Test("JSON5: comments, trailing commas, unquoted keys, single quotes, +, hex, .5")
    func json5() throws {
        let text = """
            // leading comment
            { key: 'it\\'s', /* inline */ $x_1: +1, h: 0x1F, f: .5, g: 5., list: [1, 2,], }
            """
        let value = try JSONReader.parse(text)
        guard case .object(let members) = value.kind else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["key", "$x_1", "h", "f", "g", "list"])
        #expect(
            members.map(\.value.kind) == [
                .string("it's"), .number("+1"), .number("0x1F"), .number(".5"), .number("5."),
                .array([JSONValue(.number("1"), at: at(2, 70)), JSONValue(.number("2"), at: at(2, 73))]),
            ])
    }

    @Test("number literals keep their text")
    func numberText() throws {
        #expect(try JSONReader.parse("2000").kind == .number("2000"))
        #expect(try JSONReader.parse("2000.0").kind == .number("2000.0"))
        #expect(try JSONReader.parse("-1.5e-3").kind == .number("-1.5e-3"))
    }

    @Test("string escapes, including surrogate pairs and line continuations")
    func escapes() throws {
        #expect(try JSONReader.parse(#""\u00e9\ud83d\ude00\x41\n\t\/""#).kind == .string("é😀A\n\t/"))
        #expect(try JSONReader.parse("\"a\\\nb\"").kind == .string("ab"))
        #expect(syntaxError(#""\ud800""#)?.message == "invalid Unicode escape: lone surrogate")
        #expect(syntaxError(#""\q""#)?.message.hasPrefix("invalid escape '\\q'") == true)
    }

    @Test("columns count characters, not bytes")
    func unicodeColumns() {
        let error = syntaxError(#"{ "é€": 1 @ }"#)
        #expect(error?.location == at(1, 11))
    }

    @Test("a missing comma points at what follows, and says what was expected")
    func missingComma() {
        let error = syntaxError("{\n  \"seed\": 7\n  \"title\": \"x\"\n}")
        #expect(error?.location == at(3, 3))
        #expect(error?.message == #"expected ',' or '}' after object member, found string "title""#)
        let inArray = syntaxError("[1 2]")
        #expect(inArray?.message == "expected ',' or ']' after array element, found a number")
        #expect(inArray?.location == at(1, 4))
    }

    @Test("an unterminated string points at its opening quote")
    func unterminatedString() {
        let line = syntaxError("{ \"title\": \"abc\n}")
        #expect(line?.location == at(1, 12))
        #expect(line?.message == "unterminated string: the line ends before the closing quote")
        let eof = syntaxError("{ \"title\": \"abc")
        #expect(eof?.message == "unterminated string: the file ends before the closing quote")
    }

    @Test("end of file inside an object or array names where it was opened")
    func unexpectedEOF() {
        let object = syntaxError("{\n  \"a\": [1,\n")
        #expect(object?.message == "unexpected end of file; the array opened at 2:8 is not closed")
        #expect(object?.location == at(3, 1))
        #expect(syntaxError("{ \"a\":")?.message == #"unexpected end of file; expected a value for key "a""#)
        #expect(syntaxError("")?.message == "unexpected end of file; expected a JSON value")
        #expect(syntaxError("/* open")?.message == "unterminated comment: '/*' has no closing '*/'")
    }

    @Test("duplicate keys are errors at the second key")
    func duplicateKey() {
        let error = syntaxError("{ \"seed\": 1,\n  seed: 2 }")
        #expect(error?.location == at(2, 3))
        #expect(error?.message == #"duplicate key "seed" (first defined at line 1, column 3)"#)
    }

    @Test("other syntax errors")
    func otherErrors() {
        #expect(syntaxError("{ a: yes }")?.message == #"unexpected word 'yes'; a string needs quotes: "yes""#)
        #expect(syntaxError("{ a: 5ms }")?.message.contains(#"a duration is a string like "5ms""#) == true)
        #expect(syntaxError("{} {}")?.message == "unexpected '{' after the end of the top-level value")
        #expect(syntaxError("[,]")?.message == "unexpected ','; expected a value or ']'")
        #expect(syntaxError("{ 1: 2 }")?.message == "expected a key or '}', found a number")
        #expect(syntaxError("{ a 2 }")?.message == #"expected ':' after key "a", found a number"#)
    }

    @Test("nesting is limited instead of overflowing the stack")
    func depth() throws {
        let limit = JSONReader.maximumDepth
        _ = try JSONReader.parse(String(repeating: "[", count: limit) + String(repeating: "]", count: limit))
        let deep = syntaxError(String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1))
        #expect(deep?.message == "nesting is too deep (more than \(limit) levels)")
        #expect(syntaxError(String(repeating: "{\"a\":", count: 100_000)) != nil)
    }
}
