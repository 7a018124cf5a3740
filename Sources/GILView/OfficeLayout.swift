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
    /// Offices that did not fit, counted on one row.
    case foldedOffices([Int])
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

    /// The rows drawn, top to bottom, in at most `available` rows.
    static func rows(_ snapshot: OfficeSnapshot, available: Int) -> [OfficeRow] {
        let offices = snapshot.offices.indices
        guard available > 0, !offices.isEmpty else { return [] }
        let crowded = snapshot.streets.indices.filter { snapshot.streets[$0].line.count > 0 }
        let busyStreets = Array(crowded.prefix(available - 1))
        if available - busyStreets.count < offices.count {
            let shown = Array(offices.prefix(available - busyStreets.count - 1))
            return busyStreets.map { .street($0) } + shown.map { .office($0) }
                + [.foldedOffices(Array(offices.dropFirst(shown.count)))]
        }
        var left = available - busyStreets.count - offices.count
        let empty = snapshot.streets.indices.filter { !crowded.contains($0) }
        let streets = (busyStreets + empty.prefix(left)).sorted()
        left -= streets.count - busyStreets.count
        var queueRows: [[OfficeRow]] = offices.map { _ in [] }
        for office in offices where left > 0 {
            let queues = Array(snapshot.offices[office].queues.indices)
            guard !queues.isEmpty else { continue }
            if queues.count <= left {
                queueRows[office] = queues.map { .queue(office: office, queue: $0) }
                left -= queues.count
            } else {
                let shown = queues.prefix(left - 1)
                queueRows[office] = shown.map { .queue(office: office, queue: $0) }
                    + [.foldedQueues(office: office, queues: Array(queues.dropFirst(shown.count)))]
                left = 0
            }
        }
        let desks: [OfficeRow] = left > 0 ? [.desks] : []
        return desks + streets.map { .street($0) } + offices.flatMap { [.office($0)] + queueRows[$0] }
    }
}
