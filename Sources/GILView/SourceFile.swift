import Foundation
import GILCore

/// A scenario file the dashboard shows: where it is, what the screen calls it, and what it held
/// when last read without error.
public struct SourceFile: Sendable, Equatable {
    public var path: String
    /// The file's name, or its path as given when two files share a name.
    public var label: String
    public var scenario: Scenario

    public init(path: String, label: String? = nil, scenario: Scenario) {
        self.path = path
        self.label = label ?? URL(fileURLWithPath: path).lastPathComponent
        self.scenario = scenario
    }

    /// Files labelled by name, or by path where names collide (`a/x.json`, `b/x.json`).
    public static func labelled(_ files: [(path: String, scenario: Scenario)]) -> [SourceFile] {
        let names = files.map { URL(fileURLWithPath: $0.path).lastPathComponent }
        return zip(files, names).map { file, name in
            SourceFile(
                path: file.path, label: names.filter { $0 == name }.count > 1 ? file.path : name,
                scenario: file.scenario)
        }
    }
}

/// A model of the dashboard: which file, and the model's name in it (names are unique in a
/// file, and survive a reload that reorders the models).
public struct ModelID: Hashable, Sendable {
    public var source: Int
    public var name: String

    public init(source: Int, name: String) {
        self.source = source
        self.name = name
    }
}
