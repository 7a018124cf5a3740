import Testing

@_spi(Testing) @testable import GILCore

/// Keep-alive connections (docs/engine.md, "Connections"): a gunicorn gthread worker keeps the
/// connections it accepted greedily, a sync worker closes each after its response, an event
/// loop keeps its own. Measured with wrk against Django on gunicorn (docs/python-facts.md):
/// with 16 connections and a CPU-bound view, `-w 2 --threads 8` served no more than `-w 1`.
@Suite struct ConnectionTests {
    /// 16 clients with no think time on 2 cores; a CPU-bound view (15 ms of Python, 1 ms of I/O).
    static func scenario(keepAlive: Bool = true, models: [ModelSpec]) -> Scenario {
        var scenario = TestScenarios.scenario(
            cores: 2, arrivals: .closed(clients: 16, think: .fixed(0)), size: .duration(2 * Time.second),
            jobs: [
                Job(
                    name: "view",
                    steps: [
                        .cpu(.fixed(TestScenarios.ms(14))), .io(.fixed(TestScenarios.ms(1))),
                        .cpu(.fixed(TestScenarios.ms(1))),
                    ])
            ],
            models: models)
        scenario.workload.keepAlive = keepAlive
        return scenario
    }

    static let gthread2 = ModelSpec(name: "gthread -w2 -t8", processes: 2, threads: 8)
    static let gthread1 = ModelSpec(name: "gthread -w1 -t8", processes: 1, threads: 8)
    static let sync2 = ModelSpec(name: "sync -w2", processes: 2)
    static let sync1 = ModelSpec(name: "sync -w1", processes: 1)

    static func run(_ scenario: Scenario, model: Int = 0) -> ModelFigures {
        let (sim, problems) = TestScenarios.runChecked(scenario, model: model)
        #expect(problems.isEmpty, "\(problems)")
        return sim.figures()
    }

    @Test func aSecondGthreadWorkerAddsNothingWhileASecondSyncWorkerDoublesThroughput() {
        let s = Self.scenario(models: [Self.gthread2, Self.gthread1, Self.sync2, Self.sync1])
        let (g2, g1, s2, s1) = (Self.run(s, model: 0), Self.run(s, model: 1), Self.run(s, model: 2), Self.run(s, model: 3))
        let gthreadGain = g2.throughputPerSecond / g1.throughputPerSecond
        let syncGain = s2.throughputPerSecond / s1.throughputPerSecond
        #expect(abs(gthreadGain - 1) < 0.03, "gthread -w2 ÷ -w1 = \(gthreadGain)")
        #expect((1.85...2.05).contains(syncGain), "sync -w2 ÷ -w1 = \(syncGain)")
        // One GIL serves the CPU-bound view: about 1000 / 15 requests a second.
        #expect(abs(g2.throughputPerSecond - 1000.0 / 15) < 3, "\(g2.throughputPerSecond)")
    }

    @Test func greedyAcceptPutsEveryConnectionOnTheFirstWorker() throws {
        let figures = Self.run(Self.scenario(models: [Self.gthread2]))
        let connections = try #require(figures.connections)
        #expect(connections.policy == .acceptGreedily)
        #expect(connections.held == [16, 0] && connections.accepted == [16, 0])
        #expect(connections.taken[1] == 0 && connections.taken[0] == figures.completed + figures.inFlight - figures.queueLength)
    }

    @Test func withoutKeepAliveBothGthreadWorkersTakeRequests() {
        let figures = Self.run(Self.scenario(keepAlive: false, models: [Self.gthread2, Self.gthread1]))
        let one = Self.run(Self.scenario(keepAlive: false, models: [Self.gthread2, Self.gthread1]), model: 1)
        #expect(figures.connections == nil)
        #expect(figures.throughputPerSecond > 1.8 * one.throughputPerSecond)
    }

    @Test func syncWorkersCloseEachConnectionAndTakeTurns() throws {
        let figures = Self.run(Self.scenario(models: [Self.sync2]))
        let connections = try #require(figures.connections)
        #expect(connections.policy == .closeAfterResponse)
        // A new connection per request: as many accepted as requests taken, none held at the end.
        #expect(connections.accepted == connections.taken)
        #expect(connections.accepted.reduce(0, +) == figures.completed)
        #expect(connections.held == [0, 0])
        let share = Double(connections.taken[0]) / Double(figures.completed)
        #expect(abs(share - 0.5) < 0.02, "P1 took \(share) of the requests")
    }

    /// A gthread worker accepts while it has slots (gunicorn's worker_connections, 1000).
    @Test func aFullWorkerLeavesNewConnectionsToTheNext() throws {
        var scenario = Self.scenario(models: [Self.gthread2])
        scenario.workload.arrivals = .closed(clients: 1500, think: .fixed(0))
        scenario.workload.size = .requests(1600)
        let figures = Self.run(scenario)
        #expect(try #require(figures.connections).held == [1000, 500])
    }

    @Test func roundRobinDealsConnectionsInTurn() throws {
        var spec = Self.gthread2
        spec.dispatch = .roundRobin
        let figures = Self.run(Self.scenario(models: [spec]))
        #expect(try #require(figures.connections).held == [8, 8])
    }

    /// The verdict names the holder and the idle worker, only where a worker took no request.
    @Test func theVerdictSaysWhoHoldsTheConnectionsAndWhoIdles() {
        var roundRobin = Self.gthread2
        roundRobin.name = "gthread -w2 -t8, round robin"
        roundRobin.dispatch = .roundRobin
        let s = Self.scenario(models: [Self.gthread1, Self.gthread2, Self.sync2, roundRobin])
        let figures = s.models.indices.map { Self.run(s, model: $0) }
        let held = Comparison(scenario: s, figures: figures).verdicts.filter { $0.rule == .connectionsHeld }
        #expect(held.map(\.model) == [1], "\(held.map(\.text))")
        #expect(held.first?.text.hasPrefix("gthread -w2 -t8: all 16 connections are held by P1; P2 idles") == true, "\(held.map(\.text))")
    }

    /// uvicorn: each loop keeps the connections it took; requests of a connection stay on its loop.
    @Test func eventLoopsKeepTheirConnections() throws {
        let s = Self.scenario(models: [ModelSpec(name: "uvicorn -w2", processes: 2, asyncio: true)])
        let (sim, problems) = TestScenarios.runChecked(s)
        #expect(problems.isEmpty)
        let connections = try #require(sim.figures().connections)
        #expect(connections.policy == .loopKeeps && connections.held == [8, 8])
        let clientsOf = try #require(sim.connections?.holder)
        #expect(clientsOf.filter { $0 == 0 }.count == 8)
    }
}

/// `workload.arrivals.keep_alive`: decoded for closed arrivals, refused elsewhere with its path.
@Suite struct KeepAliveDecodingTests {
    static func text(arrivals: String) -> String {
        """
        {
          "workload": { "arrivals": \(arrivals), "requests": 4,
                        "jobs": [ { "name": "page", "steps": [ { "cpu": "1ms" } ] } ] },
          "models": [ { "name": "m", "threads": 4 } ]
        }
        """
    }

    @Test func keepAliveDecodesAndIsOffByDefault() throws {
        let on = try ScenarioLoader.parse(
            Self.text(arrivals: #"{ "kind": "closed", "clients": 2, "think": "0ms", "keep_alive": true }"#), file: "x.json")
        let off = try ScenarioLoader.parse(Self.text(arrivals: #"{ "kind": "closed", "clients": 2, "think": "0ms" }"#), file: "x.json")
        #expect(on.workload.keepAlive && !off.workload.keepAlive)
        // Written back by the dashboard's `w` only when on.
        #expect(ScenarioWriter.text(on).contains(#""keep_alive": true"#))
        #expect(!ScenarioWriter.text(off).contains("keep_alive"))
    }

    @Test(arguments: [
        // (arrivals, path, the message, line, column)
        (
            #"{ "kind": "closed", "clients": 2, "think": "0ms", "keep_alive": "yes" }"#, "workload.arrivals.keep_alive",
            #"expected true or false for workload.arrivals.keep_alive, found "yes""#, 2, 93
        ),
        (
            #"{ "kind": "poisson", "rate": 10, "keep_alive": true }"#, "workload.arrivals.keep_alive",
            #""keep_alive" does not apply to poisson arrivals; it belongs to closed"#, 2, 62
        ),
        (
            #"{ "kind": "closed", "clients": 2, "think": "0ms", "keepalive": true }"#, "workload.arrivals.keepalive",
            #"unknown key "keepalive" in workload.arrivals; did you mean "keep_alive"?"#, 2, 79
        ),
    ])
    func badKeepAliveNamesItsPathAndWhatIsValid(arrivals: String, path: String, message: String, line: Int, column: Int) {
        let found = diagnostics(Self.text(arrivals: arrivals))
        #expect(found.count == 1, "\(found.map(\.message))")
        #expect(found.first?.path == path)
        #expect(found.first?.message.hasPrefix(message) == true, "\(found.first?.message ?? "none")")
        #expect(found.first?.line == line && found.first?.column == column, "\(found.first.map { "\($0.line):\($0.column)" } ?? "none")")
    }
}
