// ScenarioLoader+Responders.swift: the budget, responder types, call types and distributions of
// a scenario file, and the checks of meaning that need the whole city.

import DispatchModel
import DispatchRandom
import DispatchYAML
import Foundation

extension ScenarioLoader {
    static let responderKeys = ["name", "kind", "units", "cost_per_unit_hour", "base_zones", "coverage"]
    static let callTypeKeys = ["name", "share", "priority", "crisis", "eligible", "fallback", "on_scene", "coded_as",
                               "outcomes", "repeat", "backup", "units_needed"]

    // MARK: Budget

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

    // MARK: Responders

    static func decodeResponder(_ item: YAMLValue, zones: [ZoneSpec],
                                budget: BudgetSpec?) throws -> (ResponderType, BudgetLine?) {
        let m = try item.mapping(allowedKeys: responderKeys)
        let name = try m.required("name").string()
        var kind = ResponderKind.police
        if let k = m.optional("kind") {
            let s = try k.string()
            guard let parsed = ResponderKind(rawValue: s) else {
                throw error(k, "expected one of \(ResponderKind.allCases.map(\.rawValue).joined(separator: ", ")), found '\(s)'",
                            suggestion: closestMatch(s, in: ResponderKind.allCases.map(\.rawValue)))
            }
            kind = parsed
        }
        let coverage = try m.optional("coverage").map { try decodeCoverage($0) }
        var cost: Double?
        if let c = m.optional("cost_per_unit_hour") {
            let x = try c.double()
            guard x > 0 else { throw error(c, "expected a cost in dollars per unit-hour > 0, found \(formatNumber(x))") }
            cost = x
        }
        let zoneNames = zones.map(\.zone.name)
        let unitsValue = try m.required("units")
        if (try? unitsValue.string()) == "from_budget" {
            guard let budget else {
                throw error(unitsValue, "expected a top-level 'budget' section to buy units from, found none")
            }
            guard let share = budget.shares[name] else {
                throw error(unitsValue, "expected a share for '\(name)' in budget.shares, found none")
            }
            guard let cost else {
                throw error(item, "expected cost_per_unit_hour for a responder type bought from the budget, found none")
            }
            var baseZones = Array(zones.indices)
            if let b = m.optional("base_zones") {
                let items = try b.sequence()
                guard !items.isEmpty else { throw error(b, "expected at least one zone, found an empty list") }
                baseZones = try items.map { v in
                    let s = try v.string()
                    guard let index = zoneNames.firstIndex(of: s) else {
                        throw error(v, "expected a zone name, found '\(s)'", suggestion: closestMatch(s, in: zoneNames))
                    }
                    return index
                }
            }
            // A unit on duty only some hours costs only those hours.
            let hours = coverage?.hoursPerYear ?? budget.hoursPerUnitYear
            let affordable = budget.annualDollars * share / (cost * hours)
            guard affordable.isFinite, affordable <= Double(maximumUnitsPerType) else {
                throw error(unitsValue, "expected a budget that buys at most \(maximumUnitsPerType) units of '\(name)', found \(String(format: "%.3g", affordable)) (annual_usd x share / (cost_per_unit_hour x hours a year))")
            }
            let line = BudgetAllocation.line(responder: name, annualDollars: budget.annualDollars, share: share,
                                             costPerUnitHour: cost,
                                             hoursPerUnitYear: coverage?.hoursPerYear ?? budget.hoursPerUnitYear)
            let weights = baseZones.map { zones[$0].zone.callShare }
            // Zones with no calls still get units when every base zone has none.
            let spread = BudgetAllocation.spread(units: line.units,
                                                 weights: weights.allSatisfy { $0 == 0 } ? weights.map { _ in 1 } : weights)
            var perZone = Array(repeating: 0, count: zones.count)
            for (k, z) in baseZones.enumerated() { perZone[z] += spread[k] }
            return (ResponderType(name: name, kind: kind, unitsPerZone: perZone, costPerUnitHour: cost,
                                  coverage: coverage), line)
        }
        if let b = m.optional("base_zones") {
            throw error(b, "expected base_zones only with units: from_budget, found it with units per zone")
        }
        if let budget, let shareValue = budget.shareValues[name] {
            throw error(shareValue, "expected a budget share only for responder types with units: from_budget, found one for '\(name)', whose units are given per zone")
        }
        let unitMap = try unitsValue.mapping(allowedKeys: zoneNames)
        var perZone = Array(repeating: 0, count: zones.count)
        for key in unitMap.keys {
            let v = try unitMap.required(key)
            let count = try v.int()
            guard count >= 0, count <= maximumUnitsPerType else {
                throw error(v, "expected a whole number of units from 0 to 100000, found \(count)")
            }
            perZone[zoneNames.firstIndex(of: key)!] = count
        }
        return (ResponderType(name: name, kind: kind, unitsPerZone: perZone, costPerUnitHour: cost,
                              coverage: coverage), nil)
    }

    // MARK: Call types

    static func decodeCallTypes(_ value: YAMLValue, responders: [String],
                                _ d: DiagnosticCollector) throws -> [(type: CallType, value: YAMLValue)] {
        let items = try value.sequence()
        guard !items.isEmpty else { throw error(value, "expected at least one call type, found an empty list") }
        var names: [(String, YAMLValue)] = []
        var decoded: [(CallType, YAMLValue)] = []
        let typeNames = items.map { (try? $0.mapping().optional("name")?.string()) ?? nil ?? "" }
        for item in items {
            guard let type = d.attempt({ try decodeCallType(item, responders: responders, callTypes: typeNames) }) else { continue }
            names.append((type.name, item))
            decoded.append((type, item))
        }
        try checkNames(names, what: "call type")
        guard decoded.count == items.count else { return decoded }
        let total = decoded.reduce(0) { $0 + $1.0.share }
        guard abs(total - 1) <= shareTolerance else {
            throw error(value, "expected call type shares that sum to 1, found a sum of \(formatNumber(total))")
        }
        // A call coded as another type is routed as that type: its own on-scene times must cover
        // every responder type the coded type may go to.
        for (type, item) in decoded {
            guard let row = type.codedAs else { continue }
            for (c, p) in row.enumerated() where p > 0 {
                for r in decoded[c].0.allEligible where type.onScene[r] == nil {
                    let onScene = (try? item.mapping().optional("on_scene")) ?? nil
                    throw error(onScene ?? item, "expected an on-scene time for '\(responders[r])', which may take calls of type '\(type.name)' coded as '\(decoded[c].0.name)', found none")
                }
            }
        }
        return decoded
    }

    static func responderList(_ value: YAMLValue, responders: [String]) throws -> [Int] {
        let items = try value.sequence()
        guard !items.isEmpty else { throw error(value, "expected at least one responder type, found an empty list") }
        var seen = Set<Int>()
        return try items.map { v in
            let s = try v.string()
            guard let index = responders.firstIndex(of: s) else {
                throw error(v, "expected a responder type (\(responders.joined(separator: ", "))), found '\(s)'",
                            suggestion: closestMatch(s, in: responders))
            }
            guard seen.insert(index).inserted else { throw error(v, "expected each responder type once, found '\(s)' twice") }
            return index
        }
    }

    static func decodeCallType(_ item: YAMLValue, responders: [String], callTypes: [String]) throws -> CallType {
        let m = try item.mapping(allowedKeys: callTypeKeys)
        let name = try m.required("name").string()
        let shareValue = try m.required("share")
        let share = try shareValue.double()
        guard share >= 0, share <= 1 else { throw error(shareValue, "expected a share from 0 to 1, found \(formatNumber(share))") }
        let priorityValue = try m.required("priority")
        let priority = try priorityValue.int()
        guard priority >= 1, priority <= 9 else {
            throw error(priorityValue, "expected a priority from 1 (most urgent) to 9, found \(priority)")
        }
        let eligible = try responderList(m.required("eligible"), responders: responders)
        var fallback: Fallback?
        if let f = m.optional("fallback") {
            let fm = try f.mapping(allowedKeys: ["after", "to"])
            let after = try fm.required("after").duration()
            let toValue = try fm.required("to")
            let to = try responderList(toValue, responders: responders)
            if let overlap = to.first(where: eligible.contains) {
                throw error(toValue, "expected fallback responder types that are not already eligible, found '\(responders[overlap])'")
            }
            fallback = Fallback(afterMinutes: after, to: to)
        }
        let onSceneValue = try m.required("on_scene")
        let onSceneMap = try onSceneValue.mapping(allowedKeys: responders)
        var onScene = [Distribution?](repeating: nil, count: responders.count)
        for key in onSceneMap.keys {
            onScene[responders.firstIndex(of: key)!] = try decodeDuration(distribution: onSceneMap.required(key))
        }
        for r in eligible + (fallback?.to ?? []) where onScene[r] == nil {
            throw error(onSceneValue, "expected an on-scene time for every responder type that may take the call, found none for '\(responders[r])'")
        }
        let isCrisis = try m.optional("crisis")?.bool() ?? false
        var codedAs: [Double]?
        if let c = m.optional("coded_as") {
            let row = try c.mapping(allowedKeys: callTypes)
            var probabilities = Array(repeating: 0.0, count: callTypes.count)
            for entry in row.entries {
                probabilities[callTypes.firstIndex(of: entry.key)!] = try probability(entry.value)
            }
            let total = probabilities.reduce(0, +)
            guard abs(total - 1) <= shareTolerance else {
                throw error(c, "expected coding probabilities that sum to 1, found a sum of \(formatNumber(total))")
            }
            codedAs = probabilities
        }
        var outcomes = [OutcomeModel?](repeating: nil, count: responders.count)
        if let o = m.optional("outcomes") {
            let byResponder = try o.mapping(allowedKeys: responders)
            for entry in byResponder.entries {
                outcomes[responders.firstIndex(of: entry.key)!] = try decodeOutcome(entry.value)
            }
        }
        var repeats = [RepeatModel?](repeating: nil, count: responders.count)
        if let r = m.optional("repeat") {
            let byResponder = try r.mapping(allowedKeys: responders)
            for entry in byResponder.entries {
                let rm = try entry.value.mapping(allowedKeys: ["probability", "after"])
                let p = try rm.required("probability")
                guard try probability(p) < 1 else {
                    throw error(p, "expected a probability below 1 (a call that always repeats never ends), found 1")
                }
                repeats[responders.firstIndex(of: entry.key)!] = RepeatModel(
                    probability: try probability(p),
                    after: try decodeDuration(distribution: rm.required("after")))
            }
        }
        var backups = [BackupModel?](repeating: nil, count: responders.count)
        if let b = m.optional("backup") {
            let byResponder = try b.mapping(allowedKeys: responders)
            for entry in byResponder.entries {
                let bm = try entry.value.mapping(allowedKeys: ["probability", "type"])
                let typeValue = try bm.required("type")
                let typeName = try typeValue.string()
                guard let backupType = responders.firstIndex(of: typeName) else {
                    throw error(typeValue, "expected a responder type (\(responders.joined(separator: ", "))), found '\(typeName)'",
                                suggestion: closestMatch(typeName, in: responders))
                }
                guard onScene[backupType] != nil else {
                    throw error(typeValue, "expected an on-scene time for '\(typeName)' in on_scene, since it may come as backup, found none")
                }
                backups[responders.firstIndex(of: entry.key)!] = BackupModel(
                    probability: try probability(bm.required("probability")), responder: backupType)
            }
        }
        return CallType(name: name, share: share, priority: priority, eligible: eligible, fallback: fallback,
                        onScene: onScene, isCrisis: isCrisis, codedAs: codedAs, outcomes: outcomes, repeats: repeats,
                        backups: backups, unitsNeeded: try m.optional("units_needed")?.int(atLeast: 1, atMost: 20) ?? 1)
    }

    static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// `{ from: "09:00", to: "01:00", days: [mon, ...] }`.
    static func decodeCoverage(_ value: YAMLValue) throws -> Coverage {
        let m = try value.mapping(allowedKeys: ["from", "to", "days"])
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

    static func probability(_ value: YAMLValue) throws -> Double {
        let p = try value.double()
        guard p >= 0, p <= 1 else { throw error(value, "expected a probability from 0 to 1, found \(formatNumber(p))") }
        return p
    }

    static let outcomeKeys = ["arrest", "booking_given_arrest", "ed_transport", "referral", "use_of_force",
                              "civilian_injury", "responder_injury", "ed_time", "booking_time"]

    /// Outcome probabilities of one call type and responder type (see Scenarios/README.md).
    static func decodeOutcome(_ value: YAMLValue) throws -> OutcomeModel {
        let m = try value.mapping(allowedKeys: outcomeKeys)
        func p(_ key: String, _ otherwise: Double = 0) throws -> Double {
            try m.optional(key).map { try probability($0) } ?? otherwise
        }
        let arrest = try p("arrest"), ed = try p("ed_transport"), referral = try p("referral")
        guard arrest + ed + referral <= 1 + shareTolerance else {
            throw error(value, "expected arrest, ed_transport and referral to sum to at most 1 (one disposition per call), found \(formatNumber(arrest + ed + referral))")
        }
        return OutcomeModel(arrest: arrest, bookingGivenArrest: try p("booking_given_arrest", 1), edTransport: ed,
                            referral: referral, useOfForce: try p("use_of_force"),
                            civilianInjury: try p("civilian_injury"), responderInjury: try p("responder_injury"),
                            edTime: try m.optional("ed_time").map { try decodeDuration(distribution: $0) },
                            bookingTime: try m.optional("booking_time").map { try decodeDuration(distribution: $0) })
    }

    // MARK: Distributions

    static let distributionParameters: [String: [String]] = [
        "constant": ["value"],
        "exponential": ["mean"],
        "lognormal": ["mean", "sd"],
        "gamma": ["mean", "sd", "shape", "scale"],
        "weibull": ["scale", "shape"],
        "truncated_normal": ["mean", "sd"],
        "uniform": ["low", "high"],
        "triangular": ["low", "mode", "high"],
    ]

    /// A distribution of durations: `{ distribution: NAME, parameters... }`, parameters in
    /// duration units except Weibull and gamma `shape`.
    static func decodeDuration(distribution value: YAMLValue) throws -> Distribution {
        let kinds = distributionParameters.keys.sorted()
        let probe = try value.mapping(allowedKeys: ["distribution"] + Set(distributionParameters.values.flatMap { $0 }).sorted())
        let kindValue = try probe.required("distribution")
        let kind = try kindValue.string()
        guard let parameters = distributionParameters[kind] else {
            if kind == "normal" {
                throw error(kindValue, "expected a distribution of durations (\(kinds.joined(separator: ", "))), found 'normal', which can be negative",
                            suggestion: "truncated_normal")
            }
            throw error(kindValue, "expected one of \(kinds.joined(separator: ", ")), found '\(kind)'",
                        suggestion: closestMatch(kind, in: kinds))
        }
        let m = try value.mapping(allowedKeys: ["distribution"] + parameters)
        func minutes(_ key: String) throws -> Double { try m.required(key).duration() }
        func number(_ key: String) throws -> Double { try m.required(key).double() }
        do {
            switch kind {
            case "constant": return try .constant(minutes("value"))
            case "exponential": return try .exponential(mean: minutes("mean"))
            case "lognormal": return try .lognormal(mean: minutes("mean"), sd: minutes("sd"))
            case "gamma":
                if m.optional("shape") != nil || m.optional("scale") != nil {
                    if let extra = m.optional("mean") ?? m.optional("sd") {
                        throw error(extra, "expected either mean and sd or shape and scale, found both kinds")
                    }
                    return try .gamma(shape: number("shape"), scale: minutes("scale"))
                }
                return try .gamma(mean: minutes("mean"), sd: minutes("sd"))
            case "weibull": return try .weibull(scale: minutes("scale"), shape: number("shape"))
            case "truncated_normal": return try .truncatedNormal(mean: minutes("mean"), sd: minutes("sd"))
            case "uniform": return try .uniform(low: minutes("low"), high: minutes("high"))
            default: return try .triangular(low: minutes("low"), mode: minutes("mode"), high: minutes("high"))
            }
        } catch let problem as DistributionError {
            let parameterValue = m.optional(problem.parameter == "sum of weights" ? "distribution" : problem.parameter) ?? value
            throw error(parameterValue, "expected \(problem.expected), found \(formatNumber(problem.found))")
        }
    }

    // MARK: Meaning

    /// Checks that need the whole city: every call type can be taken by some unit, and the
    /// offered load on the sets of responder types that share calls (OfferedLoad.swift).
    static func checkMeaning(city: CityConfiguration, callTypeValues: [YAMLValue], responderValues: [YAMLValue],
                             top: YAMLMapping, _ d: DiagnosticCollector) {
        let units = city.responders.map(\.unitCount)
        for (t, type) in city.callTypes.enumerated() where type.share > 0 {
            let names = { (list: [Int]) in list.map { "\(city.responders[$0].name) (\(units[$0]) units)" }.joined(separator: ", ") }
            if type.allEligible.allSatisfy({ units[$0] == 0 }) {
                d.record(error(callTypeValues[t], "expected a responder type with units for call type '\(type.name)', found only \(names(type.allEligible)); check the budget shares and unit counts"))
            } else if type.eligible.allSatisfy({ units[$0] == 0 }) {
                d.warn(error(callTypeValues[t], "call type '\(type.name)' has no unit of its eligible types (\(names(type.eligible))): its calls go straight to its fallback types"))
            }
        }
        // Offered load (OfferedLoad.swift): the least sets of responder types that cannot serve, or
        // barely serve, the calls only they may take.
        let offered = OfferedLoad(city: city)
        let overloaded = offered.minimalGroups(atLeast: 1)
        let slow = offered.minimalGroups(atLeast: 0.95).filter { $0.load < 1 }
        for group in (overloaded + slow).sorted(by: { $0.responders.lexicographicallyPrecedes($1.responders) }) {
            let consequence = group.load >= 1
                ? "queues grow without bound, and results describe the horizon simulated, not a steady state"
                : "waits converge slowly; use a long horizon and warm-up"
            let rs = group.responders
            if rs.count == 1 {
                d.warn(error(responderValues[rs[0]], "offered load on '\(city.responders[rs[0]].name)' is \(percent(group.load)) of capacity (\(units[rs[0]]) units): \(consequence)"))
            } else {
                let names = rs.map { "'\(city.responders[$0].name)'" }
                let list = names.dropLast().joined(separator: ", ") + " and " + names.last!
                let counts = rs.map { String(units[$0]) }
                let unitList = counts.dropLast().joined(separator: ", ") + " and " + counts.last!
                d.warn(error(responderValues[rs[0]], "offered load on \(list) together is \(percent(group.load)) of their capacity (\(unitList) units), with the calls they share split between them at best: \(consequence)"))
            }
        }
    }

    static func percent(_ x: Double) -> String {
        String(format: "%.0f%%", x * 100)
    }
}
