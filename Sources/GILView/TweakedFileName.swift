import Foundation

/// Where `w` saves a tweaked scenario: a new file beside the original, never the original.
public enum TweakedFileName {
    /// `dir/io_bound.json` → `dir/io_bound.tweaked.json` (attempt 1), `dir/io_bound.tweaked-2.json`, …;
    /// a file that is itself a tweak (`io_bound.tweaked-2.json`) gives `io_bound.tweaked-3.json` and on.
    public static func candidate(for path: String, attempt: Int) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let directory = path[..<slash]
        var name = path[slash...]
        var ext = ".json"
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            ext = String(name[dot...])
            name = name[..<dot]
        }
        var first = 1
        if let marker = name.range(of: ".tweaked", options: .backwards) {
            let suffix = name[marker.upperBound...]
            if suffix.isEmpty {
                name = name[..<marker.lowerBound]
                first = 2
            } else if suffix.first == "-", let n = Int(suffix.dropFirst()), n >= 2 {
                name = name[..<marker.lowerBound]
                first = n + 1
            }
        }
        let number = first + attempt - 1
        return "\(directory)\(name).tweaked\(number == 1 ? "" : "-\(number)")\(ext)"
    }
}
