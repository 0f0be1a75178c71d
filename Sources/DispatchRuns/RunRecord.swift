// RunRecord.swift: the persisted result of one run (a point and a replication): its rows of every
// result table, as the final files will hold them, and its summary metrics as exact text.

import DispatchModel
import DispatchResults
import DispatchScenario
import DispatchYAML
import Foundation

/// One finished run, saved as `runs/pPPPPP-rRRRRR.json` the moment it completes, so an
/// interrupted sweep loses no finished run and the final files can be assembled from the records
/// alone, byte for byte as an uninterrupted run would write them.
struct RunRecord: Codable, Sendable {
    let point: Int
    let replication: Int
    let events: Int
    /// The summary metrics, as written in summary.csv (shortest exact form; empty for no value).
    let metrics: [String]
    /// Data rows per table file name (summary.csv, by_unit.csv, ...), each line ending in "\n".
    let rows: [String: String]
    /// The baseline's own summary metrics (its columns: `PlanHeader.baselineSummaryMetrics`), kept
    /// for an uncertainty analysis's paired effects; nil otherwise.
    let baselineMetrics: [String]?

    var id: RunID { RunID(point: point, replication: replication) }

    static let tableFiles = ["summary.csv", "by_unit.csv", "by_zone.csv", "by_call_type.csv", "unit_zone_dispatches.csv",
                             "response.csv", "crisis_funnel.csv"]
    /// The per-unit tables, which an uncertainty analysis does not write: a row per unit (and zone)
    /// for every draw and replication (2.9 GB for Chicago's 200 draws x 5 replications).
    static let perUnitFiles = ["by_unit.csv", "unit_zone_dispatches.csv"]

    /// The table files a plan writes.
    static func tableFiles(uncertainty: Bool) -> [String] {
        uncertainty ? tableFiles.filter { !perUnitFiles.contains($0) } : tableFiles
    }

    init(plan: RunPlan, point: PlannedPoint, replication: Int, result: ReplicationResult, baseline: ReplicationResult?) {
        var tables = ResultTables(city: point.scenario.city, parameters: plan.parameters, baseline: baseline != nil)
        tables.add(point: point.index, parameterValues: point.values, replication: replication,
                   seed: point.scenario.seed, city: point.scenario.city, result: result, baseline: baseline,
                   perUnit: plan.uncertainty == nil)
        self.point = point.index
        self.replication = replication
        events = result.events + (baseline?.events ?? 0)
        // The metrics of the summary row just added, as written (not computed a second time).
        metrics = tables.summary.rows[0].suffix(tables.summaryMetricCount).map(\.field)
        rows = Dictionary(uniqueKeysWithValues: zip(Self.tableFiles, tables.all.map(\.rowLines))
            .filter { Self.tableFiles(uncertainty: plan.uncertainty != nil).contains($0.0) })
        if plan.uncertainty != nil, let baseline, let baselineCity = point.scenario.baseline?.city {
            baselineMetrics = ResultTables.summaryMetrics(city: baselineCity, result: baseline).map { CSVValue.number($0).field }
        } else {
            baselineMetrics = nil
        }
    }

    var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try! encoder.encode(self)
    }
}

extension ResultTables {
    /// The tables in the order of `RunRecord.tableFiles`.
    var all: [CSVTable] { [summary, byUnit, byZone, byCallType, unitZoneDispatches, response, crisisFunnel] }
}
