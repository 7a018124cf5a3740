/// The one run loop of every screen: draw, wait for an event, let the wall time that passed
/// move the screen on, handle the event, then do the frame's work in slices — looking at the
/// keyboard and signals between slices, and drawing when the frame's time is up — so that a
/// frame with a huge amount of work still answers q, Ctrl-C and termination signals at once.
/// The simulation falls behind rather than the keyboard.
public enum TerminalRunLoop {
    public enum End<Ending> {
        /// A key ended the loop.
        case ended(Ending)
        /// SIGTERM or SIGHUP: the caller shuts the terminal down and exits 128 + signal.
        case terminated(signal: Int32)
    }

    /// About 30 frames a second while animating.
    static let frameMilliseconds = 33
    /// The most wall time a frame spends on work before it is drawn.
    static let frameWorkSeconds = 0.025

    public static func run<Screen: TerminalScreen>(_ screen: inout Screen, on terminal: some TerminalBackend)
        -> End<Screen.Ending>
    {
        var last = terminal.now
        var needsDrawing = true
        var busy = false
        var sliceSeconds: Double?
        var size: (columns: Int, rows: Int)?
        while true {
            if needsDrawing || screen.isAnimating {
                let (columns, rows) = terminal.size
                if size.map({ $0 != (columns, rows) }) ?? true {
                    size = (columns, rows)
                    screen.resize(width: columns, height: rows)
                }
                terminal.present(screen.render(width: columns, height: rows))
            }
            let wait = busy ? 0 : screen.isAnimating ? frameMilliseconds : screen.idleWaitMilliseconds
            var event = terminal.nextEvent(timeoutMilliseconds: wait)
            // The stopped time (Ctrl-Z until fg) is no time the user watched.
            if event == .resumed { last = terminal.now }
            let now = terminal.now
            let wasAnimating = screen.isAnimating
            screen.elapse(wallSeconds: now - last)
            last = now
            needsDrawing = wasAnimating || screen.poll()

            let deadline = terminal.now + frameWorkSeconds
            busy = false
            while true {
                if let happened = event {
                    event = nil
                    needsDrawing = true
                    switch happened {
                    case .key(let key):
                        if let ending = screen.respond(to: key) { return .ended(ending) }
                    case .terminate(let signal):
                        return .terminated(signal: signal)
                    case .mouse(let mouse):
                        let (columns, rows) = terminal.size
                        screen.respond(to: mouse, width: columns, height: rows)
                    case .resize, .resumed:
                        break
                    }
                }
                guard terminal.now < deadline else {
                    busy = true
                    break
                }
                let start = terminal.now
                let more = screen.work(previousSliceSeconds: sliceSeconds)
                sliceSeconds = terminal.now - start
                guard more else { break }
                needsDrawing = true
                event = terminal.nextEvent(timeoutMilliseconds: 0)
            }
        }
    }
}
