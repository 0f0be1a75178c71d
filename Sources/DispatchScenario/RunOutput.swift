// RunOutput.swift: everything a run writes to its results folder, and the summary it prints.

import DispatchEngine
import DispatchModel
import Foundation

/// The across-replication statistics of one metric at one point.
public struct AggregateRow: Sendable, Hashable {
    public let point: Int
    public let metric: String
    public let interval: ConfidenceInterval
}

extension ScenarioRun {
    /// Per-replication tables (point 0).
    public var tables: ResultTables {
        var tables = ResultTables(city: scenario.city)
        for (r, result) in replications.enumerated() {
            tables.add(point: 0, replication: r, seed: scenario.seed, city: scenario.city, result: result)
        }
        return tables
    }

    /// Mean, standard deviation and 95% Student t interval of each summary metric over the
    /// replications. Metrics with no value in some replication (for example the response time of
    /// a priority that had no call) use the replications that have one.
    public var aggregate: [AggregateRow] {
        let columns = ResultTables.summaryMetricColumns(scenario.city)
        let perReplication = replications.map { ResultTables.summaryMetrics(city: scenario.city, result: $0) }
        return columns.enumerated().map { i, name in
            let values = perReplication.map { $0[i] }.filter { !$0.isNaN }
            return AggregateRow(point: 0, metric: name, interval: ConfidenceInterval(values, level: 0.95))
        }
    }

    static func aggregateTable(_ rows: [AggregateRow]) -> CSVTable {
        var table = CSVTable(columns: ["point", "metric", "mean", "sd", "n", "ci95_low", "ci95_high"])
        for row in rows {
            let ci = row.interval
            table.append([.integer(row.point), .text(row.metric), .number(ci.mean), .number(ci.standardDeviation),
                          .integer(ci.count), .number(ci.lower), .number(ci.upper)])
        }
        return table
    }

    /// Writes summary.csv, aggregate.csv, by_unit.csv, by_zone.csv, by_call_type.csv,
    /// unit_zone_dispatches.csv and manifest.json (last, so a folder with a manifest is complete).
    public func write(to writer: ResultWriter, version: String, overrides: [String]) throws(OutputError) {
        let t = tables
        try writer.write(t.summary.text, to: "summary.csv")
        try writer.write(Self.aggregateTable(aggregate).text, to: "aggregate.csv")
        try writer.write(t.byUnit.text, to: "by_unit.csv")
        try writer.write(t.byZone.text, to: "by_zone.csv")
        try writer.write(t.byCallType.text, to: "by_call_type.csv")
        try writer.write(t.unitZoneDispatches.text, to: "unit_zone_dispatches.csv")
        try writer.write(Manifest(run: self, version: version, overrides: overrides).json, to: "manifest.json")
    }

    /// A short, aligned table of the main metrics with 95% confidence intervals.
    public var summaryText: String {
        let rows = Dictionary(uniqueKeysWithValues: aggregate.map { ($0.metric, $0.interval) })
        let city = scenario.city
        var lines: [(String, String, String)] = []
        func add(_ label: String, _ metric: String, digits: Int = 1, scale: Double = 1, unit: String = "") {
            guard let ci = rows[metric], ci.count > 0 else { return }
            let mean = format(ci.mean * scale, digits) + unit
            let interval = ci.count > 1 && ci.lower.isFinite
                ? "\(format(ci.lower * scale, digits)) to \(format(ci.upper * scale, digits))\(unit)" : "n/a"
            lines.append((label, mean, interval))
        }
        add("calls per replication", "calls", digits: 0)
        add("mean wait for a unit", "mean_wait_min", digits: 2, unit: " min")
        add("mean response time", "mean_response_min", digits: 2, unit: " min")
        add("median response time", "p50_response_min", digits: 2, unit: " min")
        add("90th percentile response", "p90_response_min", digits: 2, unit: " min")
        for p in city.priorities {
            add("priority \(p) mean response", "p\(p)_mean_response_min", digits: 2, unit: " min")
            add("priority \(p) 90th percentile", "p\(p)_p90_response_min", digits: 2, unit: " min")
        }
        for r in city.responders {
            add("calls handled by \(r.name)", "calls_\(r.name)", digits: 0)
            add("utilization of \(r.name)", "utilization_\(r.name)", digits: 1, scale: 100, unit: "%")
        }
        add("calls waiting at the end", "calls_waiting_at_end", digits: 1)
        let w0 = max(lines.map(\.0.count).max() ?? 0, 6), w1 = max(lines.map(\.1.count).max() ?? 0, 4)
        var out = "\(scenario.name): \(replications.count) replications of \(formatDuration(city.observedMinutes)) after a \(formatDuration(city.warmupMinutes)) warm-up, seed \(scenario.seed)\n"
        out += "units: " + city.responders.map { "\($0.unitCount) \($0.name)" }.joined(separator: ", ")
            + String(format: "; %.1f calls an hour\n\n", city.callsPerHour)
        out += "metric".padding(toLength: w0, withPad: " ", startingAt: 0) + "  " + pad("mean", w1) + "  95% confidence interval\n"
        for (label, mean, interval) in lines {
            out += label.padding(toLength: w0, withPad: " ", startingAt: 0) + "  " + pad(mean, w1) + "  " + interval + "\n"
        }
        return out
    }

    private func pad(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }

    private func format(_ x: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", x)
    }

    private func formatDuration(_ minutes: Double) -> String {
        if minutes == 0 { return "0 min" }
        if minutes.truncatingRemainder(dividingBy: 1440) == 0 { return "\(Int(minutes / 1440)) days" }
        if minutes.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(minutes / 60)) h" }
        return String(format: "%.1f min", minutes)
    }
}
