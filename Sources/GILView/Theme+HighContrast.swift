import GILCore

// The projector theme: every state bold in a saturated colour on the terminal's background, the
// states a lesson points at (waiting for the GIL, a blocked event loop, waiting for a database
// connection) as solid blocks of colour, and no grey. Glyphs stay the same, so it reads in monochrome too.
extension Theme {
    static func highContrastStyle(_ activity: ThreadActivity) -> CellStyle {
        switch activity {
        case .running: CellStyle(foreground: .brightGreen, bold: true)
        case .native: CellStyle(foreground: .brightCyan, bold: true)
        case .gilWait: CellStyle(foreground: .black, background: .brightRed, bold: true)
        case .noCore: CellStyle(foreground: .brightYellow, bold: true)
        case .poolWait: CellStyle(foreground: .black, background: .brightYellow, bold: true)
        case .io: CellStyle(foreground: .brightWhite, bold: true)
        case .blocking: CellStyle(foreground: .black, background: .brightMagenta, bold: true)
        case .awaiting, .idle: CellStyle(foreground: .white)
        }
    }
}
