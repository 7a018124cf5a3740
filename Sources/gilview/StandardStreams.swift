import Foundation
import GILCore

/// Every text gilview prints goes through here: made terminal-safe (a scenario's names cannot
/// drive the terminal), and written with its failure noticed. `print` would drop a failed write
/// (a full disk, a closed pipe) and exit 0; FileHandle traps on a closed standard error.

/// Writes `text` and a line break to standard output; a failed write ends gilview with a message
/// and `writeFailureStatus`, so `gilview report f.json > /dev/full` does not pretend to succeed.
func writeOutput(_ text: String, terminator: String = "\n") {
    let bytes = Array((terminalSafe(text, keepingLayout: true) + terminator).utf8)
    if let failure = writeAll(bytes, to: STDOUT_FILENO) {
        writeError("gilview: cannot write the output: \(failure)")
        Foundation.exit(writeFailureStatus)
    }
}

/// Writes `text` and a line break to standard error; if even that fails (closed with `2>&-`),
/// there is nowhere left to say so, and the exit status carries the outcome.
func writeError(_ text: String) {
    _ = writeAll(Array((terminalSafe(text, keepingLayout: true) + "\n").utf8), to: STDERR_FILENO)
}

/// Draws `text` over the current line of standard error (nil: clears it): carriage return and
/// erase-to-end-of-line are gilview's own control codes; the text itself is made terminal-safe.
func writeProgressLine(_ text: String?) {
    _ = writeAll(Array(("\r" + (text.map { terminalSafe($0) } ?? "") + "\u{1B}[K").utf8), to: STDERR_FILENO)
}

/// The exit status when the output cannot be written (sysexits' EX_IOERR).
let writeFailureStatus: Int32 = 74

/// Writes every byte, retrying short writes and interruptions; the error's text on failure.
private func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written < 0 {
            if errno == EINTR { continue }
            return String(cString: strerror(errno))
        }
        offset += written
    }
    return nil
}
