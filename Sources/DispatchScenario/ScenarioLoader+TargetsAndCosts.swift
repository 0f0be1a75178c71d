// ScenarioLoader+TargetsAndCosts.swift: response-time targets per priority, the dollar cost of each
// outcome, and the hours of a full-time officer's year.

import DispatchModel
import DispatchYAML

extension ScenarioLoader {
    static func decodeTargetsAndCosts(_ parts: inout ScenarioParts, _ d: DiagnosticCollector) {
        let top = parts.top
        parts.responseTargets = d.attempt { () -> [Int: Double] in
            guard let t = top.optional("response_targets") else { return [:] }
            var out: [Int: Double] = [:]
            for entry in try t.mapping().entries {
                guard let p = Int(entry.key), (1...9).contains(p) else {
                    throw error(entry.value, "expected a priority from 1 to 9 as the key, found '\(entry.key)'")
                }
                out[p] = try entry.value.duration()
            }
            return out
        }
        parts.costs = d.attempt { () -> OutcomeCosts in
            var c = OutcomeCosts()
            guard let v = top.optional("costs") else { return c }
            let m = try v.mapping(allowedKeys: ["ed_visit_usd", "jail_booking_usd", "civilian_injury_usd",
                                                "responder_injury_usd", "use_of_force_liability_usd",
                                                "false_arrest_liability_usd", "other_liability_usd_per_year"])
            func dollars(_ key: String) throws -> Double { try m.optional(key)?.double(atLeast: 0) ?? 0 }
            c.edVisit = try dollars("ed_visit_usd")
            c.jailBooking = try dollars("jail_booking_usd")
            c.civilianInjury = try dollars("civilian_injury_usd")
            c.responderInjury = try dollars("responder_injury_usd")
            c.useOfForceLiability = try dollars("use_of_force_liability_usd")
            c.falseArrestLiability = try dollars("false_arrest_liability_usd")
            c.otherLiabilityPerYear = try dollars("other_liability_usd_per_year")
            return c
        }
        parts.hoursPerOfficerYear = d.attempt { try top.optional("hours_per_officer_year")?.double(greaterThan: 0) ?? 2080 }
    }
}
