import Foundation

/// Puts the terminal back when the process dies of a fatal signal (a crash, a Swift runtime
/// trap, abort), where no `defer` or `deinit` runs: the handler restores the terminal modes
/// saved at start and writes the escape that leaves the alternate screen, then hands the
/// signal to whoever had it before (the default action, or Swift's backtracer), which ends
/// the process.
enum FatalSignalRestore {
    /// SIGILL and SIGTRAP are what Swift runtime traps (fatalError, overflow, a failed
    /// force-unwrap) raise on Linux.
    static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// Installs the handler for `signals`. `savedModes` are the terminal modes to restore on
    /// `ttyDescriptor`; the escape goes to `outputDescriptor`. Call `uninstall()` before
    /// installing again.
    static func install(savedModes: termios, ttyDescriptor: Int32, outputDescriptor: Int32) {
        precondition(state == nil, "the fatal-signal handler is already installed")
        // Reset attributes, leave the alternate screen, show the cursor, and leave the keypad
        // mode keypad(true) turned on (else arrow keys reach the shell as ESC O A).
        let escape = Array("\u{1B}[0m\u{1B}[?1049l\u{1B}[?25h\u{1B}[?1l\u{1B}>".utf8)
        let escapeBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: escape.count)
        escapeBytes.initialize(from: escape, count: escape.count)
        let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: signalTableSize)
        previous.initialize(repeating: sigaction(), count: signalTableSize)

        let prepared = UnsafeMutablePointer<State>.allocate(capacity: 1)
        prepared.initialize(
            to: State(
                ttyDescriptor: ttyDescriptor, outputDescriptor: outputDescriptor, savedModes: savedModes,
                escape: escapeBytes, escapeCount: escape.count, previousActions: previous))
        // Published before any handler can run: the handler only ever sees complete state.
        state = prepared

        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = handleFatalSignal
        // SA_ONSTACK: run on the alternate signal stack when the thread has one (Swift's
        // runtime sets one up), so that a stack overflow can still be handled.
        action.sa_flags = SA_SIGINFO | SA_ONSTACK
        // While one fatal signal is handled, another one (abort after a fault) waits.
        sigemptyset(&action.sa_mask)
        for number in signals { sigaddset(&action.sa_mask, number) }
        for number in signals {
            sigaction(number, &action, &previous[Int(number)])
        }
    }

    /// Gives the fatal signals back to their previous handlers and frees the prepared state.
    static func uninstall() {
        guard let installed = state else { return }
        for number in signals {
            sigaction(number, &installed.pointee.previousActions[Int(number)], nil)
        }
        state = nil
        installed.pointee.escape.deallocate()
        installed.pointee.previousActions.deallocate()
        installed.deinitialize(count: 1)
        installed.deallocate()
    }

    /// Everything the handler needs, allocated and filled before it is installed: a signal
    /// handler may not allocate, lock, or touch reference counts.
    fileprivate struct State {
        var ttyDescriptor: Int32
        var outputDescriptor: Int32
        var savedModes: termios
        var escape: UnsafeMutablePointer<UInt8>
        var escapeCount: Int
        /// Indexed by signal number.
        var previousActions: UnsafeMutablePointer<sigaction>
    }

    /// Room for every signal number in `signals` (all below 32 on Linux and Darwin).
    private static let signalTableSize = 32

    /// Sound without a lock: it is written only by `install` and `uninstall`, on the thread
    /// that owns the curses session, while no handler reading it is installed (install writes
    /// it before the first `sigaction`, uninstall restores the previous handlers before
    /// clearing it); the handler only reads it.
    fileprivate nonisolated(unsafe) static var state: UnsafeMutablePointer<State>?
}

/// The fatal-signal handler. Only async-signal-safe calls: tcsetattr, write, sigaction, raise.
private func handleFatalSignal(
    _ number: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?
) {
    guard let state = FatalSignalRestore.state else {
        signal(number, SIG_DFL)
        raise(number)
        return
    }
    tcsetattr(state.pointee.ttyDescriptor, TCSANOW, &state.pointee.savedModes)
    _ = write(state.pointee.outputDescriptor, state.pointee.escape, state.pointee.escapeCount)
    sigaction(number, &state.pointee.previousActions[Int(number)], nil)
    // The signal is blocked while its handler runs: it is delivered again, to the previous
    // handler, as soon as this one returns.
    raise(number)
}
