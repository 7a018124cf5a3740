import Testing

@_spi(Testing) @testable import GILCore

/// Keep-alive connections (docs/engine.md, "Connections"): a gunicorn gthread worker keeps the
/// connections it accepted greedily, a sync worker closes each after its response, an event
/// loop keeps its own. Measured with wrk against Django on gunicorn on a quiet 2-CPU machine
/// (docs/engine.md): with 16 connections and a CPU-bound view, two gthread workers split the
/// connections 8/8 and served 2.08× one, two sync workers 1.97×.
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

    @Test func aSecondWorkerDoublesThroughputWhetherGthreadOrSync() {
        let s = Self.scenario(models: [Self.gthread2, Self.gthread1, Self.sync2, Self.sync1])
        let (g2, g1, s2, s1) = (Self.run(s, model: 0), Self.run(s, model: 1), Self.run(s, model: 2), Self.run(s, model: 3))
        let gthreadGain = g2.throughputPerSecond / g1.throughputPerSecond
        let syncGain = s2.throughputPerSecond / s1.throughputPerSecond
        #expect((1.9...2.05).contains(gthreadGain), "gthread -w2 ÷ -w1 = \(gthreadGain)")
        #expect((1.85...2.05).contains(syncGain), "sync -w2 ÷ -w1 = \(syncGain)")
        // One GIL serves the CPU-bound view: about 1000 / 15 requests a second.
        #expect(abs(g1.throughputPerSecond - 1000.0 / 15) < 3, "\(g1.throughputPerSecond)")
        // A sync worker idles through each 1 ms query; a gthread worker's other threads run
        // meanwhile (measured: 119.9 against 113.5 req/s, 1.06×).
        let gthreadOverSync = g2.throughputPerSecond / s2.throughputPerSecond
        #expect((1.02...1.10).contains(gthreadOverSync), "gthread -w2 ÷ sync -w2 = \(gthreadOverSync)")
    }

    @Test func aBurstOfConnectionsIsTakenInTurnAndKept() throws {
        let figures = Self.run(Self.scenario(models: [Self.gthread2]))
        let connections = try #require(figures.connections)
        #expect(connections.policy == .acceptGreedily)
        #expect(connections.held == [8, 8] && connections.accepted == [8, 8])
        // Each worker serves only its own clients: 8 each, in step.
        let share = Double(connections.taken[0]) / Double(connections.taken.reduce(0, +))
        #expect(abs(share - 0.5) < 0.02, "P1 took \(share) of the requests")
    }

    /// Fewer clients than workers: a worker without a connection gets no request, however
    /// busy the others are.
    @Test func aWorkerWithoutAConnectionIdles() throws {
        var scenario = Self.scenario(models: [ModelSpec(name: "gthread -w3 -t8", processes: 3, threads: 8)])
        scenario.workload.arrivals = .closed(clients: 2, think: .fixed(0))
        let figures = Self.run(scenario)
        let connections = try #require(figures.connections)
        #expect(connections.held == [1, 1, 0] && connections.taken[2] == 0)
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

    @Test func roundRobinDealsConnectionsInTurn() throws {
        var spec = Self.gthread2
        spec.dispatch = .roundRobin
        let figures = Self.run(Self.scenario(models: [spec]))
        #expect(try #require(figures.connections).held == [8, 8])
    }

    /// The verdict names the holders and the idle worker, only where a worker took no request.
    @Test func theVerdictSaysWhoHoldsTheConnectionsAndWhoIdles() {
        var twoClients = Self.scenario(models: [
            Self.gthread1, ModelSpec(name: "gthread -w3 -t8", processes: 3, threads: 8),
            ModelSpec(name: "sync -w3", processes: 3), Self.gthread2,
        ])
        twoClients.workload.arrivals = .closed(clients: 2, think: .fixed(0))
        let figures = twoClients.models.indices.map { Self.run(twoClients, model: $0) }
        let held = Comparison(scenario: twoClients, figures: figures).verdicts.filter { $0.rule == .connectionsHeld }
        #expect(held.map(\.model) == [1], "\(held.map(\.text))")
        #expect(
            held.first?.text.hasPrefix("gthread -w3 -t8: 2 connections are held by P1 (1) and P2 (1); P3 idles") == true,
            "\(held.map(\.text))")
    }

    /// One keep-alive client on two gthread workers: its one connection, and so every request,
    /// stays on P1, whose GIL the verdict names.
    @Test func oneClientsVerdictNamesItsWorkersGIL() {
        var oneClient = Self.scenario(models: [Self.gthread1, Self.gthread2])
        oneClient.workload.arrivals = .closed(clients: 1, think: .fixed(0))
        let figures = oneClient.models.indices.map { Self.run(oneClient, model: $0) }
        let held = Comparison(scenario: oneClient, figures: figures).verdicts.filter { $0.rule == .connectionsHeld }
        #expect(
            held.map(\.text) == [
                "gthread -w2 -t8: its one connection is held by P1; P2 idles: each keep-alive connection's requests go back to "
                    + "the worker that accepted it, so every request runs on P1's 8 threads and its one GIL"
            ])
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
