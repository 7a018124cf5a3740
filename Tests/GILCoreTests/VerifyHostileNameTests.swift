import Foundation
import Testing

@testable import GILCore

/// Names from a scenario reach the Python program `gilview verify` runs. Whoever wrote the file,
/// the program must only ever see them as data: these names try every way out of a Python string
/// (closing quotes, a trailing backslash, newlines of every kind, NUL, bidirectional overrides),
/// each carrying code that would leave a marker file if it ever ran.
struct VerifyHostileNameTests {
    /// Code that touches `marker` when run, wrapped in each escape a string literal could fall to.
    static func hostileNames(marker: String) -> [String] {
        let code = "__import__('os').system('touch \(marker)')"
        return [
            "\nif 1:\n    \(code)\n#\\",  // ends a """docstring""" with its backslash
            "x\"\"\"\n\(code)\n\"\"\"",  // closes a """string"""
            "x'''\n\(code)\n'''",  // closes a '''string'''
            "x\"; \(code); \"",  // closes a "string"
            "x'; \(code); '",  // closes a 'string'
            "x\\",  // a lone trailing backslash
            "x\r\(code)\r#",  // old Mac newline
            "x\u{2028}\(code)\u{2029}\u{85}\u{0C}#",  // Unicode line and paragraph separators
            "x\u{0}\(code)",  // NUL
            "x\u{202E}\(code)\u{202C}\u{1B}[2J\u{7}",  // right-to-left override, ESC, BEL
            "{name} %s \\N{BULLET} \\x41 \\u0041 é 🐍",  // format and escape look-alikes
        ]
    }

    @Test func literalsArePrintableASCIIAlone() {
        for name in Self.hostileNames(marker: "/nonexistent") {
            let literal = PythonLiteral.string(name)
            #expect(literal.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }, "\(literal)")
            #expect(literal.hasPrefix("\"") && literal.hasSuffix("\""))
        }
        #expect(PythonLiteral.float(.infinity) == "float(\"inf\")")
        #expect(PythonLiteral.float(2) == "2.0")
    }

    /// The generated program, run for real: no marker appears, and what Python reads back —
    /// model names it reports, pool names it uses, job names as its functions' docstrings — is
    /// each name exactly, scalar for scalar.
    @Test(.enabled(if: VerifyProgramRunTests.python3 != nil, "python3 is not installed: the generated program is not run"))
    func hostileNamesReachPythonAsDataOnly() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gilview-hostile-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        let marker = directory.appendingPathComponent("ran-code-from-the-scenario").path
        let names = Self.hostileNames(marker: marker)

        let ms = Time.millisecond
        let pool = names[0], workers = names[1]
        var scenario = TestScenarios.scenario(
            cores: 2, arrivals: .uniform(interval: .fixed(ms)), size: .requests(2),
            jobs: names.map {
                Job(
                    name: $0,
                    steps: [
                        .cpu(.fixed(ms / 10)), .hold(pool: pool, steps: [.io(.fixed(ms / 10))]),
                        .enqueue(pool: workers, steps: [.io(.fixed(ms / 10))]),
                    ])
            },
            models: names.map { ModelSpec(name: $0) })
        scenario.title = names[2]
        scenario.connectionPools = [ConnectionPool(name: pool, size: 1)]
        scenario.workerPools = [WorkerPool(name: workers, size: .init(processes: 1, threads: 1))]
        let program = try VerifyPlan(scenario: scenario, calibration: VerifyTranslationTests.calibration).program.text

        let run = try MeasuredRun(output: VerifyProgramRunTests.run(program))
        #expect(!FileManager.default.fileExists(atPath: marker), "the program ran code taken from a name")
        #expect(run.models.map(\.name) == names)
        #expect(run.models.allSatisfy { $0.skipped == nil && $0.tasks.map(\.pool) == [workers] })

        // The functions' docstrings and the pools' keys, as Python parses the program.
        let readBack = try VerifyProgramRunTests.run(
            program,
            script: """
                import ast, json, sys
                tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
                docs = {f.name: ast.get_docstring(f, clean=False) for f in tree.body
                        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name.startswith(("job_", "async_job_"))}
                print(json.dumps(docs))
                """)
        let docstrings = try JSONDecoder().decode([String: String].self, from: Data(readBack.utf8))
        for (k, name) in names.enumerated() {
            #expect(docstrings["job_\(k)"] == name)
            #expect(docstrings["async_job_\(k)"] == name)
        }
    }
}
