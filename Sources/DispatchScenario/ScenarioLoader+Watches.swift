// ScenarioLoader+Watches.swift: a responder type's `watches` (staffing by watch): each watch's
// hours, its share of the type's units (given, or in proportion to the calls expected in its
// hours), and its scheduled breaks. The rules are in Scenarios/README.md, "Staffing by watch".

import DispatchModel
import DispatchRandom
import DispatchYAML
import Foundation

extension ScenarioLoader {
    /// A watch as written: its hours, its share of the type's units and its breaks.
    struct WatchPlan {
        let name: String
        let coverage: Coverage
        let share: Double
        let breaks: [ScheduledBreak]
    }

    static let watchKeys = ["name", "from", "to", "days", "share", "breaks"]

    /// The `watches` list. Shares are numbers that sum to 1, or `demand` on every watch: then
    /// each watch's share of the units is in proportion to the mean call rate over its hours
    /// (hour of day and day of week), so that the units on duty follow the calls expected.
    static func decodeWatches(_ value: YAMLValue, demand: Demand?) throws -> [WatchPlan] {
        let items = try value.sequence()
        guard !items.isEmpty else { throw error(value, "expected at least one watch, found an empty list") }
        var plans: [(name: String, coverage: Coverage, share: Double?, breaks: [ScheduledBreak], item: YAMLValue)] = []
        var byDemand: Bool?
        for item in items {
            let m = try item.mapping(allowedKeys: watchKeys)
            let name = try m.required("name").string()
            let coverage = try decodeCoverage(item, extraKeys: ["name", "share", "breaks"])
            let shareValue = try m.required("share")
            let isDemand = (try? shareValue.string()) == "demand"
            if let byDemand, byDemand != isDemand {
                throw error(shareValue, "expected every watch's share to be a number, or every one to be demand, found a mix")
            }
            byDemand = isDemand
            let share = isDemand ? nil : try probability(shareValue)
            let breaks = try m.optional("breaks").map { try decodeBreaks($0, windowMinutes: coverage.windowMinutes) } ?? []
            plans.append((name, coverage, share, breaks, item))
        }
        try checkNames(plans.map { ($0.name, $0.item) }, what: "watch")
        var shares: [Double]
        if byDemand == true {
            shares = plans.map { meanRelativeRate(over: $0.coverage, demand: demand) }
        } else {
            shares = plans.map { $0.share! }
            let total = shares.reduce(0, +)
            guard abs(total - 1) <= shareTolerance else {
                throw error(value, "expected watch shares that sum to 1, found a sum of \(formatNumber(total))")
            }
        }
        let total = shares.reduce(0, +)
        guard total > 0 else { throw error(value, "expected a watch with a share above 0, found none") }
        shares = shares.map { $0 / total }
        return zip(plans, shares).map { WatchPlan(name: $0.name, coverage: $0.coverage, share: $1, breaks: $0.breaks) }
    }

    /// `[{ after: DURATION, duration: DURATION, spread: DURATION }, ...]`: each break starts within
    /// the watch's hours.
    static func decodeBreaks(_ value: YAMLValue, windowMinutes: Int) throws -> [ScheduledBreak] {
        try value.sequence().map { item in
            let m = try item.mapping(allowedKeys: ["after", "duration", "spread"])
            let afterValue = try m.required("after")
            let after = try afterValue.duration()
            let durationValue = try m.required("duration")
            let minutes = try durationValue.duration()
            guard minutes >= 1.0 / 60 else {
                throw error(durationValue, "expected a break of at least 1 s, found \(formatMinutes(minutes))")
            }
            let spreadValue = m.optional("spread")
            let spread = try spreadValue?.duration() ?? 0
            guard after + spread < Double(windowMinutes) else {
                throw error(spreadValue ?? afterValue, "expected breaks that start within the watch's \(formatMinutes(Double(windowMinutes))) (after + spread), found \(formatMinutes(after + spread))")
            }
            return ScheduledBreak(afterMinutes: after, minutes: minutes, spreadMinutes: spread)
        }
    }

    /// The mean relative call rate (hour of day x day of week) over a week of a coverage's hours.
    static func meanRelativeRate(over coverage: Coverage, demand: Demand?) -> Double {
        let hours = demand?.hourOfDay ?? Array(repeating: 1, count: 24)
        let days = demand?.dayOfWeek ?? Array(repeating: 1, count: 7)
        var sum = 0.0, minutes = 0
        for day in coverage.days {
            for k in 0..<coverage.windowMinutes {
                let t = (day * 1440 + coverage.fromMinute + k) % 10_080
                sum += hours[(t % 1440) / 60] * days[t / 1440]
                minutes += 1
            }
        }
        return sum / Double(minutes)
    }

    /// The watches of a type with `perZone` units: each zone's units shared out among the watches
    /// in proportion to their shares (largest remainders, ties to the watch listed first).
    static func shareOut(_ perZone: [Int], among plans: [WatchPlan]) -> [Watch] {
        var counts = Array(repeating: Array(repeating: 0, count: perZone.count), count: plans.count)
        for (z, units) in perZone.enumerated() {
            for (w, n) in BudgetAllocation.spread(units: units, weights: plans.map(\.share)).enumerated() { counts[w][z] = n }
        }
        return plans.enumerated().map { w, plan in
            Watch(name: plan.name, coverage: plan.coverage, unitsPerZone: counts[w], breaks: plan.breaks)
        }
    }
}
