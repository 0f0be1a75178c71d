// Comparison.swift: matches the points and metrics of two summary files and computes, for each,
// the difference of the means with its 95% confidence interval.

import DispatchEngine
import DispatchResults
import DispatchYAML

/// One metric at one point, compared.
public struct ComparisonRow: Sendable, Hashable {
    /// The point's number in A (B may number the same point differently in a sweep).
    public let point: Int
    /// The point's swept parameter values, in A's parameter column order; empty for plain runs.
    public let parameterValues: [String]
    public let metric: String
    /// A's values over the replications that have one.
    public let a: RunningStatistics
    /// B's values over the replications that have one.
    public let b: RunningStatistics
    /// B - A with its 95% confidence interval.
    public let difference: MeanDifference

    /// (B - A) / A; NaN when A's mean is 0 or missing.
    public var relativeChange: Double { a.mean == 0 ? .nan : difference.estimate / a.mean }
}

/// The comparison of two summary files, A (the reference) and B, point by point and metric by metric.
///
/// Points are matched by their swept parameter values (exact text of the cells) when both files
/// have the same parameter columns, or by point number when neither has any. The difference of a
/// metric is `paired` when both points ran the same replication numbers with the same seed for
/// each (common random numbers) and have values in the same replications; otherwise `welch`.
public struct Comparison: Sendable {
    /// The files, as named in messages.
    public let fileA: String, fileB: String
    /// The swept parameter columns, in A's order; empty when the points are matched by number.
    public let parameters: [String]
    /// The metrics compared, in the order asked for, else in A's column order.
    public let metrics: [String]
    /// Metrics skipped because only A has them (when no metrics were asked for).
    public let metricsOnlyInA: [String]
    /// Metrics skipped because only B has them (when no metrics were asked for).
    public let metricsOnlyInB: [String]
    /// One row per point (in A's order) and metric.
    public let rows: [ComparisonRow]

    /// Compares `a` and `b` on `metrics`, or on every metric in both files when `metrics` is empty.
    public init(_ a: SummaryFile, _ b: SummaryFile, metrics requested: [String] = []) throws(CompareError) {
        fileA = a.path
        fileB = b.path
        parameters = try Self.parameters(a, b)
        let (inBoth, onlyA, onlyB) = try Self.metrics(requested, a, b)
        metrics = inBoth
        metricsOnlyInA = onlyA
        metricsOnlyInB = onlyB
        let pairs = try Self.matchPoints(a, b, parameters: parameters)
        let columnsA = Dictionary(uniqueKeysWithValues: a.metrics.enumerated().map { ($1, $0) })
        let columnsB = Dictionary(uniqueKeysWithValues: b.metrics.enumerated().map { ($1, $0) })
        var rows: [ComparisonRow] = []
        for (pointA, pointB) in pairs {
            let sameStreams = pointA.replications.map(\.replication) == pointB.replications.map(\.replication)
                && pointA.replications.map(\.seed) == pointB.replications.map(\.seed)
            for metric in metrics {
                let valuesA = pointA.replications.map { $0.values[columnsA[metric]!] }
                let valuesB = pointB.replications.map { $0.values[columnsB[metric]!] }
                let presentA = valuesA.filter { !$0.isNaN }, presentB = valuesB.filter { !$0.isNaN }
                let statisticsA = RunningStatistics(presentA), statisticsB = RunningStatistics(presentB)
                let difference = sameStreams && valuesA.map(\.isNaN) == valuesB.map(\.isNaN)
                    ? MeanDifference.paired(presentA, presentB)
                    : MeanDifference.welch(statisticsA, statisticsB)
                rows.append(ComparisonRow(point: pointA.number, parameterValues: pointA.parameterValues, metric: metric,
                                          a: statisticsA, b: statisticsB, difference: difference))
            }
        }
        self.rows = rows
    }

    /// Whether some compared difference is significant (its 95% interval excludes 0).
    public var hasSignificantDifference: Bool { rows.contains { $0.difference.isSignificant } }

    /// The command's exit status: 2 when `failIfDifferent` and some difference is significant, else 0.
    public func exitStatus(failIfDifferent: Bool) -> Int32 {
        failIfDifferent && hasSignificantDifference ? 2 : 0
    }

    /// Warnings about what was not compared: metrics that only one file has.
    public var warnings: [String] {
        [(metricsOnlyInA, fileA, fileB), (metricsOnlyInB, fileB, fileA)].compactMap { names, present, absent in
            guard !names.isEmpty else { return nil }
            let list = names.map { "'\($0)'" }.joined(separator: ", ")
            return "compare: warning: \(names.count == 1 ? "metric \(list) is" : "metrics \(list) are") in \(present) but not in \(absent); not compared"
        }
    }

    /// The metrics to compare, and those only one file has (reported when none were asked for).
    private static func metrics(_ requested: [String], _ a: SummaryFile, _ b: SummaryFile)
        throws(CompareError) -> (inBoth: [String], onlyA: [String], onlyB: [String]) {
        let inA = Set(a.metrics), inB = Set(b.metrics)
        guard !requested.isEmpty else {
            let inBoth = a.metrics.filter(inB.contains)
            guard !inBoth.isEmpty else {
                throw CompareError(message: "\(a.path) and \(b.path) have no metric in common")
            }
            return (inBoth, a.metrics.filter { !inB.contains($0) }, b.metrics.filter { !inA.contains($0) })
        }
        var chosen: [String] = []
        for name in requested where !chosen.contains(name) {
            switch (inA.contains(name), inB.contains(name)) {
            case (true, true):
                chosen.append(name)
            case (true, false):
                throw CompareError(message: "metric '\(name)' is in \(a.path) but not in \(b.path)")
            case (false, true):
                throw CompareError(message: "metric '\(name)' is in \(b.path) but not in \(a.path)")
            case (false, false):
                throw CompareError(message: "unknown metric '\(name)': it is in neither \(a.path) nor \(b.path)",
                                   suggestion: closestMatch(name, in: a.metrics + b.metrics.filter { !inA.contains($0) }))
            }
        }
        return (chosen, [], [])
    }

    /// The common parameter columns in A's order; an error when the files have different ones.
    private static func parameters(_ a: SummaryFile, _ b: SummaryFile) throws(CompareError) -> [String] {
        guard Set(a.parameters) == Set(b.parameters) else {
            func describe(_ file: SummaryFile) -> String {
                file.parameters.isEmpty ? "\(file.path) has none" : "\(file.path) has \(file.parameters.joined(separator: ", "))"
            }
            throw CompareError(message: "the files have different swept parameters: \(describe(a)), \(describe(b))")
        }
        return a.parameters
    }

    /// The matched points, in A's order: by parameter values in the columns `parameters`, or by
    /// number when there are none; an error naming the points that only one file has.
    private static func matchPoints(_ a: SummaryFile, _ b: SummaryFile, parameters: [String])
        throws(CompareError) -> [(SummaryPoint, SummaryPoint)] {
        // A point's key: its values in the order of `parameters`, or its number.
        func keys(_ file: SummaryFile) throws(CompareError) -> [[String]] {
            let order = parameters.map { file.parameters.firstIndex(of: $0)! }
            var seen: [[String]: Int] = [:]
            var keys: [[String]] = []
            for point in file.points {
                let key = parameters.isEmpty ? [String(point.number)] : order.map { point.parameterValues[$0] }
                if let other = seen[key] {
                    throw CompareError(file: file.path, message: "points \(other) and \(point.number) have the same parameter values (\(pointLabel(key, parameters))), so points cannot be matched by them")
                }
                seen[key] = point.number
                keys.append(key)
            }
            return keys
        }
        let keysA = try keys(a), keysB = try keys(b)
        let indexB = Dictionary(uniqueKeysWithValues: keysB.enumerated().map { ($1, $0) })
        let setA = Set(keysA)
        for (missing, present, absent) in [(keysA.filter { indexB[$0] == nil }, a.path, b.path),
                                           (keysB.filter { !setA.contains($0) }, b.path, a.path)] where !missing.isEmpty {
            let labels = missing.map { pointLabel($0, parameters) }.joined(separator: parameters.isEmpty ? ", " : "; ")
            throw CompareError(message: "\(missing.count == 1 ? "point \(labels) is" : "points \(labels) are") in \(present) but not in \(absent)")
        }
        return zip(a.points, keysA).map { ($0, b.points[indexB[$1]!]) }
    }

    /// A point's label: `path=value, path=value` for its swept `values`, else `values[0]`, its number.
    static func pointLabel(_ values: [String], _ parameters: [String]) -> String {
        parameters.isEmpty ? values[0] : zip(parameters, values).map { "\($0)=\($1)" }.joined(separator: ", ")
    }
}
