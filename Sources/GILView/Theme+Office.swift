import GILCore

// The office view's glyphs: every element has one (in ASCII too), so the picture reads without
// colour; the colours are the lanes' own for the same states.
extension Theme {
    /// The window (a GIL) around the person served at it: `▐t▌`, `[t]` in ASCII.
    var windowOpen: Character { ascii ? "[" : "▐" }
    var windowClose: Character { ascii ? "]" : "▌" }
    /// Where a queue meets the counter without being at the window.
    var counterGlyph: Character { ascii ? "|" : "│" }
    /// A person searching for the wallet (I/O) is followed by this mark.
    var searchMark: Character { "?" }
    /// A worker waiting for its person at the side window (an executor).
    var sideMark: Character { ascii ? "~" : "┈" }
    /// A free desk (core) or counter (connection); a held counter.
    var freeSeat: Character { ascii ? "_" : "□" }
    var heldSeat: Character { ascii ? "#" : "■" }
    /// Where a line goes on to the offices it feeds.
    var arrow: String { ascii ? "->" : "→" }

    /// A person at the window: the GIL holder's colours (reverse video without colour).
    var windowStyle: CellStyle { cell(.gil(.held(byThread: 0))).style }
    /// A person in line, not yet called to a queue.
    var lineStyle: CellStyle { highContrast ? CellStyle(bold: true) : .plain }

    /// One letter per job, the same in every model of the file: the job's first letter when no
    /// earlier job took it, else its next letter no job took, else the first free letter a–z.
    static func personGlyphs(jobs: [String]) -> [Character] {
        // Bytes and a bit per letter taken: this runs for every pane on every frame.
        var taken: UInt32 = 0
        func free(_ letter: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(letter) && taken & (1 << (letter - UInt8(ascii: "a"))) == 0
        }
        return jobs.map { name in
            guard
                let glyph = name.utf8.lazy.map({ $0 | 0x20 }).first(where: free)
                    ?? (UInt8(ascii: "a")...UInt8(ascii: "z")).first(where: free)
            else { return "*" }
            taken |= 1 << (glyph - UInt8(ascii: "a"))
            return Character(Unicode.Scalar(glyph))
        }
    }
}
