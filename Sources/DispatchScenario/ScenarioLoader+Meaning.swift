// ScenarioLoader+Meaning.swift: the checks that need the whole city: every call type can be taken
// by some unit, and the offered load on the responder types that share calls (OfferedLoad.swift).

import DispatchModel
import DispatchRandom
import DispatchYAML
import Foundation

extension ScenarioLoader {
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
        checkDistrictReach(city: city, responderValues: responderValues, d)
        checkTogetherWithDistricts(city: city, callTypeValues: callTypeValues, d)
        // Offered load (OfferedLoad.swift): the least sets of responder types that cannot serve, or
        // barely serve, the calls only they may take.
        let offered = OfferedLoad(city: city)
        let overloaded = offered.minimalGroups(atLeast: 1)
        let slow = offered.minimalGroups(atLeast: 0.95).filter { $0.load < 1 }
        for group in (overloaded + slow).sorted(by: { $0.responders.lexicographicallyPrecedes($1.responders) }) {
            let consequence = group.load >= 1
                ? "queues grow without bound, and results describe the horizon simulated, not a steady state"
                : "waits converge slowly; use a long horizon and warm-up"
            let kind: DiagnosticKind = group.load >= 1 ? .offeredLoadAtCapacity : .offeredLoadNearCapacity
            let rs = group.responders
            if rs.count == 1 {
                d.warn(error(responderValues[rs[0]], "offered load on '\(city.responders[rs[0]].name)' is \(percent(group.load)) of capacity (\(units[rs[0]]) units): \(consequence)").of(kind: kind))
            } else {
                let names = rs.map { "'\(city.responders[$0].name)'" }
                let list = names.dropLast().joined(separator: ", ") + " and " + names.last!
                let counts = rs.map { String(units[$0]) }
                let unitList = counts.dropLast().joined(separator: ", ") + " and " + counts.last!
                d.warn(error(responderValues[rs[0]], "offered load on \(list) together is \(percent(group.load)) of their capacity (\(unitList) units), with the calls they share split between them at best: \(consequence)").of(kind: kind))
            }
        }
    }

    static func percent(_ x: Double) -> String {
        String(format: "%.0f%%", x * 100)
    }
}

extension DiagnosticKind {
    /// Some responder types cannot serve the calls only they may take: queues grow without bound.
    public static let offeredLoadAtCapacity = DiagnosticKind(rawValue: "offered-load-at-capacity")
    /// Some responder types are busy 95% of the time or more: waits converge slowly.
    public static let offeredLoadNearCapacity = DiagnosticKind(rawValue: "offered-load-near-capacity")
}
