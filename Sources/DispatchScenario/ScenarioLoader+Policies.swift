// ScenarioLoader+Policies.swift: a responder type's `dispatch` policies (district first, cutoff
// priority, preemption) and `travel_factor`, each call type's `after_call` time, and the
// `officer_initiated` section. The rules are in Scenarios/README.md, "Dispatch policies" and
// "Officer-initiated activity".

import DispatchModel
import DispatchRandom
import DispatchYAML
import Foundation

extension ScenarioLoader {
    /// Priorities a policy may name: a call's 1-9, and 10 for officer-initiated activity.
    static let policyPriorities = 1...10

    /// `dispatch: { district_first: ..., cutoff: ..., preempt: ... }`.
    static func decodeDispatchPolicy(_ value: YAMLValue) throws -> DispatchPolicy {
        let m = try value.mapping(allowedKeys: ["district_first", "cutoff", "preempt"])
        guard !m.entries.isEmpty else {
            throw error(value, "expected at least one of district_first, cutoff, preempt, found an empty mapping")
        }
        let districtFirst = try m.optional("district_first").flatMap { try decodeDistrictFirst($0) }
        let cutoff = try m.optional("cutoff").map { c -> DispatchPolicy.Cutoff in
            let cm = try c.mapping(allowedKeys: ["priority", "reserve"])
            return DispatchPolicy.Cutoff(priority: try cm.required("priority").int(atLeast: 1, atMost: 10),
                                         reserve: try cm.required("reserve").int(atLeast: 0, atMost: maximumUnitsPerType))
        }
        let preemption = try m.optional("preempt").map { p -> DispatchPolicy.Preemption in
            let pm = try p.mapping(allowedKeys: ["by", "of"])
            let by = try pm.required("by").int(atLeast: 1, atMost: 9)
            let ofValue = try pm.required("of")
            let of = try ofValue.int(atLeast: 1, atMost: 10)
            guard of > by else {
                throw error(ofValue, "expected a priority less urgent than by (\(by)), that is a number from \(by + 1) to 10, found \(of)")
            }
            return DispatchPolicy.Preemption(by: by, of: of)
        }
        return DispatchPolicy(districtFirst: districtFirst, cutoff: cutoff, preemption: preemption)
    }

    /// `district_first: true`, `false`, or `{ cross_after: DURATION or {PRIORITY: DURATION}, max_travel: DURATION }`.
    static func decodeDistrictFirst(_ value: YAMLValue) throws -> DispatchPolicy.DistrictFirst? {
        if let flag = try? value.bool() { return flag ? DispatchPolicy.DistrictFirst() : nil }
        let m = try value.mapping(allowedKeys: ["cross_after", "max_travel"])
        var crossAfter: [Int: Double] = [:]
        if let c = m.optional("cross_after") {
            if let all = try? c.duration() {
                for p in policyPriorities { crossAfter[p] = all }
            } else {
                let byPriority = try c.mapping(allowedKeys: policyPriorities.map(String.init))
                for entry in byPriority.entries { crossAfter[Int(entry.key)!] = try entry.value.duration() }
            }
        }
        let maxTravel = try m.optional("max_travel").map { v in
            let minutes = try v.duration()
            guard minutes > 0 else { throw error(v, "expected a travel time > 0, found \(formatMinutes(minutes))") }
            return minutes
        }
        return DispatchPolicy.DistrictFirst(crossAfter: crossAfter, maxTravel: maxTravel)
    }

    /// `travel_factor: NUMBER` (> 0, at most 100).
    static func decodeTravelFactor(_ value: YAMLValue?) throws -> Double {
        guard let value else { return 1 }
        return try value.double(greaterThan: 0, atMost: 100)
    }

    // MARK: Officer-initiated activity

    static func decodeOfficerInitiatedSection(_ parts: inout ScenarioParts, _ d: DiagnosticCollector) {
        let top = parts.top
        guard let list = top.optional("officer_initiated") else {
            parts.officerInitiated = []
            return
        }
        guard let zones = parts.zones, let responderItems = parts.responderItems else { return }
        parts.officerInitiated = d.attempt {
            let items = try list.sequence()
            guard !items.isEmpty else { throw error(list, "expected at least one kind of activity, found an empty list") }
            var kinds: [OfficerInitiatedActivity] = []
            var names: [(String, YAMLValue)] = []
            for item in items {
                if let kind = d.attempt({ () -> OfficerInitiatedActivity in
                    let kind = try decodeActivity(item, zones: zones, responders: responderItems.map(\.name))
                    if let horizon = parts.horizon, kind.perHour * horizon / 60 > maximumCallsPerReplication {
                        throw error(try item.mapping().required("per_hour"), "expected at most \(formatNumber(maximumCallsPerReplication)) activities per replication (per_hour x horizon), found \(String(format: "%.3g", kind.perHour * horizon / 60))")
                    }
                    return kind
                }) {
                    kinds.append(kind)
                    names.append((kind.name, item))
                }
            }
            try checkNames(names, what: "activity")
            return kinds
        }
    }

    static let activityKeys = ["name", "responder", "per_hour", "hour_of_day", "zone_shares", "duration", "reserve",
                               "when_no_unit", "priority"]

    static func decodeActivity(_ item: YAMLValue, zones: [ZoneSpec], responders: [String]) throws -> OfficerInitiatedActivity {
        let m = try item.mapping(allowedKeys: activityKeys)
        let name = try m.required("name").string()
        let responderValue = try m.required("responder")
        let responderName = try responderValue.string()
        guard let responder = responders.firstIndex(of: responderName) else {
            throw error(responderValue, "expected a responder type (\(responders.joined(separator: ", "))), found '\(responderName)'",
                        suggestion: closestMatch(responderName, in: responders))
        }
        let perHour = try m.required("per_hour").double(atLeast: 1e-6, atMost: 1e6)
        var hourOfDay: [Double]?
        if let h = m.optional("hour_of_day") {
            let values = try h.numberList()
            guard values.count == 24 else { throw error(h, "expected 24 relative volumes, one per hour from midnight, found \(values.count)") }
            for (i, x) in values.enumerated() where !(x >= 0 && x <= 1e9) {
                throw error(try h.sequence()[i], "expected a relative volume from 0 to 1e9, found \(formatNumber(x))")
            }
            let mean = values.reduce(0, +) / 24
            guard mean > 0 else { throw error(h, "expected at least one hour from midnight with activity, found all zeros") }
            hourOfDay = values.map { $0 / mean }
        }
        let zoneNames = zones.map(\.zone.name)
        var shares = zones.map(\.zone.callShare)
        if let z = m.optional("zone_shares") {
            let entries = try z.mapping(allowedKeys: zoneNames).entries
            shares = Array(repeating: 0, count: zones.count)
            for entry in entries { shares[zoneNames.firstIndex(of: entry.key)!] = try probability(entry.value) }
            let total = shares.reduce(0, +)
            guard abs(total - 1) <= shareTolerance else {
                throw error(z, "expected zone shares that sum to 1, found a sum of \(formatNumber(total))")
            }
        }
        let whenNoUnit = try m.optional("when_no_unit").map {
            OfficerInitiatedActivity.WhenNoUnit(rawValue: try $0.choice(from: OfficerInitiatedActivity.WhenNoUnit.allCases.map(\.rawValue)))!
        } ?? .drop
        return OfficerInitiatedActivity(
            name: name, responder: responder, perHour: perHour, hourOfDayProfile: hourOfDay, zoneShares: shares,
            duration: try decodeDuration(distribution: m.required("duration")),
            reserve: try m.optional("reserve")?.int(atLeast: 0, atMost: maximumUnitsPerType) ?? 0,
            whenNoUnit: whenNoUnit, priority: try m.optional("priority")?.int(atLeast: 1, atMost: 10) ?? 10)
    }

    // MARK: Checks of the whole city

    /// Calls whose units go together may not go to a type that dispatches district first (the
    /// two rules are not combined).
    static func checkTogetherWithDistricts(city: CityConfiguration, callTypeValues: [YAMLValue], _ d: DiagnosticCollector) {
        for (t, type) in city.callTypes.enumerated() where type.unitsTogether {
            for r in type.allEligible where city.responders[r].policy?.districtFirst != nil {
                let value = (try? callTypeValues[t].mapping().optional("units_together")) ?? nil
                d.record(error(value ?? callTypeValues[t], "expected units_together only for calls whose responder types do not dispatch district first, found '\(city.responders[r].name)' with district_first"))
                break
            }
        }
    }

    /// Every zone with calls must be reachable by a type that dispatches district first with a
    /// travel limit: it has units of its own, or units within the limit.
    static func checkDistrictReach(city: CityConfiguration, responderValues: [YAMLValue], _ d: DiagnosticCollector) {
        for (r, responder) in city.responders.enumerated() {
            guard let limit = responder.policy?.districtFirst?.maxTravel, responder.unitCount > 0 else { continue }
            let takesCalls = city.callTypes.contains { $0.share > 0 && $0.allEligible.contains(r) }
            guard takesCalls else { continue }
            for (z, zone) in city.zones.enumerated() where zone.callShare > 0 && responder.unitsPerZone[z] == 0 {
                let reachable = city.zones.indices.contains { o in
                    responder.unitsPerZone[o] > 0 && city.travelMinutes[o][z] * responder.travelFactor <= limit
                }
                if !reachable {
                    let value = (try? responderValues[r].mapping().optional("dispatch")) ?? nil
                    d.record(error(value ?? responderValues[r], "expected every zone with calls to have units of '\(responder.name)' or units within max_travel (\(formatMinutes(limit))), found zone '\(zone.name)' with neither: its calls would wait for ever"))
                }
            }
        }
    }
}
