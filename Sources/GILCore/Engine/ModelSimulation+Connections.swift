/// How a model's web workers take the connections of closed-loop clients, by worker class
/// (docs/engine.md, "Connections"). Only a workload with `keep_alive` clients has connections
/// that outlive a request; without it every request is a new connection, dispatched as before.
public enum ConnectionPolicy: String, Sendable, Equatable {
    /// gunicorn `sync` (one thread per process): a worker accepts only when it is idle and
    /// closes the connection after each response, so the clients' connections take turns over
    /// the workers — keep-alive or not.
    case closeAfterResponse = "close_after_response"
    /// gunicorn `gthread` (threads > 1; gunicorn itself runs `sync` with `--threads` > 1 as
    /// gthread): the worker's poll loop accepts even with every thread busy, and a kept
    /// connection's later requests queue for that worker's threads.
    case acceptGreedily = "accept_greedily"
    /// uvicorn: each event loop accepts what reaches it and keeps the connection.
    case loopKeeps = "loop_keeps"

    public init(spec: ModelSpec) {
        self = spec.asyncio ? .loopKeeps : spec.threads > 1 ? .acceptGreedily : .closeAfterResponse
    }

    /// Whether a connection stays with the worker that accepted it.
    public var keepsConnections: Bool { self != .closeAfterResponse }
}

/// The connections of a keep-alive workload's clients: which web process holds each.
struct ConnectionState {
    let policy: ConnectionPolicy
    /// For each client, the web process holding its connection, or -1 before it is accepted
    /// (kept connections only: a connection closed after each response is held by no one between requests).
    var holder: [Int32]
    /// Kept connections each web process accepted (it holds them all: the clients never close).
    var kept: [Int]

    init?(workload: Workload, spec: ModelSpec) {
        guard workload.keepAlive, case .closed(let clients, _) = workload.arrivals else { return nil }
        policy = ConnectionPolicy(spec: spec)
        holder = policy.keepsConnections ? Array(repeating: -1, count: clients) : []
        kept = Array(repeating: 0, count: spec.processes)
    }

    /// Web process `p` accepts the client's connection and keeps it.
    mutating func keep(client: Int, on p: Int32) {
        holder[client] = p
        kept[Int(p)] += 1
    }
}

/// Who holds the connections of a keep-alive workload (nil for a workload without keep-alive).
public struct ConnectionFigures: Sendable, Equatable {
    public var policy: ConnectionPolicy
    /// Connections each web process holds now: its kept ones, or (closing after each response)
    /// one per request it is serving.
    public var held: [Int]
    /// Connections each web process accepted during the run (closing after each response: one
    /// per request it took).
    public var accepted: [Int]
    /// Requests each web process took (finished or in progress).
    public var taken: [Int]
}

extension ModelSimulation {
    /// The web process whose worker serves this request, when its client's connection is kept:
    /// the one holding it, or the one that accepts it now. Nil when the request is dispatched
    /// as a connection of its own (no keep-alive, a sync worker, or no client).
    @inline(__always)
    mutating func keptConnectionProcess(of task: Int32) -> Int32? {
        guard let policy = connections?.policy, policy.keepsConnections else { return nil }
        let client = Int(tasks[Int(task)].client)
        guard client >= 0 else { return nil }
        if let p = connections?.holder[client], p >= 0 { return p }
        let p = acceptingProcess(policy, request: tasks[Int(task)].request)
        connections!.keep(client: client, on: p)
        return p
    }

    /// Which web process accepts a new kept connection. Every gthread worker's main thread waits
    /// on the shared socket and accepts one connection per turn of its poll loop, so workers that
    /// are free to run take a burst of connections in turn: the one holding the fewest takes the
    /// next. (Closed-loop clients all connect at t=0, when every worker is free.) For real it is a
    /// race: measured with wrk -c 16 on a quiet 2-CPU machine, the first burst on a fresh
    /// two-worker server was shared out in 20 of 20, a burst after a warm-up in 5 of 8, and the
    /// others stayed on one worker (docs/engine.md, "Keep-alive measured for real"); the engine
    /// models the even split. (`round_robin` dispatch deals them out the same way.) An event loop
    /// takes connections as it takes requests (`loopFor`).
    private func acceptingProcess(_ policy: ConnectionPolicy, request index: Int) -> Int32 {
        if policy == .loopKeeps { return loopFor(request: index) }
        let kept = connections!.kept
        return Int32(kept.indices.min { kept[$0] < kept[$1] }!)
    }

    /// Who holds the connections now (nil without a keep-alive workload).
    public var connectionFigures: ConnectionFigures? {
        guard let connections else { return nil }
        let web = processes.prefix(spec.processes)
        let taken = web.map { $0.served + $0.inFlight }
        if connections.policy.keepsConnections {
            return ConnectionFigures(policy: connections.policy, held: connections.kept, accepted: connections.kept, taken: taken)
        }
        return ConnectionFigures(policy: connections.policy, held: web.map(\.inFlight), accepted: taken, taken: taken)
    }
}
