import Foundation

extension Distribution {
    /// Draws one duration in nanoseconds, never negative.
    ///
    /// Uses only `log`, `sqrt` and `cos`, then rounds to whole nanoseconds, so a last-ulp
    /// difference between two platforms' libm cannot change a drawn duration in practice.
    func draw(_ rng: inout SplitMix64) -> SimTime {
        switch self {
        case .fixed(let t):
            return t
        case .exponential(let mean):
            return Self.rounded(-Double(mean) * log(1 - rng.nextUnit()))
        case .uniform(let low, let high):
            return low + Self.rounded(Double(high - low) * rng.nextUnit())
        case .normal(let mean, let sd):
            return Self.rounded(Double(mean) + Double(sd) * Self.standardNormal(&rng))
        case .lognormal(let mean, let sd):
            // Parameters of the underlying normal from the mean and sd of the duration itself.
            let m = Double(mean), s = Double(sd)
            let sigma2 = log(1 + (s * s) / (m * m))
            let mu = log(m) - sigma2 / 2
            return Self.rounded(exp(mu + sqrt(sigma2) * Self.standardNormal(&rng)))
        }
    }

    /// Box–Muller, one value per call (two uniforms), so a request's draw count is fixed.
    static func standardNormal(_ rng: inout SplitMix64) -> Double {
        let u1 = 1 - rng.nextUnit()  // (0, 1]: log(u1) is finite
        let u2 = rng.nextUnit()
        return sqrt(-2 * log(u1)) * cos(2 * Double.pi * u2)
    }

    /// Whole nanoseconds, half away from zero as `Double.rounded()`; 0 for a negative value,
    /// `ScenarioLimits.longestDraw` at most (a tail draw or a slowdown can exceed any clock).
    static func rounded(_ value: Double) -> SimTime {
        guard value > 0 else { return 0 }
        guard value < Double(ScenarioLimits.longestDraw) else { return ScenarioLimits.longestDraw }
        // Not `value.rounded()`: on x86-64 it is a libm call, a tenth of an exponential draw's
        // cost. The conversion truncates, and `value - whole` is exact, so the result is the same.
        let whole = SimTime(value)
        return value - Double(whole) >= 0.5 ? whole + 1 : whole
    }
}
