// ScenarioLoader+Responders.swift: the `responders` section: each responder type's kind, cost,
// coverage hours, and units per zone, given or bought from the budget.

import DispatchModel
import DispatchRandom
import DispatchYAML
import Foundation

extension ScenarioLoader {
    /// The responder types' names first (call types and the budget refer to them), then the
    /// budget, then each type.
    static func decodeRespondersSection(_ parts: inout ScenarioParts, _ d: DiagnosticCollector) {
        let top = parts.top
        let responderItems = d.attempt { () -> [(name: String, value: YAMLValue)] in
            let list = try top.required("responders")
            let items = try list.sequence()
            guard !items.isEmpty else { throw error(list, "expected at least one responder type, found an empty list") }
            let named = try items.map { item -> (name: String, value: YAMLValue) in
                let m = try item.mapping(allowedKeys: responderKeys)
                return (try m.required("name").string(), item)
            }
            try checkNames(named.map { ($0.name, $0.value) }, what: "responder type")
            return named
        }
        parts.responderItems = responderItems
        let budget = responderItems.flatMap { items in
            d.attempt { try top.optional("budget").map { try decodeBudget($0, responders: items.map(\.name)) } }
        }
        parts.budget = budget
        guard let zones = parts.zones, let responderItems, let budget else { return }
        for (_, item) in responderItems {
            if let (responder, line) = d.attempt({ try decodeResponder(item, zones: zones, budget: budget, demand: parts.demand) }) {
                parts.responders.append(responder)
                if let line { parts.budgetLines.append(line) }
            }
        }
    }

    static let responderKeys = ["name", "kind", "units", "cost_per_unit_hour", "base_zones", "coverage", "travel_factor",
                                "dispatch", "watches", "relief_factor", "overhead"]

    // MARK: Responders

    static func decodeResponder(_ item: YAMLValue, zones: [ZoneSpec], budget: BudgetSpec?,
                                demand: Demand?) throws -> (ResponderType, BudgetLine?) {
        let m = try item.mapping(allowedKeys: responderKeys)
        let name = try m.required("name").string()
        let kind = try m.optional("kind").map { ResponderKind(rawValue: try $0.choice(from: ResponderKind.allCases.map(\.rawValue)))! }
            ?? .police
        let coverage = try m.optional("coverage").map { try decodeCoverage($0) }
        let travelFactor = try decodeTravelFactor(m.optional("travel_factor"))
        let policy = try m.optional("dispatch").map { try decodeDispatchPolicy($0) }
        let reliefFactor = try m.optional("relief_factor")?.double(atLeast: 1, atMost: 10) ?? 1
        let overhead = try m.optional("overhead")?.double(atLeast: 0, atMost: 0.9) ?? 0
        let watchPlans = try m.optional("watches").map { try decodeWatches($0, demand: demand) }
        if let w = m.optional("watches"), coverage != nil {
            throw error(w, "expected either coverage or watches, found both: watches give each unit its own hours")
        }
        /// The type: units per zone shared out among the watches, when it has them.
        func responder(_ perZone: [Int]) -> ResponderType {
            ResponderType(name: name, kind: kind, unitsPerZone: perZone, costPerUnitHour: cost, coverage: coverage,
                          travelFactor: travelFactor, policy: policy,
                          watches: watchPlans.map { shareOut(perZone, among: $0) } ?? [], reliefFactor: reliefFactor,
                          overhead: overhead)
        }
        let cost = try m.optional("cost_per_unit_hour").map { c in
            let x = try c.double()
            guard x > 0 else { throw error(c, "expected a cost in dollars per unit-hour > 0, found \(formatNumber(x))") }
            return x
        }
        let unitsValue = try m.required("units")
        if (try? unitsValue.string()) == "from_budget" {
            // A unit costs its on-duty hours: its coverage's, or on average its watches'.
            let hours = watchPlans.map { plans in plans.reduce(0.0) { $0 + $1.share * $1.coverage.hoursPerYear } }
                ?? coverage?.hoursPerYear
            let (perZone, line) = try unitsFromBudget(item, m, name: name, cost: cost.map { $0 * reliefFactor / (1 - overhead) },
                                                      hoursPerUnitYear: hours, zones: zones, budget: budget)
            return (responder(perZone), line)
        }
        if let b = m.optional("base_zones") {
            throw error(b, "expected base_zones only with units: from_budget, found it with units per zone")
        }
        if let budget, let shareValue = budget.shareValues[name] {
            throw error(shareValue, "expected a budget share only for responder types with units: from_budget, found one for '\(name)', whose units are given per zone")
        }
        let zoneNames = zones.map(\.zone.name)
        let unitMap = try unitsValue.mapping(allowedKeys: zoneNames)
        var perZone = Array(repeating: 0, count: zones.count)
        for entry in unitMap.entries {
            let count = try entry.value.int()
            guard count >= 0, count <= maximumUnitsPerType else {
                throw error(entry.value, "expected a whole number of units from 0 to 100000, found \(count)")
            }
            perZone[zoneNames.firstIndex(of: entry.key)!] = count
        }
        return (responder(perZone), nil)
    }

    /// `units: from_budget`: the units the type's budget share buys (BudgetAllocation), spread over
    /// its base zones in proportion to their call shares, or to the weights `base_zones` gives.
    static func unitsFromBudget(_ item: YAMLValue, _ m: YAMLMapping, name: String, cost: Double?, hoursPerUnitYear: Double?,
                                zones: [ZoneSpec], budget: BudgetSpec?) throws -> (perZone: [Int], line: BudgetLine) {
        let unitsValue = try m.required("units")
        guard let budget else {
            throw error(unitsValue, "expected a top-level 'budget' section to buy units from, found none")
        }
        guard let share = budget.shares[name] else {
            throw error(unitsValue, "expected a share for '\(name)' in budget.shares, found none")
        }
        guard let cost else {
            throw error(item, "expected cost_per_unit_hour for a responder type bought from the budget, found none")
        }
        let zoneNames = zones.map(\.zone.name)
        var baseZones = Array(zones.indices)
        // Spread in proportion to the zones' call shares, unless base_zones gives weights.
        var givenWeights: [Double]? = nil
        if let b = m.optional("base_zones") {
            if b.isMapping {
                let map = try b.mapping(allowedKeys: zoneNames)
                guard !map.entries.isEmpty else { throw error(b, "expected at least one zone, found an empty mapping") }
                baseZones = []
                var weights: [Double] = []
                for entry in map.entries {
                    let w = try entry.value.double()
                    guard w >= 0 else {
                        throw error(entry.value, "expected a weight >= 0 for zone '\(entry.key)', found \(formatNumber(w))")
                    }
                    baseZones.append(zoneNames.firstIndex(of: entry.key)!)
                    weights.append(w)
                }
                guard weights.contains(where: { $0 > 0 }) else {
                    throw error(b, "expected at least one zone with a weight > 0, found every weight 0")
                }
                givenWeights = weights
            } else {
                let items: [YAMLValue]
                do { items = try b.sequence() } catch {
                    throw Self.error(b, "expected a list of zone names, or a mapping of zone names to weights, found \(b.summary)")
                }
                guard !items.isEmpty else { throw error(b, "expected at least one zone, found an empty list") }
                baseZones = try items.map { v in
                    let s = try v.string()
                    guard let index = zoneNames.firstIndex(of: s) else {
                        throw error(v, "expected a zone name, found '\(s)'", suggestion: closestMatch(s, in: zoneNames))
                    }
                    return index
                }
            }
        }
        // A unit on duty only some hours costs only those hours.
        let hours = hoursPerUnitYear ?? budget.hoursPerUnitYear
        let affordable = BudgetAllocation.affordableUnits(annualDollars: budget.annualDollars, share: share,
                                                          costPerUnitHour: cost, hoursPerUnitYear: hours)
        guard affordable.isFinite, affordable <= Double(maximumUnitsPerType) else {
            throw error(unitsValue, "expected a budget that buys at most \(maximumUnitsPerType) units of '\(name)', found \(String(format: "%.3g", affordable)) (annual_usd x share / (cost_per_unit_hour x hours a year))")
        }
        let line = BudgetAllocation.line(responder: name, annualDollars: budget.annualDollars, share: share,
                                         costPerUnitHour: cost, hoursPerUnitYear: hours)
        let weights = givenWeights ?? baseZones.map { zones[$0].zone.callShare }
        // Zones with no calls still get units when every base zone has none.
        let spread = BudgetAllocation.spread(units: line.units,
                                             weights: weights.allSatisfy { $0 == 0 } ? weights.map { _ in 1 } : weights)
        var perZone = Array(repeating: 0, count: zones.count)
        for (k, z) in baseZones.enumerated() { perZone[z] += spread[k] }
        return (perZone, line)
    }

    static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// `{ from: "09:00", to: "01:00", days: [mon, ...] }`, in a mapping that may have `extraKeys`.
    static func decodeCoverage(_ value: YAMLValue, extraKeys: [String] = []) throws -> Coverage {
        let m = try value.mapping(allowedKeys: ["from", "to", "days"] + extraKeys)
        func clock(_ key: String) throws -> Int {
            let v = try m.required(key)
            let text = try v.string()
            let parts = text.split(separator: ":")
            guard parts.count == 2, let h = Int(parts[0]), let mm = Int(parts[1]), (0...24).contains(h), (0..<60).contains(mm),
                  h * 60 + mm <= 1440 else {
                throw error(v, "expected a time of day as \"HH:MM\" (00:00 to 24:00), found '\(text)'")
            }
            return (h * 60 + mm) % 1440
        }
        let from = try clock("from"), to = try clock("to")
        var days = Array(0..<7)
        if let d = m.optional("days") {
            let items = try d.sequence()
            guard !items.isEmpty else { throw error(d, "expected at least one day, found an empty list") }
            days = try items.map { item in
                let name = try item.string().lowercased()
                guard let day = weekdays.firstIndex(of: String(name.prefix(3))), name.count >= 3,
                      weekdays.contains(String(name.prefix(3))) else {
                    throw error(item, "expected a weekday (\(weekdays.joined(separator: ", "))), found '\(name)'",
                                suggestion: closestMatch(name, in: weekdays))
                }
                return day
            }
        }
        return Coverage(fromMinute: from, toMinute: to, days: days)
    }
}
