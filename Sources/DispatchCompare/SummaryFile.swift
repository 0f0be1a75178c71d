// SummaryFile.swift: a results folder's summary.csv read back: its swept parameters, metrics,
// points and per-replication values.

import DispatchResults
import DispatchYAML
import Foundation

/// One replication of one point in a summary.csv.
public struct SummaryReplication: Sendable {
    public let replication: Int
    /// The seed as written (compared as text, never rounded through a number).
    public let seed: String
    /// One value per metric of the file, in its column order; NaN where the field is empty.
    public let values: [Double]
}

/// One point of a summary.csv with its replications.
public struct SummaryPoint: Sendable {
    /// The point number in its file.
    public let number: Int
    /// The swept parameters' values, as written, in the file's parameter column order.
    public let parameterValues: [String]
    /// The replications, by replication number.
    public fileprivate(set) var replications: [SummaryReplication]
}

/// A summary.csv (see Results/README.md): `point`, the swept parameter columns, `replication`,
/// `seed`, then one column per metric, one row per point and replication.
public struct SummaryFile: Sendable {
    /// The file as named in messages: the argument, or `<folder>/summary.csv` for a folder.
    public let path: String
    /// The swept parameter columns, between `point` and `replication`; empty for a plain run.
    public let parameters: [String]
    /// The metric columns, everything after `seed`.
    public let metrics: [String]
    /// The points, in the order they first appear in the file.
    public let points: [SummaryPoint]

    /// Reads `argument`: a results folder (its summary.csv is read) or a summary.csv file.
    public static func load(_ argument: String) throws(CompareError) -> SummaryFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
            throw CompareError(file: argument, message: "no such file or folder")
        }
        var path = argument
        if isDirectory.boolValue {
            while path.count > 1, path.hasSuffix("/") { path.removeLast() }
            path += path == "/" ? "summary.csv" : "/summary.csv"
            guard FileManager.default.fileExists(atPath: path) else {
                throw CompareError(file: argument, message: "no summary.csv in this folder (a run writes it when it finishes)")
            }
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CompareError(file: path, message: "cannot read: \(ResultWriter.reason(error))")
        }
        return try SummaryFile(text: text, path: path)
    }

    /// Parses the CSV `text` of a summary file named `path` in messages.
    public init(text: String, path: String) throws(CompareError) {
        let records = try CSVReader.records(in: text, file: path)
        guard let header = records.first?.fields else { throw CompareError(file: path, message: "the file is empty") }
        guard header.first == "point", let replicationColumn = header.firstIndex(of: "replication"),
              replicationColumn + 1 < header.count, header[replicationColumn + 1] == "seed" else {
            throw CompareError(file: path, line: 1, message: "not a summary.csv: expected the columns point, the swept parameters, replication, seed, then the metrics")
        }
        var seen = Set<String>()
        if let duplicate = header.first(where: { !seen.insert($0).inserted }) {
            throw CompareError(file: path, line: 1, message: "column '\(duplicate)' appears twice")
        }
        self.path = path
        parameters = Array(header[1..<replicationColumn])
        metrics = Array(header[(replicationColumn + 2)...])
        var points: [SummaryPoint] = []
        // Where each point number is in `points`, and the line it first appears on.
        var pointIndex: [Int: (index: Int, line: Int)] = [:]
        var seenRuns = Set<[Int]>()
        for record in records.dropFirst() {
            let fields = record.fields
            func fail(_ message: String) -> CompareError { CompareError(file: path, line: record.line, message: message) }
            guard fields.count == header.count else {
                throw fail("expected \(header.count) fields as in the header, found \(fields.count)")
            }
            guard let number = Int(fields[0]), number >= 0 else {
                throw fail("point: expected a whole number >= 0, found '\(fields[0])'")
            }
            guard let replication = Int(fields[replicationColumn]), replication >= 0 else {
                throw fail("replication: expected a whole number >= 0, found '\(fields[replicationColumn])'")
            }
            guard seenRuns.insert([number, replication]).inserted else {
                throw fail("point \(number), replication \(replication) appears twice")
            }
            var values: [Double] = []
            values.reserveCapacity(metrics.count)
            for (column, field) in zip(metrics, fields[(replicationColumn + 2)...]) {
                if field.isEmpty {
                    values.append(.nan)
                } else if let value = Double(field) {
                    values.append(value)
                } else {
                    throw fail("\(column): expected a number or an empty field, found '\(field)'")
                }
            }
            let run = SummaryReplication(replication: replication, seed: fields[replicationColumn + 1], values: values)
            let parameterValues = Array(fields[1..<replicationColumn])
            if let (index, line) = pointIndex[number] {
                guard points[index].parameterValues == parameterValues else {
                    throw fail("point \(number) has other parameter values than on line \(line)")
                }
                points[index].replications.append(run)
            } else {
                pointIndex[number] = (points.count, record.line)
                points.append(SummaryPoint(number: number, parameterValues: parameterValues, replications: [run]))
            }
        }
        guard !points.isEmpty else { throw CompareError(file: path, message: "no replications: the file has only its header") }
        for index in points.indices { points[index].replications.sort { $0.replication < $1.replication } }
        self.points = points
    }
}
