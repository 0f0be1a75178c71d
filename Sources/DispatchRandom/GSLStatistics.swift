// GSLStatistics.swift: the statistical functions DispatchSim takes from GSL: Student t and normal
// quantiles for confidence intervals.

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
