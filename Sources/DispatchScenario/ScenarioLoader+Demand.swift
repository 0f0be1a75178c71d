// ScenarioLoader+Demand.swift: the `demand` section: calls an hour and the hour-of-day and
// day-of-week profiles.

import DispatchModel
import DispatchRandom
import DispatchYAML
import Foundation

extension ScenarioLoader {
    static func decodeDemandSection(_ parts: inout ScenarioParts, _ d: DiagnosticCollector) {
        let top = parts.top, horizon = parts.horizon
        parts.demand = d.attempt { () -> Demand in
            let value = try top.required("demand")
            let demand = try decodeDemand(value)
            if let horizon, demand.callsPerHour * horizon / 60 > maximumCallsPerReplication {
                throw error(value, "expected at most \(formatNumber(maximumCallsPerReplication)) calls per replication (calls_per_hour x horizon), found \(String(format: "%.3g", demand.callsPerHour * horizon / 60))")
            }
            return demand
        }
    }

    struct Demand {
        var callsPerHour: Double
        var hourOfDay: [Double]?
        var dayOfWeek: [Double]?
    }

    static func decodeDemand(_ value: YAMLValue) throws -> Demand {
        let m = try value.mapping(allowedKeys: ["calls_per_hour", "hour_of_day", "day_of_week"])
        let rateValue = try m.required("calls_per_hour")
        let rate = try rateValue.double()
        guard rate > 0 else { throw error(rateValue, "expected a number of calls per hour > 0, found \(formatNumber(rate))") }
        /// Relative volumes rescaled to mean 1.
        func profile(_ key: String, count: Int, what: String) throws -> [Double]? {
            guard let p = m.optional(key) else { return nil }
            let items = try p.sequence()
            guard items.count == count else {
                throw error(p, "expected \(count) relative volumes, one per \(what), found \(items.count)")
            }
            let values = try items.map { item -> Double in
                let x = try item.double()
                guard x >= 0, x <= 1e9 else { throw error(item, "expected a relative volume from 0 to 1e9, found \(formatNumber(x))") }
                return x
            }
            let mean = values.reduce(0, +) / Double(count)
            guard mean > 0 else { throw error(p, "expected at least one \(what) with calls, found all zeros") }
            return values.map { $0 / mean }
        }
        return Demand(callsPerHour: rate, hourOfDay: try profile("hour_of_day", count: 24, what: "hour from midnight"),
                      dayOfWeek: try profile("day_of_week", count: 7, what: "day from Monday"))
    }
}
