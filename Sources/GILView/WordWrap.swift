/// Splits prose into lines of at most `width` columns, breaking between words; a word longer
/// than a line is cut across lines. Line breaks in `text` start new lines.
func wordWrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
        var line = ""
        for var word in paragraph.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count <= width {
                line += " " + word
                continue
            }
            if !line.isEmpty { lines.append(line) }
            while word.count > width {
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            line = String(word)
        }
        lines.append(line)
    }
    return lines
}
