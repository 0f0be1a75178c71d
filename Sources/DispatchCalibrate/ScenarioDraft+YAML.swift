// ScenarioDraft+YAML.swift: the drafted scenario as a scenario file, every value with a comment
// saying where it came from; values the export cannot give are marked ASSUMPTION.

import DispatchRandom
import DispatchResults
import Foundation

extension ScenarioDraft {
    /// Days simulated after the warm-up, and the warm-up, in the scenario written.
    public static let observedDays = 28
    public static let warmupDays = 1

    /// The scenario file's text.
    public func yaml() -> String {
        let s = summary
        var out = ""
        func line(_ text: String = "") { out += text + "\n" }
        let firstDate = s.first!.dateText, lastDate = s.last!.dateText
        line("# \(name).yaml: drafted by `dispatchsim calibrate` from \(sources.joined(separator: ", ")):")
        line("# \(Self.count(s.rowsRead)) rows read, \(Self.count(s.calls)) calls and \(Self.count(s.activities)) officer-initiated activities used,")
        line("# received from \(firstDate) to \(lastDate) (\(s.days) days); \(Self.count(s.rowsDropped)) rows dropped (see the report).")
        if let crosswalk { line("# Call types are grouped by category with the crosswalk \(crosswalk).") }
        line("# Values marked ASSUMPTION are not in the export: check them before quoting results.")
        line("name: \(name)")
        line("seed: 1")
        line("replications: 10")
        line("horizon: \(Self.observedDays + Self.warmupDays) days")
        line("warmup: \(Self.warmupDays) days")
        line("demand:")
        line("  calls_per_hour: \(Self.number(callsPerHour))   # \(Self.count(s.calls)) calls over \(s.days) days")
        line("  hour_of_day: [\(hourOfDay.map { Self.number($0, digits: 4) }.joined(separator: ", "))]   # calls by hour of the day, mean 1")
        line("  day_of_week: [\(dayOfWeek.map { Self.number($0, digits: 4) }.joined(separator: ", "))]   # calls by weekday (Monday first) per day, mean 1")
        line("zones:")
        for z in zones {
            line("  - { name: \(z.name), call_share: \(Self.number(z.share, digits: 9)) }   # '\(Self.comment(z.label))': \(Self.count(z.calls)) calls")
        }
        if s.callsWithoutDistrict > 0 && zones.count > 1 {
            line("  # \(Self.count(s.callsWithoutDistrict)) calls without a district are spread over the zones in these shares")
        }
        line("travel:")
        let observed = zones.contains { $0.travelObserved }
        line("  # Diagonal: mean travel (dispatched to arrived) observed in the zone\(observed ? "" : " (ASSUMPTION: the export has no travel times)").")
        if zones.count > 1 {
            line("  # Off the diagonal, ASSUMPTION: the two zones' own travel added (the export does not say where units came from).")
        }
        line("  minutes:")
        for (i, a) in zones.enumerated() {
            let row = zones.enumerated().map { j, b in Self.number(i == j ? a.travelMinutes : a.travelMinutes + b.travelMinutes, digits: 4) }
            line("    - [\(row.joined(separator: ", "))]")
        }
        line("responders:")
        line("  - name: police")
        line("    # Units on duty are not in the export.")
        if let fitNote {
            for text in fitNote.split(separator: "\n") { line("    # \(text)") }
        } else {
            line("    # ASSUMPTION: each zone gets enough units to be busy \(Int((staffing.utilization * 100).rounded()))% of their time on duty on the")
            line("    # calls and activity observed there (ICMA/CPSM's Rule of 60 puts committed patrol time at no more")
            line("    # than 60%: ../shared/DOMAIN.md). `dispatchsim calibrate --fit` fits them to the observed response times.")
        }
        line("    units: { \(zones.map { "\($0.name): \(units($0))" }.joined(separator: ", ")) }")
        line("    watches:   # ASSUMPTION: three 8-hour watches, staffed in proportion to the calls in their hours")
        for (watch, from, to) in Self.watches {
            line("      - { name: \(watch), from: \"\(from)\", to: \"\(to)\", share: demand }")
        }
        if let reserve = staffing.cutoffReserve {
            line("    dispatch:")
            line("      cutoff: { priority: \(leastUrgentPriority), reserve: \(reserve) }   # fitted: priority-\(leastUrgentPriority) calls wait while \(reserve) or fewer units are free")
        }
        line("call_types:")
        for t in callTypes {
            line("  - name: \(t.name)")
            line("    share: \(Self.number(t.share, digits: 9))   # '\(Self.comment(t.label))', priority \(t.priority): \(Self.count(t.count)) calls")
            line("    priority: \(t.priority)")
            if t.crisis { line("    crisis: true   # a behavioral-health category of the crosswalk") }
            line("    eligible: [police]")
            line("    on_scene:")
            line("      police: \(Self.distribution(t.fit))   # \(Self.fitNote(t.fit, stats: t.onScene, from: t.fitFrom))")
        }
        if s.activities > 0 {
            line("officer_initiated:")
            line("  - name: self_initiated")
            line("    responder: police")
            line("    per_hour: \(Self.number(activityPerHour))   # \(Self.count(s.activities)) self-initiated rows over \(s.days) days")
            line("    hour_of_day: [\(activityHourOfDay.map { Self.number($0, digits: 4) }.joined(separator: ", "))]")
            let withZone = zones.reduce(0) { $0 + $1.activities }
            if withZone > 0 && zones.count > 1 {
                let shares = zones.map { "\($0.name): \(Self.number(Double($0.activities) / Double(withZone), digits: 9))" }
                line("    zone_shares: { \(shares.joined(separator: ", ")) }")
            }
            let note = activityFit.map { Self.fitNote($0, stats: s.activityDuration, from: "\(s.activityDuration.sample.count) activities") }
                ?? "ASSUMPTION: the export gives too few activity durations"
            line("    duration: \(Self.distribution(activityFit, assumed: Self.assumedActivity))   # \(note)")
            line("    when_no_unit: queue   # every activity observed happened: it waits for a free unit")
        }
        return out
    }

    static func distribution(_ fit: DistributionFit?, assumed: (mean: Double, sd: Double) = assumedOnScene) -> String {
        guard let fit else {
            return "{ distribution: lognormal, mean: \(number(assumed.mean, digits: 4)) min, sd: \(number(assumed.sd, digits: 4)) min }"
        }
        switch fit.family {
        case .lognormal:
            let d = fit.distribution
            return "{ distribution: lognormal, mean: \(number(d.mean, digits: 6)) min, sd: \(number(d.variance.squareRoot(), digits: 6)) min }"
        case .gamma:
            return "{ distribution: gamma, shape: \(number(fit.parameters[0].value, digits: 6)), scale: \(number(fit.parameters[1].value, digits: 6)) min }"
        }
    }

    static func fitNote(_ fit: DistributionFit?, stats: OnSceneStats, from: String) -> String {
        guard let fit else { return from }
        return "maximum likelihood, \(fit.family.rawValue) (KS \(number(stats.ksDistance(fit.distribution), digits: 2))), from \(from)"
    }

    static func number(_ x: Double, digits: Int = 7) -> String {
        guard x.isFinite else { return "0" }
        let text = String(format: "%.\(digits)g", x)
        return text.contains("e") ? String(format: "%.\(digits)f", x) : text
    }

    static func count(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    /// Text safe inside a comment (one line).
    static func comment(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }
}
