// Merge.swift: joins shard folders of one plan into the final results, after checking that they
// belong to the same plan and that no shard or run is missing or duplicated.

import DispatchResults
import DispatchScenario
import DispatchYAML
import Foundation

extension ResultsFolder {
    /// Merges the shard folders `shards` into `directory`; every file, manifest.json included, is
    /// byte-identical to those of the plan run in one piece.
    public static func merge(shards: [String], into directory: String, force: Bool) throws {
        guard !shards.isEmpty else { throw OutputError(path: directory, message: "merge needs at least one shard folder") }
        var header: PlanHeader?
        var firstShard = ""
        var seenShards: [Int: String] = [:]
        var count: Int?
        var records: [RunID: RunRecord] = [:]
        var recordSource: [RunID: String] = [:]
        for dir in shards {
            let url = URL(fileURLWithPath: dir, isDirectory: true)
            let markerURL = url.appendingPathComponent("shard.json")
            guard FileManager.default.fileExists(atPath: markerURL.path) else {
                throw OutputError(path: dir, message: "is not a finished shard (no shard.json): run it to the end with dispatchsim sweep --shard K/N")
            }
            let marker: ShardMarker
            let shardHeader: PlanHeader
            do {
                marker = try JSONDecoder().decode(ShardMarker.self, from: Data(contentsOf: markerURL))
                shardHeader = try PlanHeader.read(url.appendingPathComponent("sweep.json"))
            } catch {
                throw OutputError(path: dir, message: "holds an unreadable shard.json or sweep.json (\(error))")
            }
            if let header, header.fingerprint != shardHeader.fingerprint || marker.fingerprint != header.fingerprint {
                throw OutputError(path: dir, message: "belongs to a different sweep than \(firstShard) (fingerprint \(marker.fingerprint), not \(header.fingerprint))")
            }
            if header == nil { header = shardHeader; firstShard = dir }
            if let count, count != marker.of {
                throw OutputError(path: dir, message: "is shard \(marker.shard)/\(marker.of), but \(firstShard) is one of \(count)")
            }
            count = marker.of
            if let other = seenShards[marker.shard] {
                throw OutputError(path: dir, message: "is shard \(marker.shard)/\(marker.of), like \(other): a shard is given twice")
            }
            seenShards[marker.shard] = dir
            let expected = Set(marker.runs)
            for (id, record) in try ResultsFolder.records(in: url.appendingPathComponent("runs", isDirectory: true)) {
                guard expected.contains(id) else {
                    throw OutputError(path: dir, message: "holds run \(id.fileName), which is not part of shard \(marker.shard)/\(marker.of)")
                }
                if let other = recordSource[id] {
                    throw OutputError(path: dir, message: "holds run \(id.fileName), which \(other) holds too")
                }
                records[id] = record
                recordSource[id] = dir
            }
            if let missing = expected.subtracting(records.keys).sorted().first {
                throw OutputError(path: dir, message: "misses run \(missing.fileName) of its shard")
            }
        }
        let missingShards = (1...count!).filter { seenShards[$0] == nil }
        guard missingShards.isEmpty else {
            throw OutputError(path: directory, message: "cannot merge: shard\(missingShards.count > 1 ? "s" : "") \(missingShards.map { "\($0)/\(count!)" }.joined(separator: ", ")) of the sweep \(missingShards.count > 1 ? "are" : "is") missing")
        }
        let plan = header!
        let (folder, _) = try open(directory, header: plan, force: force, resume: false)
        do {
            try folder.assemble(header: plan, records: records)
        } catch {
            // Nothing to resume: merging again reads the shards again.
            try? FileManager.default.removeItem(at: folder.runsURL)
            try? FileManager.default.removeItem(at: folder.url.appendingPathComponent("sweep.json"))
            throw error
        }
    }
}
