// ResultTables.swift: the result CSVs of a run, as tables. Every column is documented in
// Results/README.md; changing a column is a change to the user contract.

import DispatchModel

/// Names for the units of a city: `<responder>-<home zone>-<n>`, n counting from 1 within the
/// zone, in the order the model numbers them (by responder type, then home zone).
func unitNames(_ city: CityConfiguration) -> [(name: String, responder: Int, home: Int)] {
    var names: [(String, Int, Int)] = []
    for (r, responder) in city.responders.enumerated() {
        for (z, count) in responder.unitsPerZone.enumerated() {
            for k in 0..<count { names.append(("\(responder.name)-\(city.zones[z].name)-\(k + 1)", r, z)) }
        }
    }
    return names
}

/// The per-replication tables of one or more points (a run has one point, numbered 0).
public struct ResultTables: Sendable {
    public var summary: CSVTable
    public var byUnit: CSVTable
    public var byZone: CSVTable
    public var byCallType: CSVTable
    public var unitZoneDispatches: CSVTable

    /// The summary's metric columns: everything after `point, replication, seed`.
    public static func summaryMetricColumns(_ city: CityConfiguration, baseline: Bool = false) -> [String] {
        var columns = ["calls", "share_delayed", "mean_wait_min", "mean_response_min", "p50_response_min",
                       "p90_response_min"]
        for p in city.priorities {
            columns += ["p\(p)_dispatched", "p\(p)_mean_response_min", "p\(p)_p50_response_min", "p\(p)_p90_response_min"]
        }
        for responder in city.responders { columns.append("calls_\(responder.name)") }
        for responder in city.responders { columns.append("utilization_\(responder.name)") }
        columns += ["mean_travel_min", "mean_on_scene_min", "mean_calls_waiting", "calls_waiting_at_end"]
        for p in city.priorities where city.responseTargets[p] != nil { columns.append("p\(p)_within_target") }
        columns += ["repeat_calls", "share_repeat",
                    "crisis_calls", "crisis_coded", "crisis_routed_to_crisis_response",
                    "crisis_reached_by_crisis_response", "crisis_handled_by_police", "crisis_needed_backup",
                    "backup_requests", "mean_backup_response_min", "additional_units_dispatched",
                    "mean_additional_unit_response_min"]
        columns += outcomeColumns + outcomeColumns.map { "\($0)_per_1000" }
        columns += ["officer_hours_on_calls", "officer_fte_on_calls", "operating_cost_usd", "outcome_cost_usd",
                    "liability_usd", "total_cost_usd", "cost_per_call_usd",
                    "zone_response_spread_min", "zone_response_ratio"]
        if baseline { columns += ["officer_hours_freed_per_week", "officer_fte_freed"] }
        return columns
    }

    /// Empty tables for `city`; `parameters` are the swept parameters' columns, which follow
    /// `point` in every table.
    public init(city: CityConfiguration, parameters: [String] = [], baseline: Bool = false) {
        let point = ["point"] + parameters + ["replication"]
        summary = CSVTable(columns: point + ["seed"] + Self.summaryMetricColumns(city, baseline: baseline))
        byUnit = CSVTable(columns: point + ["unit", "responder", "home_zone", "dispatches", "utilization"])
        byZone = CSVTable(columns: point + ["zone", "calls", "dispatched", "mean_response_min", "p50_response_min",
                                            "p90_response_min"])
        byCallType = CSVTable(columns: point + ["call_type", "priority", "calls", "dispatched", "mean_wait_min",
                                                "mean_response_min", "p90_response_min", "fallback_eligible"]
                              + city.responders.map { "handled_\($0.name)" })
        unitZoneDispatches = CSVTable(columns: point + ["unit", "zone", "dispatches"])
    }

    /// Adds the rows of one replication.
    public mutating func add(point: Int, parameterValues: [String] = [], replication: Int, seed: UInt64,
                             city: CityConfiguration, result r: ReplicationResult, baseline: ReplicationResult? = nil) {
        let key: [CSVValue] = [.integer(point)] + parameterValues.map { .text($0) } + [.integer(replication)]
        summary.append(key + [.text(String(seed))]
                       + Self.summaryMetrics(city: city, result: r, baseline: baseline).map { .number($0) })

        let units = unitNames(city)
        for (i, unit) in units.enumerated() {
            byUnit.append(key + [.text(unit.name), .text(city.responders[unit.responder].name),
                                 .text(city.zones[unit.home].name), .integer(r.dispatchesByUnit[i]),
                                 .number(r.utilizationByUnit[i])])
            for (z, zone) in city.zones.enumerated() {
                unitZoneDispatches.append(key + [.text(unit.name), .text(zone.name),
                                                 .integer(r.dispatchesByUnitAndZone[i][z])])
            }
        }
        for (z, zone) in city.zones.enumerated() {
            let s = r.responseByZone[z]
            byZone.append(key + [.text(zone.name), .integer(r.callsByZone[z]), .integer(s.count), .number(s.mean),
                                 .number(s.p50), .number(s.p90)])
        }
        for (t, type) in city.callTypes.enumerated() {
            let response = r.responseByType[t], wait = r.waitByType[t]
            byCallType.append(key + [.text(type.name), .integer(type.priority), .integer(r.callsByType[t]),
                                     .integer(response.count), .number(wait.mean), .number(response.mean),
                                     .number(response.p90), .integer(r.fallbackEligibleByType[t])]
                              + r.handledByTypeAndResponder[t].map { .integer($0) })
        }
    }

    /// Minutes in a week: officer time freed is given per week of observed time.
    static let minutesPerWeek = 10_080.0

    static let outcomeColumns = ["arrests", "jail_bookings", "ed_transports", "referrals", "resolved_on_scene",
                                 "use_of_force", "civilian_injuries", "responder_injuries"]

    /// The summary metrics of one replication, in the order of ``summaryMetricColumns(_:)``.
    /// With a baseline replication (same streams, same footing), adds the officer-hours on calls
    /// it spent beyond this one's per week (10,080 minutes) of observed time, and the same in
    /// full-time officers: (hours per week) x (525,600 / 10,080 weeks a year) / hours_per_officer_year.
    public static func summaryMetrics(city: CityConfiguration, result r: ReplicationResult,
                                      baseline: ReplicationResult? = nil) -> [Double] {
        let delayedShare = r.wait.count > 0 ? Double(r.delayed) / Double(r.wait.count) : .nan
        var values = [Double(r.calls), delayedShare, r.wait.mean, r.response.mean, r.response.p50, r.response.p90]
        for (i, _) in r.priorities.enumerated() {
            let s = r.responseByPriority[i]
            values += [Double(s.count), s.mean, s.p50, s.p90]
        }
        values += r.callsByResponder.map { Double($0) }
        values += r.utilizationByResponder
        values += [r.travel.mean, r.onScene.mean, r.meanCallsWaiting, Double(r.waitingAtEnd)]
        for (i, p) in r.priorities.enumerated() where city.responseTargets[p] != nil {
            let dispatched = r.responseByPriority[i].count
            values.append(dispatched > 0 ? Double(r.withinTargetByPriority[i]) / Double(dispatched) : .nan)
        }
        let dispatched = Double(r.wait.count)
        values += [Double(r.repeatCalls), r.calls > 0 ? Double(r.repeatCalls) / Double(r.calls) : .nan]
        let f = r.crisisFunnel
        values += [f.trueCalls, f.coded, f.routed, f.reached, f.handledByPolice, f.neededBackup, r.backupRequests].map { Double($0) }
        values += [r.backupResponse.mean, Double(r.additionalUnitResponse.count), r.additionalUnitResponse.mean]
        let o = r.outcomes
        let counts = [o.arrests, o.jailBookings, o.edTransports, o.referrals, o.resolvedOnScene, o.useOfForce,
                      o.civilianInjuries, o.responderInjuries].map { Double($0) }
        values += counts + counts.map { dispatched > 0 ? 1000 * $0 / dispatched : .nan }
        let total = r.operatingCostDollars + r.outcomeCostDollars + r.liabilityDollars
        values += [r.officerHoursOnCalls, r.officerFTEOnCalls, r.operatingCostDollars, r.outcomeCostDollars,
                   r.liabilityDollars, total, dispatched > 0 ? total / dispatched : .nan,
                   r.zoneResponseSpreadMinutes, r.zoneResponseRatio]
        if let b = baseline {
            let freedPerWeek = b.officerHoursOnCalls * (minutesPerWeek / b.observedMinutes)
                - r.officerHoursOnCalls * (minutesPerWeek / r.observedMinutes)
            values += [freedPerWeek, freedPerWeek * (525_600 / minutesPerWeek) / city.hoursPerOfficerYear]
        }
        return values
    }
}
