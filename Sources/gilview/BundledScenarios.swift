import Foundation

/// Where the scenarios that ship with gilview are: `GILVIEW_SCENARIOS`, else `./scenarios`,
/// else a `scenarios` (or `share/gilview/scenarios`) directory next to the executable or up to
/// three levels above it — which finds the repository's from `.build/debug/gilview`.
enum BundledScenarios {
    static let environmentVariable = "GILVIEW_SCENARIOS"

    /// The first candidate that is a directory, or nil (with the places tried, for the message).
    static func directory() -> (found: String?, tried: [String]) {
        var tried: [String] = []
        if let configured = ProcessInfo.processInfo.environment[environmentVariable], !configured.isEmpty {
            // Set on purpose: no falling back to another directory behind the user's back.
            return (isDirectory(configured) ? configured : nil, [configured])
        }
        for candidate in ["scenarios"] + besideExecutable() where !tried.contains(candidate) {
            tried.append(candidate)
            if isDirectory(candidate) { return (candidate, tried) }
        }
        return (nil, tried)
    }

    private static func besideExecutable() -> [String] {
        var executables: [URL] = []
        if CommandLine.arguments[0].contains("/") { executables.append(URL(fileURLWithPath: CommandLine.arguments[0])) }
        if let resolved = Bundle.main.executableURL { executables.append(resolved) }
        var candidates: [String] = []
        for executable in executables {
            var directory = executable.deletingLastPathComponent()
            for _ in 0...3 {
                candidates.append(directory.appendingPathComponent("scenarios").standardized.path)
                candidates.append(directory.appendingPathComponent("share/gilview/scenarios").standardized.path)
                directory.deleteLastPathComponent()
            }
        }
        return candidates
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
