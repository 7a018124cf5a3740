/// One request as the real Python program replays it: the same arrival, job and drawn durations
/// the engine gives every model (`RequestSource` and the request's own duration stream).
public struct PlannedRequest: Sendable, Equatable {
    public var index: Int
    public var job: Int
    public var arrival: SimTime
    /// Every `cpu`, `native`, `io` and `blocking` step's duration, in the order the job runs them
    /// (a `repeat` contributes one per iteration), zeros included: the engine draws them too.
    public var durations: [SimTime]
}

/// Why a scenario cannot be turned into a Python program.
public struct VerifyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

public enum VerifyWorkload {
    /// Most requests a generated program carries (its data table is one line per request).
    public static let maxRequests = 20_000

    /// The scenario's requests, drawn exactly as the engine draws them.
    public static func plan(_ scenario: Scenario) throws(VerifyError) -> [PlannedRequest] {
        try VerifyPlan.checkTranslatable(scenario)
        var source = RequestSource(workload: scenario.workload, seed: scenario.seed)
        var planned: [PlannedRequest] = []
        while let request = source.nextOpenArrival() {
            guard planned.count < maxRequests else {
                throw VerifyError("the workload sends more than \(maxRequests) requests; verify needs a smaller one")
            }
            var rng = SplitMix64(seed: scenario.seed, stream: RandomStream.requestDurations.rawValue,
                                 index: UInt64(request.index))
            var durations: [SimTime] = []
            draw(scenario.workload.jobs[request.job].steps, &rng, into: &durations)
            planned.append(PlannedRequest(index: request.index, job: request.job,
                                          arrival: request.arrival, durations: durations))
        }
        return planned
    }

    /// Draws in program order, as `ProgramCursor` does.
    private static func draw(_ steps: [Step], _ rng: inout SplitMix64, into out: inout [SimTime]) {
        for step in steps {
            switch step {
            case .cpu(let d), .native(let d), .io(let d), .blocking(let d):
                out.append(d.draw(&rng))
            case .offload(let body):
                draw(body, &rng, into: &out)
            case .repeat(let count, let body):
                for _ in 0..<count { draw(body, &rng, into: &out) }
            }
        }
    }
}
