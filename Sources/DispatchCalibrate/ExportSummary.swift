// ExportSummary.swift: what calibration keeps of an export while streaming it: counts by hour,
// weekday, district, call type and priority, sufficient statistics of time on scene, histograms
// of response times, and every row dropped with its reason. Memory does not grow with the rows.

import DispatchEngine
import DispatchRandom
import DispatchResults
import Foundation

/// Why a row of an export was not used (or a measurement of it was left out).
public enum DropReason: String, Sendable, CaseIterable, Comparable {
    case repeatedHeader = "repeated header row"
    case wrongFieldCount = "wrong number of fields"
    case filteredOut = "filtered out (include)"
    case outsideDates = "received outside --from/--to"
    case duplicateID = "duplicate id"
    case missingReceived = "received time missing"
    case unreadableReceived = "received time unreadable"
    case missingCallType = "call type missing"
    case missingPriority = "priority missing"
    case unreadablePriority = "priority unreadable or outside 1-9"
    // Measurements left out; the row is used.
    case unreadableTime = "a dispatched, arrived or cleared time unreadable (that interval left out)"
    case negativeInterval = "negative interval, e.g. a reopened call (that interval left out)"
    case longInterval = "interval over 24 hours (that interval left out)"
    case zeroOnScene = "time on scene under 1 second (left out of the fit)"

    /// Whether the whole row was dropped, rather than one of its intervals.
    public var dropsRow: Bool {
        switch self {
        case .unreadableTime, .negativeInterval, .longInterval, .zeroOnScene: return false
        default: return true
        }
    }

    public static func < (a: DropReason, b: DropReason) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Time on scene of one group of calls: sufficient statistics for the fits, and a coarse
/// histogram for the goodness-of-fit statistic.
public struct OnSceneStats: Sendable {
    public var sample = PositiveSample()
    /// Counts in bins of a quarter of a doubling, from 2^-4 minutes (bin 0: below) up.
    public var bins = [Int](repeating: 0, count: OnSceneStats.binCount)

    public static let binCount = 80
    static let lowestExponent = -4.0

    /// The upper edge of bin `i` in minutes.
    public static func upperEdge(_ i: Int) -> Double { exp2(lowestExponent + Double(i) / 4) }

    public mutating func add(_ minutes: Double) {
        sample.add(minutes)
        let b = Int((log2(minutes) - Self.lowestExponent) * 4) + 1
        bins[min(max(b, 0), Self.binCount - 1)] += 1
    }

    public mutating func add(_ other: OnSceneStats) {
        sample.add(other.sample)
        for i in bins.indices { bins[i] += other.bins[i] }
    }

    /// The largest gap between the observed and the fitted distribution functions at the bins'
    /// edges: the Kolmogorov-Smirnov distance as far as the bins show it (a lower bound of it).
    public func ksDistance(_ fit: Distribution) -> Double {
        var below = 0, worst = 0.0
        let n = Double(sample.count)
        for i in 0..<(Self.binCount - 1) {
            below += bins[i]
            worst = max(worst, abs(Double(below) / n - fit.cdf(Self.upperEdge(i))))
        }
        return worst
    }
}

/// Response-time measurements of one priority: dispatch delay, travel, and response (received to
/// arrival), as histograms read for quantiles.
public struct ResponseStats: Sendable {
    public struct Measure: Sendable {
        public var histogram = QuantileHistogram()
        public var minimum = Double.infinity
        public var maximum = -Double.infinity
        public var sum = 0.0

        public init() {}

        mutating func add(_ x: Double) {
            histogram.record(x)
            minimum = min(minimum, x)
            maximum = max(maximum, x)
            sum += x
        }

        public var count: Int { histogram.count }
        public func quantile(_ p: Double) -> Double {
            count == 0 ? .nan : histogram.quantile(p, minimum: minimum, maximum: maximum)
        }
        public var mean: Double { count == 0 ? .nan : sum / Double(count) }
    }

    public var dispatchDelay = Measure()
    public var travel = Measure()
    public var response = Measure()
    public var onScene = Measure()

    mutating func record(delay: Double?, travel: Double?, response: Double?, onScene: Double?) {
        if let delay { dispatchDelay.add(delay) }
        if let travel { self.travel.add(travel) }
        if let response { self.response.add(response) }
        if let onScene { self.onScene.add(onScene) }
    }
}

/// Counts of one call type (raw, or category) at one priority.
public struct TypeStats: Sendable {
    /// The name as first seen (raw text, or the category's name).
    public var label: String
    public var priority: Int
    public var crisis: Bool
    public var count = 0
    public var onScene = OnSceneStats()

    mutating func record(onScene minutes: Double?) {
        count += 1
        if let minutes { onScene.add(minutes) }
    }
}

/// Per district: calls, activity, and the time units spent there.
public struct ZoneStats: Sendable {
    public var label: String
    public var calls = 0
    public var activities = 0
    public var travel = PositiveSample()
    /// Busy minutes observed (dispatch to clearing, or travel plus on scene) and how many calls
    /// gave them.
    public var busyMinutes = 0.0
    public var busyCount = 0

    mutating func record(call travelMinutes: Double?, busy: Double?) {
        calls += 1
        if let travelMinutes, travelMinutes > 0 { travel.add(travelMinutes) }
        if let busy {
            busyMinutes += busy
            busyCount += 1
        }
    }
}

/// Everything calibration keeps of the exports read.
public struct ExportSummary: Sendable {
    public var files: [(path: String, rows: Int, used: Int)] = []
    public var rowsRead = 0
    public var dropped: [DropReason: Int] = [:]
    /// The first place each reason happened: file, line, and the value found.
    public var firstDrop: [DropReason: (file: String, line: Int, found: String)] = [:]
    public var timeZoneSuffixes = 0
    /// Things worth knowing that did not stop calibration (a preset's optional column missing).
    public var notes: [String] = []

    public var first: CivilTime?
    public var last: CivilTime?

    public var calls = 0
    /// Calls by hour of the week (Monday 00:00-01:00 first).
    public var callsByHourOfWeek = [Int](repeating: 0, count: 168)
    /// Calls by date (days since 1970-01-01): bounded by the export's days, not its rows.
    public var callsByDay: [Int64: Int] = [:]
    public var types: [String: TypeStats] = [:]  // key: folded type or category + "\u{1}" + priority
    public var zones: [String: ZoneStats] = [:]  // key: folded district
    public var callsWithoutDistrict = 0
    public var byPriority: [Int: ResponseStats] = [:]
    /// Response (received to arrival) by priority and by the watch (``ScenarioDraft/watches``) the
    /// call was received in.
    public var responseByWatch: [Int: [ResponseStats.Measure]] = [:]
    public var callsByPriority: [Int: Int] = [:]

    public var activities = 0
    public var activitiesByHour = [Int](repeating: 0, count: 24)
    public var activityDuration = OnSceneStats()

    /// Whether on-scene times and response times were available at all.
    public var hasOnScene = false
    public var hasResponse = false

    public init() {}

    mutating func drop(_ reason: DropReason, file: String, line: Int, found: String) {
        dropped[reason, default: 0] += 1
        if firstDrop[reason] == nil { firstDrop[reason] = (file, line, found) }
    }

    /// Whole days from the first call's date to the last's, both included.
    public var days: Int {
        guard let first, let last else { return 0 }
        return Int(last.day - first.day) + 1
    }

    /// How many times each weekday (Monday first) occurs in the days covered.
    public var weekdayOccurrences: [Int] {
        var out = [Int](repeating: 0, count: 7)
        guard let first else { return out }
        for d in 0..<days { out[(first.weekday + d) % 7] += 1 }
        return out
    }

    public var rowsUsed: Int { calls + activities }

    /// Calls by call-type label, over priorities (for a simulated calls log, the scenario's type
    /// names).
    public var callsByLabel: [String: Int] {
        types.values.reduce(into: [:]) { $0[$1.label, default: 0] += $1.count }
    }
    public var rowsDropped: Int { dropped.filter { $0.key.dropsRow }.values.reduce(0, +) }
}
