import Dispatch
import Foundation
import GILCore
import Synchronization

/// Where an export goes: standard output (`-`), or a file written through a temporary file in
/// the same directory and renamed into place once complete, so that a failed or interrupted
/// export leaves no partial file (and an existing one stays as it was). A path that is not a
/// regular file (`/dev/null`, a FIFO) is written in place.
final class ExportFile {
    let path: String
    /// The option that named it, for messages: "--trace".
    let option: String
    private var descriptor: Int32
    /// The temporary file, and the path it is renamed to.
    private let staging: (temporary: String, target: String)?

    var isStandardOutput: Bool { path == "-" }

    /// Opens the destination now, so that an unwritable one is refused before the run.
    init(_ path: String, option: String) throws(ExportError) {
        self.path = path
        self.option = option
        if path == "-" {
            descriptor = STDOUT_FILENO
            staging = nil
            return
        }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            guard info.st_mode & S_IFMT != S_IFDIR else {
                throw ExportError(
                    "\(option) \(path): is a directory; give a file to write, like \(path.hasSuffix("/") ? path : path + "/")\(option.dropFirst(2)).\(Self.extensions[option] ?? "out")"
                )
            }
            descriptor = open(path, O_WRONLY | O_TRUNC)
            guard descriptor >= 0 else { throw Self.failure(option, path, "cannot open it") }
            staging = nil
            return
        }
        if access(path, F_OK) == 0, access(path, W_OK) != 0 {
            throw Self.failure(option, path, "the file exists and cannot be written")
        }
        // A link to a file: the file it names is replaced, not the link.
        let target =
            lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
            ? URL(fileURLWithPath: path).resolvingSymlinksInPath().path : path
        let directory = URL(fileURLWithPath: target).deletingLastPathComponent().path
        var template = Array("\(directory)/.\(URL(fileURLWithPath: target).lastPathComponent).XXXXXX".utf8CString)
        descriptor = mkstemp(&template)
        guard descriptor >= 0 else {
            let reason = errno
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue
            errno = reason
            throw Self.failure(option, path, exists ? "cannot create a file in \(directory)" : "the directory \(directory) does not exist")
        }
        fchmod(descriptor, 0o644)
        let temporary = String(cString: template)
        staging = (temporary, target)
        TemporaryFiles.shared.add(temporary)
    }

    private static let extensions = ["--trace": "json", "--csv": "csv", "--svg": "svg"]

    private static func failure(_ option: String, _ path: String, _ what: String) -> ExportError {
        ExportError("\(option) \(path): \(what) (\(String(cString: strerror(errno))))")
    }

    /// Writes every byte; a failure names the file and says why.
    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                if isStandardOutput { throw StandardOutputFailure(reason: String(cString: strerror(errno))) }
                throw Self.failure(option, path, "cannot write it")
            }
            offset += written
        }
    }

    /// Puts the complete file in place.
    func commit() throws(ExportError) {
        guard !isStandardOutput else { return }
        let closed = close(descriptor)
        descriptor = -1
        guard let staging else {
            if closed != 0 { throw Self.failure(option, path, "cannot write it") }
            return
        }
        defer { TemporaryFiles.shared.remove(staging.temporary) }
        guard closed == 0, rename(staging.temporary, staging.target) == 0 else {
            let failure = Self.failure(option, path, closed != 0 ? "cannot write it" : "cannot put it in place")
            unlink(staging.temporary)
            throw failure
        }
    }

    /// Gives up: removes the temporary file; an existing file at the path stays as it was.
    func discard() {
        if !isStandardOutput, descriptor >= 0 { close(descriptor) }
        descriptor = -1
        if let staging {
            unlink(staging.temporary)
            TemporaryFiles.shared.remove(staging.temporary)
        }
    }
}

/// Standard output could not be written (exit 74, as for every command).
struct StandardOutputFailure: Error {
    var reason: String
}

/// The temporary files of exports under way, removed when Ctrl-C, SIGTERM or SIGHUP ends gilview
/// (which then exits 130, 143 or 129, as the dashboard does).
final class TemporaryFiles: Sendable {
    static let shared = TemporaryFiles()
    private let paths = Mutex<Set<String>>([])
    private let watching = Mutex<[DispatchSourceSignal]>([])

    func add(_ path: String) {
        paths.withLock { _ = $0.insert(path) }
        watching.withLock { sources in
            guard sources.isEmpty else { return }
            sources = [SIGINT, SIGTERM, SIGHUP].map { number in
                // Ignored, so that the dispatch source, not the default action, sees it.
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [self] in
                    for path in paths.withLock({ $0 }) { unlink(path) }
                    writeError("gilview: interrupted; the exports under way were not written")
                    Foundation.exit(128 + number)
                }
                source.resume()
                return source
            }
        }
    }

    func remove(_ path: String) {
        paths.withLock { _ = $0.remove(path) }
    }
}
