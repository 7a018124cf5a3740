/// One request as the real Python program replays it: the same arrival, job and drawn durations
/// the engine gives every model (`RequestSource` and the request's own duration stream).
public struct PlannedRequest: Sendable, Equatable {
    public var index: Int
    public var job: Int
    public var arrival: SimTime
    /// Per program its job runs as (`VerifyPrograms`: the job's steps, or a model's `job_steps`),
    /// every step's duration in the order the program runs them (a `repeat` contributes one per
    /// iteration), zeros included: the engine draws them too.
    public var durations: [Int: [DrawnDuration]]
}

/// A drawn duration, or an enqueued task's own durations (drawn from the task's stream).
public indirect enum DrawnDuration: Sendable, Equatable {
    case time(SimTime)
    case task([DrawnDuration])

    public var time: SimTime? {
        if case .time(let t) = self { t } else { nil }
    }
}

/// Why a scenario cannot be turned into a Python program.
public struct VerifyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

public enum VerifyWorkload {
    /// Most requests a generated program carries (its data table is one line per request).
    public static let maxRequests = 20_000

    /// The scenario's requests, drawn exactly as the engine draws them, for every program a
    /// request's job runs as.
    public static func plan(_ scenario: Scenario) throws(VerifyError) -> [PlannedRequest] {
        try VerifyPlan.checkTranslatable(scenario)
        let programs = VerifyPrograms(scenario)
        var source = RequestSource(workload: scenario.workload, seed: scenario.seed)
        var planned: [PlannedRequest] = []
        while let request = source.nextOpenArrival() {
            guard planned.count < maxRequests else {
                throw VerifyError("the workload sends more than \(maxRequests) requests; verify needs a smaller one")
            }
            var durations: [Int: [DrawnDuration]] = [:]
            for program in programs.programs(ofJob: request.job) {
                var rng = SplitMix64(
                    seed: scenario.seed, stream: RandomStream.requestDurations.rawValue,
                    index: UInt64(request.index))
                var drawn: [DrawnDuration] = []
                draw(programs.steps[program], &rng, into: &drawn)
                durations[program] = drawn
            }
            planned.append(
                PlannedRequest(
                    index: request.index, job: request.job,
                    arrival: request.arrival, durations: durations))
        }
        return planned
    }

    /// Draws in program order, as `ProgramCursor` does; an `enqueue` takes its task's seed from
    /// the request's stream, as the engine's `enqueue(from:pool:start:)` does.
    private static func draw(_ steps: [Step], _ rng: inout SplitMix64, into out: inout [DrawnDuration]) {
        for step in steps {
            switch step {
            case .cpu(let d), .native(let d), .io(let d), .blocking(let d):
                out.append(.time(d.draw(&rng)))
            case .offload(let body), .hold(_, let body):
                draw(body, &rng, into: &out)
            case .repeat(let count, let body):
                for _ in 0..<count { draw(body, &rng, into: &out) }
            case .enqueue(_, let body):
                var taskRng = SplitMix64(seed: rng.next())
                var task: [DrawnDuration] = []
                draw(body, &taskRng, into: &task)
                out.append(.task(task))
            }
        }
    }
}
