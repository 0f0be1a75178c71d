// RoundTripTests.swift: calibrate recovers a scenario from its own simulated calls, written in
// each preset's export format (messy variants included): the call rate, hour-of-day and weekday
// profiles, zone and call-type shares, time on scene and officer-initiated activity, each within
// 4 standard errors of the scenario's value.

@testable import DispatchCalibrate
import DispatchModel
import DispatchRandom
import DispatchResults
import DispatchScenario
import DispatchYAML
import Foundation
import Testing

/// 12 whole weeks observed after a day of warm-up; three zones, three call types of distinct
/// priorities (lognormal and gamma times on scene), queued officer-initiated activity (so every
/// activity that arises is logged), units enough that calls wait little.
let roundTripScenario = """
    name: round-trip
    seed: 7
    replications: 1
    horizon: 85 days
    warmup: 1 day
    demand:
      calls_per_hour: 8
      hour_of_day: [0.6, 0.5, 0.4, 0.3, 0.3, 0.4, 0.6, 0.8, 1.0, 1.1, 1.2, 1.3, 1.3, 1.3, 1.4, 1.4, 1.5, 1.5, 1.5, 1.4, 1.3, 1.1, 0.9, 0.7]
      day_of_week: [0.9, 0.95, 1.0, 1.0, 1.1, 1.15, 0.9]
    zones:
      - { name: north, call_share: 0.5 }
      - { name: central, call_share: 0.3 }
      - { name: south, call_share: 0.2 }
    travel:
      minutes: [[4, 9, 12], [9, 5, 8], [12, 8, 6]]
    responders:
      - name: police
        units: { north: 7, central: 5, south: 4 }
    call_types:
      - name: violent
        share: 0.25
        priority: 1
        eligible: [police]
        on_scene:
          police: { distribution: lognormal, mean: 45 min, sd: 30 min }
      - name: theft
        share: 0.6
        priority: 3
        eligible: [police]
        on_scene:
          police: { distribution: gamma, shape: 2, scale: 15 min }
      - name: crisis
        share: 0.15
        priority: 2
        eligible: [police]
        on_scene:
          police: { distribution: lognormal, mean: 50 min, sd: 40 min }
    officer_initiated:
      - name: traffic_stops
        responder: police
        per_hour: 1.5
        duration: { distribution: lognormal, mean: 20 min, sd: 15 min }
        when_no_unit: queue
    """

/// Raw call types as each city's export spells them (mapped by its crosswalk to violent_crime,
/// property_crime and behavioral_health), for the presets with a built-in crosswalk.
let rawTypes: [String: [String: String]] = [
    "new-orleans": ["violent": "AGGRAVATED BATTERY", "theft": "THEFT", "crisis": "MENTAL PATIENT"],
    "detroit": ["violent": "ASSAULT AND BATTERY", "theft": "LARCENY REPORT", "crisis": "MENTAL VIOLENT NOT ARMED"],
    "seattle": ["violent": "ASLT - IP/JO - WITH OR W/O WPNS (NO SHOOTINGS)", "theft": "THEFT (DOES NOT INCLUDE SHOPLIFT OR SVCS)",
                "crisis": "PERSON IN BEHAVIORAL/EMOTIONAL CRISIS"],
]

struct SimulatedExport {
    let scenario: Scenario
    let calls: [LoggedCall]

    static let shared: SimulatedExport = {
        let scenario = try! ScenarioLoader.load(text: roundTripScenario, fileName: "round-trip.yaml")
        var run = ReplicationRun(city: scenario.city, seeder: scenario.seeder, replication: 0, logCalls: true)
        run.run()
        return SimulatedExport(scenario: scenario, calls: run.finishWithCallLog().calls)
    }()

    var city: CityConfiguration { scenario.city }
}

/// What a messy export adds, and how many of each the reader must drop.
struct Mess {
    var duplicates = 0
    var repeatedHeaders = 0
    var negative = 0
    var missingReceived = 0
}

/// Writes the simulated calls in `preset`'s format. `messy` adds a byte-order mark, CRLF line
/// ends, a repeated header, duplicated rows, a reopened call (cleared before arrival) and rows
/// without a received time.
func export(_ sim: SimulatedExport, preset: String, messy: Bool) -> (text: String, mess: Mess) {
    let city = sim.city
    let start = CallLogFile.start
    func civil(_ minutes: Double) -> CivilTime? {
        minutes.isFinite ? CivilTime(seconds: start.seconds + Int64((minutes * 60).rounded())) : nil
    }
    func us(_ t: CivilTime?, seconds: Bool = true, ampm: Bool = true) -> String {
        guard let t else { return messy ? "NULL" : "" }
        let (y, m, d) = t.date
        let s = t.secondOfDay
        let h24 = s / 3600
        let h = ampm ? (h24 % 12 == 0 ? 12 : h24 % 12) : h24
        var text = String(format: "%02d/%02d/%04d %02d:%02d", m, d, y, h, s / 60 % 60)
        if seconds { text += String(format: ":%02d", s % 60) }
        if ampm { text += h24 < 12 ? " AM" : " PM" }
        return text
    }
    func iso(_ t: CivilTime?, fraction: Bool) -> String {
        guard let t else { return "" }
        return t.text.replacingOccurrences(of: " ", with: "T") + (fraction ? ".000" : "")
    }
    func minutes(_ a: Double, _ b: Double) -> String {
        guard a.isFinite && b.isFinite else { return "" }
        return String(format: "%.4f", b - a)
    }
    func hms(_ a: Double, _ b: Double) -> String {
        guard a.isFinite && b.isFinite else { return "" }
        let s = Int(((b - a) * 60).rounded())
        return String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
    }
    func quoted(_ s: String) -> String { s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }

    let header: [String]
    var rows: [[String]] = []
    for (i, c) in sim.calls.enumerated() {
        let typeName = c.isSelfInitiated ? "TRAFFIC STOP" : city.callTypes[c.codedType].name
        let raw = rawTypes[preset]?[typeName] ?? typeName
        let zone = city.zones[c.zone].name.uppercased()
        let id = String(100_000 + i)
        switch preset {
        case "new-orleans":
            rows.append([id, us(civil(c.received)), us(civil(c.dispatched)), us(civil(c.arrived)), us(civil(c.cleared)),
                         raw, "\(c.priority)A", zone, c.isSelfInitiated ? "Y" : "N"])
        case "san-francisco":
            let letter = ["A", "B", "C", "D", "E", "F", "G", "H", "I"][min(c.priority, 9) - 1]
            rows.append([id, iso(civil(c.received), fraction: true), iso(civil(c.dispatched), fraction: true),
                         iso(civil(c.arrived), fraction: true), iso(civil(c.cleared), fraction: true),
                         raw, letter, zone, c.isSelfInitiated ? "Y" : "N"])
        case "cincinnati":
            // No self-initiated column: activity is left out of this export, as Cincinnati's has none.
            if c.isSelfInitiated { continue }
            rows.append([id, us(civil(c.received), ampm: false), us(civil(c.dispatched), ampm: false),
                         us(civil(c.arrived), ampm: false), us(civil(c.cleared), ampm: false), raw, String(c.priority), zone])
        case "detroit":
            rows.append([id, civil(c.received)!.text.replacingOccurrences(of: "-", with: "/"), minutes(c.received, c.dispatched),
                         minutes(c.dispatched, c.arrived), hms(c.arrived, c.cleared), raw, String(c.priority), zone,
                         c.isSelfInitiated ? "Yes" : "No"])
        case "seattle":
            rows.append([id, us(civil(c.received)), us(civil(c.arrived)), raw, String(c.priority), zone,
                         c.isSelfInitiated ? "ONVIEW" : "911"])
        default:
            fatalError("no format for \(preset)")
        }
    }
    switch preset {
    case "new-orleans":
        header = ["NOPD_Item", "TimeCreate", "TimeDispatch", "TimeArrive", "TimeClosed", "InitialTypeText", "InitialPriority",
                  "PoliceDistrict", "SelfInitiated"]
    case "san-francisco":
        header = ["cad_number", "received_datetime", "dispatch_datetime", "onscene_datetime", "close_datetime",
                  "call_type_original_desc", "priority_original", "police_district", "onview_flag"]
    case "cincinnati":
        header = ["event_number", "create_time_incident", "dispatch_time_primary_unit", "arrival_time_primary_unit",
                  "closed_time_incident", "incident_type_desc", "priority", "district"]
    case "detroit":
        header = ["incident_id", "call_timestamp", "dispatchtime", "traveltime", "time_on_scene", "calldescription", "priority",
                  "precinct_sca", "officerinitiated"]
    default:
        header = ["CAD Event Number", "Original Time Queued", "Arrived Time", "Initial Call Type", "Priority", "Precinct",
                  "Call Type"]
    }
    var mess = Mess()
    var out: [[String]] = [header]
    for (i, row) in rows.enumerated() {
        out.append(row)
        guard messy else { continue }
        if i % 97 == 5 { out.append(row); mess.duplicates += 1 }
        if i == rows.count / 2 { out.append(header); mess.repeatedHeaders += 1 }
        if i % 500 == 7 {
            var junk = row
            junk[0] = "J\(i)"
            junk[1] = "NULL"
            out.append(junk)
            mess.missingReceived += 1
        }
    }
    if messy, preset == "new-orleans" {
        // A reopened call: closed before it was reached. Its time on scene is left out.
        let i = out.indices.first { $0 > 10 && out[$0][4] != "NULL" && out[$0][3] != "NULL" && out[$0][8] == "N" }!
        out[i][4] = out[i][3]
        out[i][3] = us(civil(sim.calls[0].received + 100_000))
        mess.negative = 1
    }
    let newline = messy ? "\r\n" : "\n"
    let text = (messy ? "\u{FEFF}" : "") + out.map { $0.map(quoted).joined(separator: ",") }.joined(separator: newline) + newline
    return (text, mess)
}

func temporaryFile(_ name: String, _ text: String) -> String {
    let dir = NSTemporaryDirectory() + "dispatchsim-calibrate-\(getpid())-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let path = dir + "/" + name
    try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

/// |estimate - truth| <= 4 standard errors.
func within4(_ estimate: Double, _ truth: Double, se: Double, _ what: String) {
    #expect(abs(estimate - truth) <= 4 * se, "\(what): estimate \(estimate), truth \(truth), 4 se \(4 * se)")
}

@Suite struct RoundTripTests {
    static let formats: [(String, Bool)] = [("dispatchsim", false), ("new-orleans", true), ("san-francisco", false),
                                           ("cincinnati", true), ("detroit", true), ("seattle", true)]

    @Test(arguments: formats)
    func recoversTheScenario(preset: String, messy: Bool) throws {
        let sim = SimulatedExport.shared
        let city = sim.city
        let text: String, mess: Mess
        if preset == "dispatchsim" {
            (text, mess) = (CallLogFile.text(sim.calls, city: city), Mess())
        } else {
            (text, mess) = export(sim, preset: preset, messy: messy)
        }
        let file = temporaryFile("\(preset).csv", text)
        let map = ColumnMap.presets[preset]!
        let calibration = try Calibration(files: [file], map: map, presetConcepts: Set(map.columns.keys), name: "rt")
        let draft = calibration.draft
        let s = draft.summary

        // What was dropped, and why.
        #expect(s.dropped[.duplicateID, default: 0] == mess.duplicates)
        #expect(s.dropped[.repeatedHeader, default: 0] == mess.repeatedHeaders)
        #expect(s.dropped[.missingReceived, default: 0] == mess.missingReceived)
        #expect(s.dropped[.negativeInterval, default: 0] == mess.negative)
        #expect(s.days == 84)

        // The rate, and the profiles.
        let hours = 84.0 * 24
        within4(draft.callsPerHour, city.callsPerHour, se: Double(s.calls).squareRoot() / hours, "calls per hour")
        let hod = city.hourOfDayProfile!, dow = city.dayOfWeekProfile!
        for h in 0..<24 {
            let n = Double(s.callsByHourOfWeek.enumerated().filter { $0.offset % 24 == h }.reduce(0) { $0 + $1.element })
            within4(draft.hourOfDay[h], hod[h], se: draft.hourOfDay[h] / n.squareRoot(), "hour \(h)")
        }
        for d in 0..<7 {
            let n = Double(s.callsByHourOfWeek[(d * 24)..<(d * 24 + 24)].reduce(0, +))
            within4(draft.dayOfWeek[d], dow[d], se: draft.dayOfWeek[d] / n.squareRoot(), "weekday \(d)")
        }

        // Zones and call types.
        #expect(draft.zones.count == 3)
        for zone in city.zones {
            let z = try #require(draft.zones.first { $0.label.lowercased() == zone.name })
            within4(z.share, zone.callShare, se: (zone.callShare * (1 - zone.callShare) / Double(s.calls)).squareRoot(), "zone \(zone.name)")
        }
        #expect(draft.callTypes.count == 3)
        for type in city.callTypes {
            let t = try #require(draft.callTypes.first { $0.priority == type.priority })
            within4(t.share, type.share, se: (type.share * (1 - type.share) / Double(s.calls)).squareRoot(), "share of \(type.name)")
            if rawTypes[preset] != nil {
                let category = ["violent": "violent_crime", "theft": "property_crime", "crisis": "behavioral_health"][type.name]!
                #expect(t.label == category)
                #expect(t.crisis == (type.name == "crisis"))
            }
        }

        // Time on scene: the family that generated it, and its parameters.
        if preset != "seattle" {
            for type in city.callTypes {
                let t = try #require(draft.callTypes.first { $0.priority == type.priority })
                let fit = try #require(t.fit)
                let truth = type.onScene[0]!
                if type.name == "theft" {
                    #expect(fit.family == .gamma)
                    within4(fit.parameters[0].value, 2, se: fit.parameters[0].standardError, "theft shape")
                    within4(fit.parameters[1].value, 15, se: fit.parameters[1].standardError, "theft scale")
                } else {
                    #expect(fit.family == .lognormal)
                    let m = truth.mean, v = truth.variance
                    let sigma2 = log(1 + v / (m * m)), mu = log(m) - sigma2 / 2
                    within4(fit.parameters[0].value, mu, se: fit.parameters[0].standardError, "\(type.name) mu")
                    within4(fit.parameters[1].value, sigma2.squareRoot(), se: fit.parameters[1].standardError, "\(type.name) sigma")
                }
            }
        } else {
            #expect(!s.hasOnScene)
            #expect(draft.callTypes.allSatisfy { $0.fit == nil })
        }

        // Officer-initiated activity (Cincinnati's export has none).
        if preset == "cincinnati" {
            #expect(s.activities == 0)
        } else {
            within4(draft.activityPerHour, 1.5, se: Double(s.activities).squareRoot() / hours, "activities per hour")
            if preset != "seattle" {
                let fit = try #require(draft.activityFit)
                #expect(fit.family == .lognormal)
                let sigma2 = log(1 + 15.0 * 15 / 400), mu = log(20.0) - sigma2 / 2
                within4(fit.parameters[0].value, mu, se: fit.parameters[0].standardError, "activity mu")
            }
        }

        // The scenario written loads and runs.
        let yaml = draft.yaml()
        let scenario = try ScenarioLoader.load(text: yaml, fileName: "rt.yaml")
        #expect(scenario.city.callTypes.count == 3)
    }

    @Test func aRunLogsTheCallsOfItsFirstReplication() throws {
        // The log's calls are those the replication counted: its arrivals after the warm-up.
        let sim = SimulatedExport.shared
        let result = sim.city.runReplication(seeder: sim.scenario.seeder, replication: 0)
        let calls = sim.calls.filter { !$0.isSelfInitiated }
        #expect(calls.count == result.calls)
        #expect(calls.allSatisfy { $0.dispatched.isNaN || ($0.received <= $0.dispatched && $0.dispatched <= $0.arrived && $0.arrived <= $0.cleared) })
        #expect(zip(sim.calls, sim.calls.dropFirst()).allSatisfy { $0.received <= $1.received })
    }
}

@Suite struct StaffingFitTests {
    /// An export simulated from a drafted scenario with known staffing (units busy 60% of their
    /// time on duty, priority-3 calls held while 2 or fewer units are free): the fit finds that
    /// staffing again on a grid around it.
    @Test func theFitFindsTheStaffingAnExportWasMadeWith() throws {
        let sim = SimulatedExport.shared
        let first = temporaryFile("first.csv", CallLogFile.text(sim.calls, city: sim.city))
        var truth = try Calibration(files: [first], map: ColumnMap.presets["dispatchsim"]!, name: "truth").draft
        let staffing = ScenarioDraft.Staffing(utilization: 0.6, cutoffReserve: 2)
        truth.staffing = staffing
        let scenario = try ScenarioLoader.load(text: truth.yaml(), fileName: "truth.yaml",
                                               overrides: [try Override.parse("horizon=85 days")])
        var run = ReplicationRun(city: scenario.city, seeder: StreamSeeder(seed: 99), replication: 0, logCalls: true)
        run.run()
        let export = temporaryFile("export.csv", CallLogFile.text(run.finishWithCallLog().calls, city: scenario.city))
        var calibration = try Calibration(files: [export], map: ColumnMap.presets["dispatchsim"]!, name: "fitted")
        try calibration.fitStaffing(utilizations: [0.45, 0.6, 0.75], reserves: [nil, 2, 5])
        let fit = try #require(calibration.fit)
        #expect(fit.candidates.count == 9)
        #expect(fit.best.staffing == staffing,
                "losses: \(fit.candidates.map { "\($0.staffing.utilization)/\(String(describing: $0.staffing.cutoffReserve)): \($0.loss)" })")
        #expect(calibration.draft.staffing == fit.best.staffing)
        let yaml = calibration.draft.yaml()
        #expect(yaml.contains("cutoff: { priority: 3, reserve: 2 }"))
        #expect(yaml.contains("FITTED by `dispatchsim calibrate --fit`"))
        // The loss compares every priority in all and within each watch.
        #expect(fit.observed.keys.sorted() == [1, 2, 3])
        #expect(fit.observedByWatch.keys.sorted() == [0, 1, 2])
    }
}
