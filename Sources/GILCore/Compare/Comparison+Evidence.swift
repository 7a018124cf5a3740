import Foundation

/// What live figures rest on: while the dashboard plays, a comparison is built from the requests
/// completed so far, and a verdict drawn from 17 of them can say the opposite of the full run's.
///
/// The rule: a model's verdicts are shown once the run is over, or once it has completed
/// `settledCompletions` requests (or all of its own), or — for a model against the baseline —
/// once its throughput and the baseline's are far enough apart that more requests cannot move
/// them across the 15% (`sameThroughput`) that verdicts call a difference. Counts of n
/// completions have a relative standard error of about 1/√n, so a ratio of two has about
/// √(1/n₁ + 1/n₂) on a log scale; two of those either side of the ratio is the interval used.
extension Comparison {
    /// Completions after which a model's verdicts are shown whatever the others: 400 puts a
    /// throughput within ±10% at two standard errors, inside the 15% band.
    public static let settledCompletions = 400
    /// Completions each side needs before the interval rule is trusted at all.
    static let fewestForInterval = 20

    /// Whether model `m`'s verdicts rest on enough (`finished`: the run is over).
    public func isSettled(_ m: Int, finished: Bool) -> Bool {
        let model = models[m]
        if finished || model.completed >= min(Self.settledCompletions, planned ?? Int.max) { return true }
        let base = models[baseline]
        guard m != baseline, model.completed >= Self.fewestForInterval, base.completed >= Self.fewestForInterval,
            model.throughputPerSecond > 0, base.throughputPerSecond > 0
        else { return false }
        let ratio = log(model.throughputPerSecond / base.throughputPerSecond)
        let margin = 2 * (1 / Double(model.completed) + 1 / Double(base.completed)).squareRoot()
        let band = log(Self.sameThroughput)
        // The interval must not hold an edge of the band: its verdict (faster, the same, slower) stays.
        return [band, -band].allSatisfy { edge in ratio - margin > edge || ratio + margin < edge }
    }

    /// The requests each model serves in all; nil when arrivals run for a duration.
    public var planned: Int? {
        switch size {
        case .requests(let count): count
        case .duration: nil
        }
    }

    /// What the figures rest on: "17 of 2,000 requests" done by model `m`, or by every model
    /// ("17–181 of 2,000 requests") when `m` is nil.
    public func completedText(_ m: Int? = nil) -> String {
        let counts = m.map { [models[$0].completed] } ?? models.map(\.completed)
        let low = counts.min() ?? 0, high = counts.max() ?? 0
        let done = low == high ? Format.count(low) : "\(Format.count(low))–\(Format.count(high))"
        return planned.map { "\(done) of \(Format.count($0)) requests" } ?? "\(done) requests"
    }

    /// The verdicts of the models whose figures are settled, and the models held back.
    public func settledVerdicts(finished: Bool) -> (verdicts: [Verdict], held: [Int]) {
        let settled = models.indices.map { isSettled($0, finished: finished) }
        return (verdicts.filter { settled[$0.model] }, models.indices.filter { !settled[$0] })
    }
}
