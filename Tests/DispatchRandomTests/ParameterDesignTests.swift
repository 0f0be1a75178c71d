// ParameterDesignTests.swift: quantile functions (the inverse of each distribution function) and
// Latin hypercube and random designs of parameter sets.

import DispatchRandom
import Foundation
import Testing

@Suite("Parameter designs")
struct ParameterDesignTests {
    @Test("Quantiles invert the distribution functions: closed forms and published values")
    func quantiles() throws {
        let u = try Distribution.uniform(low: 2, high: 6)
        #expect(u.quantile(0.25) == 3)
        // Triangular(0, 1, 4): F(x) = x^2 / 4 below the mode, so F(1) = 1/4; above it
        // F(x) = 1 - (4 - x)^2 / 12, so F(2) = 2/3.
        let t = try Distribution.triangular(low: 0, mode: 1, high: 4)
        #expect(abs(t.quantile(0.25) - 1) < 1e-12 && abs(t.quantile(2.0 / 3) - 2) < 1e-12)
        // The standard normal's 97.5% quantile is 1.959963984540054 (to 16 digits).
        let n = try Distribution.normal(mean: 10, sd: 2)
        #expect(abs(n.quantile(0.975) - (10 + 2 * 1.959963984540054)) < 1e-9)
        // A lognormal's median is exp(zeta): with mean 55 and sd 50, zeta = ln(55 / sqrt(1 + (50/55)^2)).
        let l = try Distribution.lognormal(mean: 55, sd: 50)
        #expect(abs(l.quantile(0.5) - 55 / (1 + (50.0 / 55) * (50.0 / 55)).squareRoot()) < 1e-9)
        // Exponential: -mean ln(1 - p).
        let e = try Distribution.exponential(mean: 3)
        #expect(abs(e.quantile(0.5) - 3 * log(2)) < 1e-12)
        // A normal truncated to x > 0 with mean 0 is the half-normal: its median is 0.6745 sd.
        let h = try Distribution.truncatedNormal(mean: 0, sd: 1)
        #expect(abs(h.quantile(0.5) - 0.6744897501960817) < 1e-9)
    }

    @Test("A Latin hypercube draws each of its strata exactly once, for every parameter")
    func strata() throws {
        let distributions = [try Distribution.uniform(low: 0, high: 1), try Distribution.uniform(low: 10, high: 20)]
        let draws = ParameterDesign.draws(distributions, count: 50, method: .latinHypercube,
                                          seeder: StreamSeeder(seed: 4), purpose: 255)
        #expect(draws.count == 50 && draws.allSatisfy { $0.count == 2 })
        for (j, d) in distributions.enumerated() {
            let strata = draws.map { Int(((d.quantile(0.5) == 0.5 ? $0[j] : ($0[j] - 10) / 10) * 50).rounded(.down)) }
            #expect(Set(strata) == Set(0..<50), "parameter \(j)")
        }
        // The two parameters are shuffled independently: not the same order of strata.
        #expect(draws.map { Int($0[0] * 50) } != draws.map { Int(($0[1] - 10) * 5) })
    }

    @Test("Designs are reproducible, and a parameter's values do not depend on the parameters after it")
    func reproducible() throws {
        let a = try Distribution.triangular(low: 1, mode: 2, high: 5), b = try Distribution.lognormal(mean: 4, sd: 1)
        let seeder = StreamSeeder(seed: 99)
        for method in SamplingMethod.allCases {
            let both = ParameterDesign.draws([a, b], count: 20, method: method, seeder: seeder, purpose: 255)
            #expect(both == ParameterDesign.draws([a, b], count: 20, method: method, seeder: seeder, purpose: 255))
            #expect(both.map { [$0[0]] } == ParameterDesign.draws([a], count: 20, method: method, seeder: seeder, purpose: 255))
            #expect(both != ParameterDesign.draws([a, b], count: 20, method: method, seeder: StreamSeeder(seed: 98), purpose: 255))
        }
    }

    @Test("Both designs draw from the distribution: the mean of the draws is within 4 standard errors of the exact mean")
    func means() throws {
        let d = try Distribution.triangular(low: 1, mode: 2, high: 6)
        var spread: [SamplingMethod: Double] = [:]
        for method in SamplingMethod.allCases {
            // 40 designs of 25 draws each: the design means vary from design to design; their
            // average is within 4 standard errors (over the 40) of the exact mean.
            let means = (0..<40).map { s in
                let draws = ParameterDesign.draws([d], count: 25, method: method, seeder: StreamSeeder(seed: UInt64(s)), purpose: 255)
                return draws.reduce(0) { $0 + $1[0] } / 25
            }
            let m = means.reduce(0, +) / 40
            let sd = (means.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 39).squareRoot()
            #expect(abs(m - d.mean) <= 4 * sd / 40.0.squareRoot(), "\(method): \(m) against \(d.mean)")
            spread[method] = sd
        }
        // A random design's mean has the sd of one draw over sqrt(25); stratifying a monotone
        // quantile function shrinks it far more (of order 1/25 of that): at least fivefold here.
        #expect(abs(spread[.random]! - (d.variance / 25).squareRoot()) < 0.5 * (d.variance / 25).squareRoot())
        #expect(spread[.latinHypercube]! < spread[.random]! / 5)
    }
}
