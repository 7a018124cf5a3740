import GILCore

// The inspect cursor: `x` pauses and puts it on the newest cell of the focused model's first
// lane; arrows move it (← → along the lane, ↑ ↓ between lanes, on into the model's measured twin
// under it, Tab to the next model); `x` or Esc puts it away. The footer explains the cell (see
// `Inspector`).
extension DashboardState {
    /// The most cells the cursor goes back: the lane history kept (`laneRetention`) at this zoom.
    var inspectableColumns: Int { Int(Self.laneRetention / timePerColumn) }

    /// `x`: puts the inspect cursor out (paused) or away.
    mutating func toggleInspecting() {
        if inspecting == nil {
            // The cursor moves over lane cells: the office view gives way to the timeline.
            showOffice = false
            playing = false
            inspecting = InspectCursor(lane: focusedLanes.first?.lane ?? .thread(0))
        } else {
            inspecting = nil
        }
    }

    /// While the cursor is out, the arrows move it and Esc puts it away; false for other keys
    /// (and for every key while it is not out).
    mutating func handleInspectKey(_ key: Key) -> Bool {
        guard var cursor = inspecting else { return false }
        let rows = inspectableRows
        let row = rows.firstIndex { $0 == (cursor.lane, cursor.measured) } ?? 0
        switch key {
        case .escape:
            inspecting = nil
            return true
        case .left:
            let reach = panBack / timePerColumn + SimTime(cursor.columnsBack)
            guard reach < SimTime(inspectableColumns - 1) else { break }
            if let visible = laneColumns, cursor.columnsBack >= visible - 1 {
                panLanes(back: 1)
            } else {
                cursor.columnsBack += 1
            }
        case .right:
            if cursor.columnsBack == 0 {
                panLanes(forward: 1)
            } else {
                cursor.columnsBack -= 1
            }
        case .up: (cursor.lane, cursor.measured) = rows[max(row - 1, 0)]
        case .down: (cursor.lane, cursor.measured) = rows[min(row + 1, rows.count - 1)]
        case .tab, .shiftTab:
            return false  // the focus moves as usual; `keepInspectingFocusedModel` follows it
        default: return false
        }
        inspecting = cursor
        return true
    }

    /// After the focus moved (Tab) or lanes changed (c, a knob): the cursor stays on a lane the
    /// focused model has.
    mutating func keepInspectingFocusedModel() {
        guard var cursor = inspecting else { return }
        let rows = inspectableRows
        if !rows.contains(where: { $0 == (cursor.lane, cursor.measured) }) {
            (cursor.lane, cursor.measured) = rows.first ?? (.thread(0), false)
            inspecting = cursor
        }
    }

    /// The focused model's lanes, in the order drawn.
    var focusedLanes: [LaneInfo] {
        guard playback.tracks.indices.contains(focus) else { return [] }
        return LaneInfo.lanes(of: playback.tracks[focus].simulation, showCores: showCores)
    }

    /// The rows the cursor moves over, top to bottom: the focused model's lanes, then those of
    /// its measured twin (`verify --show`), if it has one.
    var inspectableRows: [(lane: Timeline.Lane, measured: Bool)] {
        let twin = measuredTwins[focus].map { LaneInfo.lanes(of: $0, at: playback.clock) } ?? []
        return focusedLanes.map { ($0.lane, false) } + twin.map { ($0.lane, true) }
    }
}

// The mouse, where the terminal reports it: a click on a lane cell inspects it, the wheel pans.
extension DashboardState {
    /// A click at (`x`, `y`) on a `width` × `height` screen: on a lane cell, focuses its model
    /// and puts the inspect cursor there (paused); elsewhere, nothing.
    public mutating func click(x: Int, y: Int, width: Int, height: Int) {
        guard let hit = hitTest(self, width: width, height: height, x: x, y: y) else { return }
        focus = hit.track
        inspecting = hit.cursor
        playing = false
    }

    /// The mouse wheel: away from you looks back in time, towards you forward (as `[` and `]`).
    public mutating func scrollWheel(back: Bool) {
        pan(.character(back ? "[" : "]"))
    }
}
