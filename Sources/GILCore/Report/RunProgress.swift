/// Told how far one run has come, as a fraction from 0 to 1 of its work: the request count, or
/// the simulated duration. Called from the thread running it, every `RunProgress.interval` events.
public typealias RunProgressObserver = @Sendable (_ fraction: Double) -> Void

/// Told how far each of several runs done side by side (a report's models, a sweep's runs) has come.
public typealias RunsProgressObserver = @Sendable (_ run: Int, _ fraction: Double) -> Void

public enum RunProgress {
    /// Events between two reports: about a millisecond of engine work, so the observer costs
    /// nothing measurable and a display still moves several times a second.
    public static let interval = 1 << 14
}

extension ModelSimulation {
    /// Runs to the end like `runToCompletion`, telling `observer` the fraction done as it goes.
    mutating func runToCompletion(reporting observer: RunProgressObserver, size: Workload.Size) {
        var sinceReport = 0
        while step() {
            sinceReport += 1
            guard sinceReport == RunProgress.interval else { continue }
            sinceReport = 0
            observer(fractionDone(size: size))
        }
        observer(1)
    }

    /// How far the run has come, from 0 to 1: requests completed, or simulated time.
    func fractionDone(size: Workload.Size) -> Double {
        let fraction =
            switch size {
            case .requests(let total): Double(requestCounts.completed) / Double(max(total, 1))
            case .duration(let duration): Double(now) / Double(max(duration, 1))
            }
        return min(max(fraction, 0), 1)
    }
}
