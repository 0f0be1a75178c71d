// UncertaintyOutput.swift: the files of an uncertainty analysis, from the finished runs:
// uncertainty.csv (one row per draw), uncertainty_summary.csv (intervals that combine input and
// simulation uncertainty, with the share of variance due to each) and sensitivity.csv (each
// parameter's influence on each output). Documented in Results/README.md ("Uncertainty").

import DispatchResults
import Foundation

enum UncertaintyOutput {
    static let files = ["uncertainty.csv", "uncertainty_summary.csv", "sensitivity.csv"]

    /// One output of the analysis: a summary metric, or a paired effect `effect_<metric>` (this
    /// scenario's value less its baseline's, replication by replication).
    struct Output {
        let name: String
        /// values[base point][draw][replication]
        let values: [[[Double]]]
    }

    /// The outputs: every summary metric, then `effect_<metric>` for every metric the baseline
    /// also reports, when the scenario has a baseline.
    static func outputs(header: PlanHeader, records: [RunID: RunRecord]) -> [Output] {
        guard let u = header.uncertainty else { return [] }
        func values(_ value: (RunRecord) -> Double) -> [[[Double]]] {
            (0..<u.basePoints).map { b in
                (0..<u.draws).map { d in
                    (0..<header.replications).map { r in
                        value(records[RunID(point: u.point(base: b, draw: d), replication: r)]!)
                    }
                }
            }
        }
        var outputs = header.summaryMetrics.enumerated().map { m, metric in
            Output(name: metric, values: values { Double($0.metrics[m]) ?? .nan })
        }
        if let baselineColumns = header.baselineSummaryMetrics {
            for (m, metric) in header.summaryMetrics.enumerated() {
                guard let k = baselineColumns.firstIndex(of: metric) else { continue }
                outputs.append(Output(name: "effect_\(metric)", values: values { record in
                    guard let b = record.baselineMetrics, let x = Double(record.metrics[m]), let y = Double(b[k]) else { return .nan }
                    return x - y
                }))
            }
        }
        return outputs
    }

    /// The three files, in the order of `files`.
    static func tables(header: PlanHeader, records: [RunID: RunRecord]) -> [CSVTable] {
        guard let u = header.uncertainty else { return [] }
        let outputs = outputs(header: header, records: records)
        let sweptCount = header.parameters.count - u.parameters.count
        let swept = Array(header.parameters.prefix(sweptCount))
        let isSweep = u.basePoints > 1 || sweptCount > 0
        /// The columns that say which sweep point a row belongs to (none for a plain run).
        func key(_ b: Int) -> [CSVValue] {
            guard isSweep else { return [] }
            let values = header.points[u.point(base: b, draw: 0)].values.prefix(sweptCount)
            return [.integer(b)] + values.map { .text($0) }
        }
        let keyColumns = isSweep ? ["sweep_point"] + swept : []
        // Each output's mean over each draw's replications (NaN for none): means[output][base][draw].
        let means = outputs.map { o in
            o.values.map { draws in
                draws.map { reps -> Double in
                    let kept = reps.filter { !$0.isNaN }
                    return kept.isEmpty ? .nan : kept.reduce(0, +) / Double(kept.count)
                }
            }
        }

        var perDraw = CSVTable(columns: keyColumns + ["draw"] + u.parameters + outputs.map(\.name))
        for b in 0..<u.basePoints {
            for d in 0..<u.draws {
                perDraw.append(key(b) + [.integer(d)] + u.values[d].map { .number($0) }
                               + means.map { .number($0[b][d]) })
            }
        }

        var summary = CSVTable(columns: keyColumns + ["output", "mean", "se", "low", "high", "input_variance",
                                                      "simulation_variance", "input_share", "draws"])
        for b in 0..<u.basePoints {
            for o in outputs {
                let s = TwoLevelSummary(o.values[b])
                summary.append(key(b) + [.text(o.name), .number(s.mean), .number(s.standardError), .number(s.low),
                                         .number(s.high), .number(s.inputVariance), .number(s.simulationVariance),
                                         .number(s.inputShare), .integer(s.draws)])
            }
        }

        var sensitivity = CSVTable(columns: keyColumns + ["output", "parameter", "prcc", "sobol_first"])
        let bins = Sensitivity.sobolBins(draws: u.draws)
        for b in 0..<u.basePoints {
            for (o, output) in outputs.enumerated() {
                let drawMeans = means[o][b]
                let usable = drawMeans.indices.filter { !drawMeans[$0].isNaN }
                let inputs = usable.map { u.values[$0] }
                let y = usable.map { drawMeans[$0] }
                let prcc = inputs.isEmpty ? Array(repeating: Double.nan, count: u.parameters.count)
                    : Sensitivity.partialRankCorrelations(inputs: inputs, output: y)
                for (j, parameter) in u.parameters.enumerated() {
                    let sobol = bins == 0 ? Double.nan
                        : Sensitivity.firstOrderSobol(input: inputs.map { $0[j] }, output: y, bins: bins)
                    sensitivity.append(key(b) + [.text(output.name), .text(parameter), .number(prcc[j]), .number(sobol)])
                }
            }
        }
        return [perDraw, summary, sensitivity]
    }
}
