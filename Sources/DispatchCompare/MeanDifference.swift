// MeanDifference.swift: the difference between two means with its 95% confidence interval, paired
// over common random numbers or by Welch's method.

import DispatchEngine
import DispatchRandom
import DispatchResults
import DispatchYAML

/// The difference B - A between the means of two sets of replications, with a 95% confidence
/// interval for it.
public struct MeanDifference: Sendable, Hashable {
    /// How the interval was computed.
    public enum Method: String, Sendable, Hashable {
        /// From the per-replication differences B_r - A_r, which share their random numbers:
        /// mean -/+ t(0.975, n - 1) sd / sqrt(n).
        case paired
        /// From two independent samples: -/+ t(0.975, df) sqrt(sd_A^2 / n_A + sd_B^2 / n_B), with
        /// the Welch-Satterthwaite df (B. L. Welch, Biometrika 34, 1947).
        case welch
    }

    public let method: Method
    /// mean(B) - mean(A); NaN when either side has no value.
    public let estimate: Double
    /// The t distribution's degrees of freedom; NaN when there is no interval.
    public let degreesOfFreedom: Double
    /// Half the width of the 95% interval; NaN (no interval) with fewer than two values on a side.
    public let halfWidth: Double

    public var lower: Double { estimate - halfWidth }
    public var upper: Double { estimate + halfWidth }

    /// Whether the interval excludes 0; false when there is no interval.
    public var isSignificant: Bool { halfWidth.isFinite && (lower > 0 || upper < 0) }

    /// The paired difference of `a` and `b`, where `a[i]` and `b[i]` are the same replication.
    /// The estimate is mean(b) - mean(a), equal to the mean of the differences.
    /// - Precondition: `a` and `b` have the same length.
    /// - Complexity: O(*n*).
    public static func paired(_ a: [Double], _ b: [Double]) -> MeanDifference {
        precondition(a.count == b.count, "paired samples need the same length, found \(a.count) and \(b.count)")
        let differences = RunningStatistics(zip(b, a).map { $0 - $1 })
        let estimate = RunningStatistics(b).mean - RunningStatistics(a).mean
        guard differences.count > 1, differences.standardError.isFinite else {
            return MeanDifference(method: .paired, estimate: estimate, degreesOfFreedom: .nan, halfWidth: .nan)
        }
        let degreesOfFreedom = Double(differences.count - 1)
        return MeanDifference(method: .paired, estimate: estimate, degreesOfFreedom: degreesOfFreedom,
                              halfWidth: quantile(degreesOfFreedom) * differences.standardError)
    }

    /// The difference of the means of two independent samples summarised by `a` and `b`.
    /// - Complexity: O(1).
    public static func welch(_ a: RunningStatistics, _ b: RunningStatistics) -> MeanDifference {
        let estimate = b.mean - a.mean
        // The squared standard errors of each mean, and of the difference.
        let errorA = a.variance / Double(a.count), errorB = b.variance / Double(b.count)
        let error = errorA + errorB
        guard a.count > 1, b.count > 1, error.isFinite else {
            return MeanDifference(method: .welch, estimate: estimate, degreesOfFreedom: .nan, halfWidth: .nan)
        }
        // Both samples constant: the difference is known exactly and no t quantile applies.
        guard error > 0 else { return MeanDifference(method: .welch, estimate: estimate, degreesOfFreedom: .nan, halfWidth: 0) }
        // Welch-Satterthwaite, written with the shares of the variance so that it cannot overflow:
        // df = error^2 / (errorA^2 / (n_A - 1) + errorB^2 / (n_B - 1)).
        let shareA = errorA / error, shareB = errorB / error
        let degreesOfFreedom = 1 / (shareA * shareA / Double(a.count - 1) + shareB * shareB / Double(b.count - 1))
        return MeanDifference(method: .welch, estimate: estimate, degreesOfFreedom: degreesOfFreedom,
                              halfWidth: quantile(degreesOfFreedom) * error.squareRoot())
    }

    /// t(0.975, df) from GSL.
    private static func quantile(_ degreesOfFreedom: Double) -> Double {
        ReferenceQuantile.studentT(0.975, degreesOfFreedom: degreesOfFreedom)
    }
}
