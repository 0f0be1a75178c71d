// Distribution.swift: validated continuous distributions, drawn through gsl_ran_*.

internal import CGSL
import Foundation

/// A distribution parameter that is out of range: which distribution, which parameter, what was
/// expected and what was found. Scenario loading adds the file, line and key path.
public struct DistributionError: Error, CustomStringConvertible, Sendable, Equatable {
    public let distribution: String
    public let parameter: String
    public let expected: String
    public let found: Double

    public var description: String {
        "\(distribution): \(parameter) must be \(expected), found \(Self.format(found))"
    }

    static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}

/// A continuous, non-negative-or-real distribution of durations or quantities, in the caller's
/// unit (the engine works in minutes). Every instance is validated when it is made, so drawing
/// never checks.
public struct Distribution: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case constant(Double)
        case exponential(mean: Double)
        case lognormal(zeta: Double, sigma: Double, mean: Double, sd: Double)
        case gamma(shape: Double, scale: Double)
        case weibull(scale: Double, shape: Double)
        case normal(mean: Double, sd: Double)
        case truncatedNormal(mean: Double, sd: Double)
        case uniform(low: Double, high: Double)
        case triangular(low: Double, mode: Double, high: Double)
    }

    let kind: Kind

    // MARK: Factories (each validates its parameters)

    /// Always `value`.
    public static func constant(_ value: Double) throws(DistributionError) -> Distribution {
        try require(value.isFinite, "constant", "value", "a finite number", value)
        return try finite(Distribution(kind: .constant(value)))
    }

    /// Exponential with the given mean (`gsl_ran_exponential`).
    public static func exponential(mean: Double) throws(DistributionError) -> Distribution {
        try requirePositive("exponential", "mean", mean)
        return try finite(Distribution(kind: .exponential(mean: mean)))
    }

    /// Lognormal given by the mean and standard deviation of the variable itself (not of its
    /// logarithm): zeta = ln(mean^2 / sqrt(sd^2 + mean^2)), sigma = sqrt(ln(1 + sd^2 / mean^2)).
    /// Drawn as exp(zeta + sigma Z), Z from GSL's ziggurat (`gsl_ran_gaussian_ziggurat`, as the
    /// normal distribution), which is the definition `gsl_ran_lognormal` uses with a Gaussian from
    /// the polar method instead: the ziggurat needs two integers from the generator and, 99% of
    /// the time, no logarithm or square root, against 2.55 uniforms, a logarithm and a square root
    /// (17 against 36 ns a draw).
    public static func lognormal(mean: Double, sd: Double) throws(DistributionError) -> Distribution {
        try requirePositive("lognormal", "mean", mean)
        try requirePositive("lognormal", "sd", sd)
        let sigma2 = log1p((sd * sd) / (mean * mean))
        return try finite(Distribution(kind: .lognormal(zeta: log(mean) - sigma2 / 2, sigma: sigma2.squareRoot(),
                                             mean: mean, sd: sd)))
    }

    /// Gamma with shape k and scale theta, mean k theta (`gsl_ran_gamma`).
    public static func gamma(shape: Double, scale: Double) throws(DistributionError) -> Distribution {
        try requirePositive("gamma", "shape", shape)
        try requirePositive("gamma", "scale", scale)
        return try finite(Distribution(kind: .gamma(shape: shape, scale: scale)))
    }

    /// Gamma given by its mean and standard deviation: shape (mean/sd)^2, scale sd^2/mean.
    public static func gamma(mean: Double, sd: Double) throws(DistributionError) -> Distribution {
        try requirePositive("gamma", "mean", mean)
        try requirePositive("gamma", "sd", sd)
        return try gamma(shape: (mean / sd) * (mean / sd), scale: sd * sd / mean)
    }

    /// Weibull with scale a and shape b, p(x) = (b/a)(x/a)^(b-1) exp(-(x/a)^b) (`gsl_ran_weibull`).
    public static func weibull(scale: Double, shape: Double) throws(DistributionError) -> Distribution {
        try requirePositive("weibull", "scale", scale)
        try requirePositive("weibull", "shape", shape)
        return try finite(Distribution(kind: .weibull(scale: scale, shape: shape)))
    }

    /// Normal with the given mean and standard deviation (`gsl_ran_gaussian_ziggurat`). May be
    /// negative: use ``truncatedNormal(mean:sd:)`` for durations.
    public static func normal(mean: Double, sd: Double) throws(DistributionError) -> Distribution {
        try require(mean.isFinite, "normal", "mean", "a finite number", mean)
        try requirePositive("normal", "sd", sd)
        return try finite(Distribution(kind: .normal(mean: mean, sd: sd)))
    }

    /// Normal(mean, sd) conditioned on being >= 0, drawn exactly by `gsl_ran_gaussian_tail`.
    /// `mean` and `sd` are those of the untruncated normal.
    public static func truncatedNormal(mean: Double, sd: Double) throws(DistributionError) -> Distribution {
        try require(mean.isFinite, "truncated normal", "mean", "a finite number", mean)
        try requirePositive("truncated normal", "sd", sd)
        try require(mean / sd > -30, "truncated normal", "mean",
                    "greater than -30 sd (almost no mass is left above 0)", mean)
        return try finite(Distribution(kind: .truncatedNormal(mean: mean, sd: sd)))
    }

    /// Uniform on [low, high) (`gsl_ran_flat`).
    public static func uniform(low: Double, high: Double) throws(DistributionError) -> Distribution {
        try require(low.isFinite, "uniform", "low", "a finite number", low)
        try require(high.isFinite && high > low, "uniform", "high", "a finite number > low (\(DistributionError.format(low)))", high)
        return try finite(Distribution(kind: .uniform(low: low, high: high)))
    }

    /// Triangular on [low, high] with the given mode, by inversion of one GSL uniform.
    public static func triangular(low: Double, mode: Double, high: Double) throws(DistributionError) -> Distribution {
        try require(low.isFinite, "triangular", "low", "a finite number", low)
        try require(high.isFinite && high > low, "triangular", "high", "a finite number > low (\(DistributionError.format(low)))", high)
        try require(mode >= low && mode <= high, "triangular", "mode",
                    "between low (\(DistributionError.format(low))) and high (\(DistributionError.format(high)))", mode)
        return try finite(Distribution(kind: .triangular(low: low, mode: mode, high: high)))
    }

    // MARK: Properties

    /// The exact mean.
    public var mean: Double {
        switch kind {
        case .constant(let v): return v
        case .exponential(let m): return m
        case .lognormal(_, _, let m, _): return m
        case .gamma(let k, let theta): return k * theta
        case .weibull(let a, let b): return a * tgamma(1 + 1 / b)
        case .normal(let m, _): return m
        case .truncatedNormal(let m, let s):
            let alpha = -m / s
            return m + s * standardNormalDensity(alpha) / (1 - standardNormalCDF(alpha))
        case .uniform(let a, let b): return (a + b) / 2
        case .triangular(let a, let c, let b): return (a + b + c) / 3
        }
    }

    /// The exact variance.
    public var variance: Double {
        switch kind {
        case .constant: return 0
        case .exponential(let m): return m * m
        case .lognormal(_, _, _, let s): return s * s
        case .gamma(let k, let theta): return k * theta * theta
        case .weibull(let a, let b):
            let g1 = tgamma(1 + 1 / b)
            return a * a * (tgamma(1 + 2 / b) - g1 * g1)
        case .normal(_, let s): return s * s
        case .truncatedNormal(let m, let s):
            let alpha = -m / s
            let lambda = standardNormalDensity(alpha) / (1 - standardNormalCDF(alpha))
            return s * s * (1 + alpha * lambda - lambda * lambda)
        case .uniform(let a, let b): return (b - a) * (b - a) / 12
        case .triangular(let a, let c, let b):
            return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        }
    }

    /// The p-quantile (the inverse of the distribution function) for 0 < p < 1, from GSL's
    /// inverse distribution functions (`gsl_cdf_*_Pinv`) or in closed form. Latin hypercube
    /// designs map stratified uniforms through it.
    /// - Precondition: 0 < p < 1.
    public func quantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "a quantile needs 0 < p < 1")
        _ = gslReady
        switch kind {
        case .constant(let v): return v
        case .exponential(let m): return gsl_cdf_exponential_Pinv(p, m)
        case .lognormal(let zeta, let sigma, _, _): return gsl_cdf_lognormal_Pinv(p, zeta, sigma)
        case .gamma(let k, let theta): return gsl_cdf_gamma_Pinv(p, k, theta)
        case .weibull(let a, let b): return gsl_cdf_weibull_Pinv(p, a, b)
        case .normal(let m, let s): return m + gsl_cdf_gaussian_Pinv(p, s)
        case .truncatedNormal(let m, let s):
            // Above 0 only: the normal's quantile at the same probability of the part above 0.
            let below = gsl_cdf_ugaussian_P(-m / s)
            return max(0, m + s * gsl_cdf_ugaussian_Pinv(below + p * (1 - below)))
        case .uniform(let a, let b): return a + p * (b - a)
        case .triangular(let a, let c, let b):
            if p < (c - a) / (b - a) { return a + ((b - a) * (c - a) * p).squareRoot() }
            return b - ((b - a) * (b - c) * (1 - p)).squareRoot()
        }
    }

    /// The distribution function P(X <= x), from GSL's `gsl_cdf_*_P` or in closed form: for
    /// goodness-of-fit statistics of fitted distributions.
    public func cdf(_ x: Double) -> Double {
        _ = gslReady
        switch kind {
        case .constant(let v): return x >= v ? 1 : 0
        case .exponential(let m): return x <= 0 ? 0 : gsl_cdf_exponential_P(x, m)
        case .lognormal(let zeta, let sigma, _, _): return x <= 0 ? 0 : gsl_cdf_lognormal_P(x, zeta, sigma)
        case .gamma(let k, let theta): return x <= 0 ? 0 : gsl_cdf_gamma_P(x, k, theta)
        case .weibull(let a, let b): return x <= 0 ? 0 : gsl_cdf_weibull_P(x, a, b)
        case .normal(let m, let s): return gsl_cdf_gaussian_P(x - m, s)
        case .truncatedNormal(let m, let s):
            if x <= 0 { return 0 }
            let below = gsl_cdf_ugaussian_P(-m / s)
            return (gsl_cdf_ugaussian_P((x - m) / s) - below) / (1 - below)
        case .uniform(let a, let b): return min(1, max(0, (x - a) / (b - a)))
        case .triangular(let a, let c, let b):
            if x <= a { return 0 }
            if x >= b { return 1 }
            if x <= c { return (x - a) * (x - a) / ((b - a) * (c - a)) }
            return 1 - (b - x) * (b - x) / ((b - a) * (b - c))
        }
    }

    /// Coefficient of variation, sd / mean.
    public var coefficientOfVariation: Double { variance.squareRoot() / mean }

    /// Whether every draw is >= 0 (what a duration needs).
    public var isNonNegative: Bool {
        switch kind {
        case .constant(let v): return v >= 0
        case .normal: return false
        case .uniform(let a, _), .triangular(let a, _, _): return a >= 0
        default: return true
        }
    }

    public var description: String {
        let f = DistributionError.format
        switch kind {
        case .constant(let v): return "constant(\(f(v)))"
        case .exponential(let m): return "exponential(mean: \(f(m)))"
        case .lognormal(_, _, let m, let s): return "lognormal(mean: \(f(m)), sd: \(f(s)))"
        case .gamma(let k, let t): return "gamma(shape: \(f(k)), scale: \(f(t)))"
        case .weibull(let a, let b): return "weibull(scale: \(f(a)), shape: \(f(b)))"
        case .normal(let m, let s): return "normal(mean: \(f(m)), sd: \(f(s)))"
        case .truncatedNormal(let m, let s): return "truncated_normal(mean: \(f(m)), sd: \(f(s)))"
        case .uniform(let a, let b): return "uniform(low: \(f(a)), high: \(f(b)))"
        case .triangular(let a, let c, let b): return "triangular(low: \(f(a)), mode: \(f(c)), high: \(f(b)))"
        }
    }

    // MARK: Validation helpers

    /// Refuses parameters whose derived quantities overflow: a mean or variance that is not
    /// finite (for example a triangular distribution spanning 1e308), or a lognormal whose
    /// log-scale parameters are not finite (every draw would be NaN).
    private static func finite(_ d: Distribution) throws(DistributionError) -> Distribution {
        if case .lognormal(let zeta, let sigma, _, _) = d.kind, !(zeta.isFinite && sigma.isFinite) {
            throw DistributionError(distribution: "lognormal", parameter: "sd",
                                    expected: "a value whose log-scale parameters are finite (sd / mean below about 1e150)",
                                    found: sigma)
        }
        guard d.mean.isFinite, d.variance.isFinite else {
            throw DistributionError(distribution: d.name, parameter: "parameters",
                                    expected: "values whose mean and variance are finite numbers",
                                    found: d.mean.isFinite ? d.variance : d.mean)
        }
        return d
    }

    /// The distribution's name, as scenario files write it.
    var name: String {
        switch kind {
        case .constant: return "constant"
        case .exponential: return "exponential"
        case .lognormal: return "lognormal"
        case .gamma: return "gamma"
        case .weibull: return "weibull"
        case .normal: return "normal"
        case .truncatedNormal: return "truncated normal"
        case .uniform: return "uniform"
        case .triangular: return "triangular"
        }
    }

    private static func require(_ ok: Bool, _ distribution: String, _ parameter: String,
                                _ expected: String, _ found: Double) throws(DistributionError) {
        if !ok || found.isNaN {
            throw DistributionError(distribution: distribution, parameter: parameter, expected: expected, found: found)
        }
    }

    private static func requirePositive(_ distribution: String, _ parameter: String,
                                        _ value: Double) throws(DistributionError) {
        try require(value.isFinite && value > 0, distribution, parameter, "a finite number > 0", value)
    }
}

func standardNormalDensity(_ x: Double) -> Double { gsl_ran_ugaussian_pdf(x) }
func standardNormalCDF(_ x: Double) -> Double { gsl_cdf_ugaussian_P(x) }

extension RandomStream {
    /// One draw from `distribution`.
    public func draw(_ distribution: Distribution) -> Double {
        switch distribution.kind {
        case .constant(let v):
            return v
        case .exponential(let mean):
            return gsl_ran_exponential(rng, mean)
        case .lognormal(let zeta, let sigma, _, _):
            return exp(zeta + gsl_ran_gaussian_ziggurat(rng, sigma))
        case .gamma(let shape, let scale):
            return gsl_ran_gamma(rng, shape, scale)
        case .weibull(let scale, let shape):
            return gsl_ran_weibull(rng, scale, shape)
        case .normal(let mean, let sd):
            return mean + gsl_ran_gaussian_ziggurat(rng, sd)
        case .truncatedNormal(let mean, let sd):
            // X = mean + sd * Z with Z > -mean/sd; gsl_ran_gaussian_tail draws Z > a for any a.
            return mean + gsl_ran_gaussian_tail(rng, -mean / sd, 1) * sd
        case .uniform(let low, let high):
            return gsl_ran_flat(rng, low, high)
        case .triangular(let low, let mode, let high):
            let u = gsl_rng_uniform(rng)
            let split = (mode - low) / (high - low)
            if u < split {
                return low + ((high - low) * (mode - low) * u).squareRoot()
            }
            return high - ((high - low) * (high - mode) * (1 - u)).squareRoot()
        }
    }

    /// An exponential draw with the given mean, for hot paths whose mean was validated elsewhere
    /// (`gsl_ran_exponential`).
    /// - Precondition: `mean` is finite and > 0 (checked in debug builds only).
    public func exponential(mean: Double) -> Double {
        assert(mean.isFinite && mean > 0, "exponential mean must be > 0")
        return gsl_ran_exponential(rng, mean)
    }
}
