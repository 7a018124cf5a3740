/// Text made safe to print on a terminal: every control character (C0, DEL, C1) and every
/// Unicode bidirectional control or line separator is replaced by a visible escape like `\u{1B}`.
///
/// Text that reaches the output from a scenario file (titles, names, notes, unknown keys, source
/// lines) could otherwise move the cursor, retitle the window, ring the bell, rewrite the line
/// before it (CR) or reverse what follows (bidi overrides). Escapes rather than U+FFFD, because
/// the reader can then see which character is in the file, and find and remove it.
///
/// `keepingLayout` lets line feeds and tabs through, for whole messages composed by gilview
/// whose lines and tabs are its own; a table cell or a name in a sentence escapes them too.
public func terminalSafe(_ text: some StringProtocol, keepingLayout: Bool = false) -> String {
    let needsEscape = { (scalar: Unicode.Scalar) in isTerminalControl(scalar, keepingLayout: keepingLayout) }
    guard text.unicodeScalars.contains(where: needsEscape) else { return String(text) }
    var safe = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        if needsEscape(scalar) {
            safe.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
        } else {
            safe.append(scalar)
        }
    }
    return String(safe)
}

/// Whether a terminal would act on `scalar` rather than show it (the JSON output escapes these too).
func isTerminalControl(_ scalar: Unicode.Scalar, keepingLayout: Bool) -> Bool {
    switch scalar.value {
    case 0x0A, 0x09: !keepingLayout
    case 0x00...0x1F, 0x7F...0x9F: true
    // Arabic letter mark, LRM/RLM, line and paragraph separators, embeddings and overrides, isolates.
    case 0x061C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: true
    default: false
    }
}
