// UncertaintyStatisticsTests.swift: the two-level variance decomposition, partial rank correlations
// and first-order Sobol indices against exact values.

import DispatchRandom
@testable import DispatchResults
import Foundation
import Testing

@Suite("Uncertainty statistics")
struct UncertaintyStatisticsTests {
    @Test("Two levels: draw means, within-draw variance and the input share, computed by hand")
    func twoLevel() {
        // Three draws of two replications: means 2, 5, 8; within variances 2, 2, 8 (each over 2).
        let s = TwoLevelSummary([[1, 3], [4, 6], [6, 10]])
        #expect(s.mean == 5 && s.draws == 3)
        #expect(abs(s.simulationVariance - (1 + 1 + 4) / 3.0) < 1e-12)
        // Variance of the draw means: 9; less the simulation part, 2.
        #expect(abs(s.inputVariance - (9 - 2)) < 1e-12)
        #expect(abs(s.inputShare - 7.0 / 9) < 1e-12)
        #expect(abs(s.standardError - (9.0 / 3).squareRoot()) < 1e-12)
        // Type-7 quantiles of [2, 5, 8]: 2 + 0.05 x 3 and 8 - 0.05 x 3.
        #expect(abs(s.low - 2.15) < 1e-12 && abs(s.high - 7.85) < 1e-12)
        // No input effect at all: the input variance is clamped at 0.
        #expect(TwoLevelSummary([[1, 3], [3, 1]]).inputVariance == 0)
    }

    @Test("Ranks give tied values their mean rank")
    func ranks() {
        #expect(Sensitivity.ranks([10, 30, 20, 30]) == [1, 3.5, 2, 3.5])
    }

    @Test("Partial rank correlation equals the textbook partial correlation of the ranks for two inputs")
    func prcc() throws {
        let seeder = StreamSeeder(seed: 11)
        let x = ParameterDesign.draws([try .uniform(low: 0, high: 1), try .uniform(low: 0, high: 1)], count: 60,
                                      method: .random, seeder: seeder, purpose: 1)
        let noise = ParameterDesign.draws([try .normal(mean: 0, sd: 0.3)], count: 60, method: .random, seeder: seeder, purpose: 2)
        let y = x.indices.map { x[$0][0] + 0.5 * x[$0][1] + noise[$0][0] }
        let r1 = Sensitivity.ranks(x.map { $0[0] }), r2 = Sensitivity.ranks(x.map { $0[1] }), ry = Sensitivity.ranks(y)
        func r(_ a: [Double], _ b: [Double]) -> Double { Sensitivity.correlation(a, b) }
        // r_y1.2 = (r_y1 - r_y2 r_12) / sqrt((1 - r_y2^2)(1 - r_12^2)).
        let exact1 = (r(ry, r1) - r(ry, r2) * r(r1, r2)) / ((1 - r(ry, r2) * r(ry, r2)) * (1 - r(r1, r2) * r(r1, r2))).squareRoot()
        let exact2 = (r(ry, r2) - r(ry, r1) * r(r1, r2)) / ((1 - r(ry, r1) * r(ry, r1)) * (1 - r(r1, r2) * r(r1, r2))).squareRoot()
        let computed = Sensitivity.partialRankCorrelations(inputs: x, output: y)
        #expect(abs(computed[0] - exact1) < 1e-9 && abs(computed[1] - exact2) < 1e-9)
        #expect(computed[0] > computed[1] && computed[1] > 0)
        // An input with no effect and an output it does not move: near 0 (within 4 / sqrt(n - 3)).
        let unrelated = Sensitivity.partialRankCorrelations(inputs: x, output: x.map { $0[0] * 3 + noise[x.firstIndex(of: $0)!][0] })
        #expect(abs(unrelated[1]) < 4 / 57.0.squareRoot())
    }

    @Test("First-order Sobol indices of Y = X1 + 2 X2 (uniform inputs) are 1/5 and 4/5, within 4 standard errors over 30 random designs")
    func sobol() throws {
        let u = try Distribution.uniform(low: 0, high: 1)
        var s1: [Double] = [], s2: [Double] = []
        for seed in 0..<30 {
            // Random designs: the estimator's bias correction assumes independent draws. (On a
            // Latin hypercube it over-corrects slightly, by about 0.003 here.)
            let x = ParameterDesign.draws([u, u], count: 400, method: .random,
                                          seeder: StreamSeeder(seed: UInt64(seed)), purpose: 255)
            let y = x.map { $0[0] + 2 * $0[1] }
            let bins = Sensitivity.sobolBins(draws: 400)
            s1.append(Sensitivity.firstOrderSobol(input: x.map { $0[0] }, output: y, bins: bins))
            s2.append(Sensitivity.firstOrderSobol(input: x.map { $0[1] }, output: y, bins: bins))
        }
        for (values, exact) in [(s1, 0.2), (s2, 0.8)] {
            let m = values.reduce(0, +) / 30
            let se = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 29 / 30).squareRoot()
            // (The binning estimator's bias, the within-bin part of X1's effect, (1/20)^2 / 12 over
            // Var(Y) = 5/12, is 0.0005: well inside 4 standard errors.)
            #expect(abs(m - exact) <= 4 * se, "\(m) against \(exact) (se \(se))")
        }
        #expect(Sensitivity.firstOrderSobol(input: [1, 2, 3], output: [1, 2, 3], bins: 2).isNaN)
        #expect(Sensitivity.sobolBins(draws: 19) == 0 && Sensitivity.sobolBins(draws: 200) == 14)
    }
}
