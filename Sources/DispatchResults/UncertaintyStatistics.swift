// UncertaintyStatistics.swift: what an uncertainty analysis reports about its draws: intervals
// that combine input and simulation uncertainty with the share of variance due to each, and each
// parameter's influence (partial rank correlation, first-order Sobol index).

import Foundation

/// Input and simulation uncertainty of one quantity, from `values[draw][replication]`: the
/// replications of every draw share their random numbers with the other draws' (common random
/// numbers), and the draws are parameter sets drawn from their distributions.
///
/// The two-level model is y(d, r) = m(d) + e(d, r): m(d) is the quantity's expected value under
/// draw d's parameters, e the simulation noise with variance s2(d). Each draw's mean over its R
/// replications, ybar(d), has variance Var(m) + E[s2] / R. Estimates (one-way random effects
/// ANOVA): the simulation part E[s2] / R is the mean within-draw variance over R; the input part
/// Var(m) is the variance of the draw means less it (at least 0).
public struct TwoLevelSummary: Sendable, Hashable {
    /// The mean over every draw and replication.
    public let mean: Double
    /// The standard error of `mean` over the draws: sd of the draw means / sqrt(draws) (for a Latin
    /// hypercube an upper bound).
    public let standardError: Double
    /// The 2.5% and 97.5% quantiles of the draw means (type 7, linear interpolation): where the
    /// quantity lies given the input distributions, simulation noise of R replications included.
    public let low: Double
    public let high: Double
    /// Var(m): the variance due to the uncertain inputs.
    public let inputVariance: Double
    /// E[s2] / R: the simulation variance of a draw's mean over its replications.
    public let simulationVariance: Double
    /// The number of draws with a value.
    public let draws: Int

    /// The share of a draw mean's variance due to the inputs, inputVariance / (input + simulation);
    /// NaN when both are 0.
    public var inputShare: Double {
        let total = inputVariance + simulationVariance
        return total > 0 ? inputVariance / total : .nan
    }

    /// `values[draw]` holds the draw's replications; NaN values (no value) are left out, and a
    /// draw with none is left out.
    public init(_ values: [[Double]]) {
        let kept = values.map { $0.filter { !$0.isNaN } }.filter { !$0.isEmpty }
        draws = kept.count
        let means = kept.map { $0.reduce(0, +) / Double($0.count) }
        let all = kept.flatMap { $0 }
        mean = all.isEmpty ? .nan : all.reduce(0, +) / Double(all.count)
        let between = Self.sampleVariance(means)
        standardError = draws > 1 ? (between / Double(draws)).squareRoot() : .nan
        low = Self.quantile(means.sorted(), 0.025)
        high = Self.quantile(means.sorted(), 0.975)
        // Mean within-draw variance over the replications of a draw (draws with 2 or more).
        let within = kept.filter { $0.count > 1 }.map { Self.sampleVariance($0) / Double($0.count) }
        simulationVariance = within.isEmpty ? .nan : within.reduce(0, +) / Double(within.count)
        inputVariance = within.isEmpty || draws < 2 ? .nan : max(0, between - simulationVariance)
    }

    static func sampleVariance(_ x: [Double]) -> Double {
        guard x.count > 1 else { return .nan }
        let m = x.reduce(0, +) / Double(x.count)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
    }

    /// The p-quantile of sorted values by linear interpolation between order statistics (R's type 7).
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let i = Int(h.rounded(.down))
        guard i + 1 < sorted.count else { return sorted[sorted.count - 1] }
        return sorted[i] + (h - Double(i)) * (sorted[i + 1] - sorted[i])
    }
}

/// How much each uncertain parameter moves an output, over the draws of an uncertainty analysis.
public enum Sensitivity {
    /// Ranks 1...n, ties given their mean rank.
    public static func ranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] }
        var ranks = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = rank }
            i = j + 1
        }
        return ranks
    }

    /// Partial rank correlation coefficients (Marino et al. 2008): for each parameter j, the
    /// correlation between the residuals of rank(x_j) and of rank(y), each regressed (least
    /// squares, with an intercept) on the ranks of the other parameters. `inputs[draw][parameter]`.
    /// NaN when a residual has no variance or there are too few draws (at least k + 2).
    public static func partialRankCorrelations(inputs: [[Double]], output: [Double]) -> [Double] {
        let n = output.count, k = inputs.first?.count ?? 0
        guard n == inputs.count, n >= k + 2 else { return Array(repeating: .nan, count: k) }
        let rankedInputs = (0..<k).map { j in ranks(inputs.map { $0[j] }) }
        let rankedOutput = ranks(output)
        return (0..<k).map { j in
            let others = (0..<k).filter { $0 != j }.map { rankedInputs[$0] }
            let rx = residuals(rankedInputs[j], on: others)
            let ry = residuals(rankedOutput, on: others)
            return correlation(rx, ry)
        }
    }

    /// First-order Sobol index of one parameter from given data (the binning estimator; Plischke,
    /// Borgonovo & Smith 2013): the draws are split into `bins` classes of equal size by the
    /// parameter's value, and the index is the share of the output's variance explained by the
    /// class means, corrected for the part chance alone would explain (omega squared:
    /// (SSB - (bins - 1) MSW) / (SST + MSW)), clamped to [0, 1]. NaN with fewer than 2 draws per bin.
    public static func firstOrderSobol(input: [Double], output: [Double], bins: Int) -> Double {
        let n = output.count
        guard n == input.count, bins >= 2, n >= 2 * bins else { return .nan }
        let order = input.indices.sorted { (input[$0], $0) < (input[$1], $1) }
        let grand = output.reduce(0, +) / Double(n)
        var between = 0.0, within = 0.0
        for b in 0..<bins {
            let members = order[(b * n / bins)..<((b + 1) * n / bins)].map { output[$0] }
            let m = members.reduce(0, +) / Double(members.count)
            between += Double(members.count) * (m - grand) * (m - grand)
            within += members.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        }
        let total = between + within
        guard total > 0 else { return .nan }
        let meanSquareWithin = within / Double(n - bins)
        return min(1, max(0, (between - Double(bins - 1) * meanSquareWithin) / (total + meanSquareWithin)))
    }

    /// The number of classes `firstOrderSobol` uses for `draws` draws: about the square root of the
    /// draws (at least 2 draws a class), or 0 (no index) below 20 draws.
    public static func sobolBins(draws: Int) -> Int {
        draws < 20 ? 0 : max(2, Int(Double(draws).squareRoot().rounded(.down)))
    }

    /// Pearson's correlation; NaN when either has no variance.
    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
            syy += (y[i] - my) * (y[i] - my)
        }
        // Residuals that are zero up to rounding carry no information.
        let scale = max(1, x.map(abs).max() ?? 1) * max(1, y.map(abs).max() ?? 1)
        guard sxx > 1e-20 * scale * n, syy > 1e-20 * scale * n else { return .nan }
        return sxy / (sxx * syy).squareRoot()
    }

    /// The residuals of y regressed by least squares on an intercept and `regressors` (each a
    /// column), through the normal equations solved by Gaussian elimination with partial pivoting
    /// (k is small: the number of uncertain parameters).
    static func residuals(_ y: [Double], on regressors: [[Double]]) -> [Double] {
        let n = y.count, p = regressors.count + 1
        let column: (Int, Int) -> Double = { i, c in c == 0 ? 1 : regressors[c - 1][i] }
        var a = [[Double]](repeating: [Double](repeating: 0, count: p + 1), count: p)
        for r in 0..<p {
            for c in 0..<p { a[r][c] = (0..<n).reduce(0) { $0 + column($1, r) * column($1, c) } }
            a[r][p] = (0..<n).reduce(0) { $0 + column($1, r) * y[$1] }
        }
        for c in 0..<p {
            let pivot = (c..<p).max { abs(a[$0][c]) < abs(a[$1][c]) }!
            a.swapAt(c, pivot)
            guard abs(a[c][c]) > 1e-12 else { continue }
            for r in 0..<p where r != c {
                let f = a[r][c] / a[c][c]
                if f != 0 { for k in c...p { a[r][k] -= f * a[c][k] } }
            }
        }
        let beta = (0..<p).map { abs(a[$0][$0]) > 1e-12 ? a[$0][p] / a[$0][$0] : 0 }
        return (0..<n).map { i in y[i] - (0..<p).reduce(0) { $0 + beta[$1] * column(i, $1) } }
    }
}
