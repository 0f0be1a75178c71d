// BaselineFootingTests.swift: a scenario and its baseline differ only in the policy measured.
// Overrides and sweep values reach the baseline; a baseline on another footing is refused at the
// place that made the difference; officer time freed is per observed week, so it agrees in hours
// and in full-time officers, holds across horizons and follows demand.

import DispatchModel
@testable import DispatchResults
@testable import DispatchRuns
@testable import DispatchScenario
import DispatchYAML
import Foundation
import Testing

/// A police-only city and the same city with crisis teams, written to a fresh folder. `police`
/// and `split` replace lines of each file (`split` also applies to the police file's lines it shares).
private struct Pair {
    let folder = temporaryFolder()

    static let police = """
        name: police-only
        seed: 3
        replications: 6
        horizon: 4 days
        warmup: 12 h
        demand: { calls_per_hour: 3 }
        zones: [{ name: z }]
        travel: { minutes: [[5]] }
        responders:
          - { name: police, units: { z: 8 } }
        call_types:
          - { name: b, share: 0.3, priority: 2, crisis: true, eligible: [police], on_scene: { police: { distribution: exponential, mean: 45 } } }
          - { name: t, share: 0.7, priority: 1, eligible: [police], on_scene: { police: { distribution: exponential, mean: 30 } } }
        """

    static let split = police
        .replacingOccurrences(of: "name: police-only", with: "name: split\nbaseline: police.yaml")
        .replacingOccurrences(of: "  - { name: police, units: { z: 8 } }",
                              with: "  - { name: police, units: { z: 8 } }\n  - { name: crisis_team, kind: crisis_team, units: { z: 3 } }")
        .replacingOccurrences(of: "eligible: [police], on_scene: { police: { distribution: exponential, mean: 45 } }",
                              with: "eligible: [crisis_team], fallback: { after: 5 min, to: [police] }, on_scene: { police: { distribution: exponential, mean: 45 }, crisis_team: { distribution: exponential, mean: 60 } }")

    init(police: [(String, String)] = [], split: [(String, String)] = []) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var p = Self.police, s = Self.split
        for (old, new) in police { p = p.replacingOccurrences(of: old, with: new) }
        for (old, new) in split { s = s.replacingOccurrences(of: old, with: new) }
        try p.write(toFile: folder + "/police.yaml", atomically: true, encoding: .utf8)
        try s.write(toFile: folder + "/split.yaml", atomically: true, encoding: .utf8)
    }

    var splitFile: String { folder + "/split.yaml" }

    func load(_ overrides: String...) throws -> Scenario {
        try ScenarioLoader.load(file: splitFile, overrides: overrides.map { try Override.parse($0) })
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}


/// Officer-hours freed per week and in full-time officers, per replication.
private func freed(_ s: Scenario) -> [(hours: Double, fte: Double)] {
    let columns = ResultTables.summaryMetricColumns(s.city, baseline: true)
    let hours = columns.firstIndex(of: "officer_hours_freed_per_week")!, fte = columns.firstIndex(of: "officer_fte_freed")!
    return (0..<s.replications).map { r in
        let (result, baseline) = s.runReplication(r)
        let values = ResultTables.summaryMetrics(city: s.city, result: result, baseline: baseline)
        return (values[hours], values[fte])
    }
}

private func meanAndStandardError(_ x: [Double]) -> (mean: Double, se: Double) {
    let mean = x.reduce(0, +) / Double(x.count)
    let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)
    return (mean, (variance / Double(x.count)).squareRoot())
}

@Suite("A baseline follows its scenario")
struct BaselineFootingTests {
    @Test("--set reaches a baseline file where its path exists there, and only there")
    func overridesReachTheFile() throws {
        let pair = try Pair()
        defer { pair.remove() }
        let s = try pair.load("horizon=8 days", "demand.calls_per_hour=2", "responders.crisis_team.units.z=5")
        let b = try #require(s.baseline)
        #expect(b.city.horizonMinutes == 8 * 1440 && b.city.callsPerHour == 2)
        #expect(b.city.responders.map(\.name) == ["police"])
        #expect(s.city.responders[1].unitCount == 5)
        #expect(b.overrides == ["horizon=8 days", "demand.calls_per_hour=2"])
        #expect(b.file == pair.folder + "/police.yaml")
    }

    @Test("An override that adds a key neither file has adds it to both")
    func addedKeys() throws {
        let pair = try Pair(police: [("warmup: 12 h\n", "")], split: [("warmup: 12 h\n", "")])
        defer { pair.remove() }
        let s = try pair.load("warmup=1 day")
        #expect(s.city.warmupMinutes == 1440 && s.baseline?.city.warmupMinutes == 1440)
        #expect(s.baseline?.overrides == ["warmup=1 day"])
    }

    @Test("An override the baseline file cannot take, on the footing, is refused at the override")
    func refusedAtTheOverride() throws {
        // The scenario spells out the default seed; the baseline leaves it out: the files agree
        // until --set changes the seed of one of them only.
        let pair = try Pair(police: [("seed: 3\n", "")], split: [("seed: 3", "seed: 1")])
        defer { pair.remove() }
        #expect(try pair.load().baseline != nil)
        #expect(diagnostics { _ = try pair.load("seed=5") } == [
            "--set seed=5: error: seed: changes seed in this scenario but cannot change it in its baseline \(pair.folder)/police.yaml, which does not have the path seed; found seed 1 in the baseline against 5 here. Add the value to \(pair.folder)/police.yaml, or write the baseline as overrides of this scenario (baseline: { set: { ... } })",
        ])
    }

    @Test("A baseline file on another footing is refused at baseline:, naming what differs")
    func refusedAtTheBaseline() throws {
        for (old, new, what) in [("horizon: 4 days", "horizon: 5 days", "horizon 7200 min in the baseline against 5760 min here"),
                                 ("replications: 6", "replications: 7", "replications 7 in the baseline against 6 here"),
                                 ("calls_per_hour: 3", "calls_per_hour: 4", "demand.calls_per_hour 4 in the baseline against 3 here")] {
            let pair = try Pair(police: [(old, new)])
            defer { pair.remove() }
            #expect(diagnostics { _ = try pair.load() } == [
                "\(pair.splitFile):2:11: error: baseline: expected a baseline on the same footing as this scenario, since a scenario and its baseline may differ only in the policy being measured; found \(what)",
            ])
        }
    }

    @Test("baseline: { set: ... } is the scenario itself with those values, after every override")
    func selfBaseline() throws {
        let pair = try Pair(split: [("baseline: police.yaml", "baseline: { set: { responders.crisis_team.units.z: 0 } }")])
        defer { pair.remove() }
        let s = try pair.load("horizon=6 days", "responders.police.units.z=9")
        let b = try #require(s.baseline)
        #expect(b.file == nil && b.overrides == ["responders.crisis_team.units.z=0"])
        #expect(b.city.horizonMinutes == 6 * 1440)
        #expect(b.city.responders.map(\.unitCount) == [9, 0])
        // Without teams the crisis calls go straight to police, as in the police-only file: the
        // two ways of writing the baseline give the same replications, number for number.
        let fromFile = try Pair().load("horizon=6 days", "responders.police.units.z=9")
        let a = freed(s), c = freed(fromFile)
        #expect(a.map(\.hours) == c.map(\.hours))
        #expect(a.allSatisfy { $0.hours > 0 })
    }

    @Test("baseline.set may not change the footing, and its paths must exist")
    func selfBaselineErrors() throws {
        let pair = try Pair(split: [("baseline: police.yaml", "baseline: { set: { horizon: 3 days, responders.polce.units.z: 0 } }")])
        defer { pair.remove() }
        #expect(diagnostics { _ = try pair.load() } == [
            "\(pair.splitFile):2:37: error: baseline.set.responders.polce.units.z: no item named 'polce' in responders (did you mean 'responders.police'?)",
        ])
        let footing = try Pair(split: [("baseline: police.yaml", "baseline: { set: { horizon: 3 days } }")])
        defer { footing.remove() }
        #expect(diagnostics { _ = try footing.load() } == [
            "\(footing.splitFile):2:20: error: baseline.set.horizon: expected baseline.set to leave horizon as the scenario has it, since a scenario and its baseline may differ only in the policy being measured; found horizon 4320 min in the baseline against 5760 min here",
        ])
    }

    @Test("Every point of a sweep compares against a baseline with the point's values")
    func sweepPoints() throws {
        let pair = try Pair()
        defer { pair.remove() }
        let file = pair.folder + "/sweep.yaml"
        try """
            name: demand
            base: split.yaml
            grid:
              demand.calls_per_hour: [2, 3, 4]
              responders.crisis_team.units.z: [2, 4]
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let plan = try RunPlan(sweep: SweepFile.load(file: file), overrides: [try Override.parse("horizon=5 days")],
                               replications: nil, seed: nil)
        for point in plan.points {
            let b = try #require(point.scenario.baseline)
            #expect(b.city.callsPerHour == point.scenario.city.callsPerHour)
            #expect(b.city.horizonMinutes == 5 * 1440)
            #expect(b.overrides == ["horizon=5 days", "demand.calls_per_hour=\(point.values[0])"])
        }
    }

    @Test("Officers freed: hours and full-time officers agree, hold across horizons, fall with demand")
    func freedOnTheSameFooting() throws {
        let pair = try Pair(police: [("replications: 6", "replications: 30")], split: [("replications: 6", "replications: 30")])
        defer { pair.remove() }
        let week = freed(try pair.load("horizon=7 days"))
        let fortnight = freed(try pair.load("horizon=14 days"))
        let quiet = freed(try pair.load("horizon=7 days", "demand.calls_per_hour=1.5"))
        for r in week + fortnight + quiet {
            #expect(abs(r.fte - r.hours * (525_600.0 / 10_080) / 2080) < 1e-9 * max(1, abs(r.fte)))
        }
        // 30 replications each; the horizons share their first week's calls, so a Welch interval
        // (independent samples) is conservative for the difference.
        let a = meanAndStandardError(week.map(\.hours)), b = meanAndStandardError(fortnight.map(\.hours))
        let c = meanAndStandardError(quiet.map(\.hours))
        #expect(abs(a.mean - b.mean) <= 4 * (a.se * a.se + b.se * b.se).squareRoot())
        // Half the calls, about half the crisis work to free.
        #expect(a.mean - c.mean > 4 * (a.se * a.se + c.se * c.se).squareRoot())
        #expect(c.mean > 0)
    }
}
