// DiscreteDistributions.swift: Bernoulli, Poisson and weighted choice, drawn through gsl_ran_*.

internal import CGSL

/// A yes/no event with a validated probability (`gsl_ran_bernoulli`).
public struct Bernoulli: Sendable, Hashable {
    public let probability: Double

    public init(probability: Double) throws(DistributionError) {
        guard probability.isFinite, probability >= 0, probability <= 1 else {
            throw DistributionError(distribution: "bernoulli", parameter: "probability",
                                    expected: "a number from 0 to 1", found: probability)
        }
        self.probability = probability
    }
}

/// A Poisson count with a validated mean (`gsl_ran_poisson`).
public struct Poisson: Sendable, Hashable {
    public let mean: Double

    public init(mean: Double) throws(DistributionError) {
        // GSL's Poisson sampler works in unsigned int; keep the mean far below 2^32.
        guard mean.isFinite, mean >= 0, mean <= 1e9 else {
            throw DistributionError(distribution: "poisson", parameter: "mean",
                                    expected: "a finite number from 0 to 1e9", found: mean)
        }
        self.mean = mean
    }
}

/// A choice among `weights.count` outcomes with probability proportional to the weights, drawn in
/// constant time by Walker's alias method (`gsl_ran_discrete_preproc`, `gsl_ran_discrete`).
///
/// The lookup table is read-only once built, so one instance may be shared by many threads, each
/// drawing with its own stream.
public final class DiscreteDistribution: @unchecked Sendable {
    private let table: UnsafeMutablePointer<gsl_ran_discrete_t>
    /// The weights, normalised to sum to 1.
    public let probabilities: [Double]

    /// - Throws: when there are no weights, a weight is negative or not finite, or all are zero.
    public init(weights: [Double]) throws(DistributionError) {
        _ = gslReady
        guard !weights.isEmpty else {
            throw DistributionError(distribution: "discrete", parameter: "weights",
                                    expected: "at least one weight", found: 0)
        }
        for w in weights where !(w.isFinite && w >= 0) {
            throw DistributionError(distribution: "discrete", parameter: "weight",
                                    expected: "a finite number >= 0", found: w)
        }
        let total = weights.reduce(0, +)
        guard total > 0 else {
            throw DistributionError(distribution: "discrete", parameter: "sum of weights",
                                    expected: "> 0", found: total)
        }
        let made = weights.withUnsafeBufferPointer { gsl_ran_discrete_preproc($0.count, $0.baseAddress) }
        guard let made else {
            fatalError("gsl_ran_discrete_preproc failed: out of memory")
        }
        table = made
        probabilities = weights.map { $0 / total }
    }

    deinit {
        gsl_ran_discrete_free(table)
    }

    /// The number of outcomes.
    public var count: Int { probabilities.count }

    fileprivate func draw(_ rng: UnsafeMutablePointer<gsl_rng>) -> Int {
        Int(gsl_ran_discrete(rng, table))
    }
}

extension RandomStream {
    /// True with the trial's probability.
    public func draw(_ trial: Bernoulli) -> Bool {
        gsl_ran_bernoulli(rng, trial.probability) == 1
    }

    /// A Poisson count.
    public func draw(_ poisson: Poisson) -> Int {
        Int(gsl_ran_poisson(rng, poisson.mean))
    }

    /// An index in `0..<choice.count`, chosen with the choice's probabilities.
    public func draw(_ choice: DiscreteDistribution) -> Int {
        choice.draw(rng)
    }
}
