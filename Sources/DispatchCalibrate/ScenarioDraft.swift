// ScenarioDraft.swift: the scenario an export's summary gives: demand and its profiles, zones,
// call types with shares and priorities, time on scene fitted by maximum likelihood, officer-
// initiated activity, and, marked as assumptions, what an export cannot say (units on duty,
// travel between districts). Written as YAML with a comment on every value's origin.

import DispatchRandom
import DispatchResults
import Foundation

/// A scenario drafted from an export.
public struct ScenarioDraft: Sendable {
    /// One call type of the scenario: a raw type (or category) at one priority, or the rest of a
    /// priority's calls.
    public struct CallTypeDraft: Sendable {
        public var name: String
        public var label: String
        public var priority: Int
        public var count: Int
        public var share: Double
        public var crisis: Bool
        public var onScene: OnSceneStats
        /// The fit used, and whose data it came from (this type, its priority, all calls).
        public var fit: DistributionFit?
        public var fitFrom: String
    }

    public struct ZoneDraft: Sendable {
        public var name: String
        public var label: String
        public var calls: Int
        public var share: Double
        public var travelMinutes: Double
        public var travelObserved: Bool
        public var activities: Int
        /// Busy hours an hour observed here: calls and activity times their busy time.
        public var offeredLoad: Double
    }

    /// How police are staffed: the share of on-duty time units are busy (which sets the units
    /// per zone), and the units kept in reserve for urgent calls (cutoff priority), if any.
    public struct Staffing: Sendable, Hashable {
        public var utilization: Double
        public var cutoffReserve: Int?

        public init(utilization: Double, cutoffReserve: Int? = nil) {
            self.utilization = utilization
            self.cutoffReserve = cutoffReserve
        }
    }

    public var name: String
    public var sources: [String]
    public var summary: ExportSummary
    public var callsPerHour: Double
    public var hourOfDay: [Double]
    public var dayOfWeek: [Double]
    public var zones: [ZoneDraft]
    public var callTypes: [CallTypeDraft]
    public var activityPerHour: Double
    public var activityHourOfDay: [Double]
    public var activityFit: DistributionFit?
    public var crosswalk: String?
    /// Police staffing: assumed, or fitted (``StaffingFit``) with `fitNote` saying how.
    public var staffing = Staffing(utilization: ScenarioDraft.assumedUtilization)
    public var fitNote: String?
    /// The share of time units are assumed busy when no fit gives their number.
    public static let assumedUtilization = 0.5
    /// Police work three 8-hour watches (07:00, 15:00, 23:00), staffed in proportion to the calls.
    public static let watches = [("day", "07:00", "15:00"), ("evening", "15:00", "23:00"), ("night", "23:00", "07:00")]
    /// The most call types and zones written; the rest are grouped.
    public static let maximumCallTypes = 40
    public static let minimumTypeShare = 0.005
    public static let maximumZones = 60
    /// Fewer observations than this and a type's time on scene comes from its priority's (or all
    /// calls') fit.
    public static let minimumFitCount = 30
    /// Used when the export has no times on scene or travel at all: marked as assumptions.
    public static let assumedOnScene = (mean: 30.0, sd: 25.0)
    public static let assumedTravel = 8.0
    public static let assumedActivity = (mean: 20.0, sd: 15.0)

    /// Drafts the scenario of `summary`.
    /// - Throws: when the summary has no usable call.
    public init(name: String, sources: [String], summary: ExportSummary, crosswalk: String?) throws(CalibrationError) {
        guard summary.calls > 0, summary.first != nil else {
            let reasons = summary.dropped.filter { $0.key.dropsRow }.sorted { $0.key < $1.key }
            let detail = reasons.map { r in
                let at = summary.firstDrop[r.key].map { " (first at \($0.file):\($0.line), found '\($0.found)')" } ?? ""
                return "\(r.value) \(r.key.rawValue)\(at)"
            }.joined(separator: "; ")
            throw CalibrationError(file: sources.first ?? "", message: "no row could be used as a call: \(summary.rowsRead) rows read" + (detail.isEmpty ? "" : "; \(detail)"))
        }
        self.name = name
        self.sources = sources
        self.summary = summary
        self.crosswalk = crosswalk
        let hours = Double(summary.days) * 24
        callsPerHour = Double(summary.calls) / hours
        // Hour of day and day of week, each rescaled to mean 1 (the day of week per occurrence of
        // the weekday in the days covered).
        var hod = [Double](repeating: 0, count: 24)
        var dow = [Double](repeating: 0, count: 7)
        for h in 0..<168 {
            hod[h % 24] += Double(summary.callsByHourOfWeek[h])
            dow[h / 24] += Double(summary.callsByHourOfWeek[h])
        }
        let occurrences = summary.weekdayOccurrences
        for d in 0..<7 { dow[d] = occurrences[d] > 0 ? dow[d] / Double(occurrences[d]) : 0 }
        hourOfDay = Self.meanOne(hod)
        dayOfWeek = Self.meanOne(dow)

        // Zones: the busiest, the rest as one.
        var zoneStats = summary.zones.values.filter { $0.calls > 0 || $0.activities > 0 }
            .sorted { ($0.calls, $0.activities, $1.label) > ($1.calls, $1.activities, $0.label) }
        if zoneStats.count > Self.maximumZones {
            var rest = ZoneStats(label: "other")
            for z in zoneStats[(Self.maximumZones - 1)...] {
                rest.calls += z.calls
                rest.activities += z.activities
                rest.travel.add(z.travel)
                rest.busyMinutes += z.busyMinutes
                rest.busyCount += z.busyCount
            }
            zoneStats = Array(zoneStats[..<(Self.maximumZones - 1)]) + [rest]
        }
        if zoneStats.isEmpty || zoneStats.allSatisfy({ $0.calls == 0 }) {
            var city = ZoneStats(label: "city")
            city.calls = summary.calls
            city.activities = summary.activities
            for z in summary.zones.values {
                city.travel.add(z.travel)
                city.busyMinutes += z.busyMinutes
                city.busyCount += z.busyCount
            }
            zoneStats = [city]
        }
        let withDistrict = Double(zoneStats.reduce(0) { $0 + $1.calls })
        var allTravel = PositiveSample()
        for z in zoneStats { allTravel.add(z.travel) }
        var usedNames = Set<String>()
        let meanBusyAll: Double? = {
            let busy = zoneStats.reduce(0.0) { $0 + $1.busyMinutes }, n = zoneStats.reduce(0) { $0 + $1.busyCount }
            return n > 0 ? busy / Double(n) : nil
        }()
        zones = zoneStats.map { z in
            let name = Self.uniqueName(Self.sanitized(z.label, fallback: "zone"), &usedNames)
            let travelObserved = z.travel.count >= 5
            let travel = travelObserved ? z.travel.mean : (allTravel.count >= 5 ? allTravel.mean : Self.assumedTravel)
            // Busy time per call or activity here (or city-wide), times their rate.
            let perEvent = z.busyCount >= 5 ? z.busyMinutes / Double(z.busyCount)
                : (meanBusyAll ?? (Self.assumedOnScene.mean + travel))
            let events = Double(z.calls) * Double(summary.calls) / max(withDistrict, 1) + Double(z.activities)
            let load = events * perEvent / 60 / hours
            return ZoneDraft(name: name, label: z.label, calls: z.calls, share: Double(z.calls) / withDistrict,
                             travelMinutes: travel, travelObserved: travelObserved,
                             activities: z.activities, offeredLoad: load)
        }

        // Call types: the largest groups, and the rest of each priority.
        var kept: [TypeStats] = []
        var rest: [Int: TypeStats] = [:]
        func fold(_ stats: TypeStats) {
            rest[stats.priority, default: TypeStats(label: "other", priority: stats.priority, crisis: false)].count += stats.count
            rest[stats.priority]!.onScene.add(stats.onScene)
        }
        for (_, stats) in summary.types.sorted(by: { ($0.value.count, $1.key) > ($1.value.count, $0.key) }) {
            if kept.count < Self.maximumCallTypes - 1 && Double(stats.count) / Double(summary.calls) >= Self.minimumTypeShare {
                kept.append(stats)
            } else {
                fold(stats)
            }
        }
        // Too many leftover priorities would pass the limit: fold the smallest kept types in.
        while kept.count + rest.count > Self.maximumCallTypes, let last = kept.popLast() { fold(last) }
        kept += rest.keys.sorted().map { rest[$0]! }
        // Pools for types with too few times on scene: per priority, and all calls.
        var byPriority: [Int: OnSceneStats] = [:]
        var all = OnSceneStats()
        for t in kept {
            byPriority[t.priority, default: OnSceneStats()].add(t.onScene)
            all.add(t.onScene)
        }
        let allFit = DistributionFit.best(to: all.sample)
        var priorityFit: [Int: DistributionFit] = [:]
        for (p, s) in byPriority where s.sample.count >= Self.minimumFitCount {
            priorityFit[p] = DistributionFit.best(to: s.sample)
        }
        var typeNames = Set<String>()
        callTypes = kept.map { t in
            let p = t.priority
            let base = Self.sanitized(t.label, fallback: "type").lowercased()
            let name = Self.uniqueName("\(base)_p\(p)", &typeNames)
            var fit: DistributionFit?, from: String
            if t.onScene.sample.count >= Self.minimumFitCount, let f = DistributionFit.best(to: t.onScene.sample) {
                fit = f; from = "this type's \(t.onScene.sample.count) calls"
            } else if let f = priorityFit[p] {
                fit = f; from = "all priority-\(p) calls (\(byPriority[p]!.sample.count)); this type has \(t.onScene.sample.count)"
            } else if all.sample.count >= Self.minimumFitCount, let allFit {
                fit = allFit; from = "all calls (\(all.sample.count))"
            } else {
                fit = nil; from = "ASSUMPTION: the export gives too few times on scene"
            }
            return CallTypeDraft(name: name, label: t.label, priority: p, count: t.count,
                                 share: Double(t.count) / Double(summary.calls), crisis: t.crisis,
                                 onScene: t.onScene, fit: fit, fitFrom: from)
        }

        activityPerHour = Double(summary.activities) / hours
        activityHourOfDay = Self.meanOne(summary.activitiesByHour.map(Double.init))
        activityFit = summary.activityDuration.sample.count >= Self.minimumFitCount
            ? DistributionFit.best(to: summary.activityDuration.sample) : nil
    }

    /// Police units based in `zone` under ``staffing``: enough, over the three watches (each unit
    /// on duty a third of the day), to be busy `utilization` of their on-duty time on the zone's
    /// workload; at least one per watch.
    public func units(_ zone: ZoneDraft) -> Int {
        max(Self.watches.count, Int((zone.offeredLoad * Double(Self.watches.count) / staffing.utilization - 1e-9).rounded(.up)))
    }

    /// The watch (index in ``watches``) a call received at `hour` falls in.
    public static func watch(ofHour hour: Int) -> Int {
        hour >= 7 && hour < 15 ? 0 : (hour >= 15 && hour < 23 ? 1 : 2)
    }

    /// Each watch's share of the calls, from the hour-of-day profile: its share of the units
    /// (`share: demand`).
    public var watchShares: [Double] {
        var shares = [Double](repeating: 0, count: Self.watches.count)
        for h in 0..<24 { shares[Self.watch(ofHour: h)] += hourOfDay[h] / 24 }
        return shares
    }

    /// The least urgent priority of the call types: the one a cutoff holds.
    public var leastUrgentPriority: Int { callTypes.map(\.priority).max() ?? 1 }

    static func meanOne(_ values: [Double]) -> [Double] {
        let mean = values.reduce(0, +) / Double(values.count)
        return mean > 0 ? values.map { $0 / mean } : values.map { _ in 1 }
    }

    /// A name of letters, digits, `_`, `-` and `.`: other characters become `_`, runs of `_`
    /// one, at most 48 characters.
    static func sanitized(_ text: String, fallback: String) -> String {
        var out = ""
        var lastUnderscore = false
        for c in text.unicodeScalars {
            let ok = c.isASCII && (CharacterSet.alphanumerics.contains(c) || c == "-" || c == ".")
            if ok { out.unicodeScalars.append(c); lastUnderscore = false }
            else if !lastUnderscore && !out.isEmpty { out += "_"; lastUnderscore = true }
        }
        while out.hasSuffix("_") || out.hasSuffix(".") || out.hasSuffix("-") { out.removeLast() }
        if out.count > 48 { out = String(out.prefix(48)) }
        return out.isEmpty ? fallback : out
    }

    static func uniqueName(_ base: String, _ used: inout Set<String>) -> String {
        var name = base, n = 2
        while used.contains(name) { name = "\(base)_\(n)"; n += 1 }
        used.insert(name)
        return name
    }
}
