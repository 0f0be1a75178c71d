// StaffingFit.swift: `calibrate --fit`: what an export cannot give, police units on duty and the
// reserve held for urgent calls, chosen so that simulated response times by priority match the
// observed ones.

import DispatchEngine
import DispatchModel
import DispatchResults
import DispatchScenario
import DispatchYAML
import Foundation

/// A grid search over police staffing (the share of on-duty time units are busy, which sets the
/// units per zone and watch, and the cutoff reserve for the least urgent priority), scoring each
/// candidate by how far its simulated response medians and 90th percentiles by priority are from
/// the observed ones.
public struct StaffingFit: Sendable {
    public struct Candidate: Sendable {
        public let staffing: ScenarioDraft.Staffing
        public let units: Int
        /// Mean, over the priorities compared and over the median and 90th percentile, of
        /// (ln((sim + 1) / (obs + 1)))^2.
        public let loss: Double
        /// Simulated response median and 90th percentile by priority.
        public let simulated: [Int: Quantiles]
        /// The same by watch (index in ``ScenarioDraft/watches``) and priority.
        public let simulatedByWatch: [Int: [Int: Quantiles]]
    }

    public struct Quantiles: Sendable {
        public let median: Double
        public let p90: Double
    }

    /// The observed response median and 90th percentile of each priority with enough calls, and
    /// of each priority in each watch with enough calls.
    public let observed: [Int: Quantiles]
    public let observedByWatch: [Int: [Int: Quantiles]]
    public let candidates: [Candidate]
    public let best: Candidate

    public static let utilizations = stride(from: 0.30, through: 0.951, by: 0.05).map { ($0 * 100).rounded() / 100 }
    public static let reserves: [Int?] = [nil, 1, 2, 3, 5, 8]
    /// Priorities (in all, or in a watch) with fewer observed responses than this are not compared.
    public static let minimumResponses = 30

    /// Fits `draft`'s staffing: the utilization and cutoff reserve on a grid, the watches staffed
    /// in proportion to their calls. Each candidate runs replication 1 of the drafted scenario over
    /// as many days as the export covers (the same random numbers for every candidate).
    /// - Parameters:
    ///   - utilizations, reserves: the grid searched (tests use a smaller one).
    /// - Throws: when the export has no response times to fit to, or a candidate does not load.
    public static func fit(_ draft: ScenarioDraft, utilizations: [Double] = utilizations,
                           reserves: [Int?] = reserves) throws -> StaffingFit {
        func quantiles(_ m: ResponseStats.Measure) -> Quantiles { Quantiles(median: m.quantile(0.5), p90: m.quantile(0.9)) }
        var observed: [Int: Quantiles] = [:]
        for (p, stats) in draft.summary.byPriority where stats.response.count >= minimumResponses {
            observed[p] = quantiles(stats.response)
        }
        var observedByWatch: [Int: [Int: Quantiles]] = [:]
        for (p, watches) in draft.summary.responseByWatch {
            for (w, m) in watches.enumerated() where m.count >= minimumResponses {
                observedByWatch[w, default: [:]][p] = quantiles(m)
            }
        }
        guard !observed.isEmpty else {
            throw CalibrationError(file: draft.sources.first ?? "", message: "--fit needs response times (received to arrival) for at least \(minimumResponses) calls of some priority; the export has none (map the arrived column, or dispatched and travel times)")
        }
        // As many days as the export covers (at least the scenario's 28): the simulated quantiles
        // are then about as precise as the observed ones.
        let horizonDays = max(ScenarioDraft.observedDays, draft.summary.days)
        var candidates: [Candidate] = []
        func evaluate(_ staffing: ScenarioDraft.Staffing) throws -> Candidate {
            var d = draft
            d.staffing = staffing
            let scenario = try ScenarioLoader.load(text: d.yaml(), fileName: "\(draft.name) (fit candidate)",
                                                   overrides: [try Override.parse("horizon=\(horizonDays + ScenarioDraft.warmupDays) days")])
            var run = ReplicationRun(city: scenario.city, seeder: scenario.seeder, replication: 0, logCalls: true)
            run.run()
            let calls = run.finishWithCallLog().calls
            var all: [Int: ResponseStats.Measure] = [:]
            var byWatch: [Int: [Int: ResponseStats.Measure]] = [:]
            let start = CallLogFile.start
            for call in calls where !call.isSelfInitiated {
                // A call still waiting at the horizon has waited at least until then.
                let response = call.arrived.isFinite ? call.arrived - call.received
                    : scenario.city.horizonMinutes - call.received
                all[call.priority, default: ResponseStats.Measure()].add(response)
                let hour = CivilTime(seconds: start.seconds + Int64((call.received * 60).rounded())).hour
                byWatch[ScenarioDraft.watch(ofHour: hour), default: [:]][call.priority, default: ResponseStats.Measure()].add(response)
            }
            var loss = 0.0, terms = 0
            func compare(_ sim: ResponseStats.Measure?, _ obs: Quantiles) {
                guard let sim, sim.count > 0 else { loss += 100; terms += 2; return }
                for (s, o) in [(sim.quantile(0.5), obs.median), (sim.quantile(0.9), obs.p90)] {
                    let gap = log((s + 1) / (o + 1))
                    loss += gap * gap
                    terms += 1
                }
            }
            // The loss compares priorities over the whole day. Within watches the quantiles are
            // noisier, and weighing them in recovered a known staffing less well (StaffingFitTests):
            // they are reported in fit.csv, not fitted.
            for (p, obs) in observed { compare(all[p], obs) }
            let candidate = Candidate(staffing: staffing, units: d.zones.reduce(0) { $0 + d.units($1) },
                                      loss: loss / Double(terms), simulated: all.mapValues(quantiles),
                                      simulatedByWatch: byWatch.mapValues { $0.mapValues(quantiles) })
            candidates.append(candidate)
            return candidate
        }
        // The lowest loss; ties to the grid's order (no reserve first, then lower utilization).
        let canHold = draft.callTypes.contains { $0.priority < draft.leastUrgentPriority }
        var best: Candidate?
        for r in reserves where r == nil || canHold {
            for u in utilizations {
                let c = try evaluate(ScenarioDraft.Staffing(utilization: u, cutoffReserve: r))
                if best == nil || c.loss < best!.loss { best = c }
            }
        }
        return StaffingFit(observed: observed, observedByWatch: observedByWatch, candidates: candidates, best: best!)
    }

    /// The comment the scenario carries about the fit.
    public var note: String {
        let s = best.staffing
        let reserve = s.cutoffReserve.map { "a cutoff holding the least urgent calls while \($0) or fewer units are free" } ?? "no cutoff"
        let watches = "watches staffed in proportion to their calls"
        return """
            FITTED by `dispatchsim calibrate --fit`: units busy \(Int((s.utilization * 100).rounded()))% of their time on duty (\(best.units) units), \
            \(watches), and \(reserve):
            the best of \(candidates.count) candidates at matching the observed response medians and 90th percentiles by priority
            (mean squared log ratio \(String(format: "%.4f", best.loss)); the report's fit.csv lists every candidate, by watch too).
            """
    }
}
