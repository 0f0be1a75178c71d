// GSLStatistics.swift: the statistical functions DispatchSim takes from GSL: Student t and normal
// quantiles for confidence intervals, and the P-squared streaming quantile estimator.

internal import CGSL

/// Quantile functions of reference distributions.
public enum ReferenceQuantile {
    /// The p-quantile of Student's t with `degreesOfFreedom` (`gsl_cdf_tdist_Pinv`).
    /// - Precondition: 0 < p < 1 and degreesOfFreedom > 0.
    public static func studentT(_ p: Double, degreesOfFreedom: Double) -> Double {
        precondition(p > 0 && p < 1 && degreesOfFreedom > 0, "t quantile needs 0 < p < 1 and dof > 0")
        _ = gslReady
        return gsl_cdf_tdist_Pinv(p, degreesOfFreedom)
    }

    /// The p-quantile of the standard normal (`gsl_cdf_ugaussian_Pinv`).
    public static func standardNormal(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "normal quantile needs 0 < p < 1")
        _ = gslReady
        return gsl_cdf_ugaussian_Pinv(p)
    }
}

/// A streaming estimate of one quantile in constant memory: Jain and Chlamtac's P-squared
/// algorithm (CACM 28(10), 1985) as implemented by `gsl_rstat_quantile`. Exact for up to five
/// observations, an approximation after that. Not shared across threads.
public final class P2Quantile {
    private let workspace: UnsafeMutablePointer<gsl_rstat_quantile_workspace>
    /// The probability of the quantile estimated, in (0, 1).
    public let probability: Double
    /// Observations added so far.
    public private(set) var count: Int = 0

    /// - Precondition: 0 < probability < 1.
    public init(probability: Double) {
        precondition(probability > 0 && probability < 1, "quantile probability must be in (0, 1)")
        _ = gslReady
        guard let w = gsl_rstat_quantile_alloc(probability) else {
            fatalError("gsl_rstat_quantile_alloc failed: out of memory")
        }
        workspace = w
        self.probability = probability
    }

    deinit {
        gsl_rstat_quantile_free(workspace)
    }

    public func add(_ x: Double) {
        _ = gsl_rstat_quantile_add(x, workspace)
        count += 1
    }

    /// The current estimate; NaN before the first observation.
    public var value: Double {
        count == 0 ? .nan : gsl_rstat_quantile_get(workspace)
    }

    /// Forgets every observation (for warm-up deletion).
    public func reset() {
        _ = gsl_rstat_quantile_reset(workspace)
        count = 0
    }
}
