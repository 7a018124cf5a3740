import Foundation

/// The scenario files of a directory, in teaching order, each with its title and description —
/// or, for a file that does not load, its problems. What the picker lists.
public struct ScenarioLibrary: Sendable {
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var fileName: String
        /// The scenario's title, or its file name when it has none or does not load.
        public var title: String
        public var description: String
        /// Every problem of a file that does not load, compiler style; nil when it loads.
        public var problem: String?

        public init(path: String, fileName: String, title: String, description: String, problem: String? = nil) {
            self.path = path
            self.fileName = fileName
            self.title = title
            self.description = description
            self.problem = problem
        }
    }

    public var directory: String
    public var entries: [Entry]

    /// The order the lesson goes through the bundled scenarios (docs/teaching.md, "A 20-minute
    /// lesson"): the analogy, the GIL's basic facts, asyncio, Django deployments, then the escapes
    /// from the GIL and the myths. Files not named here follow, by file name.
    public static let teachingOrder = [
        "ticket_office", "cpu_bound", "io_bound", "convoy_effect", "native_releases_gil", "blocking_in_async",
        "asyncio_offload", "django_sync_workers", "django_gthread", "django_keepalive", "django_asgi", "celery_offload",
        "multiprocessing_small_tasks", "free_threading", "myths",
    ]

    public init(directory: String, entries: [Entry]) {
        self.directory = directory
        self.entries = entries
    }

    /// Loads every `.json` file of `directory` (not its subdirectories). A file that does not
    /// load is listed with its problems; only an unreadable directory throws.
    public init(directory: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
        let entries = names.map { name -> Entry in
            // Joined as given, so that a relative directory gives relative paths in messages.
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            do throws(ScenarioError) {
                let scenario = try ScenarioLoader.loadTitled(path: path)
                return Entry(path: path, fileName: name, title: scenario.title, description: scenario.description)
            } catch {
                return Entry(path: path, fileName: name, title: name, description: "", problem: error.description)
            }
        }
        self.init(directory: directory, entries: Self.sorted(entries))
    }

    /// Teaching order first, then the rest by file name.
    static func sorted(_ entries: [Entry]) -> [Entry] {
        func rank(_ entry: Entry) -> Int {
            let stem = entry.fileName.hasSuffix(".json") ? String(entry.fileName.dropLast(5)) : entry.fileName
            return teachingOrder.firstIndex(of: stem) ?? teachingOrder.count
        }
        return entries.sorted { (rank($0), $0.fileName) < (rank($1), $1.fileName) }
    }

    /// One line per file: its name and title (or "invalid: " and its first problem), for a
    /// terminal that cannot show the picker.
    public func listing() -> String {
        let names = entries.map { terminalSafe($0.fileName) }
        let width = names.map(\.count).max() ?? 0
        return zip(entries, names).map { entry, name in
            let firstProblem = entry.problem?.split(separator: "\n").first.map { "invalid: " + $0 }
            return name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + terminalSafe(firstProblem ?? entry.title)
        }.joined(separator: "\n")
    }
}

extension ScenarioLoader {
    /// Loads the file at `path`; a scenario without a title takes the file's name.
    public static func loadTitled(path: String) throws(ScenarioError) -> Scenario {
        var scenario = try load(path: path)
        if scenario.title.isEmpty { scenario.title = URL(fileURLWithPath: path).lastPathComponent }
        return scenario
    }
}
