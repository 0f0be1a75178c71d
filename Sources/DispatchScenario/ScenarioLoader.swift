// ScenarioLoader.swift: YAML scenario files to validated `Scenario`s. Shape is checked first
// (keys, types, units), then meaning (shares sum to 1, names resolve, every eligible responder has
// an on-scene time, the budget buys the units calls depend on, load). Every problem found is
// reported at once, each with its file, line, column and key path. The file format is documented
// in Scenarios/README.md.

import DispatchModel
import DispatchRandom
import DispatchYAML
import Foundation

/// Loads scenario files.
public enum ScenarioLoader {
    /// Tolerance on shares that must sum to 1.
    public static let shareTolerance = 1e-6
    /// The most zones a scenario may list: see `decodeZones`.
    public static let maximumZones = 2000
    /// The longest horizon accepted: 100 years.
    public static let maximumHorizonMinutes = 100 * 365 * 1440.0
    /// The most calls one replication may expect (calls per hour x horizon): a bound that keeps
    /// every accepted file to a run that finishes.
    public static let maximumCallsPerReplication = 1e9
    /// The most units of one responder type.
    public static let maximumUnitsPerType = 100_000

    /// Loads and checks `file`, after applying `overrides` (`--set PATH=VALUE`).
    public static func load(file: String, overrides: [Override] = []) throws -> Scenario {
        try decode(YAMLValue.load(file: file), overrides: overrides, sourceFile: file)
    }

    /// Loads and checks scenario text (for tests and tools).
    public static func load(text: String, fileName: String, overrides: [Override] = []) throws -> Scenario {
        try decode(YAMLValue.load(text: text, fileName: fileName), overrides: overrides, sourceFile: fileName)
    }

    static let topKeys = ["name", "description", "seed", "replications", "generator", "horizon", "warmup",
                          "response_targets", "costs", "hours_per_officer_year", "baseline",
                          "demand", "zones", "travel", "budget", "responders", "call_types"]

    /// Decodes `document` (a scenario file as written) after `overrides`, which reach its baseline
    /// too (ScenarioLoader+Baseline.swift).
    /// - Parameter baselines: where to find baseline files already read (a sweep reads its
    ///   points' common baseline once); nil reads the baseline file.
    package static func decode(_ document: YAMLValue, overrides: [Override], sourceFile: String,
                       baselines: BaselineCache? = nil) throws -> Scenario {
        let root = try document.applying(overrides)
        let d = DiagnosticCollector()
        let top = try root.mapping(allowedKeys: topKeys)

        let name = d.attempt { () -> String in
            let v = try top.required("name")
            let s = try v.string()
            guard isValidName(s) else {
                throw error(v, "expected a name of letters, digits, '-', '_' or '.' (it names the results folder), found '\(s)'")
            }
            return s
        }
        _ = d.attempt { try top.optional("description")?.string() }
        let seed = d.attempt { () -> UInt64 in
            guard let v = top.optional("seed") else { return 1 }
            let i = try v.int()
            guard i >= 0 else { throw error(v, "expected a whole number >= 0, found \(i)") }
            return UInt64(i)
        }
        let replications = d.attempt { () -> Int in
            guard let v = top.optional("replications") else { return 10 }
            let i = try v.int()
            guard i >= 1, i <= 100_000 else { throw error(v, "expected a whole number from 1 to 100000, found \(i)") }
            return i
        }
        let generator = d.attempt { () -> GeneratorKind in
            guard let v = top.optional("generator") else { return .default }
            let s = try v.string()
            guard let kind = GeneratorKind(rawValue: s) else {
                throw error(v, "expected one of \(GeneratorKind.allCases.map(\.rawValue).joined(separator: ", ")), found '\(s)'",
                            suggestion: closestMatch(s, in: GeneratorKind.allCases.map(\.rawValue)))
            }
            return kind
        }
        let horizon = d.attempt { () -> Double in
            let v = try top.required("horizon")
            let minutes = try v.duration()
            guard minutes > 0 else { throw error(v, "expected a duration > 0, found 0") }
            guard minutes <= maximumHorizonMinutes else {
                throw error(v, "expected a horizon of at most 36500 days (100 years of 365 days), found \(formatNumber(minutes / 1440)) days")
            }
            return minutes
        }
        let warmup = d.attempt { () -> Double in
            guard let v = top.optional("warmup") else { return 0 }
            let minutes = try v.duration()
            if let horizon, minutes >= horizon {
                throw error(v, "expected a warm-up shorter than the horizon (\(formatMinutes(horizon))), found \(formatMinutes(minutes))")
            }
            return minutes
        }
        let demand = d.attempt { () -> Demand in
            let demand = try decodeDemand(try top.required("demand"))
            if let horizon, demand.callsPerHour * horizon / 60 > maximumCallsPerReplication {
                throw error(try top.required("demand"), "expected at most \(formatNumber(maximumCallsPerReplication)) calls per replication (calls_per_hour x horizon), found \(String(format: "%.3g", demand.callsPerHour * horizon / 60))")
            }
            return demand
        }
        let zones = d.attempt { try decodeZones(top.required("zones"), d) }
        let travel = zones.flatMap { zones in d.attempt { try decodeTravel(top.required("travel"), zones: zones, d) } }
        let responderItems = d.attempt { () -> [(String, YAMLValue)] in
            let list = try top.required("responders")
            let items = try list.sequence()
            guard !items.isEmpty else { throw error(list, "expected at least one responder type, found an empty list") }
            let named = try items.map { item -> (String, YAMLValue) in
                let m = try item.mapping(allowedKeys: responderKeys)
                let nameValue = try m.required("name")
                return (try nameValue.string(), item)
            }
            try checkNames(named.map { ($0.0, $0.1) }, what: "responder type")
            return named
        }
        let responderNames = responderItems?.map(\.0)
        let budget = responderNames.flatMap { names in
            d.attempt { try top.optional("budget").map { try decodeBudget($0, responders: names) } }
        }
        var responders: [ResponderType] = []
        var budgetLines: [BudgetLine] = []
        if let zones, let responderItems, let budget {
            for (_, item) in responderItems {
                if let (responder, line) = d.attempt({ try decodeResponder(item, zones: zones, budget: budget) }) {
                    responders.append(responder)
                    if let line { budgetLines.append(line) }
                }
            }
        }
        let callTypes = responderNames.flatMap { names in
            d.attempt { try decodeCallTypes(top.required("call_types"), responders: names, d) }
        }
        let targets = d.attempt { () -> [Int: Double] in
            guard let t = top.optional("response_targets") else { return [:] }
            var out: [Int: Double] = [:]
            for entry in try t.mapping().entries {
                guard let p = Int(entry.key), (1...9).contains(p) else {
                    throw error(entry.value, "expected a priority from 1 to 9 as the key, found '\(entry.key)'")
                }
                out[p] = try entry.value.duration()
            }
            return out
        }
        let costs = d.attempt { () -> OutcomeCosts in
            var c = OutcomeCosts()
            guard let v = top.optional("costs") else { return c }
            let m = try v.mapping(allowedKeys: ["ed_visit_usd", "jail_booking_usd", "civilian_injury_usd",
                                                "responder_injury_usd", "use_of_force_liability_usd"])
            func dollars(_ key: String) throws -> Double { try m.optional(key)?.double(atLeast: 0) ?? 0 }
            c.edVisit = try dollars("ed_visit_usd")
            c.jailBooking = try dollars("jail_booking_usd")
            c.civilianInjury = try dollars("civilian_injury_usd")
            c.responderInjury = try dollars("responder_injury_usd")
            c.useOfForceLiability = try dollars("use_of_force_liability_usd")
            return c
        }
        let hoursPerOfficerYear = d.attempt { try top.optional("hours_per_officer_year")?.double(greaterThan: 0) ?? 2080 }
        let baselineSpec = d.attempt { try top.optional("baseline").map { try decodeBaselineSpec($0, sourceFile: sourceFile) } }
        try d.finish()

        guard let name, let targets, let costs, let hoursPerOfficerYear, let baselineSpec, let seed, let replications, let generator, let horizon, let warmup, let demand,
              let zones, let travel, let callTypes, let responderItems, let budget else {
            preconditionFailure("a scenario value is missing although no error was recorded")
        }
        let city = CityConfiguration(
            zones: zones.map(\.zone), travelMinutes: travel.minutes, turnout: travel.turnout,
            responders: responders, callTypes: callTypes.map(\.type), callsPerHour: demand.callsPerHour,
            hourOfDayProfile: demand.hourOfDay, horizonMinutes: horizon, warmupMinutes: warmup,
            responseTargets: targets, costs: costs, hoursPerOfficerYear: hoursPerOfficerYear,
            dayOfWeekProfile: demand.dayOfWeek)
        let meaning = DiagnosticCollector()
        checkMeaning(city: city, callTypeValues: callTypes.map(\.value), responderValues: responderItems.map(\.1),
                     top: top, meaning)
        try meaning.finish()
        let allocation = budget.map { BudgetAllocation(annualDollars: $0.annualDollars, lines: budgetLines) }
        let scenario = Scenario(name: name, sourceFile: sourceFile, seed: seed, replications: replications,
                                generator: generator, city: city, budget: allocation,
                                warnings: d.warnings + meaning.warnings)
        guard let baselineSpec else { return scenario }
        return scenario.with(baseline: try loadBaseline(baselineSpec, scenario: scenario, root: root, document: document,
                                                        overrides: overrides, baselines: baselines))
    }

    // MARK: Sections

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

    struct ZoneSpec {
        var zone: Zone
        var value: YAMLValue
        var xKm: Double?
        var yKm: Double?
    }

    static let zoneKeys = ["name", "call_share", "x_km", "y_km"]

    static func decodeZones(_ value: YAMLValue, _ d: DiagnosticCollector) throws -> [ZoneSpec] {
        let items = try value.sequence()
        guard !items.isEmpty else { throw error(value, "expected at least one zone, found an empty list") }
        // Travel times and the model's nearest-first zone orderings are zones x zones tables: at
        // the limit, 2000 zones take about 64 MB; unbounded, a 4 MiB file could ask for 80 GB.
        guard items.count <= maximumZones else {
            throw error(value, "expected at most \(maximumZones) zones (travel tables grow with the square of the count), found \(items.count)")
        }
        var names: [(String, YAMLValue)] = []
        var shares: [Double?] = []
        var coordinates: [(Double?, Double?)] = []
        for item in items {
            let m = try item.mapping(allowedKeys: zoneKeys)
            let nameValue = try m.required("name")
            names.append((try nameValue.string(), nameValue))
            if let s = m.optional("call_share") {
                let share = try s.double()
                guard share >= 0, share <= 1 else { throw error(s, "expected a share from 0 to 1, found \(formatNumber(share))") }
                shares.append(share)
            } else {
                shares.append(nil)
            }
            coordinates.append((try m.optional("x_km")?.double(), try m.optional("y_km")?.double()))
        }
        try checkNames(names, what: "zone")
        let given = shares.compactMap { $0 }
        var finalShares: [Double]
        if given.isEmpty {
            finalShares = Array(repeating: 1 / Double(items.count), count: items.count)
        } else {
            guard given.count == shares.count else {
                let missing = items[shares.firstIndex(where: { $0 == nil })!]
                throw error(missing, "expected call_share on every zone once one zone has it, found none here")
            }
            let total = given.reduce(0, +)
            guard abs(total - 1) <= shareTolerance else {
                throw error(value, "expected zone call_share values that sum to 1, found a sum of \(formatNumber(total))")
            }
            finalShares = given
        }
        return items.indices.map {
            ZoneSpec(zone: Zone(name: names[$0].0, callShare: finalShares[$0]), value: items[$0],
                     xKm: coordinates[$0].0, yKm: coordinates[$0].1)
        }
    }

    struct Travel {
        var minutes: [[Double]]
        var turnout: Distribution?
    }

    static func decodeTravel(_ value: YAMLValue, zones: [ZoneSpec], _ d: DiagnosticCollector) throws -> Travel {
        let m = try value.mapping(allowedKeys: ["minutes", "coordinates", "turnout"])
        let n = zones.count
        var minutes: [[Double]]
        switch (m.optional("minutes"), m.optional("coordinates")) {
        case (let matrix?, nil):
            let rows = try matrix.sequence()
            guard rows.count == n else {
                throw error(matrix, "expected a \(n) x \(n) matrix (one row per zone), found \(rows.count) rows")
            }
            minutes = try rows.map { row in
                let cells = try row.sequence()
                guard cells.count == n else {
                    throw error(row, "expected \(n) travel times (one per zone), found \(cells.count)")
                }
                return try cells.map { try $0.duration() }
            }
        case (nil, let coordinates?):
            minutes = try decodeCoordinates(coordinates, zones: zones)
        case (.some, .some):
            throw error(value, "expected either 'minutes' or 'coordinates', found both")
        case (nil, nil):
            throw error(value, "expected 'minutes' (a zone x zone matrix) or 'coordinates', found neither")
        }
        let turnout = try m.optional("turnout").map { try decodeDuration(distribution: $0) }
        return Travel(minutes: minutes, turnout: turnout)
    }

    /// Travel minutes from zone coordinates: distance (right-angle or straight-line) over speed;
    /// a zone to itself takes `within_zone`.
    static func decodeCoordinates(_ value: YAMLValue, zones: [ZoneSpec]) throws -> [[Double]] {
        let m = try value.mapping(allowedKeys: ["speed_kmh", "metric", "within_zone"])
        let speedValue = try m.required("speed_kmh")
        let speed = try speedValue.double()
        guard speed > 0 else { throw error(speedValue, "expected a speed in km/h > 0, found \(formatNumber(speed))") }
        var manhattan = true
        if let metric = m.optional("metric") {
            let s = try metric.string()
            switch s {
            case "manhattan": manhattan = true
            case "euclidean": manhattan = false
            default: throw error(metric, "expected manhattan or euclidean, found '\(s)'",
                                 suggestion: closestMatch(s, in: ["manhattan", "euclidean"]))
            }
        }
        let within = try m.optional("within_zone")?.duration() ?? 0
        var points: [(Double, Double)] = []
        for zone in zones {
            guard let x = zone.xKm, let y = zone.yKm else {
                throw error(zone.value, "expected x_km and y_km on every zone when travel uses coordinates, found \(zone.xKm == nil ? "no x_km" : "no y_km")")
            }
            points.append((x, y))
        }
        let matrix = points.indices.map { i in
            points.indices.map { j in
                if i == j { return within }
                let dx = abs(points[i].0 - points[j].0), dy = abs(points[i].1 - points[j].1)
                let km = manhattan ? dx + dy : (dx * dx + dy * dy).squareRoot()
                return km / speed * 60
            }
        }
        if let longest = matrix.joined().max(), !(longest <= 1e7) {
            throw error(value, "expected zone coordinates and a speed that give travel times under 1e7 minutes, found \(formatNumber(longest)) minutes")
        }
        return matrix
    }

    // MARK: Helpers

    /// Checks that names are well formed and unique.
    static func checkNames(_ names: [(String, YAMLValue)], what: String) throws {
        var seen = Set<String>()
        for (name, value) in names {
            guard isValidName(name) else {
                throw error(value, "expected a \(what) name of letters, digits, '-', '_' or '.', found '\(name)'")
            }
            guard seen.insert(name).inserted else {
                throw error(value, "expected unique \(what) names, found '\(name)' twice")
            }
        }
    }

    package static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)
        }
    }

    static func error(_ value: YAMLValue, _ message: String, suggestion: String? = nil) -> ScenarioError {
        value.error(message, suggestion: suggestion)
    }

    /// A number as messages show it: whole numbers without a decimal point, others to ten
    /// significant digits (so a sum of shares shows as 0.9, not 0.8999999999999999).
    package static func formatNumber(_ x: Double) -> String {
        if !x.isFinite { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(format: "%.10g", x)
    }

    static func formatMinutes(_ minutes: Double) -> String {
        "\(formatNumber(minutes)) min"
    }
}
