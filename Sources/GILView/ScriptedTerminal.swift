import Foundation

/// A terminal for tests: plays a script of keys, waits, resizes, signals and stops to the run
/// loop, and keeps every frame. Its clock is the real time since it was made (work takes the
/// time it takes) plus the script's waits and stops, which take none.
public final class ScriptedTerminal: TerminalBackend {
    public enum Step: Equatable, Sendable {
        case key(Key)
        /// Nothing happens for this long.
        case wait(milliseconds: Int)
        case resize(columns: Int, rows: Int)
        /// SIGINT arrives as Ctrl-C, as the curses terminal reports it.
        case signal(Int32)
        /// Stopped (Ctrl-Z) for this long, then continued.
        case stopped(seconds: Double)
    }

    public private(set) var frames: [CellGrid] = []
    public private(set) var size: (columns: Int, rows: Int)
    public var now: Double { skipped + Self.seconds(clock.now - start) }
    /// The waits and stops played so far.
    private var skipped: Double = 0
    /// When the wait being played ends.
    private var waitEnd: Double?
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    /// What is left of the script. When it runs out, the terminal reports SIGHUP, as a closed
    /// terminal would: a loop that never ends cannot hang a test.
    public private(set) var script: [Step]

    public init(columns: Int, rows: Int, script: [Step]) {
        size = (columns, rows)
        self.script = script
        start = clock.now
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    public func present(_ grid: CellGrid) {
        frames.append(grid)
    }

    public func nextEvent(timeoutMilliseconds: Int?) -> TerminalEvent? {
        while let step = script.first {
            switch step {
            case .wait(let milliseconds):
                // Over once the clock has moved on by that much: skipped while the loop waits
                // for input, spent for real while it works.
                let end = waitEnd ?? now + Double(milliseconds) / 1000
                let left = end - now
                guard left > 0 else {
                    waitEnd = nil
                    script.removeFirst()
                    continue
                }
                waitEnd = end
                guard let timeoutMilliseconds else {
                    skipped += left
                    continue
                }
                skipped += min(left, Double(timeoutMilliseconds) / 1000)
                return nil
            case .key(let key):
                script.removeFirst()
                return .key(key)
            case .resize(let columns, let rows):
                script.removeFirst()
                size = (columns, rows)
                return .resize
            case .signal(let number):
                script.removeFirst()
                return number == SIGINT ? .key(.ctrlC) : .terminate(signal: number)
            case .stopped(let seconds):
                script.removeFirst()
                skipped += seconds
                return .resumed
            }
        }
        return .terminate(signal: SIGHUP)
    }
}
