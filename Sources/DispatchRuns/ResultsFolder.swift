// ResultsFolder.swift: a results folder through the life of a run or sweep: refusing to clobber
// results, resuming interrupted runs, saving each finished run atomically, marking a finished
// shard, and assembling the final files.
//
// Layout while runs are in progress: sweep.json (the plan) and runs/pPPPPP-rRRRRR.json (one per
// finished run). A finished shard adds shard.json. A finished run or sweep holds the final CSVs
// and manifest.json; its sweep.json and runs/ are removed once those are written.
//
// Replacing results (--force) keeps the earlier final files until every new one is written in
// full; a failure before then (a full disk, an interruption) leaves them as they were, beside the
// new plan's sweep.json and runs/, which --resume finishes. A finished shard is discarded at the
// start, shard.json first, so that a folder is never taken for a shard it does not hold.

import DispatchEngine
import DispatchResults
import DispatchScenario
import DispatchYAML
import Foundation

/// shard.json: which part of which plan a shard folder holds.
struct ShardMarker: Codable {
    let fingerprint: String
    let shard: Int
    let of: Int
    let runs: [RunID]
}

public struct ResultsFolder: Sendable {
    let writer: ResultWriter
    var url: URL { writer.directory }
    var runsURL: URL { url.appendingPathComponent("runs", isDirectory: true) }

    static let finalFiles = RunRecord.tableFiles + ["aggregate.csv"] + UncertaintyOutput.files + ["manifest.json"]

    /// Opens `directory` for `header`'s plan and returns the runs already finished there.
    ///
    /// - An empty or new folder starts afresh.
    /// - A folder holding an interrupted plan (sweep.json) is continued with `resume`, when it is
    ///   the same plan (same fingerprint); without `resume` it is refused.
    /// - A folder holding results (final files or shard.json) is refused unless `force`. `force`
    ///   discards an interrupted plan and a finished shard at once, and keeps earlier final files
    ///   until `assemble` replaces them.
    static func open(_ directory: String, header: PlanHeader, force: Bool, resume: Bool) throws -> (ResultsFolder, Set<RunID>) {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        let existing = Set((try? fm.contentsOfDirectory(atPath: url.path)) ?? [])
        let results = existing.filter { finalFiles.contains($0) || $0 == "shard.json" }.sorted()
        let finishedShard = existing.contains("shard.json")
        // Final files beside sweep.json are the earlier results of a folder whose replacement
        // (--force) was interrupted: --resume finishes the replacement.
        let inProgress = existing.contains("sweep.json") && !finishedShard
        if force {
            for name in ["shard.json", "sweep.json", "runs"] where existing.contains(name) {
                try? fm.removeItem(at: url.appendingPathComponent(name))
            }
        } else if finishedShard || (!inProgress && !results.isEmpty) {
            throw OutputError(path: directory, message: """
                already holds results (\(results.prefix(3).joined(separator: ", "))\(results.count > 3 ? ", ..." : "")); \
                use --force to replace them, or --out to write elsewhere
                """)
        } else if inProgress && !resume {
            throw OutputError(path: directory, message: "holds an interrupted run (sweep.json, runs/); use --resume to finish it, or --force to start over")
        }
        let writer = try ResultWriter(directory: directory)
        let folder = ResultsFolder(writer: writer)
        var done = Set<RunID>()
        if inProgress && resume && !force {
            let previous: PlanHeader
            do {
                previous = try PlanHeader.read(url.appendingPathComponent("sweep.json"))
            } catch {
                throw OutputError(path: url.appendingPathComponent("sweep.json").path, message: "cannot be read: \(error)")
            }
            guard previous.fingerprint == header.fingerprint else {
                throw OutputError(path: directory, message: "holds an interrupted run of a different plan (fingerprint \(previous.fingerprint), this one \(header.fingerprint)); use --force to start over, or --out to write elsewhere")
            }
            done = Set(try folder.records().keys)
        } else {
            try writer.write(String(decoding: header.json(), as: UTF8.self) + "\n", to: "sweep.json")
        }
        do {
            try fm.createDirectory(at: folder.runsURL, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: folder.runsURL.path, message: "cannot create the folder: \(ResultWriter.reason(error))")
        }
        // Temporary files of a process killed while writing.
        ResultWriter.removeTemporaryFiles(in: url)
        ResultWriter.removeTemporaryFiles(in: folder.runsURL)
        return (folder, done)
    }

    /// Whether `directory` already holds the finished result of the plan with `fingerprint`: its
    /// final files, or for a shard its finished shard. A finished result of another plan, or of
    /// another shard, is an error (so a changed sweep is never mistaken for a finished one).
    static func isComplete(_ directory: String, fingerprint: String, shard: Shard?) throws -> Bool {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        if let shard {
            let markerURL = url.appendingPathComponent("shard.json")
            guard let data = try? Data(contentsOf: markerURL) else { return false }
            guard let marker = try? JSONDecoder().decode(ShardMarker.self, from: data) else {
                throw OutputError(path: markerURL.path, message: "is not a readable shard marker; use --force to run the shard again")
            }
            guard marker.fingerprint == fingerprint, marker.shard == shard.index, marker.of == shard.count else {
                throw OutputError(path: directory, message: "holds finished shard \(marker.shard)/\(marker.of) of \(marker.fingerprint == fingerprint ? "this" : "a different") sweep, not shard \(shard) of this one; use --force to replace it, or --out to write elsewhere")
            }
            return true
        }
        // sweep.json beside a manifest: an interrupted replacement of earlier results.
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("sweep.json").path) { return false }
        guard let data = try? Data(contentsOf: url.appendingPathComponent("manifest.json")) else { return false }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              object["fingerprint"] as? String == fingerprint else {
            throw OutputError(path: directory, message: "holds the results of a different plan; use --force to replace them, or --out to write elsewhere")
        }
        return true
    }

    /// Saves a finished run (temporary file, then rename).
    func save(_ record: RunRecord) throws(OutputError) {
        try ResultWriter(existing: runsURL).write(record.json, to: record.id.fileName)
    }

    /// The finished runs saved in the folder.
    func records() throws -> [RunID: RunRecord] {
        try Self.records(in: runsURL)
    }

    static func records(in runs: URL) throws -> [RunID: RunRecord] {
        let fm = FileManager.default
        let names = ((try? fm.contentsOfDirectory(atPath: runs.path)) ?? []).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
        var out: [RunID: RunRecord] = [:]
        let decoder = JSONDecoder()
        for name in names.sorted() {
            let file = runs.appendingPathComponent(name)
            do {
                let record = try decoder.decode(RunRecord.self, from: Data(contentsOf: file))
                out[record.id] = record
            } catch {
                throw OutputError(path: file.path, message: "is not a readable run record (\(error)); remove it to run it again")
            }
        }
        return out
    }

    /// Marks a finished shard, removing the final files of earlier results that --force replaced.
    func markShard(_ shard: Shard, header: PlanHeader, runs: [RunID]) throws(OutputError) {
        let marker = ShardMarker(fingerprint: header.fingerprint, shard: shard.index, of: shard.count, runs: runs)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let staged = try writer.stage(String(decoding: try! encoder.encode(marker), as: UTF8.self) + "\n", as: "shard.json")
        do {
            // The manifest first: a folder with a manifest holds one complete set of files.
            for name in ["manifest.json"] + Self.finalFiles.filter({ $0 != "manifest.json" }) {
                try removeIfPresent(name)
            }
        } catch {
            staged.discard()
            throw error
        }
        try staged.commit()
    }

    /// Removes `name` from the folder, if it is there.
    private func removeIfPresent(_ name: String) throws(OutputError) {
        let path = url.appendingPathComponent(name).path
        if unlink(path) != 0, errno != ENOENT {
            throw OutputError(path: path, message: "cannot remove the earlier file: \(ResultWriter.lastError())")
        }
    }

    /// Writes the final files from `records` (which must hold every run of the plan), then removes
    /// sweep.json and runs/. Every file is first written in full under a temporary name: if one
    /// cannot be written (a full disk), those written are removed and the folder is left as it
    /// was, with its finished runs and any earlier results. Only then are they renamed into
    /// place, after removing an earlier manifest.json and with the new manifest last, so that a
    /// folder with a manifest always holds one complete set of files.
    func assemble(header: PlanHeader, records: [RunID: RunRecord]) throws {
        var staged: [StagedFile] = []
        do {
            try stageFiles(header: header, records: records, into: &staged)
            try removeIfPresent("manifest.json")
            // Files of an earlier plan that this one does not write: an analysis's files, or the
            // per-unit tables an analysis leaves out.
            for name in header.uncertainty == nil ? UncertaintyOutput.files : RunRecord.perUnitFiles {
                try removeIfPresent(name)
            }
        } catch {
            for file in staged { file.discard() }
            throw error
        }
        for (i, file) in staged.enumerated() {
            do {
                try file.commit()
            } catch {
                for later in staged[(i + 1)...] { later.discard() }
                throw error
            }
        }
        try? FileManager.default.removeItem(at: runsURL)
        try? FileManager.default.removeItem(at: url.appendingPathComponent("sweep.json"))
    }

    /// Writes the final files under temporary names, manifest last, appending each to `staged`.
    private func stageFiles(header: PlanHeader, records: [RunID: RunRecord], into staged: inout [StagedFile]) throws {
        let runs = header.runs
        for file in RunRecord.tableFiles(uncertainty: header.uncertainty != nil) {
            var text = header.headers[file]!
            for id in runs { text += records[id]!.rows[file]! }
            staged.append(try writer.stage(text, as: file))
        }
        staged.append(try writer.stage(Self.aggregate(header: header, records: records).text, as: "aggregate.csv"))
        for (name, table) in zip(UncertaintyOutput.files, UncertaintyOutput.tables(header: header, records: records)) {
            staged.append(try writer.stage(table.text, as: name))
        }
        let callsColumn = header.summaryMetrics.firstIndex(of: MetricCatalogue.calls.column)!
        let waitingColumn = header.summaryMetrics.firstIndex(of: MetricCatalogue.callsWaitingAtEnd.column)!
        let leftWaiting = records.values.contains { r in
            let calls = Double(r.metrics[callsColumn]) ?? 0, waiting = Double(r.metrics[waitingColumn]) ?? 0
            return waiting > 0.01 * calls
        }
        let run = Manifest.RunInfo(
            events: records.values.reduce(0) { $0 + $1.events },
            overloaded: leftWaiting || header.offeredLoadAtCapacity == true)
        staged.append(try writer.stage(Manifest(header: header, run: run).json, as: "manifest.json"))
    }

    /// Per point and summary metric: the mean, sd, count and 95% Student t interval over the
    /// replications that have a value.
    static func aggregateRows(header: PlanHeader, records: [RunID: RunRecord]) -> [AggregateRow] {
        header.points.flatMap { point in
            let rows = (0..<header.replications).map { records[RunID(point: point.index, replication: $0)]!.metrics }
            return header.summaryMetrics.enumerated().map { m, metric in
                AggregateRow(point: point.index, values: point.values, metric: metric,
                             interval: ConfidenceInterval(rows.compactMap { Double($0[m]) }, level: 0.95))
            }
        }
    }

    /// aggregate.csv.
    static func aggregate(header: PlanHeader, records: [RunID: RunRecord]) -> CSVTable {
        var table = CSVTable(columns: ["point"] + header.parameters + ["metric", "mean", "sd", "n", "ci95_low", "ci95_high"])
        for row in aggregateRows(header: header, records: records) {
            let ci = row.interval
            table.append([.integer(row.point)] + row.values.map { .text($0) } + [
                .text(row.metric), .number(ci.mean), .number(ci.standardDeviation), .integer(ci.count),
                .number(ci.count > 1 ? ci.lower : .nan), .number(ci.count > 1 ? ci.upper : .nan),
            ])
        }
        return table
    }
}
