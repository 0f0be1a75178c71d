// DistributionTests.swift: every distribution's moments against its exact mean and variance, and
// every parameter check's message.

@testable import DispatchRandom
import Foundation
import Testing

/// Sample moments of n draws, with the standard errors of the mean and of the variance estimated
/// from the same sample (the latter from the fourth central moment).
private struct Moments {
    var mean = 0.0, variance = 0.0, seMean = 0.0, seVariance = 0.0

    init(_ xs: [Double]) {
        let n = Double(xs.count)
        mean = xs.reduce(0, +) / n
        var m2 = 0.0, m4 = 0.0
        for x in xs {
            let d = x - mean
            m2 += d * d
            m4 += d * d * d * d
        }
        variance = m2 / (n - 1)
        m4 /= n
        seMean = (variance / n).squareRoot()
        seVariance = ((m4 - variance * variance) / n).squareRoot()
    }
}

@Suite("Distributions")
struct DistributionTests {
    static let cases: [(String, Distribution)] = [
        ("exponential", try! .exponential(mean: 45)),
        ("lognormal", try! .lognormal(mean: 8, sd: 4)),
        ("gamma shape/scale", try! .gamma(shape: 2.5, scale: 3)),
        ("gamma mean/sd", try! .gamma(mean: 60, sd: 30)),
        ("weibull", try! .weibull(scale: 10, shape: 1.5)),
        ("normal", try! .normal(mean: -3, sd: 2)),
        ("truncated normal, mild", try! .truncatedNormal(mean: 20, sd: 10)),
        ("truncated normal, heavy", try! .truncatedNormal(mean: -5, sd: 2)),
        ("uniform", try! .uniform(low: 2, high: 9)),
        ("triangular", try! .triangular(low: 5, mode: 10, high: 30)),
    ]

    @Test("Sample mean and variance within 4 standard errors of the exact values",
          arguments: cases.indices)
    func moments(index: Int) {
        let (name, distribution) = Self.cases[index]
        let stream = StreamSeeder(seed: 11).stream(purpose: index, replication: 0)
        let xs = (0..<200_000).map { _ in stream.draw(distribution) }
        let m = Moments(xs)
        #expect(abs(m.mean - distribution.mean) <= 4 * m.seMean, "\(name): mean \(m.mean) vs \(distribution.mean)")
        #expect(abs(m.variance - distribution.variance) <= 4 * m.seVariance,
                "\(name): variance \(m.variance) vs \(distribution.variance)")
        if distribution.isNonNegative {
            #expect(xs.allSatisfy { $0 >= 0 }, "\(name) drew a negative value")
        }
    }

    /// The Gaussian draws (the normal directly, the lognormal through its logarithm) against the
    /// exact normal CDF: a Kolmogorov-Smirnov distance under its 0.1% critical value, 1.949 / sqrt(n)
    /// (asymptotic; a shape check that the moments above cannot make).
    @Test("Normal and lognormal draws pass a Kolmogorov-Smirnov test against the exact distribution")
    func gaussianShape() {
        let n = 200_000
        let normal = try! Distribution.normal(mean: -3, sd: 2)
        let lognormal = try! Distribution.lognormal(mean: 8, sd: 4)
        guard case .lognormal(let zeta, let sigma, _, _) = lognormal.kind else { Issue.record("wrong kind"); return }
        let stream = StreamSeeder(seed: 12).stream(purpose: 0, replication: 0)
        let samples: [(String, [Double], (Double) -> Double)] = [
            ("normal", (0..<n).map { _ in stream.draw(normal) }, { standardNormalCDF(($0 + 3) / 2) }),
            ("lognormal", (0..<n).map { _ in stream.draw(lognormal) }, { standardNormalCDF((log($0) - zeta) / sigma) }),
        ]
        for (name, xs, cdf) in samples {
            var distance = 0.0
            for (i, x) in xs.sorted().enumerated() {
                let f = cdf(x)
                distance = max(distance, Double(i + 1) / Double(n) - f, f - Double(i) / Double(n))
            }
            #expect(distance <= 1.949 / Double(n).squareRoot(), "\(name): KS distance \(distance)")
        }
    }

    @Test("Lognormal by mean and sd: the log has the implied parameters")
    func lognormalParameters() {
        let d = try! Distribution.lognormal(mean: 8, sd: 4)
        #expect(abs(d.coefficientOfVariation - 0.5) < 1e-12)
        guard case .lognormal(let zeta, let sigma, _, _) = d.kind else { Issue.record("wrong kind"); return }
        #expect(abs(exp(zeta + sigma * sigma / 2) - 8) < 1e-12)
    }

    @Test("Constant is constant")
    func constant() {
        let stream = RandomStream(seed: 1)
        let d = try! Distribution.constant(12.5)
        #expect((0..<10).allSatisfy { _ in stream.draw(d) == 12.5 })
        #expect(d.variance == 0)
    }

    @Test("Bernoulli and Poisson moments")
    func discreteMoments() throws {
        let stream = StreamSeeder(seed: 5).stream(purpose: 0, replication: 0)
        let p = 0.07, n = 200_000
        let trial = try Bernoulli(probability: p)
        let hits = (0..<n).reduce(0) { acc, _ in acc + (stream.draw(trial) ? 1 : 0) }
        let se = (p * (1 - p) / Double(n)).squareRoot()
        #expect(abs(Double(hits) / Double(n) - p) <= 4 * se)

        let poisson = try Poisson(mean: 3.7)
        let counts = (0..<n).map { _ in Double(stream.draw(poisson)) }
        let m = Moments(counts)
        #expect(abs(m.mean - 3.7) <= 4 * m.seMean)
        #expect(abs(m.variance - 3.7) <= 4 * m.seVariance)
    }

    @Test("Weighted choice frequencies within 4 standard errors (Walker alias)")
    func weightedChoice() throws {
        let weights = [5.0, 0, 1, 3, 11]
        let choice = try DiscreteDistribution(weights: weights)
        let stream = StreamSeeder(seed: 9).stream(purpose: 1, replication: 0)
        let n = 200_000
        var counts = [Int](repeating: 0, count: weights.count)
        for _ in 0..<n { counts[stream.draw(choice)] += 1 }
        for (i, p) in choice.probabilities.enumerated() {
            let se = (p * (1 - p) / Double(n)).squareRoot()
            #expect(abs(Double(counts[i]) / Double(n) - p) <= 4 * se, "outcome \(i)")
        }
        #expect(counts[1] == 0)
    }

    @Test("Parameter checks say what is wrong")
    func parameterMessages() {
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "no error" } catch { return "\(error)" }
        }
        #expect(message { _ = try Distribution.exponential(mean: -3) }
                == "exponential: mean must be a finite number > 0, found -3")
        #expect(message { _ = try Distribution.exponential(mean: .nan) }
                == "exponential: mean must be a finite number > 0, found nan")
        #expect(message { _ = try Distribution.lognormal(mean: 8, sd: 0) }
                == "lognormal: sd must be a finite number > 0, found 0")
        #expect(message { _ = try Distribution.gamma(shape: .infinity, scale: 1) }
                == "gamma: shape must be a finite number > 0, found inf")
        #expect(message { _ = try Distribution.weibull(scale: 1, shape: -0.5) }
                == "weibull: shape must be a finite number > 0, found -0.5")
        #expect(message { _ = try Distribution.normal(mean: 1, sd: -1) }
                == "normal: sd must be a finite number > 0, found -1")
        #expect(message { _ = try Distribution.truncatedNormal(mean: -400, sd: 1) }
                == "truncated normal: mean must be greater than -30 sd (almost no mass is left above 0), found -400")
        #expect(message { _ = try Distribution.uniform(low: 5, high: 5) }
                == "uniform: high must be a finite number > low (5), found 5")
        #expect(message { _ = try Distribution.triangular(low: 0, mode: 12, high: 10) }
                == "triangular: mode must be between low (0) and high (10), found 12")
        #expect(message { _ = try Distribution.constant(.infinity) }
                == "constant: value must be a finite number, found inf")
        #expect(message { _ = try Bernoulli(probability: 1.5) }
                == "bernoulli: probability must be a number from 0 to 1, found 1.5")
        #expect(message { _ = try Poisson(mean: -1) }
                == "poisson: mean must be a finite number from 0 to 1e9, found -1")
        #expect(message { _ = try DiscreteDistribution(weights: []) }
                == "discrete: weights must be at least one weight, found 0")
        #expect(message { _ = try DiscreteDistribution(weights: [1, -2]) }
                == "discrete: weight must be a finite number >= 0, found -2")
        #expect(message { _ = try DiscreteDistribution(weights: [0, 0]) }
                == "discrete: sum of weights must be > 0, found 0")
    }
}

@Suite("GSL statistics")
struct GSLStatisticsTests {
    @Test("Student t and normal quantiles match tables")
    func quantiles() {
        // Reference values from an independent computation (scipy.stats.t.ppf, norm.ppf).
        #expect(abs(ReferenceQuantile.studentT(0.975, degreesOfFreedom: 9) - 2.262157162798205) < 1e-12)
        #expect(abs(ReferenceQuantile.studentT(0.975, degreesOfFreedom: 1) - 12.706204736174698) < 1e-9)
        #expect(abs(ReferenceQuantile.standardNormal(0.975) - 1.959963984540054) < 1e-12)
    }
}
