/// What a terminal too small for the dashboard shows instead: the size needed, and how to leave.
enum TooSmall {
    static func draw(into grid: inout CellGrid, minimumWidth: Int, minimumHeight: Int) {
        let lines = [
            "Terminal too small: \(grid.width)x\(grid.height)",
            "gilview needs \(minimumWidth)x\(minimumHeight).",
            "Enlarge the window, or press q to quit.",
        ]
        let top = max(0, (grid.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            grid.put(line, x: max(0, (grid.width - line.count) / 2), y: top + i, style: CellStyle(bold: i == 0))
        }
    }
}
