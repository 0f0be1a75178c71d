// ScenarioLoaderTests.swift: scenario files: what a valid file becomes, and the exact message of
// each class of error and warning.

import DispatchModel
import DispatchRandom
@testable import DispatchResults
@testable import DispatchRuns
@testable import DispatchScenario
import DispatchYAML
import Foundation
import Testing

/// A small valid scenario; tests replace parts of it.
let baseScenario = """
    name: test-city
    seed: 3
    horizon: 2 days
    warmup: 2 h
    replications: 2
    demand:
      calls_per_hour: 1.5
    zones:
      - { name: north, call_share: 0.6 }
      - { name: south, call_share: 0.4 }
    travel:
      minutes: [[2, 8], [9, 3]]
    responders:
      - name: police
        units: { north: 2, south: 1 }
      - name: crisis_team
        units: { north: 1 }
    call_types:
      - name: urgent
        share: 0.7
        priority: 1
        eligible: [police]
        on_scene:
          police: { distribution: exponential, mean: 40 min }
      - name: behavioral
        share: 0.3
        priority: 2
        eligible: [crisis_team]
        fallback: { after: 10 min, to: [police] }
        on_scene:
          police: { distribution: lognormal, mean: 45 min, sd: 30 min }
          crisis_team: { distribution: gamma, mean: 1 h, sd: 20 min }
    """

/// The message of each problem that `body` throws (one for an error that is not a list of
/// problems); empty when it throws nothing.
func diagnostics(_ body: () throws -> Void) -> [String] {
    do {
        try body()
        return []
    } catch let many as ScenarioErrors {
        return many.errors.map(\.description)
    } catch {
        return ["\(error)"]
    }
}

/// The message of the error (or of each error) that loading `text` throws.
func loadErrors(_ text: String, overrides: [String] = []) -> [String] {
    diagnostics {
        _ = try ScenarioLoader.load(text: text, fileName: "city.yaml", overrides: overrides.map { try Override.parse($0) })
    }
}

/// The base scenario with units bought from a $10M budget: `crisisShare` to crisis teams at $70
/// a unit-hour, the rest to police at $100.
func budgetScenario(crisisShare: Double) -> String {
    replacing("""
        responders:
          - name: police
            units: { north: 2, south: 1 }
          - name: crisis_team
            units: { north: 1 }
        """, with: """
        budget:
          annual_usd: 10_000_000
          shares: { crisis_team: \(crisisShare), police: rest }
        responders:
          - name: police
            units: from_budget
            cost_per_unit_hour: 100
          - name: crisis_team
            units: from_budget
            cost_per_unit_hour: 70
        """)
}

func replacing(_ old: String, with new: String) -> String {
    precondition(baseScenario.contains(old), "test fixture does not contain \(old)")
    return baseScenario.replacingOccurrences(of: old, with: new)
}

@Suite("Scenario loading")
struct ScenarioLoaderTests {
    @Test("A valid file becomes the city it describes")
    func validFile() throws {
        let s = try ScenarioLoader.load(text: baseScenario, fileName: "city.yaml")
        #expect(s.name == "test-city" && s.seed == 3 && s.replications == 2 && s.generator == .mrg32k3a)
        #expect(s.city.horizonMinutes == 2880 && s.city.warmupMinutes == 120)
        #expect(s.city.zones.map(\.callShare) == [0.6, 0.4])
        #expect(s.city.travelMinutes == [[2, 8], [9, 3]])
        #expect(s.city.responders.map(\.unitsPerZone) == [[2, 1], [1, 0]])
        #expect(s.city.callTypes[1].eligible == [1] && s.city.callTypes[1].fallback == Fallback(afterMinutes: 10, to: [0]))
        #expect(s.city.callTypes[1].onScene[1] == (try Distribution.gamma(mean: 60, sd: 20)))
        #expect(s.warnings.isEmpty)
    }

    @Test("The erlang-c example runs unchanged")
    func erlangExample() throws {
        let s = try ScenarioLoader.load(file: "Scenarios/examples/erlang-c.yaml")
        #expect(s.city.callsPerHour == 4.5 && s.city.responders[0].unitCount == 5 && s.replications == 8)
        #expect(s.city.horizonMinutes == 1000 * 1440 && s.city.warmupMinutes == 5 * 1440)
    }

    @Test("Every scenario in Scenarios/ validates")
    func shippedScenarios() throws {
        for file in ["Scenarios/examples/erlang-c.yaml", "Scenarios/midsize-baseline.yaml",
                     "Scenarios/midsize-crisis-split.yaml"] {
            let s = try ScenarioLoader.load(file: file)
            #expect(s.warnings.isEmpty, "\(file): \(s.warnings)")
        }
    }

    @Test("Defaults: equal zone shares, seed 1, 10 replications, no warm-up")
    func defaults() throws {
        var text = replacing("  - { name: north, call_share: 0.6 }\n  - { name: south, call_share: 0.4 }",
                             with: "  - { name: north }\n  - { name: south }")
        text = text.replacingOccurrences(of: "seed: 3\n", with: "").replacingOccurrences(of: "warmup: 2 h\n", with: "")
            .replacingOccurrences(of: "replications: 2\n", with: "")
        let s = try ScenarioLoader.load(text: text, fileName: "city.yaml")
        #expect(s.city.zones.map(\.callShare) == [0.5, 0.5])
        #expect(s.seed == 1 && s.replications == 10 && s.city.warmupMinutes == 0)
    }

    @Test("Budget: units bought per type, spread by call share, 'rest' takes the remainder")
    func budget() throws {
        let text = budgetScenario(crisisShare: 0.1)
        let s = try ScenarioLoader.load(text: text, fileName: "city.yaml")
        // police: 9e6 / (100 x 8760) = 10.27 -> 10 units, 6 north / 4 south; crisis: 1e6 / 613200 = 1.63 -> 1.
        #expect(s.city.responders.map(\.unitsPerZone) == [[6, 4], [1, 0]])
        let lines = try #require(s.budget?.lines)
        #expect(lines.map(\.units) == [10, 1])
        #expect(abs(lines[0].unspentDollars - (9_000_000 - 10 * 100 * 8760)) < 1e-6)
        // One parameter moves the split.
        let moved = try ScenarioLoader.load(text: text, fileName: "city.yaml",
                                            overrides: [Override.parse("budget.shares.crisis_team=0.3")])
        #expect(moved.city.responders.map(\.unitCount) == [7, 4])
    }

    @Test("Budget: base_zones with weights spreads units by the weights, not the call shares")
    func budgetBaseWeights() throws {
        let text = budgetScenario(crisisShare: 0.1).replacingOccurrences(
            of: "    units: from_budget\n    cost_per_unit_hour: 100\n",
            with: "    units: from_budget\n    cost_per_unit_hour: 100\n    base_zones: { north: 1, south: 4 }\n")
        let s = try ScenarioLoader.load(text: text, fileName: "city.yaml")
        // 10 police units by weights 1:4 (2 north, 8 south) instead of call shares 0.6:0.4 (6 / 4).
        #expect(s.city.responders.map(\.unitsPerZone) == [[2, 8], [1, 0]])
        #expect(loadErrors(text.replacingOccurrences(of: "{ north: 1, south: 4 }", with: "{ north: 0, south: 0 }"))
            == ["city.yaml:20:17: error: responders.police.base_zones: expected at least one zone with a weight > 0, found every weight 0"])
        #expect(loadErrors(text.replacingOccurrences(of: "{ north: 1, south: 4 }", with: "{ north: -1, south: 4 }"))
            == ["city.yaml:20:26: error: responders.police.base_zones.north: expected a weight >= 0 for zone 'north', found -1"])
        #expect(loadErrors(text.replacingOccurrences(of: "{ north: 1, south: 4 }", with: "{ nort: 1, south: 4 }"))
            == ["city.yaml:20:19: error: responders.police.base_zones.nort: unknown key 'nort' (did you mean 'north'?)"])
        #expect(loadErrors(text.replacingOccurrences(of: "{ north: 1, south: 4 }", with: "north"))
            == ["city.yaml:20:17: error: responders.police.base_zones: expected a list of zone names, or a mapping of zone names to weights, found 'north'"])
    }

    @Test("Travel from coordinates: right-angle distance over speed, within-zone time on the diagonal")
    func coordinates() throws {
        let text = replacing("""
              - { name: north, call_share: 0.6 }
              - { name: south, call_share: 0.4 }
            travel:
              minutes: [[2, 8], [9, 3]]
            """, with: """
              - { name: north, call_share: 0.6, x_km: 0, y_km: 6 }
              - { name: south, call_share: 0.4, x_km: 3, y_km: 0 }
            travel:
              coordinates: { speed_kmh: 30, within_zone: 4 min }
            """)
        let s = try ScenarioLoader.load(text: text, fileName: "city.yaml")
        #expect(s.city.travelMinutes == [[4, 18], [18, 4]])
    }

    @Test("--set changes values by dotted path, list items by name")
    func overrides() throws {
        let s = try ScenarioLoader.load(text: baseScenario, fileName: "city.yaml", overrides: [
            Override.parse("responders.police.units.south=4"), Override.parse("demand.calls_per_hour=3"),
        ])
        #expect(s.city.responders[0].unitsPerZone == [2, 4] && s.city.callsPerHour == 3)
    }

    // MARK: Errors, each with its exact message

    @Test("Unknown key, with a suggestion")
    func unknownKey() {
        #expect(loadErrors(replacing("  calls_per_hour: 1.5", with: "  calls_per_hr: 1.5")) == [
            "city.yaml:7:3: error: demand.calls_per_hr: unknown key 'calls_per_hr' (did you mean 'calls_per_hour'?)",
        ])
    }

    @Test("Wrong type names the key path and the value found")
    func wrongType() {
        #expect(loadErrors(replacing("units: { north: 2, south: 1 }", with: "units: { north: twelve, south: 1 }")) == [
            "city.yaml:15:21: error: responders.police.units.north: expected a whole number, found 'twelve'",
        ])
    }

    @Test("Shares that do not sum to 1")
    func shares() {
        #expect(loadErrors(replacing("call_share: 0.4", with: "call_share: 0.3")) == [
            "city.yaml:9:3: error: zones: expected zone call_share values that sum to 1, found a sum of 0.9",
        ])
        #expect(loadErrors(replacing("share: 0.3", with: "share: 0.2")) == [
            "city.yaml:19:3: error: call_types: expected call type shares that sum to 1, found a sum of 0.9",
        ])
    }

    @Test("The number of zones is bounded, since travel tables grow with its square")
    func tooManyZones() {
        let zones = (0...ScenarioLoader.maximumZones).map { "  - { name: z\($0) }\n" }.joined()
        #expect(loadErrors(replacing("  - { name: north, call_share: 0.6 }\n  - { name: south, call_share: 0.4 }\n", with: zones)) == [
            "city.yaml:9:3: error: zones: expected at most 2000 zones (travel tables grow with the square of the count), found 2001",
        ])
    }

    @Test("Rates and costs must be positive")
    func positive() {
        #expect(loadErrors(replacing("calls_per_hour: 1.5", with: "calls_per_hour: -6")) == [
            "city.yaml:7:19: error: demand.calls_per_hour: expected a number of calls per hour > 0, found -6",
        ])
        #expect(loadErrors(replacing("mean: 40 min", with: "mean: 0 min")) == [
            "city.yaml:24:50: error: call_types.urgent.on_scene.police.mean: expected a finite number > 0, found 0",
        ])
    }

    @Test("Every eligible and fallback responder needs an on-scene time")
    func missingOnScene() {
        #expect(loadErrors(replacing("      police: { distribution: lognormal, mean: 45 min, sd: 30 min }\n", with: "")) == [
            "city.yaml:31:7: error: call_types.behavioral.on_scene: expected an on-scene time for every responder type that may take the call, found none for 'police'",
        ])
    }

    @Test("Unknown responder names get a suggestion")
    func unknownResponder() {
        #expect(loadErrors(replacing("eligible: [police]", with: "eligible: [polise]")) == [
            "city.yaml:22:16: error: call_types.urgent.eligible[0]: expected a responder type (police, crisis_team), found 'polise' (did you mean 'police'?)",
        ])
    }

    @Test("Travel matrix must match the zones")
    func travelShape() {
        #expect(loadErrors(replacing("[[2, 8], [9, 3]]", with: "[[2, 8]]")) == [
            "city.yaml:12:12: error: travel.minutes: expected a 2 x 2 matrix (one row per zone), found 1 rows",
        ])
        #expect(loadErrors(replacing("[[2, 8], [9, 3]]", with: "[[2, 8], [9]]")) == [
            "city.yaml:12:21: error: travel.minutes[1]: expected 2 travel times (one per zone), found 1",
        ])
    }

    @Test("A budget that buys no unit of a type some call type depends on")
    func budgetBuysNothing() {
        let text = budgetScenario(crisisShare: 0).replacingOccurrences(of: "    fallback: { after: 10 min, to: [police] }\n", with: "")
        #expect(loadErrors(text) == [
            "city.yaml:30:5: error: call_types.behavioral: expected a responder type with units for call type 'behavioral', found only crisis_team (0 units); check the budget shares and unit counts",
        ])
    }

    @Test("Several errors are reported at once")
    func manyErrors() {
        let text = replacing("seed: 3", with: "seed: -3").replacingOccurrences(of: "horizon: 2 days", with: "horizon: 2 fortnights")
        #expect(loadErrors(text) == [
            "city.yaml:2:7: error: seed: expected a whole number >= 0, found -3",
            "city.yaml:3:10: error: horizon: unknown time unit 'fortnights' in '2 fortnights'; use s, min, h, d or w",
        ])
    }

    @Test("Overload and unreachable eligible types are warnings")
    func warnings() throws {
        let overloaded = try ScenarioLoader.load(text: replacing("calls_per_hour: 1.5", with: "calls_per_hour: 12"),
                                                 fileName: "city.yaml")
        #expect(overloaded.warnings.map(\.description) == [
            // 12 calls/h x 0.7 x (40 min on scene + 2.4 min mean within-zone travel) / 3 units = 198%.
            // Behavioral calls can fall back to police, so they overflow rather than load the team.
            "city.yaml:14:5: warning: responders.police: offered load on 'police' is 198% of capacity (3 units): queues grow without bound, and results describe the horizon simulated, not a steady state",
        ])
        let noFallback = try ScenarioLoader.load(
            text: replacing("calls_per_hour: 1.5", with: "calls_per_hour: 12")
                .replacingOccurrences(of: "    fallback: { after: 10 min, to: [police] }\n", with: ""),
            fileName: "city.yaml")
        #expect(noFallback.warnings.map(\.description).last ==
            // 12 calls/h x 0.3 x (60 + 2.4) min / 1 unit = 374%.
            "city.yaml:16:5: warning: responders.crisis_team: offered load on 'crisis_team' is 374% of capacity (1 units): queues grow without bound, and results describe the horizon simulated, not a steady state")
        let noTeam = try ScenarioLoader.load(text: replacing("units: { north: 1 }", with: "units: { north: 0 }"),
                                             fileName: "city.yaml")
        #expect(noTeam.warnings.map(\.description).first ==
            "city.yaml:25:5: warning: call_types.behavioral: call type 'behavioral' has no unit of its eligible types (crisis_team (0 units)): its calls go straight to its fallback types")
    }

    @Test("A misspelled --set path names the nearest valid path")
    func overrideErrors() {
        #expect(loadErrors(baseScenario, overrides: ["responders.polce.units.north=3"]) == [
            "--set responders.polce.units.north=3: error: no item named 'polce' in responders (did you mean 'responders.police'?)",
        ])
        #expect(loadErrors(baseScenario, overrides: ["responders.police.units.north=six"]) == [
            "--set responders.police.units.north=six: error: responders.police.units.north: expected a whole number, found 'six'",
        ])
    }
}

@Suite("Scenario sections")
struct ScenarioSectionTests {
    @Test("The section decoders read exactly the top-level keys a scenario may have, each once")
    func sectionsCoverTheKeys() {
        let keys = ScenarioLoader.sections.flatMap(\.keys)
        #expect(keys.count == Set(keys).count)
        #expect(Set(keys) == Set(ScenarioLoader.topKeys))
    }
}
