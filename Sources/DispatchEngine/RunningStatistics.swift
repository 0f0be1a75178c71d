// RunningStatistics.swift: count, mean, variance, minimum and maximum in one pass (Welford),
// mergeable across runs (Chan, Golub and LeVeque).

/// Count, mean, variance, minimum and maximum of a stream of observations, updated in O(1) per
/// observation by Welford's method (B. P. Welford, Technometrics 4(3), 1962), which stays accurate
/// when the mean is large compared with the spread.
///
/// Two summaries merge exactly (T. F. Chan, G. H. Golub and R. J. LeVeque, "Updating formulae and
/// a pairwise algorithm for computing sample variances", 1979), so replications or threads can
/// each keep their own and combine them at the end.
public struct RunningStatistics: Sendable, Hashable {
    @usableFromInline var observations = 0
    @usableFromInline var runningMean = 0.0
    /// Sum of squared deviations from the running mean.
    @usableFromInline var sumOfSquares = 0.0
    @usableFromInline var smallest = Double.infinity
    @usableFromInline var largest = -Double.infinity

    public init() {}

    /// The summary of `values`.
    public init(_ values: some Sequence<Double>) {
        for value in values { add(value) }
    }

    /// Adds one observation.
    /// - Complexity: O(1).
    @inlinable @inline(__always)
    public mutating func add(_ value: Double) {
        observations &+= 1 // no overflow check: 2^63 observations are out of reach
        let delta = value - runningMean
        runningMean += delta / Double(observations)
        sumOfSquares += delta * (value - runningMean)
        // Swift.min(smallest, value) and Swift.max(largest, value) exactly (`value < smallest`,
        // `value >= largest`), as branches that rarely store: three instructions each instead of
        // three and six.
        if value < smallest { smallest = value }
        if value >= largest { largest = value }
    }

    /// Adds every observation summarised by `other`, as if they had been added one by one.
    /// - Complexity: O(1).
    public mutating func merge(_ other: RunningStatistics) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            self = other
            return
        }
        let total = Double(count + other.count)
        let delta = other.runningMean - runningMean
        runningMean += delta * Double(other.count) / total
        sumOfSquares += other.sumOfSquares + delta * delta * Double(count) * Double(other.count) / total
        observations += other.observations
        smallest = Swift.min(smallest, other.smallest)
        largest = Swift.max(largest, other.largest)
    }

    /// This summary merged with `other`.
    /// - Complexity: O(1).
    public func merged(with other: RunningStatistics) -> RunningStatistics {
        var result = self
        result.merge(other)
        return result
    }

    /// The number of observations.
    public var count: Int { observations }

    /// The sample mean; NaN with no observations.
    public var mean: Double { count > 0 ? runningMean : .nan }

    /// The sample variance with divisor n - 1; NaN with fewer than two observations.
    public var variance: Double { count > 1 ? sumOfSquares / Double(count - 1) : .nan }

    /// The sample standard deviation; NaN with fewer than two observations.
    public var standardDeviation: Double { variance.squareRoot() }

    /// The standard error of the mean, sd / sqrt(n); NaN with fewer than two observations.
    public var standardError: Double { (variance / Double(count)).squareRoot() }

    /// The sum of the observations.
    public var sum: Double { runningMean * Double(count) }

    /// The smallest observation; NaN with no observations.
    public var minimum: Double { count > 0 ? smallest : .nan }

    /// The largest observation; NaN with no observations.
    public var maximum: Double { count > 0 ? largest : .nan }
}
