/// A request as the workload issues it: which one, which job, and when it arrives.
struct IssuedRequest: Equatable {
    var index: Int
    var job: Int
    var arrival: SimTime
}

/// The workload's request stream, generated lazily and identically for every model.
///
/// Arrival gaps and the job mix come from one sequence (`RandomStream.workload`); the durations a
/// request draws come from its own stream, keyed by its index, so every model replays the same
/// requests without any of them being stored.
struct RequestSource {
    private var rng: SplitMix64
    private let arrivals: Arrivals
    /// The gap between Poisson arrivals, worked out once rather than per arrival.
    private let poissonGap: Distribution?
    private let size: Workload.Size
    private let weights: [Double]
    private let totalWeight: Double
    /// Requests still to issue per job, when jobs are given by `count` (`byCount`).
    private var remainingCounts: [Int]
    private let byCount: Bool
    private var lastArrival: SimTime = 0
    private(set) var issued = 0

    init(workload: Workload, seed: UInt64) {
        rng = SplitMix64(seed: seed, stream: RandomStream.workload.rawValue, index: 0)
        arrivals = workload.arrivals
        if case .poisson(let rate) = workload.arrivals {
            poissonGap = .exponential(mean: Distribution.rounded(1e9 / rate))
        } else {
            poissonGap = nil
        }
        size = workload.size
        var weights: [Double] = []
        var counts: [Int] = []
        for job in workload.jobs {
            switch job.mix {
            case .weight(let w): weights.append(w)
            case .count(let c): counts.append(c)
            }
        }
        self.weights = weights
        totalWeight = weights.reduce(0, +)
        remainingCounts = counts
        byCount = counts.count == workload.jobs.count
    }

    /// The next open-loop arrival (batch, Poisson or uniform), or nil once the workload is spent.
    mutating func nextOpenArrival() -> IssuedRequest? {
        let time: SimTime
        switch arrivals {
        case .batch:
            time = 0
        case .poisson:
            time = lastArrival + poissonGap!.draw(&rng)
        case .uniform(let interval):
            time = issued == 0 ? 0 : lastArrival + interval.draw(&rng)
        case .closed:
            preconditionFailure("closed-loop requests are issued by their clients")
        }
        return issue(at: time)
    }

    /// Issues a request at `time` if the workload allows one more (closed-loop clients call this).
    mutating func issue(at time: SimTime) -> IssuedRequest? {
        switch size {
        case .requests(let limit) where issued >= limit: return nil
        case .duration(let limit) where time >= limit: return nil
        default: break
        }
        let request = IssuedRequest(index: issued, job: pickJob(), arrival: time)
        issued += 1
        lastArrival = time
        return request
    }

    private mutating func pickJob() -> Int {
        guard byCount else { return pickWeighted() }
        let job: Int
        if case .batch = arrivals {
            // A batch arrives in the listed order: all of the first job, then the next.
            job = remainingCounts.firstIndex { $0 > 0 } ?? 0
        } else {
            // Exact counts in random order: draw without replacement.
            let left = remainingCounts.reduce(0, +)
            var target = left > 0 ? Int(rng.next() % UInt64(left)) : 0
            var chosen = remainingCounts.count - 1
            for (j, c) in remainingCounts.enumerated() {
                if target < c {
                    chosen = j
                    break
                }
                target -= c
            }
            job = chosen
        }
        if remainingCounts[job] > 0 { remainingCounts[job] -= 1 }
        return job
    }

    private mutating func pickWeighted() -> Int {
        guard weights.count > 1 else { return 0 }
        var target = rng.nextUnit() * totalWeight
        for (j, w) in weights.enumerated() {
            if target < w { return j }
            target -= w
        }
        return weights.count - 1
    }
}
