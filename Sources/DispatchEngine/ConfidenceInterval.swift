// ConfidenceInterval.swift: the Student t confidence interval for a mean across replications.

import DispatchRandom

/// A confidence interval for the mean of independent replications' results: mean +- t(1 - a/2,
/// n - 1) sd / sqrt(n), with the t quantile from GSL (`ReferenceQuantile.studentT`).
public struct ConfidenceInterval: Sendable, Hashable, CustomStringConvertible {
    public let mean: Double
    /// The sample standard deviation (divisor n - 1).
    public let standardDeviation: Double
    /// The number of replications.
    public let count: Int
    /// The confidence level, e.g. 0.95.
    public let level: Double
    /// t(1 - (1 - level)/2, n - 1) sd / sqrt(n); NaN with fewer than two replications.
    public let halfWidth: Double

    /// The interval for the mean of `statistics`' observations.
    /// - Precondition: 0 < level < 1.
    public init(_ statistics: RunningStatistics, level: Double = 0.95) {
        precondition(level > 0 && level < 1, "confidence level must be in (0, 1), found \(level)")
        mean = statistics.mean
        standardDeviation = statistics.standardDeviation
        count = statistics.count
        self.level = level
        if statistics.count > 1 {
            let t = ReferenceQuantile.studentT(1 - (1 - level) / 2, degreesOfFreedom: Double(statistics.count - 1))
            halfWidth = t * statistics.standardError
        } else {
            halfWidth = .nan
        }
    }

    /// The interval for the mean of `values`, one per replication.
    /// - Precondition: 0 < level < 1.
    public init(_ values: some Sequence<Double>, level: Double = 0.95) {
        self.init(RunningStatistics(values), level: level)
    }

    /// The standard error of the mean, sd / sqrt(n).
    public var standardError: Double { standardDeviation / Double(count).squareRoot() }

    public var lower: Double { mean - halfWidth }
    public var upper: Double { mean + halfWidth }

    /// Whether `value` lies in the closed interval.
    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }

    /// E.g. `9.02 ± 0.13 (95%, n = 20)`.
    public var description: String {
        let percent = (level * 100).rounded() == level * 100 ? "\(Int(level * 100))" : "\(level * 100)"
        return "\(mean) ± \(halfWidth) (\(percent)%, n = \(count))"
    }
}
