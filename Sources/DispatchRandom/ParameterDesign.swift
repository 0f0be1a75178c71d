// ParameterDesign.swift: sets of parameter values drawn from their distributions for an
// uncertainty analysis: Latin hypercube or simple random sampling, from GSL streams.

internal import CGSL

/// How the parameter sets of an uncertainty analysis are drawn.
public enum SamplingMethod: String, CaseIterable, Sendable, Codable {
    /// Latin hypercube sampling (McKay, Beckman & Conover 1979): each parameter's range is cut
    /// into as many equally probable strata as there are draws, and every stratum is drawn once,
    /// in an order shuffled independently for each parameter.
    case latinHypercube = "latin_hypercube"
    /// Independent draws from each distribution.
    case random
}

/// Draws parameter sets: `count` sets of one value per distribution.
public enum ParameterDesign {
    /// The values, `values[draw][parameter]`.
    ///
    /// Parameter j draws only from `seeder.stream(purpose: purpose, replication: j)`, so adding a
    /// parameter after the others leaves their values as they were. Latin hypercube: a
    /// Fisher-Yates shuffle of the strata 0..<count (`gsl_rng_uniform_int`), then for draw d the
    /// uniform u = (stratum[d] + v) / count with v from `gsl_rng_uniform_pos`; random: u from
    /// `gsl_rng_uniform_pos`. Each u becomes the distribution's u-quantile.
    /// - Precondition: count >= 1.
    public static func draws(_ distributions: [Distribution], count: Int, method: SamplingMethod,
                             seeder: StreamSeeder, purpose: Int) -> [[Double]] {
        precondition(count >= 1, "a design needs at least one draw")
        var values = Array(repeating: [Double](repeating: 0, count: distributions.count), count: count)
        for (j, distribution) in distributions.enumerated() {
            let stream = seeder.stream(purpose: purpose, replication: j)
            let strata: [Int]
            switch method {
            case .latinHypercube:
                var order = Array(0..<count)
                for i in stride(from: count - 1, to: 0, by: -1) {
                    order.swapAt(i, Int(gsl_rng_uniform_int(stream.rng, UInt(i + 1))))
                }
                strata = order
            case .random:
                strata = []
            }
            for d in 0..<count {
                let v = stream.uniformPositive()
                let u = method == .latinHypercube ? (Double(strata[d]) + v) / Double(count) : v
                // (stratum + v) / count can round to 1 for a v just below 1 in the last stratum.
                values[d][j] = distribution.quantile(min(u, 1 - 0x1p-53))
            }
        }
        return values
    }
}
