import GILCore

/// One row of a model's office picture.
enum OfficeRow: Equatable {
    /// The desks (cores) and the counters (connection pools).
    case desks
    /// A line outside the offices (`OfficeSnapshot.streets`).
    case street(Int)
    /// An office's own line: its people, its window, its counts.
    case office(Int)
    /// One queue (thread) of an office.
    case queue(office: Int, queue: Int)
    /// Queues of an office that did not fit, counted on one row.
    case foldedQueues(office: Int, queues: [Int])
    /// Offices that did not fit, counted on one row, with the people of the lines outside that
    /// did not fit either (`streets`).
    case foldedOffices([Int], streets: [Int] = [])
}

/// Which rows of the office picture fit, as the lanes fold: a line outside the offices with
/// people in it first (nobody waiting may vanish), then every office's own line (it shows the
/// window, the people and the counts; offices that do not fit are counted on a last row), then
/// empty outside lines, then the queues office by office (those that do not fit counted on a
/// last row), then the desks.
enum OfficeLayout {
    /// Every row: the desks, the streets, each office and its queues.
    static func wantedRows(_ snapshot: OfficeSnapshot) -> Int {
        1 + snapshot.streets.count + snapshot.offices.reduce(0) { $0 + 1 + $1.queues.count }
    }

    /// The rows drawn, top to bottom, in at most `available` rows. The offices and queues a note
    /// names (`pinned`: "GIL P2", "T3") are chosen first when they do not all fit.
    static func rows(_ snapshot: OfficeSnapshot, available: Int, pinned: [NoteView.Lane] = []) -> [OfficeRow] {
        let offices = snapshot.offices.indices
        guard available > 0, !offices.isEmpty else { return [] }
        func isPinned(_ queue: OfficeSnapshot.Queue) -> Bool { pinned.contains(.thread(queue.thread + 1)) }
        let pinnedOffices = offices.filter { o in
            pinned.contains(.gil(process: o + 1)) || snapshot.offices[o].queues.contains(where: isPinned)
        }
        let officeOrder = pinnedOffices + offices.filter { !pinnedOffices.contains($0) }

        let crowded = snapshot.streets.indices.filter { snapshot.streets[$0].line.count > 0 }
        let busyStreets = Array(crowded.prefix(available - 1))
        if available - busyStreets.count < offices.count || busyStreets.count < crowded.count {
            // The last row counts what did not fit, the people outside included.
            let shown = officeOrder.prefix(max(0, available - busyStreets.count - 1)).sorted()
            return busyStreets.map { .street($0) } + shown.map { .office($0) }
                + [.foldedOffices(offices.filter { !shown.contains($0) }, streets: crowded.filter { !busyStreets.contains($0) })]
        }
        var left = available - busyStreets.count - offices.count
        let empty = snapshot.streets.indices.filter { !crowded.contains($0) }
        let streets = (busyStreets + empty.prefix(left)).sorted()
        left -= streets.count - busyStreets.count
        var queueRows: [[OfficeRow]] = offices.map { _ in [] }
        for office in officeOrder where left > 0 {
            let all = snapshot.offices[office].queues
            guard !all.isEmpty else { continue }
            if all.count <= left {
                queueRows[office] = all.indices.map { .queue(office: office, queue: $0) }
                left -= all.count
            } else {
                let order = all.indices.filter { isPinned(all[$0]) } + all.indices.filter { !isPinned(all[$0]) }
                let shown = order.prefix(left - 1).sorted()
                queueRows[office] =
                    shown.map { .queue(office: office, queue: $0) }
                    + [.foldedQueues(office: office, queues: all.indices.filter { !shown.contains($0) })]
                left = 0
            }
        }
        let desks: [OfficeRow] = left > 0 ? [.desks] : []
        return desks + streets.map { .street($0) } + offices.flatMap { [.office($0)] + queueRows[$0] }
    }
}
