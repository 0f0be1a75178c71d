// QuantileHistogram.swift: streaming quantiles of non-negative observations with a guaranteed
// error bound, from a histogram whose buckets grow geometrically (log-linear buckets, as in
// HdrHistogram and DDSketch).

/// Counts of non-negative observations in buckets of bounded relative width, from which any
/// quantile is read with a known worst-case error.
///
/// Each power of two from 2^-8 to 2^24 (for minutes: a quarter of a second to 32 years) is split
/// into 128 equal buckets, so a bucket's width is at most 1/128 of its lower bound. A quantile is
/// read by finding the bucket where the cumulative count reaches it and interpolating linearly
/// inside; the estimate is therefore within 1/128 (0.8%) of the sample quantile, relative, for
/// values from 2^-8 up. Observations below 2^-8 (including zeros) share one bucket whose estimate
/// is the smallest observation (absolute error under 2^-8), and observations of 2^24 or more
/// share one whose estimate is the largest. Estimates never leave [minimum, maximum].
///
/// Recording is a few integer operations and one increment, whatever the probability asked for
/// later; memory is fixed (about 16 KiB). Negative observations are counted in the lowest bucket:
/// use the histogram for durations and other non-negative quantities.
public struct QuantileHistogram: Sendable, Hashable {
    /// Buckets per power of two: 2^subBucketBits.
    @inlinable static var subBucketBits: Int { 7 }
    @inlinable static var subBuckets: Int { 1 << subBucketBits }
    /// The smallest and the first-too-large exponent covered: [2^lowestExponent, 2^endExponent).
    @inlinable static var lowestExponent: Int { -8 }
    @inlinable static var endExponent: Int { 24 }
    /// The lowest value with a bucket of its own, and the first value past the last bucket.
    @inlinable static var lowestValue: Double { 0x1p-8 }
    @inlinable static var endValue: Double { 0x1p24 }
    /// Bucket 0 holds values below `lowestValue`; the last bucket values from `endValue` up.
    @inlinable public static var bucketCount: Int { (endExponent - lowestExponent) * subBuckets + 2 }

    @usableFromInline var counts: [UInt32]
    @usableFromInline var total = 0

    /// The number of observations recorded.
    public var count: Int { total }

    public init() {
        counts = Array(repeating: 0, count: Self.bucketCount)
    }

    /// The bucket of a value, 0 ..< bucketCount.
    @inlinable @inline(__always)
    public static func bucket(of value: Double) -> Int {
        guard value >= lowestValue else { return 0 }
        guard value < endValue else { return bucketCount - 1 }
        let bits = value.bitPattern
        let exponent = Int(truncatingIfNeeded: (bits >> 52) & 0x7FF) - 1023
        let sub = Int(truncatingIfNeeded: (bits >> UInt64(52 - subBucketBits))) & (subBuckets - 1)
        return 1 + (exponent - lowestExponent) << subBucketBits + sub
    }

    /// The lower bound of a bucket from 1 to `bucketCount - 2`; its upper bound is the next one's
    /// lower bound.
    static func lowerBound(of bucket: Int) -> Double {
        let i = bucket - 1
        let exponent = i >> subBucketBits + lowestExponent
        let sub = i & (subBuckets - 1)
        return Double(sign: .plus, exponent: exponent, significand: 1 + Double(sub) / Double(subBuckets))
    }

    /// Records one observation.
    /// - Complexity: O(1).
    @inlinable @inline(__always)
    public mutating func record(_ value: Double) {
        counts[Self.bucket(of: value)] += 1
        total += 1
    }

    /// The estimated p-quantile: the value below which a share p of the observations lie, read
    /// from the bucket where the cumulative count reaches p x count. NaN with no observations.
    /// - Parameters:
    ///   - minimum, maximum: the smallest and largest observation, which bound the estimate and
    ///     stand for the lowest and highest buckets.
    /// - Precondition: 0 <= p <= 1.
    /// - Complexity: O(number of buckets).
    public func quantile(_ p: Double, minimum: Double, maximum: Double) -> Double {
        counts.withUnsafeBufferPointer { Self.quantile(p, counts: $0, total: count, minimum: minimum, maximum: maximum) }
    }

    /// The estimated p-quantile of the observations counted in `counts` (``bucketCount`` buckets,
    /// `total` observations in all), read as ``quantile(_:minimum:maximum:)`` reads it, from counts
    /// kept elsewhere (``TallyBank``) without copying them.
    static func quantile(_ p: Double, counts: UnsafeBufferPointer<UInt32>, total: Int, minimum: Double,
                         maximum: Double) -> Double {
        precondition(p >= 0 && p <= 1, "quantile probability must be in [0, 1]")
        precondition(counts.count == bucketCount, "expected \(bucketCount) bucket counts")
        guard total > 0 else { return .nan }
        let rank = p * Double(total)
        var below = 0.0
        for bucket in counts.indices {
            let inBucket = Double(counts[bucket])
            guard inBucket > 0, below + inBucket >= rank else {
                below += inBucket
                continue
            }
            let estimate: Double
            if bucket == 0 {
                estimate = minimum
            } else if bucket == counts.count - 1 {
                estimate = maximum
            } else {
                let low = lowerBound(of: bucket), high = lowerBound(of: bucket + 1)
                estimate = low + (high - low) * max(0, rank - below) / inBucket
            }
            return Swift.min(Swift.max(estimate, minimum), maximum)
        }
        return maximum
    }

    /// Adds every observation of `other`, as if recorded here.
    public mutating func merge(_ other: QuantileHistogram) {
        for i in counts.indices { counts[i] += other.counts[i] }
        total += other.total
    }
}
