/// What `stat` says about a file, enough to notice any save: in place (size, modification
/// time) or by renaming a new file over the old one (device and inode).
public struct FileStamp: Sendable, Equatable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    /// Modification and status-change times, in nanoseconds.
    public var modified: Int64
    public var changed: Int64

    public init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }
}

/// Decides, from a file's stamp polled a few times a second, when to read it again.
///
/// A new stamp is read only once two polls in a row agree on it: an editor half-way through
/// writing, or through a save by rename (old file moved away, new one not yet in place), is
/// left to finish. A missing file (nil) is a stamp like any other, so a file deleted for good
/// is read — and reported — once, and read again when it comes back.
public struct FileChangeDetector: Sendable {
    /// The stamp of the version last read.
    public private(set) var read: FileStamp?
    private var settling: FileStamp??

    /// - Parameter read: the stamp taken just before the file was first read.
    public init(read: FileStamp?) {
        self.read = read
    }

    /// Takes the stamp seen now; true when the file should be read again.
    public mutating func observe(_ stamp: FileStamp?) -> Bool {
        if stamp == read {
            settling = nil
            return false
        }
        guard settling == .some(stamp) else {
            settling = .some(stamp)
            return false
        }
        read = stamp
        settling = nil
        return true
    }
}
