// Tally.swift: statistics of per-call observations (waits, response times) after the warm-up,
// with streaming quantiles.

import DispatchRandom

/// Summary statistics and streaming quantile estimates of observations such as waiting times,
/// each made at a simulated time; observations made before ``warmUpEnd`` are ignored (warm-up
/// deletion).
///
/// Quantiles are estimated in constant memory by the P-squared algorithm (DispatchRandom's
/// `P2Quantile`, GSL's `gsl_rstat_quantile`). Those estimators are GSL workspaces, so a tally is
/// a reference type: keep one per run and do not share it across threads. For exact quantiles of
/// a sample small enough to keep, use ``SampleQuantile``.
public final class Tally {
    /// Observations made before this time (minutes) are ignored.
    public let warmUpEnd: Double
    /// Count, mean, variance, minimum and maximum of the observations kept.
    /// (Accessed only from the owning run's thread: a tally is not shared across threads, so the
    /// dynamic exclusivity check on every observation is skipped.)
    @exclusivity(unchecked) public private(set) var statistics = RunningStatistics()
    /// The probabilities whose quantiles are estimated, in the order given.
    public let quantileProbabilities: [Double]
    private let estimators: [P2Quantile]

    /// - Precondition: every probability is in (0, 1).
    public init(warmUpEnd: Double = -.infinity, quantiles: [Double] = []) {
        self.warmUpEnd = warmUpEnd
        quantileProbabilities = quantiles
        estimators = quantiles.map { P2Quantile(probability: $0) }
    }

    /// Records `value`, observed at simulated time `time`, unless `time` is before the warm-up end.
    /// - Complexity: O(number of quantiles).
    public func record(_ value: Double, at time: Double) {
        guard time >= warmUpEnd else { return }
        statistics.add(value)
        for estimator in estimators {
            estimator.add(value)
        }
    }

    /// The P-squared estimate of the quantile with the given probability; NaN with no observations.
    /// - Precondition: `probability` is one of ``quantileProbabilities``.
    public func quantile(_ probability: Double) -> Double {
        guard let index = quantileProbabilities.firstIndex(of: probability) else {
            preconditionFailure("tally does not estimate the \(probability) quantile; it estimates \(quantileProbabilities)")
        }
        return estimators[index].value
    }
}
