import Foundation
import GILCore
import GILView

/// Watches the dashboard's scenario files by polling `stat` a few times a second (no inotify:
/// portable, and a save by rename is just a new inode), and reads a file again once its change
/// has settled.
struct ScenarioWatcher {
    /// How often the files are looked at; a change shows after one to two of these.
    static let intervalMilliseconds = 200
    static let interval: Duration = .milliseconds(intervalMilliseconds)

    private let paths: [String]
    private var detectors: [FileChangeDetector]
    private var lastPoll: ContinuousClock.Instant

    /// - Parameter stamps: each file's stamp taken before it was first read.
    init(paths: [String], stamps: [FileStamp?], now: ContinuousClock.Instant) {
        self.paths = paths
        detectors = stamps.map(FileChangeDetector.init(read:))
        lastPoll = now
    }

    /// The files that changed since they were last read, read again (at most once per `interval`).
    mutating func changes(now: ContinuousClock.Instant) -> [(source: Int, result: Result<Scenario, ScenarioError>)] {
        guard now - lastPoll >= Self.interval else { return [] }
        lastPoll = now
        return paths.indices.compactMap { i in
            guard detectors[i].observe(Self.stamp(paths[i])) else { return nil }
            let path = paths[i]
            return (i, Result { () throws(ScenarioError) in try ScenarioLoader.loadTitled(path: path) })
        }
    }

    static func stamp(_ path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileStamp(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            changed: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec))
    }
}

/// Saves a tweaked scenario, or the lanes' picture, beside its file under a name no file has yet
/// (`O_EXCL`: even a file created meanwhile is never overwritten); returns what to tell the user.
enum TweakedScenarioSaver {
    static func save(_ contents: String, beside path: String) -> String {
        save(contents, beside: path, names: TweakedFileName.candidate, what: "the tweaked scenario")
    }

    static func savePicture(_ svg: String, beside path: String) -> String {
        save(svg, beside: path, names: PictureFileName.candidate, what: "the lanes' picture")
    }

    private static func save(_ contents: String, beside path: String, names: (String, Int) -> String, what: String) -> String {
        for attempt in 1...1000 {
            let target = names(path, attempt)
            let descriptor = open(target, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if descriptor < 0 {
                if errno == EEXIST { continue }
                return "cannot save \(target): \(String(cString: strerror(errno)))"
            }
            let bytes = Array(contents.utf8)
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
            guard written == bytes.count else { return "cannot save \(target): the write was cut short" }
            return "saved \(what) to \(target)"
        }
        return "cannot save: \(names(path, 1)) and 999 more names are taken"
    }
}
