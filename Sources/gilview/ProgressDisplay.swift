import Foundation
import GILCore
import Synchronization

/// Long work's progress on standard error: one line, redrawn in place, with the share done and
/// an estimate of the time left. Only on a terminal and without --quiet, and only once the work
/// has taken a second, so quick commands and pipes stay as they were.
final class ProgressDisplay: Sendable {
    private struct State {
        var fractions: [Double]
        var lastDrawn: ContinuousClock.Instant?
        /// Set by `finish`: a late update (a timer's) draws nothing after the line is cleared.
        var finished = false
    }

    private let label: String
    private let unit: String
    private let start = ContinuousClock.now
    private let state: Mutex<State>

    /// nil when nothing should be shown: `quiet`, or standard error is not a terminal.
    static func onTerminal(label: String, parts: Int, unit: String, quiet: Bool) -> ProgressDisplay? {
        guard !quiet, isatty(STDERR_FILENO) == 1, parts > 0 else { return nil }
        return ProgressDisplay(label: label, parts: parts, unit: unit)
    }

    private init(label: String, parts: Int, unit: String) {
        self.label = label
        self.unit = unit
        state = Mutex(State(fractions: Array(repeating: 0, count: parts)))
    }

    /// Part `part` (a model, a run) is `fraction` done; redraws at most four times a second.
    func update(_ part: Int, _ fraction: Double) {
        let now = ContinuousClock.now
        let line: String? = state.withLock { state in
            state.fractions[part] = fraction
            let elapsed = now - start
            guard !state.finished, elapsed >= .seconds(1), state.lastDrawn.map({ now - $0 >= .milliseconds(250) }) ?? true else {
                return nil
            }
            state.lastDrawn = now
            return Self.text(label: label, unit: unit, fractions: state.fractions, elapsed: elapsed)
        }
        if let line { writeProgressLine(line) }
    }

    /// For work that cannot say how far it is (a Python program): the share of `estimatedSeconds`
    /// elapsed, never quite 100%, four times a second until the timer is cancelled.
    func ticking(estimatedSeconds: Double) -> any DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250))
        timer.setEventHandler { [self] in
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            update(0, min(0.99, seconds / max(estimatedSeconds, 0.001)))
        }
        timer.resume()
        return timer
    }

    /// `update`, as the engine's runs call it.
    var observer: RunsProgressObserver { { [self] run, fraction in update(run, fraction) } }

    /// Clears the line, if one was drawn, before the result is printed.
    func finish() {
        let drawn = state.withLock { state in
            state.finished = true
            return state.lastDrawn != nil
        }
        if drawn { writeProgressLine(nil) }
    }

    /// "report: 42% of 5 models (2 done), about 12 s left"; "verify: run 1 of 2: 40%, about 6 s left".
    static func text(label: String, unit: String, fractions: [Double], elapsed: Duration) -> String {
        let done = fractions.reduce(0, +) / Double(fractions.count)
        let finished = fractions.filter { $0 >= 1 }.count
        var text = "\(label): \(Int(done * 100))%"
        if fractions.count > 1 { text += " of \(fractions.count) \(unit)s (\(finished) done)" }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if done >= 0.01 { text += ", about \(Self.duration(seconds * (1 - done) / done)) left" }
        return text
    }

    private static func duration(_ seconds: Double) -> String {
        seconds < 90
            ? "\(Int(seconds.rounded(.up))) s"
            : seconds < 5400
                ? "\(Int((seconds / 60).rounded())) min"
                : String(format: "%.1f h", seconds / 3600)
    }
}
