import Testing
@testable import GILCore

/// Each verdict rule fires on the case it describes and on no other; its sentence follows the numbers.
@Suite struct VerdictTests {
    typealias S = TestScenarios
    static let python = Job(name: "crunch", steps: [.cpu(.fixed(S.ms(50)))])
    static let page = Job(name: "page", steps: [.cpu(.fixed(S.ms(1))), .io(.fixed(S.ms(50))), .cpu(.fixed(S.ms(1)))])

    /// The rules that fired for the second model against the first.
    static func rules(_ scenario: Scenario) -> (Set<Verdict.Rule>, [String]) {
        let c = ComparisonTests.compare(scenario).1
        let found = c.verdicts.filter { $0.model == 1 }
        return (Set(found.map(\.rule)), found.map(\.text))
    }

    @Test func threadsRunningPythonAreNoFaster() {
        let (rules, texts) = Self.rules(S.scenario(size: .requests(16), jobs: [Self.python],
            models: [ModelSpec(name: "1 thread"), ModelSpec(name: "4 threads", threads: 4)]))
        #expect(rules == [.noFaster, .gilWait], "\(texts)")
        #expect(texts.contains { ($0.hasPrefix("4 threads: no faster than 1 thread (0.9") || $0.hasPrefix("4 threads: no faster than 1 thread (1.0")) && $0.contains("the GIL lets one thread") }, "\(texts)")
    }

    @Test func threadsOverlappingIOAreFasterAndTheGILIsNotTheLimit() {
        let (rules, texts) = Self.rules(S.scenario(size: .requests(80), jobs: [Self.page],
            models: [ModelSpec(name: "1 thread"), ModelSpec(name: "8 threads", threads: 8)]))
        #expect(rules == [.faster], "\(texts)")
        #expect(texts[0].contains("the GIL is not the limit"))
        #expect(texts[0].contains("8 threads: 7.") || texts[0].contains("8 threads: 8."), "\(texts)")
    }

    @Test func processesScaleAndCostMemory() {
        let (rules, texts) = Self.rules(S.scenario(cores: 4, size: .requests(16), jobs: [Self.python],
            models: [ModelSpec(name: "1 process"), ModelSpec(name: "4 processes", processes: 4)]))
        #expect(rules == [.faster, .coresBusy], "\(texts)")
        #expect(texts[0] == "4 processes: 4.0× the throughput of 1 process; 4 processes, each with its own GIL, for 4.0× the memory (164MB against 41MB)")
    }

    @Test func blockingCallsStallTheEventLoop() {
        let blocking = Job(name: "view", steps: [.cpu(.fixed(S.ms(1))), .blocking(.fixed(S.ms(20)))])
        let scenario = S.scenario(arrivals: .uniform(interval: .fixed(S.ms(10))), size: .requests(50), jobs: [blocking],
            models: [ModelSpec(name: "8 threads", threads: 8), ModelSpec(name: "asyncio", asyncio: true)])
        let (rules, texts) = Self.rules(scenario)
        #expect(rules.contains(.loopStalled), "\(texts)")
        #expect(!rules.contains(.gilWait) && !rules.contains(.coresBusy))
        // The same step awaited stalls nothing.
        var awaited = scenario
        awaited.workload.jobs[0].steps[1] = .io(.fixed(S.ms(20)))
        #expect(!Self.rules(awaited).0.contains(.loopStalled))
    }

    @Test func modelsThatBothKeepUpAreComparedByLatency() {
        let (rules, texts) = Self.rules(S.scenario(arrivals: .uniform(interval: .fixed(S.ms(100))), size: .requests(30),
            jobs: [Self.page], models: [ModelSpec(name: "1 thread"), ModelSpec(name: "2 threads", threads: 2)]))
        #expect(rules == [.keepsUp], "\(texts)")
        #expect(texts[0].hasPrefix("2 threads: keeps up with the arrivals like 1 thread"))
    }

    @Test func theSentenceFollowsTheNumbers() {
        let scenario = S.scenario(size: .requests(16), jobs: [Self.python],
            models: [ModelSpec(name: "1 thread"), ModelSpec(name: "4 threads", threads: 4)])
        var c = ComparisonTests.compare(scenario).1
        let base = c.models[0].throughputPerSecond
        c.models[1].throughputPerSecond = base * 6.9
        #expect(c.relativeVerdict(1)?.rule == .faster)
        #expect(c.relativeVerdict(1)?.text.hasPrefix("4 threads: 6.9× the throughput of 1 thread") == true)
        c.models[1].throughputPerSecond = base * 3
        #expect(c.relativeVerdict(1)?.text.hasPrefix("4 threads: 3.0× the throughput") == true)
        c.models[1].throughputPerSecond = base * 0.5
        #expect(c.relativeVerdict(1)?.rule == .slower)
        #expect(c.relativeVerdict(1)?.text.hasPrefix("4 threads: 0.50× the throughput of 1 thread, slower") == true)
        c.models[1].cpuUtilization = 0.95
        #expect(c.coresBusyVerdict(1)?.text == "4 threads: the 4 cores are 95% busy: more workers will not help, more cores would")
        c.models[1].cpuUtilization = 0.5
        #expect(c.coresBusyVerdict(1) == nil)
    }

    @Test func theBaselineGetsNoRelativeVerdict() {
        let c = ComparisonTests.compare(S.scenario(size: .requests(16), jobs: [Self.python],
            models: [ModelSpec(name: "1 thread"), ModelSpec(name: "4 threads", threads: 4)]), baseline: 1).1
        #expect(c.relativeVerdict(1) == nil)
        #expect(c.relativeVerdict(0)?.text.hasPrefix("1 thread: as fast as 4 threads") == true)
    }
}
