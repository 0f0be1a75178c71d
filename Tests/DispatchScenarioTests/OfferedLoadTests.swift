// OfferedLoadTests.swift: the offered-load estimate behind the overload warnings and the
// manifest's `overloaded` flag: calls that several responder types may take count against the set
// of those types, not against the first of them.

@testable import DispatchModel
@testable import DispatchResults
@testable import DispatchRuns
@testable import DispatchScenario
import DispatchYAML
import Foundation
import Testing

/// The peer benchmark's reference model (Benchmarks/reference-dispatch.yaml without its comments,
/// and shorter): mental-health calls queue for crisis teams and police at once, with no fallback.
let referenceDispatch = """
    name: reference-dispatch
    seed: 1
    replications: 1
    horizon: 2 days
    demand:
      calls_per_hour: 30
    zones:
      - name: city
    travel:
      minutes: [[0 min]]
      turnout: { distribution: lognormal, mean: 8 min, sd: 4 min }
    responders:
      - name: police
        units: { city: 30 }
      - name: crisis_team
        kind: crisis_team
        units: { city: 6 }
    call_types:
      - name: police_call
        share: 0.8
        priority: 1
        eligible: [police]
        on_scene:
          police: { distribution: exponential, mean: 45 min }
      - name: mental_health
        share: 0.2
        priority: 1
        crisis: true
        eligible: [crisis_team, police]
        on_scene:
          crisis_team: { distribution: exponential, mean: 60 min }
          police: { distribution: exponential, mean: 40 min }
    """

/// Two responder types of 2 units each that share the only call type: an hour per call, no
/// travel. Neither has calls of its own; together they are offered `rate` Erlangs on 4 units.
func sharedPair(callsPerHour rate: Double) -> String {
    """
    name: shared-pair
    seed: 1
    replications: 1
    horizon: 1 days
    demand:
      calls_per_hour: \(rate)
    zones:
      - name: city
    travel:
      minutes: [[0 min]]
    responders:
      - name: alpha
        units: { city: 2 }
      - name: beta
        units: { city: 2 }
    call_types:
      - name: any
        share: 1
        priority: 1
        eligible: [alpha, beta]
        on_scene:
          alpha: { distribution: constant, value: 60 min }
          beta: { distribution: constant, value: 60 min }
    """
}

/// Runs `scenario` into a temporary folder and returns its manifest.
private func manifest(of scenario: Scenario) throws -> String {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try Execution.execute(RunPlan(scenario: scenario, overrides: []), into: folder, jobs: 1,
                              force: false, resume: false, version: "test")
    return try read(folder, "manifest.json")
}

@Suite("Offered load")
struct OfferedLoadTests {
    @Test("The reference dispatch model is not overloaded: police relieve the crisis teams")
    func referenceDispatchNotOverloaded() throws {
        let scenario = try ScenarioLoader.load(text: referenceDispatch, fileName: "reference.yaml")
        #expect(scenario.warnings.isEmpty)
        let load = OfferedLoad(city: scenario.city)
        // Police calls alone: 24 calls/h x (45 + 8) min / 30 units.
        #expect(abs(load.load(of: [0]) - 24 * 53 / 60 / 30.0) < 1e-12)
        // The crisis teams have no call of their own (the old estimate charged them 6 x 68 / 60 / 6 = 113%).
        #expect(load.load(of: [1]) == 0)
        // Together, at best a share x = 12.8 / 38.8 of mental-health calls goes to police, and
        // both types are busy 6.8 / 6 x (1 - x) of the time.
        #expect(abs(load.load(of: [0, 1]) - 6.8 / 6 * (26 / 38.8)) < 1e-9)
        #expect(load.minimalGroups(atLeast: 0.95).isEmpty)
        #expect(try manifest(of: scenario).contains("\"overloaded\" : false"))
    }

    @Test("The reference model at 38 and 40 calls an hour is heavily loaded, then overloaded, as a set")
    func referenceDispatchAsSet() throws {
        let busy = try ScenarioLoader.load(text: referenceDispatch, fileName: "reference.yaml",
                                           overrides: [Override.parse("demand.calls_per_hour=38")])
        #expect(busy.warnings.map(\.description) == [
            "reference.yaml:13:5: warning: responders.police: offered load on 'police' and 'crisis_team' together is 96% of their capacity (30 and 6 units), with the calls they share split between them at best: waits converge slowly; use a long horizon and warm-up",
        ])
        let over = try ScenarioLoader.load(text: referenceDispatch, fileName: "reference.yaml",
                                           overrides: [Override.parse("demand.calls_per_hour=40")])
        #expect(over.warnings.map(\.description) == [
            "reference.yaml:13:5: warning: responders.police: offered load on 'police' and 'crisis_team' together is 101% of their capacity (30 and 6 units), with the calls they share split between them at best: queues grow without bound, and results describe the horizon simulated, not a steady state",
        ])
    }

    @Test("Two types that share all calls are overloaded together though neither is alone")
    func overloadedOnlyAsSet() throws {
        let over = try ScenarioLoader.load(text: sharedPair(callsPerHour: 4.4), fileName: "pair.yaml")
        #expect(over.warnings.map(\.description) == [
            "pair.yaml:12:5: warning: responders.alpha: offered load on 'alpha' and 'beta' together is 110% of their capacity (2 and 2 units), with the calls they share split between them at best: queues grow without bound, and results describe the horizon simulated, not a steady state",
        ])
        let load = OfferedLoad(city: over.city)
        #expect(load.load(of: [0]) == 0 && load.load(of: [1]) == 0)
        #expect(try manifest(of: over).contains("\"overloaded\" : true"))
        let busy = try ScenarioLoader.load(text: sharedPair(callsPerHour: 3.88), fileName: "pair.yaml")
        #expect(busy.warnings.map(\.description) == [
            "pair.yaml:12:5: warning: responders.alpha: offered load on 'alpha' and 'beta' together is 97% of their capacity (2 and 2 units), with the calls they share split between them at best: waits converge slowly; use a long horizon and warm-up",
        ])
        #expect(try ScenarioLoader.load(text: sharedPair(callsPerHour: 3.6), fileName: "pair.yaml").warnings.isEmpty)
    }

    @Test("One type overloaded by the calls only it may take is named alone")
    func singleTypeOverload() throws {
        let over = try ScenarioLoader.load(file: "Scenarios/examples/small-city.yaml",
                                           overrides: [Override.parse("demand.calls_per_hour=20")])
        #expect(over.warnings.map(\.description).filter { $0.contains("offered load") } == [
            "Scenarios/examples/small-city.yaml:20:5: warning: responders.police: offered load on 'police' is 110% of capacity (10 units): queues grow without bound, and results describe the horizon simulated, not a steady state",
        ])
        let normal = try ScenarioLoader.load(file: "Scenarios/examples/small-city.yaml")
        #expect(!normal.warnings.contains { $0.description.contains("offered load") })
    }

    @Test("Time on scene depends on the type: the best split, not the cheapest type, decides")
    func typeDependentTimes() {
        // One unit of each type; all calls would load the fast type 150% and the slow one 1500%.
        // Charging each call its cheapest time (1.5 Erlangs on 2 units) would pass; the best split
        // sends 15/16.5 of calls to the fast type and leaves both 136% busy.
        #expect(abs(OfferedLoad.minMaxUtilization([[(0, 1.5), (1, 15)]]) - 1.5 * 15 / 16.5) < 1e-12)
        // Symmetric sharing spreads the load evenly; a type without a call of its own relieves one.
        #expect(abs(OfferedLoad.minMaxUtilization([[(0, 1.0), (1, 1.0)]]) - 0.5) < 1e-12)
        #expect(abs(OfferedLoad.minMaxUtilization([[(0, 0.6)], [(0, 0.8), (1, 0.8)]]) - 0.7) < 1e-12)
        // A class whose only route takes forever can never be served.
        #expect(OfferedLoad.minMaxUtilization([[(0, .infinity)], [(0, 0.5), (1, 0.5)]]) == .infinity)
    }

    @Test("Only the least overloaded sets are reported, and a busy subset of one beside it")
    func minimalSets() {
        // Police (10 units) has 9.7 Erlangs of its own; a call type of 3 Erlangs on police or on
        // the 2 crisis teams pushes the pair to 1.5 x (1 - 5.3 / 18) = 106%.
        let load = OfferedLoad(units: [10, 2], classes: [
            .init(responders: [0], erlangs: [9.7]),
            .init(responders: [0, 1], erlangs: [3, 3]),
        ])
        let over = load.minimalGroups(atLeast: 1)
        #expect(over.map(\.responders) == [[0, 1]])
        #expect(abs(over[0].load - 1.5 * (1 - 5.3 / 18)) < 1e-12)
        #expect(load.minimalGroups(atLeast: 0.95).map(\.responders) == [[0]])
        // With police itself overloaded, the pair is not reported beside it.
        let worse = OfferedLoad(units: [10, 2], classes: [
            .init(responders: [0], erlangs: [11]),
            .init(responders: [0, 1], erlangs: [3, 3]),
        ])
        #expect(worse.minimalGroups(atLeast: 1) == [.init(responders: [0], load: 1.1)])
    }

    @Test("Beyond the enumeration cap, an overloaded set is still found, as the whole city")
    func enumerationCap() {
        let n = OfferedLoad.maxEnumeratedTypes + 1
        let classes = [OfferedLoad.CallClass(responders: [0, 1], erlangs: [2.4, 2.4])]
            + (2..<n).map { OfferedLoad.CallClass(responders: [$0], erlangs: [0.5]) }
        let load = OfferedLoad(units: Array(repeating: 1, count: n), classes: classes)
        let over = load.minimalGroups(atLeast: 1)
        #expect(over.map(\.responders) == [Array(0..<n)])
        #expect(abs(over[0].load - 1.2) < 1e-12)
    }
}
