// TallyBank.swift: a fixed set of tallies in flat buffers, for models that record several
// observations per event (a dispatch records twelve) and cannot afford a copy-on-write check and
// a bounds check per observation.

/// A fixed number of tallies, numbered from 0, each with the statistics of ``Tally`` (count, mean,
/// variance, minimum, maximum) and, when asked for, the quantiles of a ``QuantileHistogram``.
///
/// Observations are recorded in batches through ``withRecorder(_:)``. A bank is noncopyable and owns
/// its buffers, so recording checks nothing for a shared copy and counts no reference. A tally's
/// results are the same, bit for bit, as those of a ``Tally`` given the same observations.
///
/// Unlike ``Tally`` there is no warm-up time: the model decides which observations to record.
public struct TallyBank: ~Copyable, @unchecked Sendable {
    /// The quantile probabilities kept for each tally (empty: no histogram).
    public let quantileProbabilities: [[Double]]
    /// The number of tallies.
    public let count: Int
    /// Per tally, its statistics.
    @usableFromInline let statistics: UnsafeMutablePointer<RunningStatistics>
    /// Per tally, the offset of its histogram in `counts`, or -1.
    @usableFromInline let histogramOffsets: UnsafeMutablePointer<Int>
    /// The histograms' counts, `QuantileHistogram.bucketCount` per tally that keeps one.
    @usableFromInline let counts: UnsafeMutablePointer<UInt32>

    /// - Parameter quantiles: for each tally, the quantile probabilities it must answer, each in
    ///   (0, 1); an empty list keeps no histogram.
    public init(quantiles: [[Double]]) {
        precondition(quantiles.allSatisfy { $0.allSatisfy { p in p > 0 && p < 1 } },
                     "quantile probabilities must be in (0, 1)")
        quantileProbabilities = quantiles
        count = quantiles.count
        statistics = .allocate(capacity: quantiles.count)
        statistics.initialize(repeating: RunningStatistics(), count: quantiles.count)
        histogramOffsets = .allocate(capacity: quantiles.count)
        var histograms = 0
        for (t, probabilities) in quantiles.enumerated() {
            (histogramOffsets + t).initialize(to: probabilities.isEmpty ? -1 : histograms * QuantileHistogram.bucketCount)
            if !probabilities.isEmpty { histograms += 1 }
        }
        let countsLength = histograms * QuantileHistogram.bucketCount
        counts = .allocate(capacity: countsLength)
        counts.initialize(repeating: 0, count: countsLength)
    }

    deinit {
        statistics.deallocate()
        histogramOffsets.deallocate()
        counts.deallocate()
    }

    /// Records observations: `body` receives a recorder valid only during the call.
    @inlinable @inline(__always)
    public mutating func withRecorder<Result>(_ body: (inout Recorder) -> Result) -> Result {
        var recorder = Recorder(statistics: statistics, offsets: histogramOffsets, counts: counts, tallies: count)
        return body(&recorder)
    }

    /// Records into the bank's buffers; made by ``TallyBank/withRecorder(_:)`` and valid only
    /// during that call (it holds pointers into the bank).
    public struct Recorder {
        @usableFromInline let statistics: UnsafeMutablePointer<RunningStatistics>
        @usableFromInline let offsets: UnsafePointer<Int>
        @usableFromInline let counts: UnsafeMutablePointer<UInt32>
        @usableFromInline let tallies: Int

        @inlinable
        init(statistics: UnsafeMutablePointer<RunningStatistics>, offsets: UnsafePointer<Int>,
             counts: UnsafeMutablePointer<UInt32>, tallies: Int) {
            self.statistics = statistics
            self.offsets = offsets
            self.counts = counts
            self.tallies = tallies
        }

        /// Records an observation, whose histogram bucket was found once, in tally `tally`
        /// (0 ..< the bank's count): for a value recorded in several tallies.
        @inlinable @inline(__always)
        public mutating func record(_ observation: Observation, in tally: Int) {
            precondition(tally >= 0 && tally < tallies, "tally index out of range")
            add(observation, to: tally, keepsHistogram: offsets[tally] >= 0)
        }

        /// Records an observation in tally `tally`, which the caller knows to keep a histogram
        /// (`keepsHistogram` true: its quantile probabilities are not empty) or not: the same
        /// counts as ``record(_:in:)`` without looking the histogram up to find out
        /// (for a model that records several observations per event in tallies of fixed kinds).
        /// - Precondition: `keepsHistogram` is what the bank was made with (checked in debug builds).
        @inlinable @inline(__always)
        public mutating func record(_ observation: Observation, in tally: Int, keepsHistogram: Bool) {
            precondition(tally >= 0 && tally < tallies, "tally index out of range")
            assert((offsets[tally] >= 0) == keepsHistogram, "tally \(tally): keepsHistogram is \(keepsHistogram)")
            add(observation, to: tally, keepsHistogram: keepsHistogram)
        }

        /// The two records above, once `tally` is known to be in range.
        @inlinable @inline(__always)
        mutating func add(_ observation: Observation, to tally: Int, keepsHistogram: Bool) {
            statistics[tally].add(observation.value)
            if keepsHistogram { counts[offsets[tally] &+ observation.bucket] += 1 }
        }

        /// Records `value` in tally `tally` (0 ..< the bank's count).
        @inlinable @inline(__always)
        public mutating func record(_ value: Double, in tally: Int) {
            precondition(tally >= 0 && tally < tallies, "tally index out of range")
            statistics[tally].add(value)
            let offset = offsets[tally]
            if offset >= 0 { counts[offset &+ QuantileHistogram.bucket(of: value)] += 1 }
        }
    }

    /// A value to record in several tallies, with its histogram bucket found once
    /// (``QuantileHistogram/bucket(of:)``): the same counts as recording the value itself.
    public struct Observation {
        @usableFromInline let value: Double
        @usableFromInline let bucket: Int

        @inlinable @inline(__always)
        public init(_ value: Double) {
            self.value = value
            bucket = QuantileHistogram.bucket(of: value)
        }
    }

    /// The statistics of tally `tally`.
    public func statistics(of tally: Int) -> RunningStatistics {
        precondition(tally >= 0 && tally < count, "tally index out of range")
        return statistics[tally]
    }

    /// The statistics of the observations of several tallies together, as one tally given them all
    /// would have (up to rounding: Chan et al.'s pairwise merge).
    public func mergedStatistics(of tallies: some Sequence<Int>) -> RunningStatistics {
        tallies.reduce(into: RunningStatistics()) { $0.merge(statistics(of: $1)) }
    }

    /// The `probability` quantile of the observations of several tallies together, read from the
    /// sum of their histograms exactly as one tally given them all would read it (NaN when they
    /// have none). Every tally must keep `probability`.
    public func mergedQuantile(_ probability: Double, of tallies: [Int]) -> Double {
        guard !tallies.isEmpty else { return .nan }
        var sum = [UInt32](repeating: 0, count: QuantileHistogram.bucketCount)
        sum.withUnsafeMutableBufferPointer { sum in
            for tally in tallies {
                guard quantileProbabilities[tally].contains(probability) else {
                    preconditionFailure("tally \(tally) does not estimate the \(probability) quantile")
                }
                let offset = histogramOffsets[tally]
                for i in 0 ..< sum.count { sum[i] += counts[offset + i] }
            }
        }
        let kept = mergedStatistics(of: tallies)
        return sum.withUnsafeBufferPointer {
            QuantileHistogram.quantile(probability, counts: $0, total: kept.count, minimum: kept.minimum, maximum: kept.maximum)
        }
    }

    /// The `probability` quantile of tally `tally`'s observations (NaN when it has none), as
    /// ``Tally/quantile(_:)`` reads it. `probability` must be one the tally keeps.
    public func quantile(_ probability: Double, of tally: Int) -> Double {
        guard quantileProbabilities[tally].contains(probability) else {
            preconditionFailure("tally \(tally) does not estimate the \(probability) quantile; "
                                + "it estimates \(quantileProbabilities[tally])")
        }
        // Read in place: every observation of the tally is counted once in its histogram, so its
        // count is the histogram's total (a copy of the 4,098 counts per read cost more than the
        // read itself, at the end of every replication with many tallies).
        let offset = histogramOffsets[tally]
        let kept = statistics[tally]
        return QuantileHistogram.quantile(probability, counts: UnsafeBufferPointer(start: counts + offset, count: QuantileHistogram.bucketCount),
                                          total: kept.count, minimum: kept.minimum, maximum: kept.maximum)
    }
}
