// DistributionFit.swift: maximum-likelihood fits of the lognormal and gamma distributions from
// their sufficient statistics, so that millions of observations are fitted in constant memory.

internal import CGSL
import Foundation

/// Sufficient statistics of positive observations for the lognormal and gamma families: the
/// count, the sum, and the sums of the logarithm and of its square. Adding an observation is
/// O(1); two sets add up.
public struct PositiveSample: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var sum = 0.0
    public private(set) var sumLog = 0.0
    public private(set) var sumLogSquared = 0.0

    public init() {}

    /// Adds one observation.
    /// - Precondition: x > 0 and finite.
    public mutating func add(_ x: Double) {
        precondition(x > 0 && x.isFinite, "a positive sample takes finite values > 0")
        let l = Foundation.log(x)
        count += 1
        sum += x
        sumLog += l
        sumLogSquared += l * l
    }

    public mutating func add(_ other: PositiveSample) {
        count += other.count
        sum += other.sum
        sumLog += other.sumLog
        sumLogSquared += other.sumLogSquared
    }

    public var mean: Double { sum / Double(count) }
}

/// A distribution fitted to a sample by maximum likelihood, with its log-likelihood and the
/// standard errors of its parameters (from the inverse Fisher information).
public struct DistributionFit: Sendable {
    public enum Family: String, Sendable, CaseIterable {
        case lognormal, gamma
    }

    public let family: Family
    public let distribution: Distribution
    /// The maximised log-likelihood of the sample.
    public let logLikelihood: Double
    /// The fitted parameters in the family's natural form, with standard errors: lognormal
    /// `mu` and `sigma` (of the logarithm); gamma `shape` and `scale`.
    public let parameters: [(name: String, value: Double, standardError: Double)]

    /// The maximum-likelihood fit of `family` to `sample`, or nil when the sample cannot give one
    /// (fewer than 2 observations, or all of them equal).
    public static func fit(_ family: Family, to sample: PositiveSample) -> DistributionFit? {
        guard sample.count >= 2 else { return nil }
        let n = Double(sample.count)
        _ = gslReady
        switch family {
        case .lognormal:
            let mu = sample.sumLog / n
            let variance = sample.sumLogSquared / n - mu * mu
            guard variance > 1e-12 * max(1, mu * mu) else { return nil }
            let sigma = variance.squareRoot()
            let ll = -sample.sumLog - n * Foundation.log(sigma) - n / 2 * Foundation.log(2 * Double.pi) - n / 2
            let m = exp(mu + variance / 2), sd = m * (exp(variance) - 1).squareRoot()
            guard let d = try? Distribution.lognormal(mean: m, sd: sd) else { return nil }
            return DistributionFit(family: .lognormal, distribution: d, logLikelihood: ll,
                                   parameters: [("mu", mu, sigma / n.squareRoot()),
                                                ("sigma", sigma, sigma / (2 * n).squareRoot())])
        case .gamma:
            let mean = sample.sum / n
            let s = Foundation.log(mean) - sample.sumLog / n
            guard s > 1e-12 else { return nil }
            // Newton's method on log k - digamma(k) = s (Minka 2002), from Thom's approximation.
            var k = (3 - s + ((s - 3) * (s - 3) + 24 * s).squareRoot()) / (12 * s)
            for _ in 0..<100 {
                let f = Foundation.log(k) - gsl_sf_psi(k) - s
                let slope = 1 / k - gsl_sf_psi_1(k)
                let next = k - f / slope
                let step = abs(next - k)
                k = next > 0 ? next : k / 2
                if step <= 1e-13 * k { break }
            }
            let theta = mean / k
            let ll = (k - 1) * sample.sumLog - sample.sum / theta - n * k * Foundation.log(theta) - n * gsl_sf_lngamma(k)
            guard let d = try? Distribution.gamma(shape: k, scale: theta), ll.isFinite else { return nil }
            // Fisher information per observation: [[psi1(k), 1/theta], [1/theta, k/theta^2]].
            let i11 = gsl_sf_psi_1(k), i12 = 1 / theta, i22 = k / (theta * theta)
            let det = (i11 * i22 - i12 * i12) * n
            return DistributionFit(family: .gamma, distribution: d, logLikelihood: ll,
                                   parameters: [("shape", k, (i22 / det).squareRoot()),
                                                ("scale", theta, (i11 / det).squareRoot())])
        }
    }

    /// The best of the families by log-likelihood (both have two parameters, so this is also the
    /// best by AIC), or nil when none fits.
    public static func best(of families: [Family] = Family.allCases, to sample: PositiveSample) -> DistributionFit? {
        families.compactMap { fit($0, to: sample) }.max { $0.logLikelihood < $1.logLikelihood }
    }
}
