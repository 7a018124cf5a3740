import Testing

@testable import GILCore

/// `ModelSimulation.inspect(thread:)`: who a waiting thread waits for, from the engine's state.
struct InspectTests {
    static let ms = TestScenarios.ms

    /// Steps `simulation` until `condition` holds of it (or the run ends).
    static func run(_ simulation: inout ModelSimulation, until condition: (ModelSimulation) -> Bool) -> Bool {
        while !condition(simulation) {
            guard simulation.step() else { return false }
        }
        return true
    }

    @Test func aGILWaiterNamesTheHolderItsWorkAndWhenItAsksForADrop() throws {
        // The convoy: a CPU-bound request and an I/O loop on two threads of one process.
        let scenario = TestScenarios.scenario(
            jobs: [
                Job(name: "crunch", mix: .count(1), steps: [.cpu(.fixed(Self.ms(100)))]),
                Job(
                    name: "ioloop", mix: .count(1),
                    steps: [.repeat(count: 10, steps: [.io(.fixed(Self.ms(1))), .cpu(.fixed(Self.ms(0.1)))])]),
            ],
            models: [ModelSpec(name: "2 threads", threads: 2)])
        var simulation = ModelSimulation(scenario: scenario, model: 0)
        let found = Self.run(&simulation) { $0.threadSnapshots.contains { $0.activity == .gilWait } }
        try #require(found)
        let waiter = try #require(simulation.threadSnapshots.firstIndex { $0.activity == .gilWait })
        let inspection = simulation.inspect(thread: waiter)
        let holder = try #require(inspection.gilHolder)
        #expect(holder != waiter && simulation.threadSnapshots[holder].holdsGIL)
        #expect(inspection.gilHolderWork == WorkDescription(request: 1, job: "crunch", step: "cpu"))
        #expect(inspection.work?.job == "ioloop" && inspection.work?.step == "cpu")
        // It started waiting now: it asks for a drop one switch interval later.
        #expect(inspection.dropRequestAt == simulation.now + PythonSettings.defaultSwitchInterval)
        #expect(inspection.waitersAhead == 0 && !inspection.dropRequestPending)
        #expect(inspection.coreHolders.isEmpty && inspection.loopBlocker == nil)
    }

    @Test func aThreadWithoutACoreNamesTheThreadsOnTheCores() throws {
        let scenario = TestScenarios.scenario(
            cores: 1, size: .requests(2), jobs: [Job(name: "crunch", steps: [.cpu(.fixed(Self.ms(50)))])],
            models: [ModelSpec(name: "2 processes", processes: 2)])
        var simulation = ModelSimulation(scenario: scenario, model: 0)
        try #require(Self.run(&simulation) { $0.threadSnapshots.contains { $0.activity == .noCore } })
        let waiter = try #require(simulation.threadSnapshots.firstIndex { $0.activity == .noCore })
        let running = try #require(simulation.threadSnapshots.firstIndex { $0.core != nil })
        #expect(simulation.inspect(thread: waiter).coreHolders == [running])
    }

    @Test func aPoolWaiterNamesTheRequestsHoldingTheConnections() throws {
        var scenario = TestScenarios.scenario(
            size: .requests(3),
            jobs: [Job(name: "query", steps: [.cpu(.fixed(Self.ms(1))), .hold(pool: "db", steps: [.io(.fixed(Self.ms(20)))])])],
            models: [ModelSpec(name: "3 threads", threads: 3)])
        scenario.connectionPools = [ConnectionPool(name: "db", size: 1)]
        var simulation = ModelSimulation(scenario: scenario, model: 0)
        try #require(Self.run(&simulation) { $0.threadSnapshots.contains { $0.activity == .poolWait } })
        let waiter = try #require(simulation.threadSnapshots.firstIndex { $0.activity == .poolWait })
        let inspection = simulation.inspect(thread: waiter)
        #expect(inspection.connectionPool == "db")
        #expect(inspection.connectionHolders.count == 1)
        #expect(inspection.connectionHolders.first?.job == "query" && inspection.connectionHolders.first?.step == "io")
        #expect(inspection.connectionHolders.first?.request != inspection.work?.request)
    }

    @Test func aStalledLoopNamesTheRequestThatBlocksIt() throws {
        let scenario = TestScenarios.scenario(
            size: .requests(3), jobs: [Job(name: "requests.get", steps: [.cpu(.fixed(Self.ms(1))), .blocking(.fixed(Self.ms(30)))])],
            models: [ModelSpec(name: "loop", asyncio: true)])
        var simulation = ModelSimulation(scenario: scenario, model: 0)
        try #require(Self.run(&simulation) { $0.threadSnapshots.contains { $0.activity == .blocking } })
        let loop = try #require(simulation.threadSnapshots.firstIndex { $0.activity == .blocking })
        let blocker = try #require(simulation.inspect(thread: loop).loopBlocker)
        #expect(blocker.job == "requests.get" && blocker.step == "blocking" && blocker.request == 1)
    }

    @Test func heldPoolsFollowNestingAndSkipEnqueuedBodies() {
        let program = JobProgram(
            jobs: [
                [
                    .hold(
                        pool: "a",
                        steps: [
                            .enqueue(pool: "w", steps: [.hold(pool: "b", steps: [.io(.fixed(1))])]),
                            .hold(pool: "b", steps: [.io(.fixed(1))]),
                        ])
                ]
            ],
            connectionPools: ["a", "b"], workerPools: ["w"])
        // Instructions: 0 acquire a, 1 enqueue(end: 6), 2 acquire b, 3 io, 4 release b, 5 taskEnd (the body's),
        // 6 acquire b, 7 io, 8 release b, 9 release a, 10 taskEnd.
        #expect(program.heldPools(job: 0, pc: 1) == [0])
        #expect(program.heldPools(job: 0, pc: 4) == [1])  // inside the enqueued body: only its own
        #expect(program.heldPools(job: 0, pc: 8) == [0, 1])  // the request, past the body
        #expect(program.heldPools(job: 0, pc: 10) == [])
    }
}
