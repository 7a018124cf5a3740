import Dispatch
import Foundation
import Synchronization

/// SIGINT, SIGTERM and SIGHUP, turned from "end the process now" into something the input
/// loop picks up, so that the loop ends the curses session before the program exits; and
/// SIGCONT (after Ctrl-Z, `fg`), so that the loop does not count the time it was stopped.
///
/// One watch per process, shared by whoever asks (`watch()`): a second watch of the same
/// signals made while the first lived never saw them (`verify --show`, whose Python runs and
/// dashboard each made one, ignored SIGTERM and outlived its terminal). The signals get their
/// previous handlers back when the last user ends its watch.
final class TerminationSignals: @unchecked Sendable {
    // @unchecked: after init only `received` changes (behind its lock); `previousContinueAction`
    // is read once, by the last user's `cancel()`, under `shared`'s lock.
    private let sources: [DispatchSourceSignal]
    /// What each signal did before, to give it back on `cancel()`.
    private let previousHandlers: [(number: Int32, handler: sighandler_t?)]
    private let received = ReceivedSignals()

    /// The process's watch, made on first use and kept until every user has called `cancel()`.
    /// Take it before `newterm`: ncurses installs its own SIGINT/SIGTERM handlers only when it
    /// finds the default action.
    static func watch() -> TerminationSignals {
        shared.withLock { shared in
            let watch = shared.watch ?? TerminationSignals()
            shared.watch = watch
            shared.users += 1
            return watch
        }
    }

    private static let shared = Mutex<(watch: TerminationSignals?, users: Int)>((nil, 0))

    private init(_ numbers: [Int32] = [SIGINT, SIGTERM, SIGHUP]) {
        // The default action would end the process before the source's handler ran;
        // ignoring the signal stops that and the dispatch source still sees it.
        previousHandlers = numbers.map { ($0, signal($0, SIG_IGN)) }
        let received = received
        sources = numbers.map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { received.append(number) }
            source.resume()
            return source
        }
        // SIGCONT is ignored by default, and an ignored signal is dropped before a dispatch
        // source could see it: a handler of our own notes it instead.
        _ = continued.load(ordering: .relaxed)  // initialised here, not first in the handler
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in continued.store(true, ordering: .relaxed) }
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        sigaction(SIGCONT, &action, &previousContinueAction)
    }

    private var previousContinueAction = sigaction()

    /// The oldest signal received and not taken yet (SIGCONT first).
    func next() -> Int32? {
        if continued.exchange(false, ordering: .relaxed) { return SIGCONT }
        return received.removeFirst()
    }

    /// Ends this user's watch; the last user's stops watching and gives the signals their
    /// previous handlers back.
    func cancel() {
        Self.shared.withLock { shared in
            guard shared.watch === self, shared.users > 0 else { return }
            shared.users -= 1
            guard shared.users == 0 else { return }
            shared.watch = nil
            for source in sources { source.cancel() }
            for (number, handler) in previousHandlers { signal(number, handler) }
            sigaction(SIGCONT, &previousContinueAction, nil)
        }
    }
}

/// Set by the SIGCONT handler: an atomic store is all a signal handler may safely do here.
private let continued = Atomic<Bool>(false)

/// Signal numbers handed from the dispatch queue to the input loop.
private final class ReceivedSignals: @unchecked Sendable {
    // @unchecked: `numbers` is only touched with `lock` held.
    private let lock = NSLock()
    private var numbers: [Int32] = []

    func append(_ number: Int32) {
        lock.withLock { numbers.append(number) }
    }

    func removeFirst() -> Int32? {
        lock.withLock { numbers.isEmpty ? nil : numbers.removeFirst() }
    }
}
