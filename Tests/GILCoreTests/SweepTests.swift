import Synchronization
import Testing

@testable import GILCore

/// A sweep's rows are the reports of the file edited by hand; bad keys and values fail clearly.
@Suite struct SweepTests {
    /// The scenario file with `cores`, the threads of "pool" and the switch interval written in.
    static func file(cores: Int = 2, threads: Int = 1, interval: String = "5ms") -> String {
        """
        { "seed": 3, "machine": { "cores": \(cores) },
          "workload": { "arrivals": { "kind": "poisson", "rate": 300 }, "requests": 300,
            "jobs": [ { "name": "view", "steps": [ { "cpu": "2ms" }, { "io": { "exp": "20ms" } } ] } ] },
          "models": [ { "name": "pool", "threads": \(threads), "switch_interval": "\(interval)" },
                      { "name": "loop", "asyncio": true, "switch_interval": "\(interval)" } ] }
        """
    }

    static func parse(_ text: String) throws -> Scenario { try ScenarioLoader.parse(text, file: "sweep.json") }

    @Test func rowsEqualSeparateRunsOfTheEditedFile() throws {
        let axes = [try ScenarioOverride.parseList("cores=1,4"), try ScenarioOverride.parseList("threads=1,3,8")]
        let sweep = try Sweep(scenario: Self.parse(Self.file()), axes: axes)
        #expect(sweep.rows.count == 2 * 3 * 2)
        for cores in [1, 4] {
            for threads in [1, 3, 8] {
                let report = ScenarioReport(running: try Self.parse(Self.file(cores: cores, threads: threads)))
                let rows = sweep.rows.filter { $0.settings.map(\.value) == [.integer(cores), .integer(threads)] }
                #expect(rows.map(\.figures) == report.models, "cores=\(cores) threads=\(threads)")
            }
        }
        // The event loop keeps its one thread: threads does not apply to it.
        #expect(Sweep.appliesTo(.threads, in: try Self.parse(Self.file()), models: [0, 1]) == (["pool"], ["loop"]))
    }

    @Test func durationsAndPickedModels() throws {
        let sweep = try Sweep(
            scenario: Self.parse(Self.file()), axes: [try ScenarioOverride.parseList("switch_interval=1ms,500us")], models: [1])
        #expect(sweep.rows.map(\.model) == [1, 1])
        for (row, interval) in zip(sweep.rows, ["1ms", "500us"]) {
            #expect(row.figures == ScenarioReport(running: try Self.parse(Self.file(interval: interval))).models[1])
        }
        let csv = sweep.csv().split(separator: "\n")
        #expect(csv[0].hasPrefix("switch_interval_ms,model,completed,"))
        #expect(csv[2].hasPrefix("0.5,loop,300,"))
        #expect(sweep.json(title: "t", seed: 3).contains(#""switch_interval": "500us""#))
    }

    @Test func theChartScalesBarsAndReadsInASCII() throws {
        let sweep = try Sweep(scenario: Self.parse(Self.file()), axes: [try ScenarioOverride.parseList("threads=1,8")], models: [0])
        let chart = sweep.chart(ascii: true, barWidth: 10).split(separator: "\n")
        #expect(chart.count == 3)
        #expect(chart.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        // 8 threads has the larger throughput: a full bar; 1 thread the larger p99: a full bar.
        #expect(chart[2].contains("threads=8  ##########"))
        #expect(chart[1].hasSuffix(Format.milliseconds(sweep.rows[0].figures.latency.p99)))
        #expect(chart[1].contains("| ##########"))
        #expect(Sweep.bar(1, of: 2, width: 4, ascii: false) == "██  ")
        #expect(Sweep.bar(1, of: 16, width: 4, ascii: false) == "▎   ")
    }

    @Test(arguments: [
        ("threadz=1,2", "unknown key \"threadz\"; keys that can vary: processes, threads"),
        ("threads", "has no \"=\""),
        ("threads=1,,2", "a value is missing"),
        ("threads=0", "threads=0 is out of range: threads must be from 1 to 4096"),
        ("threads=2.5", "threads needs whole numbers, found \"2.5\""),
        ("switch_interval=5", "duration \"5\" has no unit"),
        ("cores=2,2", "the value 2 is listed twice"),
        ("free_threading_slowdown=0.5", "must be from 1 to 100"),
        ("gil=off", "gil needs true or false, found \"off\""),
    ])
    func badListsSayWhatIsValid(text: String, message: String) {
        #expect(throws: ScenarioOverrideError.self) { try ScenarioOverride.parseList(text) }
        do {
            _ = try ScenarioOverride.parseList(text)
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func overridesThatDoNotFitTheScenarioFail() throws {
        let scenario = try Self.parse(Self.file())
        func message(_ text: String, models: [Int]? = nil) -> String? {
            do {
                _ = try Sweep(scenario: scenario, axes: [try! ScenarioOverride.parseList(text)], models: models)
                return nil
            } catch { return error.message }
        }
        #expect(message("clients=1,2")?.contains("clients applies to closed arrivals; this scenario's are poisson") == true)
        #expect(message("threads=2", models: [1])?.contains("an asyncio model runs one event-loop thread") == true)
        let grid = try Sweep(
            scenario: scenario, axes: [ScenarioOverride.parseList("processes=1"), ScenarioOverride.parseList("threads=2")])
        #expect(grid.rows.count == 2)
        do {
            _ = try Sweep(
                scenario: scenario, axes: [ScenarioOverride.parseList("processes=1024"), ScenarioOverride.parseList("threads=128")])
            Issue.record("131072 threads accepted")
        } catch {
            #expect(
                error.message == "\"pool\" with processes=1024, threads=128: 1024 processes × 128 threads is more than 65536 threads in all"
            )
        }
        #expect(message("rate=100") == nil)
        #expect(ScenarioOverride.Key(named: "machine.cores") == .cores)
        #expect(ScenarioOverride.Key(named: "models.threads") == .threads)
    }
}

/// Progress comes out of a run through the observer the command supplies, without changing it.
struct RunProgressTests {
    /// Every (run, fraction) reported, in order per run.
    final class Recorder: Sendable {
        let seen = Mutex<[Int: [Double]]>([:])
        var observer: RunsProgressObserver { { [self] run, fraction in seen.withLock { $0[run, default: []].append(fraction) } } }
    }

    static let scenario = TestScenarios.scenario(
        arrivals: .poisson(ratePerSecond: 400), size: .requests(20_000),
        jobs: [Job(name: "j", steps: [.cpu(.exponential(mean: Time.millisecond)), .io(.fixed(5 * Time.millisecond))])],
        models: [ModelSpec(name: "one"), ModelSpec(name: "threads", threads: 8)])

    static func checkRising(_ seen: [Int: [Double]], runs: Int) {
        #expect(seen.keys.sorted() == Array(0..<runs))
        for (run, fractions) in seen {
            #expect(fractions.count >= 3, "run \(run) reported only \(fractions)")
            #expect(zip(fractions, fractions.dropFirst()).allSatisfy { $0 <= $1 }, "run \(run): \(fractions)")
            #expect(fractions.last == 1 && fractions.allSatisfy { (0...1).contains($0) })
        }
    }

    @Test func aReportTellsEachModelsProgressAndGivesTheSameFigures() {
        let recorder = Recorder()
        let observed = ScenarioReport(running: Self.scenario, progress: recorder.observer)
        #expect(observed.models == ScenarioReport(running: Self.scenario).models)
        Self.checkRising(recorder.seen.withLock { $0 }, runs: 2)
    }

    @Test func aSweepTellsEachRunsProgress() throws {
        let recorder = Recorder()
        let axes = [try ScenarioOverride.parseList("threads=2,4")]
        let observed = try Sweep(scenario: Self.scenario, axes: axes, models: [1], progress: recorder.observer)
        #expect(observed.rows.map(\.figures) == (try Sweep(scenario: Self.scenario, axes: axes, models: [1])).rows.map(\.figures))
        Self.checkRising(recorder.seen.withLock { $0 }, runs: 2)
    }
}
