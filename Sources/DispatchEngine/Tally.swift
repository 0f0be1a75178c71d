// Tally.swift: statistics of per-call observations (waits, response times) after the warm-up,
// with streaming quantiles.

/// Summary statistics and streaming quantile estimates of non-negative observations such as
/// waiting times, each made at a simulated time; observations made before ``warmUpEnd`` are
/// ignored (warm-up deletion).
///
/// Quantiles come from a ``QuantileHistogram``: within 0.8% of the sample quantile (relative) in
/// fixed memory, and kept only when asked for, since each costs about 16 KiB. For exact
/// quantiles of a sample small enough to keep, use ``SampleQuantile``.
public struct Tally: Sendable {
    /// Observations made before this time (minutes) are ignored.
    public let warmUpEnd: Double
    /// The probabilities whose quantiles are reported, in the order given.
    public let quantileProbabilities: [Double]
    @usableFromInline var kept = RunningStatistics()
    @usableFromInline var histogram: QuantileHistogram?

    /// - Precondition: every probability is in (0, 1).
    public init(warmUpEnd: Double = -.infinity, quantiles: [Double] = []) {
        precondition(quantiles.allSatisfy { $0 > 0 && $0 < 1 }, "quantile probabilities must be in (0, 1)")
        self.warmUpEnd = warmUpEnd
        quantileProbabilities = quantiles
        histogram = quantiles.isEmpty ? nil : QuantileHistogram()
    }

    /// Count, mean, variance, minimum and maximum of the observations kept.
    public var statistics: RunningStatistics { kept }

    /// Records `value`, observed at simulated time `time`, unless `time` is before the warm-up end.
    /// - Complexity: O(1).
    @inlinable @inline(__always)
    public mutating func record(_ value: Double, at time: Double) {
        guard time >= warmUpEnd else { return }
        kept.add(value)
        histogram?.record(value)
    }

    /// The estimated quantile with the given probability; NaN with no observations.
    /// - Precondition: `probability` is one of ``quantileProbabilities``.
    public func quantile(_ probability: Double) -> Double {
        guard quantileProbabilities.contains(probability), let histogram else {
            preconditionFailure("tally does not estimate the \(probability) quantile; it estimates \(quantileProbabilities)")
        }
        return histogram.quantile(probability, minimum: kept.minimum, maximum: kept.maximum)
    }
}
