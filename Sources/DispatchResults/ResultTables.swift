// ResultTables.swift: the result CSVs of a run, as tables. Every column is documented in
// Results/README.md; changing a column is a change to the user contract.

import DispatchModel

/// Names for the units of a city: `<responder>-<home zone>-<n>`, n counting from 1 within the
/// zone, in the model's unit numbering (`CityConfiguration.unitHomes`).
func unitNames(_ city: CityConfiguration) -> [(name: String, responder: Int, home: Int)] {
    var countInZone = Array(repeating: 0, count: city.responders.count * city.zones.count)
    return city.unitHomes.map { unit in
        let key = unit.responder * city.zones.count + unit.zone
        countInZone[key] += 1
        let n = countInZone[key]
        return ("\(city.responders[unit.responder].name)-\(city.zones[unit.zone].name)-\(n)", unit.responder, unit.zone)
    }
}

/// The per-replication tables of one or more points (a run has one point, numbered 0).
public struct ResultTables: Sendable {
    public var summary: CSVTable
    public var byUnit: CSVTable
    public var byZone: CSVTable
    public var byCallType: CSVTable
    public var unitZoneDispatches: CSVTable
    public var response: CSVTable
    public var crisisFunnel: CSVTable
    /// The summary's metric columns: the last this many of each summary row.
    public let summaryMetricCount: Int

    /// The summary's metric columns: everything after `point, replication, seed` (MetricCatalogue).
    public static func summaryMetricColumns(_ city: CityConfiguration, baseline: Bool = false) -> [String] {
        MetricCatalogue.columns(city, baseline: baseline).map(\.name)
    }

    /// Empty tables for `city`; `parameters` are the swept parameters' columns, which follow
    /// `point` in every table.
    public init(city: CityConfiguration, parameters: [String] = [], baseline: Bool = false) {
        let point = ["point"] + parameters + ["replication"]
        let metricColumns = Self.summaryMetricColumns(city, baseline: baseline)
        summaryMetricCount = metricColumns.count
        summary = CSVTable(columns: point + ["seed"] + metricColumns)
        byUnit = CSVTable(columns: point + ["unit", "responder", "home_zone", "dispatches", "utilization"])
        byZone = CSVTable(columns: point + ["zone", "calls", "dispatched", "mean_response_min", "p50_response_min",
                                            "p90_response_min"])
        byCallType = CSVTable(columns: point + ["call_type", "priority", "calls", "dispatched", "mean_wait_min",
                                                "mean_response_min", "p90_response_min", "fallback_eligible"]
                              + city.responders.map { "handled_\($0.name)" })
        unitZoneDispatches = CSVTable(columns: point + ["unit", "zone", "dispatches"])
        response = CSVTable(columns: point + ["responder", "priority", "zone", "dispatched", "mean_wait_min", "p50_wait_min",
                                              "p90_wait_min", "mean_travel_min", "mean_response_min", "p50_response_min",
                                              "p90_response_min"])
        crisisFunnel = CSVTable(columns: point + ["hour"] + FunnelCount.allCases.map(\.column))
    }

    /// Adds the rows of one replication.
    public mutating func add(point: Int, parameterValues: [String] = [], replication: Int, seed: UInt64,
                             city: CityConfiguration, result r: ReplicationResult, baseline: ReplicationResult? = nil,
                             perUnit: Bool = true) {
        let key: [CSVValue] = [.integer(point)] + parameterValues.map { .text($0) } + [.integer(replication)]
        summary.append(key + [.text(String(seed))]
                       + Self.summaryMetrics(city: city, result: r, baseline: baseline).map { .number($0) })

        // The per-unit tables (left empty when `perUnit` is false: an uncertainty analysis does not
        // write them).
        let units = perUnit ? unitNames(city) : []
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
        var cell = 0
        for responder in city.responders {
            for priority in r.priorities {
                for zone in city.zones {
                    let c = r.responseCells[cell]
                    cell += 1
                    response.append(key + [.text(responder.name), .integer(priority), .text(zone.name), .integer(c.response.count),
                                           .number(c.wait.mean), .number(c.wait.p50), .number(c.wait.p90),
                                           .number(c.travel.mean), .number(c.response.mean), .number(c.response.p50),
                                           .number(c.response.p90)])
                }
            }
        }
        for (hour, counts) in r.crisisFunnel.byHour.enumerated() {
            crisisFunnel.append(key + [.integer(hour)] + counts.map { .integer($0) })
        }
    }

    /// The summary metrics of one replication, in the order of ``summaryMetricColumns(_:baseline:)``;
    /// with a baseline replication (same streams), the officer time freed too.
    public static func summaryMetrics(city: CityConfiguration, result r: ReplicationResult,
                                      baseline: ReplicationResult? = nil) -> [Double] {
        MetricCatalogue.values(MetricCatalogue.columns(city, baseline: baseline != nil),
                               MetricInput(city: city, result: r, baseline: baseline))
    }
}
