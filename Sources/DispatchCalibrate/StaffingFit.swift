// StaffingFit.swift: `calibrate --fit`: what an export cannot give, police units on duty and the
// reserve held for urgent calls, chosen so that simulated response times by priority match the
// observed ones.

import DispatchEngine
import DispatchModel
import DispatchScenario
import Foundation

/// A grid search over police staffing (the share of on-duty time units are busy, which sets the
/// units per zone and watch, and the cutoff reserve for the least urgent priority), scoring each
/// candidate by how far its simulated response medians and 90th percentiles by priority are from
/// the observed ones.
public struct StaffingFit: Sendable {
    public struct Candidate: Sendable {
        public let staffing: ScenarioDraft.Staffing
        public let units: Int
        /// Mean over the priorities and quantiles compared of (ln((sim + 1) / (obs + 1)))^2.
        public let loss: Double
        /// Simulated response median and 90th percentile by priority.
        public let simulated: [Int: (median: Double, p90: Double)]
    }

    /// The observed response median and 90th percentile of each priority with enough calls.
    public let observed: [Int: (median: Double, p90: Double)]
    public let candidates: [Candidate]
    public let best: Candidate

    public static let utilizations = stride(from: 0.30, through: 0.951, by: 0.05).map { ($0 * 100).rounded() / 100 }
    public static let reserves: [Int?] = [nil, 1, 2, 3, 5, 8]
    /// Priorities with fewer observed responses than this are not compared.
    public static let minimumResponses = 30

    /// Fits `draft`'s staffing. Each candidate runs replication 1 of the drafted scenario (the
    /// same random numbers for every candidate).
    /// - Throws: when the export has no response times to fit to, or a candidate does not load.
    /// - Parameters:
    ///   - utilizations, reserves: the grid searched (tests use a smaller one).
    public static func fit(_ draft: ScenarioDraft, utilizations: [Double] = utilizations, reserves: [Int?] = reserves,
                           progress: ((Int, Int) -> Void)? = nil) throws -> StaffingFit {
        var observed: [Int: (median: Double, p90: Double)] = [:]
        for (p, stats) in draft.summary.byPriority where stats.response.count >= minimumResponses {
            observed[p] = (stats.response.quantile(0.5), stats.response.quantile(0.9))
        }
        guard !observed.isEmpty else {
            throw CalibrationError(file: draft.sources.first ?? "", message: "--fit needs response times (received to arrival) for at least \(minimumResponses) calls of some priority; the export has none (map the arrived column, or dispatched and travel times)")
        }
        let grid: [ScenarioDraft.Staffing] = reserves.flatMap { r in
            utilizations.map { ScenarioDraft.Staffing(utilization: $0, cutoffReserve: r) }
        }.filter { $0.cutoffReserve == nil || draft.callTypes.contains { $0.priority < draft.leastUrgentPriority } }
        var candidates: [Candidate] = []
        for (i, staffing) in grid.enumerated() {
            progress?(i, grid.count)
            var d = draft
            d.staffing = staffing
            let scenario = try ScenarioLoader.load(text: d.yaml(), fileName: "\(draft.name) (fit candidate)")
            var run = ReplicationRun(city: scenario.city, seeder: scenario.seeder, replication: 0, logCalls: true)
            run.run()
            let calls = run.finishWithCallLog().calls
            var histograms: [Int: (QuantileHistogram, Double, Double)] = [:]
            for call in calls where !call.isSelfInitiated {
                // A call still waiting at the horizon has waited at least until then.
                let response = call.arrived.isFinite ? call.arrived - call.received
                    : scenario.city.horizonMinutes - call.received
                var h = histograms[call.priority] ?? (QuantileHistogram(), .infinity, -.infinity)
                h.0.record(response)
                h.1 = min(h.1, response)
                h.2 = max(h.2, response)
                histograms[call.priority] = h
            }
            var simulated: [Int: (median: Double, p90: Double)] = [:]
            var loss = 0.0, terms = 0
            for (p, obs) in observed {
                guard let (h, lo, hi) = histograms[p] else { loss += 100; terms += 2; continue }
                let sim = (h.quantile(0.5, minimum: lo, maximum: hi), h.quantile(0.9, minimum: lo, maximum: hi))
                simulated[p] = sim
                for (s, o) in [(sim.0, obs.median), (sim.1, obs.p90)] {
                    let gap = log((s + 1) / (o + 1))
                    loss += gap * gap
                    terms += 1
                }
            }
            candidates.append(Candidate(staffing: staffing, units: d.zones.reduce(0) { $0 + d.units($1) },
                                        loss: loss / Double(terms), simulated: simulated))
        }
        // The lowest loss; ties to the grid's order (no reserve first, then lower utilization).
        let best = candidates.min { $0.loss < $1.loss }!
        return StaffingFit(observed: observed, candidates: candidates, best: best)
    }

    /// The comment the scenario carries about the fit.
    public var note: String {
        let s = best.staffing
        let reserve = s.cutoffReserve.map { "a cutoff holding the least urgent calls while \($0) or fewer units are free" } ?? "no cutoff"
        return """
            FITTED by `dispatchsim calibrate --fit`: units busy \(Int((s.utilization * 100).rounded()))% of their time on duty (\(best.units) units over \
            the three watches) and \(reserve),
            the best of \(candidates.count) candidates at matching the observed response medians and 90th percentiles by priority
            (mean squared log ratio \(String(format: "%.4f", best.loss)); the report's fit.csv lists every candidate).
            """
    }
}
