// ScenarioLoader+Budget.swift: the `budget` section: the annual budget, unit-hours a year and each
// responder type's share, with `rest`.

import DispatchModel
import DispatchRandom
import DispatchYAML
import Foundation

extension ScenarioLoader {
    struct BudgetSpec {
        var annualDollars: Double
        var hoursPerUnitYear: Double
        /// Share of the budget per responder type name, `rest` resolved.
        var shares: [String: Double]
        var shareValues: [String: YAMLValue]
        var value: YAMLValue
    }

    static func decodeBudget(_ value: YAMLValue, responders: [String]) throws -> BudgetSpec {
        let m = try value.mapping(allowedKeys: ["annual_usd", "hours_per_unit_year", "shares"])
        let annualValue = try m.required("annual_usd")
        let annual = try annualValue.double()
        guard annual > 0 else { throw error(annualValue, "expected a budget in dollars > 0, found \(formatNumber(annual))") }
        var hours = 8760.0
        if let h = m.optional("hours_per_unit_year") {
            hours = try h.double()
            guard hours > 0, hours <= 8784 else {
                throw error(h, "expected hours on duty per unit-year from 0 to 8784, found \(formatNumber(hours))")
            }
        }
        let sharesValue = try m.required("shares")
        let sharesMap = try sharesValue.mapping(allowedKeys: responders)
        var shares: [String: Double] = [:]
        var values: [String: YAMLValue] = [:]
        var rest: String?
        for key in sharesMap.keys {
            let v = try sharesMap.required(key)
            values[key] = v
            if (try? v.string()) == "rest" {
                if let rest {
                    throw error(v, "expected 'rest' on one responder type at most, found it on '\(rest)' and '\(key)'")
                }
                rest = key
                continue
            }
            let share = try v.double()
            guard share >= 0, share <= 1 else { throw error(v, "expected a share from 0 to 1 or 'rest', found \(formatNumber(share))") }
            shares[key] = share
        }
        // Summed in the file's order: a dictionary's order changes from one process to the next,
        // and the sum's last bit decides how many units `rest` buys.
        let total = sharesMap.keys.compactMap { shares[$0] }.reduce(0, +)
        guard total <= 1 + shareTolerance else {
            throw error(sharesValue, "expected budget shares that sum to at most 1, found a sum of \(formatNumber(total))")
        }
        if let rest { shares[rest] = max(0, 1 - total) }
        return BudgetSpec(annualDollars: annual, hoursPerUnitYear: hours, shares: shares, shareValues: values,
                          value: value)
    }
}
