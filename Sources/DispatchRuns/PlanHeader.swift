// PlanHeader.swift: sweep.json, the description of a plan that a results folder keeps while runs
// are in progress and that shards carry: enough to check that runs belong together and to
// assemble the final files without loading the scenario again.

import DispatchModel
import DispatchRandom
import DispatchResults
import DispatchScenario
import DispatchYAML
import Foundation

struct PlanHeader: Codable, Sendable, Equatable {
    struct Point: Codable, Sendable, Equatable {
        let index: Int
        let values: [String]
        var scenario: Manifest.ResolvedScenario
    }

    var fingerprint: String
    let toolVersion: String
    let name: String
    var sourceFile: String
    let overrides: [String]
    let parameters: [String]
    var points: [Point]
    let replications: Int
    let seed: UInt64
    let generator: String
    let streams: Manifest.Streams
    /// Header line of each table file.
    let headers: [String: String]
    let summaryMetrics: [String]
    /// The draws of an uncertainty block, when the plan has one.
    let uncertainty: PlannedUncertainty?
    /// The baseline's summary metric columns, for the paired effects of an uncertainty analysis.
    let baselineSummaryMetrics: [String]?
    var warnings: [String]
    /// Whether some point's offered load reaches the capacity of some set of responder types
    /// (a warning of kind `offeredLoadAtCapacity`). Follows from the rest, so it is left out of
    /// the fingerprint.
    var offeredLoadAtCapacity: Bool?

    init(plan: RunPlan, toolVersion: String) {
        let first = plan.points[0].scenario
        let tables = ResultTables(city: first.city, parameters: plan.parameters, baseline: first.baseline != nil)
        fingerprint = ""
        self.toolVersion = toolVersion
        name = plan.name
        sourceFile = plan.sourceFile
        overrides = plan.overrides
        parameters = plan.parameters
        points = plan.points.map { Point(index: $0.index, values: $0.values, scenario: Manifest.ResolvedScenario($0.scenario)) }
        replications = plan.replications
        seed = plan.seed
        generator = first.generator.rawValue
        streams = Manifest.Streams(first.generator)
        headers = Dictionary(uniqueKeysWithValues: zip(RunRecord.tableFiles, tables.all.map(\.headerLine))
            .filter { RunRecord.tableFiles(uncertainty: plan.uncertainty != nil).contains($0.0) })
        summaryMetrics = ResultTables.summaryMetricColumns(first.city, baseline: first.baseline != nil)
        uncertainty = plan.uncertainty
        baselineSummaryMetrics = plan.uncertainty != nil ? first.baseline.map { ResultTables.summaryMetricColumns($0.city) } : nil
        warnings = plan.warnings.map(\.description)
        offeredLoadAtCapacity = plan.warnings.contains { $0.kind == .offeredLoadAtCapacity }
        fingerprint = Self.hash(json(forFingerprint: true))
    }

    /// Every run of the plan, in (point, replication) order.
    var runs: [RunID] {
        points.flatMap { p in (0..<replications).map { RunID(point: p.index, replication: $0) } }
    }

    /// The header as JSON. For the fingerprint, the fingerprint itself, the file paths and the
    /// warnings (which quote the paths, and follow from the rest) are left out: the same plan run
    /// from another folder, or with its path spelled otherwise, is the same plan.
    func json(forFingerprint: Bool = false) -> Data {
        var copy = self
        if forFingerprint {
            copy.fingerprint = ""
            copy.sourceFile = ""
            copy.warnings = []
            copy.offeredLoadAtCapacity = nil
            for i in copy.points.indices {
                copy.points[i].scenario.sourceFile = ""
                if copy.points[i].scenario.baselineFile != nil { copy.points[i].scenario.baselineFile = "" }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try! encoder.encode(copy)
    }

    static func read(_ url: URL) throws -> PlanHeader {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(PlanHeader.self, from: Data(contentsOf: url))
    }

    /// FNV-1a, 64 bits, in hex: a fingerprint to tell plans apart, not a security measure.
    static func hash(_ data: Data) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01b3
        }
        return String(format: "%016llx", h)
    }
}
