// RunOutput.swift: the across-replication statistics of a run and the summary it prints.

import DispatchEngine
import DispatchModel
import DispatchResults
import DispatchScenario
import DispatchYAML
import Foundation

/// The across-replication statistics of one metric at one point.
public struct AggregateRow: Sendable, Hashable {
    public let point: Int
    /// The point's swept values (empty for a plain run).
    public let values: [String]
    public let metric: String
    public let interval: ConfidenceInterval
}

extension Execution {
    /// A short, aligned table of the main metrics of point `point` with 95% confidence intervals.
    public func summaryText(point: Int = 0) -> String {
        guard let planned = plan.points.first(where: { $0.index == point }) else { return "" }
        let scenario = planned.scenario
        let city = scenario.city
        let rows = Dictionary(uniqueKeysWithValues: aggregate.filter { $0.point == point }.map { ($0.metric, $0.interval) })
        var lines: [(String, String, String)] = []
        for column in MetricCatalogue.printedColumns(city) {
            guard let form = column.metric.printed, let label = column.printedLabel,
                  let ci = rows[column.name], ci.count > 0 else { continue }
            let mean = format(ci.mean * form.scale, form.digits) + form.suffix
            let interval = ci.count > 1 && ci.lower.isFinite
                ? "\(format(ci.lower * form.scale, form.digits)) to \(format(ci.upper * form.scale, form.digits))\(form.suffix)" : "n/a"
            lines.append((label, mean, interval))
        }
        let w0 = max(lines.map(\.0.count).max() ?? 0, 6), w1 = max(lines.map(\.1.count).max() ?? 0, 4)
        var out = "\(scenario.name): \(plan.replications) replications of \(formatDuration(city.observedMinutes)) after a \(formatDuration(city.warmupMinutes)) warm-up, seed \(scenario.seed)\n"
        out += "units: " + city.responders.map { "\($0.unitCount) \($0.name)" }.joined(separator: ", ")
            + String(format: "; %.1f calls an hour\n\n", city.callsPerHour)
        out += "metric".padding(toLength: w0, withPad: " ", startingAt: 0) + "  " + pad("mean", w1) + "  95% confidence interval\n"
        for (label, mean, interval) in lines {
            out += label.padding(toLength: w0, withPad: " ", startingAt: 0) + "  " + pad(mean, w1) + "  " + interval + "\n"
        }
        // An overloaded run has no steady state: say so beside its numbers, not only in the manifest.
        if let calls = rows[MetricCatalogue.calls.column]?.mean,
           let waiting = rows[MetricCatalogue.callsWaitingAtEnd.column]?.mean, waiting > 0.01 * calls {
            out += "\nOVERLOADED: on average \(String(format: "%.0f", waiting)) calls (\(String(format: "%.1f", 100 * waiting / calls))% of calls) were still waiting at the end; queues were growing, so these figures describe the simulated horizon, not a steady state, and waits of calls left waiting are not in them.\n"
        }
        return out
    }

    /// With an uncertainty block: the main metrics and, with a baseline, their paired effects, each
    /// with its mean over the draws, the interval where 95% of the draws' means fall, and the share
    /// of that spread due to the uncertain inputs (the rest is simulation noise).
    public func uncertaintyText() -> String {
        guard let u = plan.uncertainty, !uncertainty.isEmpty else { return "" }
        let scenario = plan.points[0].scenario
        var lines: [(String, String, String, String)] = []
        for effect in [false, true] {
            for column in MetricCatalogue.printedColumns(scenario.city) {
                guard let form = column.metric.printed, let label = column.printedLabel,
                      let s = uncertainty[(effect ? "effect_" : "") + column.name], s.draws > 0, !s.mean.isNaN else { continue }
                let sign = effect ? "%+." : "%."
                let mean = String(format: "\(sign)\(form.digits)f", s.mean * form.scale) + form.suffix
                let interval = s.low.isFinite
                    ? String(format: "\(sign)\(form.digits)f to \(sign)\(form.digits)f", s.low * form.scale, s.high * form.scale) + form.suffix
                    : "n/a"
                let share = s.inputShare.isFinite ? String(format: "%.0f%%", 100 * s.inputShare) : "-"
                lines.append(((effect ? "change in " : "") + label, mean, interval, share))
            }
        }
        let w0 = max(lines.map(\.0.count).max() ?? 0, 6), w1 = max(lines.map(\.1.count).max() ?? 0, 4)
        let w2 = max(lines.map(\.2.count).max() ?? 0, 22)
        var out = "\(plan.name): \(u.draws) draws (\(u.method.replacingOccurrences(of: "_", with: " "))) of \(u.parameters.count) uncertain value\(u.parameters.count == 1 ? "" : "s"), \(plan.replications) replications each, seed \(scenario.seed)\n"
        if u.basePoints > 1 { out += "(point 0 of the sweep; uncertainty_summary.csv has every point)\n" }
        if scenario.baseline != nil { out += "changes: this scenario less its baseline, replication by replication, at each draw\n" }
        out += "\n" + "metric".padding(toLength: w0, withPad: " ", startingAt: 0) + "  " + pad("mean", w1) + "  "
            + "95% of draws".padding(toLength: w2, withPad: " ", startingAt: 0) + "  from inputs\n"
        for (label, mean, interval, share) in lines {
            out += label.padding(toLength: w0, withPad: " ", startingAt: 0) + "  " + pad(mean, w1) + "  "
                + interval.padding(toLength: w2, withPad: " ", startingAt: 0) + "  " + pad(share, 11) + "\n"
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
