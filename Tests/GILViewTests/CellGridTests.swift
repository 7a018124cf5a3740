import GILView
import Testing

@Suite struct CellGridTests {
    @Test func newGridIsBlank() {
        let grid = CellGrid(width: 3, height: 2)
        #expect(grid.width == 3 && grid.height == 2)
        #expect(grid[2, 1] == .blank)
        #expect(grid.plainText() == "\n")
    }

    @Test func putReturnsColumnsWritten() {
        var grid = CellGrid(width: 10, height: 1)
        #expect(grid.put("hello", x: 2, y: 0) == 5)
        #expect(grid.plainText() == "  hello")
    }

    /// A cell per Character, whichever way `put` walks the text: by scalar where each stands
    /// alone (the screens' punctuation, arrows, blocks), by grapheme cluster where scalars join
    /// (a combining accent, an emoji with its selector, CR LF, a flag).
    @Test(arguments: [
        "T1–T8: 5 searching (I/O) ░ ▐t▌ → ×1/50 · é", "e\u{301}x", "ok \u{2714}\u{FE0F} ✔", "a\r\nb", "\u{1F1EB}\u{1F1F7} ▒", "x\u{200D}y",
    ])
    func putWritesACellPerCharacter(text: String) {
        var grid = CellGrid(width: 60, height: 1)
        #expect(grid.put(text, x: 0, y: 0) == text.count)
        let cells = grid.row(0).prefix(text.count).map(\.character)
        #expect(cells == text.map { $0.asciiValue.map { $0 < 0x20 } == true ? "?" : $0 }, "\(text.unicodeScalars.map(\.value))")
    }

    @Test func putClipsAtTheRightEdge() {
        var grid = CellGrid(width: 6, height: 1)
        #expect(grid.put("overflowing", x: 3, y: 0) == 3)
        #expect(grid.plainText() == "   ove")
    }

    @Test func putClipsAtTheLeftEdge() {
        var grid = CellGrid(width: 6, height: 1)
        #expect(grid.put("abcdef", x: -4, y: 0) == 2)
        #expect(grid.plainText() == "ef")
    }

    @Test func putOutsideTheRowsWritesNothing() {
        var grid = CellGrid(width: 4, height: 2)
        #expect(grid.put("x", x: 0, y: -1) == 0)
        #expect(grid.put("x", x: 0, y: 2) == 0)
        #expect(grid.put("x", x: 4, y: 0) == 0)
        #expect(grid == CellGrid(width: 4, height: 2))
    }

    @Test func putRespectsMaxWidth() {
        var grid = CellGrid(width: 10, height: 1)
        #expect(grid.put("abcdef", x: 1, y: 0, maxWidth: 3) == 3)
        #expect(grid.put("zz", x: 6, y: 0, maxWidth: 0) == 0)
        #expect(grid.plainText() == " abc")
    }

    @Test func putKeepsStyleAndReplacesControlCharacters() {
        var grid = CellGrid(width: 4, height: 1)
        let style = CellStyle(foreground: .red, bold: true)
        grid.put("a\nb", x: 0, y: 0, style: style)
        #expect(grid[0, 0] == Cell("a", style: style))
        #expect(grid[1, 0].character == "?")
        #expect(grid.plainText() == "a?b")
    }

    @Test func putCountsBlockElementsAsOneColumn() {
        var grid = CellGrid(width: 8, height: 1)
        #expect(grid.put("█▒░·▁▇", x: 0, y: 0) == 6)
        #expect(grid.plainText() == "█▒░·▁▇")
    }

    @Test func fillClipsToTheGrid() {
        var grid = CellGrid(width: 4, height: 3)
        grid.fill(GridRect(x: 2, y: -1, width: 5, height: 3), character: "#")
        #expect(grid.plainText() == "  ##\n  ##\n")
    }

    @Test func plainTextTrimsTrailingSpacesOnly() {
        var grid = CellGrid(width: 6, height: 2)
        grid.put(" a b ", x: 0, y: 0)
        #expect(grid.plainText() == " a b\n")
    }

    @Test func frameWithTitle() {
        var grid = CellGrid(width: 12, height: 3)
        grid.frame(GridRect(x: 0, y: 0, width: 12, height: 3), title: "GIL")
        #expect(
            grid.plainText() == """
                ┌ GIL ─────┐
                │          │
                └──────────┘
                """)
    }

    @Test func frameCutsALongTitle() {
        var grid = CellGrid(width: 8, height: 2)
        grid.frame(GridRect(x: 0, y: 0, width: 8, height: 2), title: "processes")
        #expect(grid.plainText() == "┌ proc ┐\n└──────┘")
    }

    @Test func frameStylesTitleSeparately() {
        var grid = CellGrid(width: 10, height: 2)
        let border = CellStyle(dim: true), title = CellStyle(bold: true)
        grid.frame(GridRect(x: 0, y: 0, width: 10, height: 2), title: "T", style: border, titleStyle: title)
        #expect(grid[0, 0].style == border)
        #expect(grid[2, 0] == Cell("T", style: title))
        #expect(grid[3, 0] == Cell(" ", style: border))
    }

    @Test func asciiFrame() {
        var grid = CellGrid(width: 9, height: 3)
        grid.frame(GridRect(x: 1, y: 0, width: 8, height: 3), title: "q", ascii: true)
        #expect(
            grid.plainText() == """
                 + q ---+
                 |      |
                 +------+
                """)
    }

    @Test func frameClipsAtTheGridEdge() {
        var grid = CellGrid(width: 5, height: 2)
        grid.frame(GridRect(x: 2, y: 0, width: 6, height: 4))
        #expect(grid.plainText() == "  ┌──\n  │")
    }

    @Test func frameTooSmallDrawsNothing() {
        var grid = CellGrid(width: 4, height: 4)
        grid.frame(GridRect(x: 0, y: 0, width: 1, height: 4))
        #expect(grid == CellGrid(width: 4, height: 4))
    }

    @Test func colorFallsBackToTheNearestBasicColor() {
        #expect(TerminalColor.brightRed.basicFallback == .red)
        #expect(TerminalColor.indexed(4).basicFallback == .blue)
        #expect(TerminalColor.indexed(196).basicFallback == .red)  // cube (5, 0, 0)
        #expect(TerminalColor.indexed(46).basicFallback == .green)  // cube (0, 5, 0)
        #expect(TerminalColor.indexed(226).basicFallback == .yellow)  // cube (5, 5, 0)
        #expect(TerminalColor.indexed(17).basicFallback == .black)  // cube (0, 0, 1)
        #expect(TerminalColor.indexed(235).basicFallback == .black)  // dark grey
        #expect(TerminalColor.indexed(250).basicFallback == .white)  // light grey
        #expect(TerminalColor.brightCyan.paletteIndex == 14)
        #expect(TerminalColor.brightCyan.isBright)
    }
}
