// SampleQuantile.swift: exact quantiles of a sample held in memory.

/// Exact sample quantiles, for small samples and for checking streaming estimates.
public enum SampleQuantile {
    /// The `probability` quantile of `values` by linear interpolation between order statistics
    /// (Hyndman and Fan's definition 7, the default of R and NumPy): with the values sorted as
    /// x[0] <= ... <= x[n-1] and h = (n - 1) p, it is x[floor(h)] + (h - floor(h)) (x[floor(h)+1] -
    /// x[floor(h)]).
    /// - Precondition: `values` is not empty, holds no NaN, and 0 <= probability <= 1.
    /// - Complexity: O(n log n).
    public static func value(of values: some Collection<Double>, probability: Double) -> Double {
        precondition(!values.isEmpty, "sample quantile of an empty sample")
        precondition(probability >= 0 && probability <= 1, "quantile probability must be in [0, 1], found \(probability)")
        precondition(!values.contains(where: \.isNaN), "sample quantile of a sample containing NaN")
        let sorted = values.sorted()
        let position = Double(sorted.count - 1) * probability
        let lower = Int(position.rounded(.down))
        guard lower + 1 < sorted.count else { return sorted[lower] }
        return sorted[lower] + (position - Double(lower)) * (sorted[lower + 1] - sorted[lower])
    }
}
