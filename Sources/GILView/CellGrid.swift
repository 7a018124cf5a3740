// The surface every screen draws into: a rectangle of characters with styles, no terminal
// involved. The terminal backend copies it to the screen; tests read it back as text.
//
// One Character is one terminal column. The view only uses single-width characters (ASCII,
// box drawing, the block elements ▁▂▃▄▅▆▇█░▒▓ and ·); wide characters (CJK, most emoji) would
// take two columns on a terminal and shift the rest of their row.

/// A terminal colour: the 8 basic colours, their bright variants, or an entry of the
/// 256-colour palette.
public enum TerminalColor: Hashable, Sendable {
    case black, red, green, yellow, blue, magenta, cyan, white
    case brightBlack, brightRed, brightGreen, brightYellow
    case brightBlue, brightMagenta, brightCyan, brightWhite
    /// An entry of the xterm 256-colour palette: 0–15 are the named colours above,
    /// 16–231 a 6×6×6 colour cube, 232–255 a grey ramp.
    case indexed(UInt8)

    /// The index of this colour in the 256-colour palette.
    public var paletteIndex: UInt8 {
        switch self {
        case .black: 0
        case .red: 1
        case .green: 2
        case .yellow: 3
        case .blue: 4
        case .magenta: 5
        case .cyan: 6
        case .white: 7
        case .brightBlack: 8
        case .brightRed: 9
        case .brightGreen: 10
        case .brightYellow: 11
        case .brightBlue: 12
        case .brightMagenta: 13
        case .brightCyan: 14
        case .brightWhite: 15
        case .indexed(let index): index
        }
    }

    /// Whether this is one of the bright variants (palette entries 8–15).
    public var isBright: Bool { (8...15).contains(paletteIndex) }

    /// The nearest of the 8 basic colours, for terminals without 256 colours.
    ///
    /// Named colours and palette entries 0–15 drop their brightness (the backend may show
    /// brightness as bold instead). Cube colours turn each channel on when it is at least
    /// half intensity (cube level 2 or more, i.e. ≥ 135 of 255); greys become black below
    /// half intensity and white from it.
    public var basicFallback: TerminalColor {
        let index = paletteIndex
        switch index {
        case 0...15:
            return Self.basic[Int(index % 8)]
        case 16...231:
            let cube = Int(index) - 16
            let red = cube / 36 >= 2, green = cube / 6 % 6 >= 2, blue = cube % 6 >= 2
            return Self.basic[(red ? 1 : 0) | (green ? 2 : 0) | (blue ? 4 : 0)]
        default:
            let level = 8 + 10 * (Int(index) - 232)
            return level < 128 ? .black : .white
        }
    }

    /// The 8 basic colours in palette order, so that bit 0 is red, bit 1 green, bit 2 blue.
    private static let basic: [TerminalColor] = [.black, .red, .green, .yellow, .blue, .magenta, .cyan, .white]
}

/// How a cell is drawn. A `nil` colour is the terminal's own default.
public struct CellStyle: Hashable, Sendable {
    public var foreground: TerminalColor?
    public var background: TerminalColor?
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(
        foreground: TerminalColor? = nil, background: TerminalColor? = nil,
        bold: Bool = false, dim: Bool = false, reverse: Bool = false, underline: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    /// The terminal's default colours, no attributes.
    public static let plain = CellStyle()
}

/// One terminal column: a character and how it is drawn.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: CellStyle

    public init(_ character: Character, style: CellStyle = .plain) {
        self.character = character
        self.style = style
    }

    /// A space in the plain style: what an empty grid holds.
    public static let blank = Cell(" ")
}

/// A rectangle of grid cells; `x`, `y` is its top-left corner.
public struct GridRect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}

/// The characters a frame is drawn with.
public struct BoxGlyphs: Hashable, Sendable {
    public var horizontal: Character
    public var vertical: Character
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character

    /// Unicode light box drawing: `┌─┐│└┘`.
    public static let unicode = BoxGlyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘")
    /// Plain ASCII, for terminals whose locale is not UTF-8: `+-+|++`.
    public static let ascii = BoxGlyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+")
}

/// A width × height rectangle of cells, addressed by column `x` (0 at the left) and row `y`
/// (0 at the top). Drawing operations clip to the grid: whatever falls outside is dropped.
public struct CellGrid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Row-major: the cell at (x, y) is `cells[y * width + x]`.
    private var cells: [Cell]

    /// A grid of blank cells. Negative sizes are taken as 0.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// Whether (x, y) is inside the grid.
    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && x < width && y >= 0 && y < height
    }

    /// The cell at (x, y), which must be inside the grid.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            precondition(contains(x: x, y: y), "cell (\(x), \(y)) is outside a \(width)×\(height) grid")
            return cells[y * width + x]
        }
        set {
            precondition(contains(x: x, y: y), "cell (\(x), \(y)) is outside a \(width)×\(height) grid")
            cells[y * width + x] = newValue
        }
    }

    /// Row `y` (inside the grid), left to right.
    public func row(_ y: Int) -> ArraySlice<Cell> {
        precondition(y >= 0 && y < height, "row \(y) is outside a grid of height \(height)")
        return cells[y * width..<(y + 1) * width]
    }

    /// Writes `text` on row `y` from column `x`, one column per Character, clipped to the
    /// grid and to `maxWidth` columns from `x`. Control characters (a newline, a tab) are drawn
    /// as `?`: text is one line. Returns the number of columns written inside the grid.
    @discardableResult
    public mutating func put(
        _ text: String, x: Int, y: Int, style: CellStyle = .plain, maxWidth: Int? = nil
    ) -> Int {
        guard y >= 0, y < height else { return 0 }
        let end = min(width, maxWidth.map { x + max(0, $0) } ?? width)
        // Walking grapheme clusters costs more than the rest of drawing a cell: text whose
        // every scalar stands alone (nearly every text drawn) goes scalar by scalar.
        if text.scalarsStandAlone {
            return put(text.unicodeScalars.lazy.map(Character.init), x: x, y: y, end: end, style: style)
        }
        return put(text.lazy.map(Self.printable), x: x, y: y, end: end, style: style)
    }

    private mutating func put(_ characters: some Sequence<Character>, x: Int, y: Int, end: Int, style: CellStyle) -> Int {
        var column = x
        var written = 0
        for character in characters {
            guard column < end else { break }
            if column >= 0 {
                cells[y * width + column] = Cell(character, style: style)
                written += 1
            }
            column += 1
        }
        return written
    }

    /// Sets every cell of `rect` (clipped to the grid) to `character` in `style`.
    public mutating func fill(_ rect: GridRect, character: Character = " ", style: CellStyle = .plain) {
        let cell = Cell(Self.printable(character), style: style)
        let left = max(0, rect.x), right = min(width, rect.x + rect.width)
        let top = max(0, rect.y), bottom = min(height, rect.y + rect.height)
        guard left < right, top < bottom else { return }
        let columns = left..<right
        for y in top..<bottom {
            for x in columns {
                cells[y * width + x] = cell
            }
        }
    }

    /// Draws the border of `rect` (clipped to the grid), leaving its inside untouched, with
    /// `title` in the top border as `┌ title ───┐`. A title too long for the border is cut.
    /// A rect less than 2 cells wide or high has no border and draws nothing.
    public mutating func frame(
        _ rect: GridRect, title: String? = nil, style: CellStyle = .plain,
        titleStyle: CellStyle? = nil, ascii: Bool = false
    ) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let glyphs = ascii ? BoxGlyphs.ascii : BoxGlyphs.unicode
        let right = rect.x + rect.width - 1
        let bottom = rect.y + rect.height - 1
        let inner = GridRect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1)
        fill(inner, character: glyphs.horizontal, style: style)
        fill(GridRect(x: inner.x, y: bottom, width: inner.width, height: 1), character: glyphs.horizontal, style: style)
        fill(GridRect(x: rect.x, y: rect.y + 1, width: 1, height: rect.height - 2), character: glyphs.vertical, style: style)
        fill(GridRect(x: right, y: rect.y + 1, width: 1, height: rect.height - 2), character: glyphs.vertical, style: style)
        setIfInside(x: rect.x, y: rect.y, Cell(glyphs.topLeft, style: style))
        setIfInside(x: right, y: rect.y, Cell(glyphs.topRight, style: style))
        setIfInside(x: rect.x, y: bottom, Cell(glyphs.bottomLeft, style: style))
        setIfInside(x: right, y: bottom, Cell(glyphs.bottomRight, style: style))

        // The title sits between a corner-plus-space and a space-plus-line: it needs at least
        // one column of its own.
        if let title, !title.isEmpty, rect.width >= 5 {
            let label = " " + title
            let shown = min(label.count, rect.width - 3)
            put(label, x: rect.x + 1, y: rect.y, style: titleStyle ?? style, maxWidth: shown)
            put(" ", x: rect.x + 1 + shown, y: rect.y, style: style, maxWidth: 1)
        }
    }

    /// Copies rows `rows` of `source` (clipped to it) here, the first at row `y`, from column
    /// `x`, clipped to this grid.
    public mutating func paste(_ source: CellGrid, rows: Range<Int>, x: Int, y: Int) {
        let shown = rows.clamped(to: 0..<source.height)
        for (offset, sourceRow) in shown.enumerated() where y + offset >= 0 && y + offset < height {
            for (column, cell) in source.row(sourceRow).enumerated() where x + column >= 0 && x + column < width {
                cells[(y + offset) * width + x + column] = cell
            }
        }
    }

    /// The grid as text: rows joined by "\n", each without its trailing spaces. Styles are lost.
    public func plainText() -> String {
        (0..<height).map { y in
            var line = String(row(y).map(\.character))
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    private mutating func setIfInside(x: Int, y: Int, _ cell: Cell) {
        if contains(x: x, y: y) { cells[y * width + x] = cell }
    }

    /// `character`, or `?` for a control character, which a terminal would not show in one column.
    private static func printable(_ character: Character) -> Character {
        // ASCII first: looking up a scalar's category costs more than the rest of drawing a cell.
        if let ascii = character.asciiValue { return ascii < 0x20 || ascii == 0x7F ? "?" : character }
        return character.unicodeScalars.contains { $0.properties.generalCategory == .control } ? "?" : character
    }
}

extension String {
    /// Every scalar is a Character of its own, and printable: printable ASCII and Latin-1, and
    /// the punctuation, arrows, maths, box drawing, blocks and shapes the screens draw. None of
    /// these joins a neighbour into one grapheme cluster, and anything that could (a combining
    /// mark, a joiner, a variation selector, a control) is outside them.
    var scalarsStandAlone: Bool {
        unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x20..<0x7F, 0xA0...0xFF, 0x2010...0x2027, 0x2030...0x205E, 0x2190...0x22FF, 0x2500...0x25FF: true
            default: false
            }
        }
    }

    /// The cells `CellGrid.put` gives the text, one per Character, counted without walking
    /// grapheme clusters where every scalar stands alone.
    var columns: Int { scalarsStandAlone ? unicodeScalars.count : count }
}
