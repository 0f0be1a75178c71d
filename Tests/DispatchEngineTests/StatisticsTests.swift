// StatisticsTests.swift: running, time-weighted and quantile statistics, confidence intervals,
// against hand computations and exact references.

@testable import DispatchEngine
import DispatchRandom
import Testing

@Suite("Statistics")
struct StatisticsTests {
    /// Values with a large offset, where the textbook sum-of-squares formula loses every digit.
    static func offsetSample(count: Int) -> [Double] {
        let stream = StreamSeeder(seed: 11).stream(purpose: 0, replication: 0)
        return (0..<count).map { _ in 1e9 + stream.uniform() }
    }

    @Test("Welford agrees with a two-pass computation")
    func welfordAgainstTwoPass() {
        let values = Self.offsetSample(count: 10_000)
        let statistics = RunningStatistics(values)
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        #expect(statistics.count == values.count)
        #expect(abs(statistics.mean - mean) <= 1e-15 * mean)
        // Uniform(0, 1) noise has variance 1/12; both computations resolve it to about 1e-6.
        #expect(abs(statistics.variance - variance) <= 1e-6 * variance)
        #expect(statistics.minimum == values.min())
        #expect(statistics.maximum == values.max())
        #expect(abs(statistics.standardError - (variance / Double(values.count)).squareRoot()) <= 1e-6)
    }

    @Test("Merged summaries equal the summary of all values")
    func merge() {
        let values = Self.offsetSample(count: 3_000).enumerated().map { $0.element + Double($0.offset % 7) }
        let whole = RunningStatistics(values)
        var merged = RunningStatistics(values[0..<100])
        merged.merge(RunningStatistics(values[100..<2_500]))
        merged.merge(RunningStatistics())
        let all = RunningStatistics().merged(with: merged).merged(with: RunningStatistics(values[2_500...]))
        #expect(all.count == whole.count)
        #expect(abs(all.mean - whole.mean) <= 1e-15 * whole.mean)
        #expect(abs(all.variance - whole.variance) <= 1e-9 * whole.variance)
        #expect(all.minimum == whole.minimum && all.maximum == whole.maximum)
    }

    @Test("Empty and single-observation summaries report NaN where undefined")
    func degenerate() {
        let empty = RunningStatistics()
        #expect(empty.count == 0 && empty.mean.isNaN && empty.variance.isNaN && empty.minimum.isNaN)
        let one = RunningStatistics([4])
        #expect(one.mean == 4 && one.variance.isNaN && one.minimum == 4 && one.maximum == 4)
    }

    @Test("Time-weighted average on a hand-built path, with and without warm-up")
    func timeWeighted() {
        // Level 0 on [0, 2), 1 on [2, 3), 2 on [3, 7), 1 on [7, 10]: integral 0 + 1 + 8 + 3 = 12.
        func path(observationStart: Double?) -> TimeWeightedStatistic {
            var statistic = TimeWeightedStatistic(value: 0, at: 0, observationStart: observationStart)
            statistic.add(1, at: 2)
            statistic.add(1, at: 3)
            statistic.update(to: 1, at: 7)
            return statistic
        }
        let full = path(observationStart: nil)
        #expect(full.integral(upTo: 10) == 12)
        #expect(full.average(upTo: 10) == 1.2)
        #expect(full.minimum == 0 && full.maximum == 2)
        // Observed from 5: 2 on [5, 7), 1 on [7, 10]: integral 7 over 5 minutes.
        let warm = path(observationStart: 5)
        #expect(warm.integral(upTo: 10) == 7)
        #expect(warm.average(upTo: 10) == 1.4)
        #expect(warm.minimum == 1 && warm.maximum == 2)
        // reset(at:) at 7 keeps the level 1: average 1 on [7, 10].
        var reset = path(observationStart: nil)
        reset.reset(at: 7)
        #expect(reset.average(upTo: 10) == 1)
        #expect(reset.minimum == 1 && reset.maximum == 1)
        #expect(TimeWeightedStatistic(value: 3, at: 4).average(upTo: 4).isNaN)
    }

    @Test("Confidence half-width uses t(0.975, n - 1)")
    func confidenceInterval() {
        let interval = ConfidenceInterval((1...10).map(Double.init))
        let sd = (55.0 / 6).squareRoot()  // variance of 1...10 is 55/6
        #expect(interval.mean == 5.5)
        #expect(abs(interval.standardDeviation - sd) <= 1e-14)
        #expect(interval.count == 10)
        // t(0.975, 9) = 2.262157162798205 (SciPy: t.ppf(0.975, 9)).
        #expect(abs(interval.halfWidth - 2.262157162798205 * sd / 10.0.squareRoot()) <= 1e-12)
        #expect(interval.contains(5.5 + interval.halfWidth) && !interval.contains(interval.upper + 1e-9))
        #expect(ConfidenceInterval([7]).halfWidth.isNaN)
        let ninety = ConfidenceInterval((1...10).map(Double.init), level: 0.9)
        // t(0.95, 9) = 1.833112932656237 (SciPy: t.ppf(0.95, 9)).
        #expect(abs(ninety.halfWidth - 1.833112932656237 * sd / 10.0.squareRoot()) <= 1e-12)
    }

    @Test("Exact sample quantiles interpolate between order statistics (type 7)")
    func sampleQuantile() {
        let values: [Double] = [4, 1, 3, 2]
        #expect(SampleQuantile.value(of: values, probability: 0) == 1)
        #expect(SampleQuantile.value(of: values, probability: 0.25) == 1.75)
        #expect(SampleQuantile.value(of: values, probability: 0.5) == 2.5)
        #expect(SampleQuantile.value(of: values, probability: 1) == 4)
        #expect(SampleQuantile.value(of: [9], probability: 0.3) == 9)
    }

    @Test("Tally ignores the warm-up; its streaming quantile and the exact one agree with the true quantile")
    func tally() {
        let n = 20_000
        let stream = StreamSeeder(seed: 12).stream(purpose: 0, replication: 0)
        var tally = Tally(warmUpEnd: 100, quantiles: [0.5, 0.9])
        tally.record(1e6, at: 99.9)
        var kept: [Double] = []
        for i in 0..<n {
            let x = stream.exponential(mean: 1)
            tally.record(x, at: 100 + Double(i))
            kept.append(x)
        }
        #expect(tally.statistics.count == n)
        #expect(tally.statistics.maximum < 1e6)
        // For Exp(1) the p-quantile is -ln(1 - p), density 1 - p there; a sample quantile has
        // standard error sqrt(p (1 - p) / n) / density.
        for (p, exact) in [(0.5, 0.6931471805599453), (0.9, 2.302585092994046)] {
            let standardError = (p * (1 - p) / Double(n)).squareRoot() / (1 - p)
            let streaming = tally.quantile(p)
            let sample = SampleQuantile.value(of: kept, probability: p)
            #expect(abs(streaming - exact) <= 4 * standardError, "streaming \(p) quantile \(streaming)")
            #expect(abs(sample - exact) <= 4 * standardError, "sample \(p) quantile \(sample)")
            // The histogram's bound: within 1/128 of the sample quantile.
            #expect(abs(streaming - sample) <= sample / 128, "streaming \(streaming) vs sample \(sample)")
        }
    }
}

@Suite("Quantile histogram")
struct QuantileHistogramTests {
    /// Records `values` and checks every percentile against the exact sample quantile, which
    /// lies between the order statistics of ranks ceil(p n) and ceil(p n) + 1 (definitions of
    /// the sample quantile differ only within that interval): within 1/128 relative of it above
    /// 2^-8, within 2^-8 absolute below.
    func checkBound(_ values: [Double]) {
        var histogram = QuantileHistogram()
        for v in values { histogram.record(v) }
        let summary = RunningStatistics(values)
        let sorted = values.sorted(), n = values.count
        #expect(histogram.count == n)
        for percent in 1...99 {
            let p = Double(percent) / 100
            let estimate = histogram.quantile(p, minimum: summary.minimum, maximum: summary.maximum)
            let rank = Int((p * Double(n)).rounded(.up))
            let low = sorted[max(0, rank - 1)], high = sorted[min(n - 1, rank)]
            #expect(estimate >= low - max(low / 128, 0x1p-8) && estimate <= high + max(high / 128, 0x1p-8),
                    "p = \(p): \(estimate), exact between \(low) and \(high)")
        }
    }

    @Test("Within its bound of the exact quantile for a skewed distribution")
    func lognormal() {
        let stream = StreamSeeder(seed: 5).stream(purpose: 0, replication: 0)
        let d = try! Distribution.lognormal(mean: 12, sd: 9)
        checkBound((0..<50_000).map { _ in stream.draw(d) })
    }

    @Test("Point masses and zeros (calls dispatched at once, constant travel) read exactly or within the bound")
    func atoms() {
        let values = Array(repeating: 0.0, count: 600) + Array(repeating: 3.0, count: 300) + Array(repeating: 8.0, count: 100)
        checkBound(values)
        var histogram = QuantileHistogram()
        for v in values { histogram.record(v) }
        #expect(histogram.quantile(0.5, minimum: 0, maximum: 8) == 0)
    }

    @Test("Empty is NaN; values past the covered range read as the extremes; merging adds counts")
    func edges() {
        var a = QuantileHistogram()
        #expect(a.quantile(0.5, minimum: .nan, maximum: .nan).isNaN)
        a.record(1e9)
        a.record(2e9)
        #expect(a.quantile(0.9, minimum: 1e9, maximum: 2e9) == 2e9)
        var b = QuantileHistogram()
        for _ in 0..<8 { b.record(5) }
        b.merge(a)
        #expect(b.count == 10)
        #expect(abs(b.quantile(0.5, minimum: 5, maximum: 2e9) - 5) <= 5.0 / 128)
    }

    @Test("Bucket bounds tile the covered range: each bucket starts where the previous one ends")
    func buckets() {
        #expect(QuantileHistogram.bucket(of: 0) == 0)
        #expect(QuantileHistogram.bucket(of: 0x1p-8) == 1)
        #expect(QuantileHistogram.lowerBound(of: 1) == 0x1p-8)
        for bucket in 1..<(QuantileHistogram.bucketCount - 1) {
            let low = QuantileHistogram.lowerBound(of: bucket)
            #expect(QuantileHistogram.bucket(of: low) == bucket)
            #expect(QuantileHistogram.bucket(of: low.nextDown) == bucket - 1)
        }
        #expect(QuantileHistogram.bucket(of: 0x1p24) == QuantileHistogram.bucketCount - 1)
    }
}

@Suite("Tally bank")
struct TallyBankTests {
    @Test("Each tally of a bank gives the same statistics and quantiles, bit for bit, as a Tally fed the same values")
    func matchesTally() {
        let stream = StreamSeeder(seed: 8).stream(purpose: 0, replication: 0)
        let d = try! Distribution.lognormal(mean: 12, sd: 9)
        let quantiles: [[Double]] = [[0.9], [], [0.5, 0.9], [0.5]]
        var bank = TallyBank(quantiles: quantiles)
        // The same values through an observation whose bucket is found once, and through the
        // record that is told whether the tally keeps a histogram.
        var byObservation = TallyBank(quantiles: quantiles), byKind = TallyBank(quantiles: quantiles)
        var tallies = quantiles.map { Tally(quantiles: $0) }
        for i in 0..<20_000 {
            // Uneven use: tally 3 sees every third value, tally 1 sees zeros too.
            let value = i % 7 == 0 ? 0 : stream.draw(d)
            bank.withRecorder { recorder in
                for t in 0..<3 { recorder.record(value + Double(t), in: t) }
                if i % 3 == 0 { recorder.record(value, in: 3) }
            }
            byObservation.withRecorder { recorder in
                for t in 0..<3 { recorder.record(TallyBank.Observation(value + Double(t)), in: t) }
                if i % 3 == 0 { recorder.record(TallyBank.Observation(value), in: 3) }
            }
            byKind.withRecorder { recorder in
                for t in 0..<3 { recorder.record(TallyBank.Observation(value + Double(t)), in: t, keepsHistogram: !quantiles[t].isEmpty) }
                if i % 3 == 0 { recorder.record(TallyBank.Observation(value), in: 3, keepsHistogram: true) }
            }
            for t in 0..<3 { tallies[t].record(value + Double(t), at: 0) }
            if i % 3 == 0 { tallies[3].record(value, at: 0) }
        }
        #expect(bank.count == 4)
        for t in 0..<4 {
            let expected = tallies[t].statistics
            #expect(bank.statistics(of: t) == expected, "tally \(t)")
            #expect(byObservation.statistics(of: t) == expected, "tally \(t), by observation")
            #expect(byKind.statistics(of: t) == expected, "tally \(t), by kind")
            for p in quantiles[t] {
                let q = tallies[t].quantile(p).bitPattern
                #expect(bank.quantile(p, of: t).bitPattern == q, "tally \(t), p \(p)")
                #expect(byObservation.quantile(p, of: t).bitPattern == q, "tally \(t), p \(p), by observation")
                #expect(byKind.quantile(p, of: t).bitPattern == q, "tally \(t), p \(p), by kind")
            }
        }
    }

    @Test("A tally with no observation reads NaN")
    func empty() {
        let bank = TallyBank(quantiles: [[0.9], []])
        #expect(bank.statistics(of: 0).count == 0)
        #expect(bank.quantile(0.9, of: 0).isNaN)
        #expect(bank.statistics(of: 1).mean.isNaN)
    }
}

@Suite("Queueing formulas")
struct QueueingFormulaTests {
    @Test("Erlang B and C match closed forms and published values")
    func erlang() throws {
        // M/M/1: P(wait) = rho, Wq = rho / (mu - lambda).
        let single = try MMcQueue(arrivalRatePerMinute: 0.9, serviceRatePerMinute: 1, servers: 1)
        #expect(abs(single.probabilityOfWaiting - 0.9) <= 1e-15)
        #expect(abs(single.meanWaitMinutes - 9) <= 1e-12)
        // M/M/2 at a = 1: C = 2 rho^2 / (1 + rho) = 1/3, Wq = C / (2 mu - lambda) = 1/3.
        let two = try MMcQueue(arrivalRatePerMinute: 1, serviceRatePerMinute: 1, servers: 2)
        #expect(abs(two.probabilityOfWaiting - 1.0 / 3) <= 1e-15)
        #expect(abs(two.meanWaitMinutes - 1.0 / 3) <= 1e-15)
        #expect(abs(two.meanNumberInSystem - 4.0 / 3) <= 1e-15)
        // Erlang B(10, 5) = 0.018384570336... (a^c/c! over the partial sum of a^k/k!).
        var term = 1.0, sum = 1.0
        for k in 1...10 {
            term *= 5 / Double(k)
            sum += term
        }
        #expect(abs(MMcQueue.erlangB(servers: 10, offeredLoad: 5) - term / sum) <= 1e-15)
        // Large systems stay finite (the direct a^c / c! formula overflows at c = 200).
        let large = try MMcQueue(arrivalRatePerMinute: 990, serviceRatePerMinute: 1, servers: 1_000)
        #expect(large.probabilityOfWaiting > 0 && large.probabilityOfWaiting < 1)
    }

    @Test("Pollaczek-Khinchine reduces to M/M/1 and to M/D/1")
    func pollaczekKhinchine() throws {
        let exponential = try MG1Queue(arrivalRatePerMinute: 0.8, meanServiceMinutes: 1, serviceVariance: 1)
        #expect(abs(exponential.meanWaitMinutes - 4) <= 1e-12)
        let deterministic = try MG1Queue(arrivalRatePerMinute: 0.8, meanServiceMinutes: 1, serviceVariance: 0)
        #expect(abs(deterministic.meanWaitMinutes - 2) <= 1e-12)
        #expect(abs(deterministic.meanNumberInSystem - 0.8 * 3) <= 1e-12)
    }

    @Test("Unstable or invalid queues are rejected with the parameter named")
    func validation() {
        #expect(throws: ParameterError(subject: "M/M/c queue", parameter: "arrivalRatePerMinute",
                                       expected: "< servers x serviceRatePerMinute = 2.0 (a stable queue)",
                                       found: "2.0")) {
            try MMcQueue(arrivalRatePerMinute: 2, serviceRatePerMinute: 1, servers: 2)
        }
        #expect(throws: ParameterError.self) { try MMcQueue(arrivalRatePerMinute: 1, serviceRatePerMinute: 1, servers: 0) }
        #expect(throws: ParameterError.self) { try MG1Queue(arrivalRatePerMinute: 1, meanServiceMinutes: 1, serviceVariance: 0) }
        #expect(throws: ParameterError.self) { try MG1Queue(arrivalRatePerMinute: 0.5, meanServiceMinutes: 1, serviceVariance: -1) }
    }
}
