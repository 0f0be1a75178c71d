// PatrolOperationsLoadingTests.swift: the patrol-operations keys (watches, breaks, relief factor,
// travel factor, dispatch policies, after_call, officer_initiated): what a valid file becomes, and
// a located error for every bad value.

import DispatchModel
import DispatchRandom
@testable import DispatchScenario
import DispatchYAML
import Foundation
import Testing

/// The base scenario's police with `police` spliced into its entry.
private func withPolice(_ police: String) -> String {
    replacing("""
          - name: police
            units: { north: 2, south: 1 }
        """, with: """
          - name: police
            units: { north: 2, south: 1 }
        \(police)
        """)
}

/// The base scenario with `text` appended at the top level.
private func withTop(_ text: String) -> String { baseScenario + "\n" + text }

/// The one error loading `text` gives, which must name `path` and say `message`.
private func expectError(_ text: String, at path: String, _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let errors = loadErrors(text)
    #expect(errors.count == 1 && errors.allSatisfy { $0.contains("error: \(path): ") && $0.contains(message) },
            "expected one error at \(path) saying \(message), found \(errors)", sourceLocation: sourceLocation)
}

@Suite("Patrol operations in scenario files")
struct PatrolOperationsLoadingTests {
    @Test("A file with every key becomes the city it describes")
    func validFile() throws {
        let text = withPolice("""
                travel_factor: 1.25
                relief_factor: 1.5
                watches:
                  - { name: day, from: "07:00", to: "17:00", share: 0.5, breaks: [{ after: 0 min, duration: 15 min }, { after: 4 h, duration: 30 min, spread: 2 h }] }
                  - { name: night, from: "17:00", to: "07:00", share: 0.5 }
                dispatch:
                  district_first: { cross_after: { 1: 0 min, 3: 10 min }, max_travel: 12 min }
                  cutoff: { priority: 2, reserve: 1 }
                  preempt: { by: 1, of: 3 }
            """).replacingOccurrences(of: "      police: { distribution: exponential, mean: 40 min }\n",
                                      with: "      police: { distribution: exponential, mean: 40 min }\n"
                                          + "    after_call:\n      police: { distribution: constant, value: 12 min }\n") + """

            officer_initiated:
              - { name: stops, responder: police, per_hour: 3, duration: { distribution: constant, value: 20 min }, reserve: 1, when_no_unit: queue, priority: 9, zone_shares: { north: 1 } }
            """
        let city = try ScenarioLoader.load(text: text, fileName: "city.yaml").city
        let police = city.responders[0]
        #expect(police.travelFactor == 1.25 && police.reliefFactor == 1.5)
        #expect(police.watches.map(\.name) == ["day", "night"])
        // North's 2 units split 1 and 1; south's 1 goes to the first watch (ties to the first listed).
        #expect(police.watches.map(\.unitsPerZone) == [[1, 1], [1, 0]])
        #expect(police.watches[0].breaks == [ScheduledBreak(afterMinutes: 0, minutes: 15),
                                            ScheduledBreak(afterMinutes: 240, minutes: 30, spreadMinutes: 120)])
        #expect(police.policy == DispatchPolicy(districtFirst: .init(crossAfter: [1: 0, 3: 10], maxTravel: 12),
                                                cutoff: .init(priority: 2, reserve: 1), preemption: .init(by: 1, of: 3)))
        #expect(city.callTypes[0].afterCall[0]?.mean == 12 && city.callTypes[1].afterCall[0] == nil)
        let stops = try #require(city.officerInitiated.first)
        #expect(stops.perHour == 3 && stops.reserve == 1 && stops.whenNoUnit == .queue && stops.priority == 9
                && stops.zoneShares == [1, 0])
    }

    @Test("Watch shares by demand follow the mean call rate over each watch's hours")
    func demandShares() throws {
        let text = withPolice("""
                watches:
                  - { name: day, from: "00:00", to: "12:00", share: demand }
                  - { name: night, from: "12:00", to: "00:00", share: demand }
            """).replacingOccurrences(of: "  calls_per_hour: 1.5", with: "  calls_per_hour: 1.5\n  hour_of_day: [\(Array(repeating: "1", count: 12).joined(separator: ", ")), \(Array(repeating: "3", count: 12).joined(separator: ", "))]")
        let police = try ScenarioLoader.load(text: text, fileName: "city.yaml").city.responders[0]
        // Rates 1 and 3: shares 1/4 and 3/4. North's 2 units: quotas 0.5 and 1.5, a tie of
        // remainders for the last unit, to the watch listed first; south's 1: quotas 0.25 and 0.75.
        #expect(police.watches.map(\.unitsPerZone) == [[1, 0], [1, 1]])
    }

    @Test("Bad values of the new keys are located errors", arguments: [
        ("    travel_factor: 0", "responders.police.travel_factor", "expected a number > 0 and <= 100, found '0'"),
        ("    relief_factor: 0.5", "responders.police.relief_factor", "expected a number between 1 and 10, found '0.5'"),
        ("    dispatch: {}", "responders.police.dispatch", "expected at least one of district_first, cutoff, preempt"),
        ("    dispatch: { district_first: { cross_after: { 11: 1 min } } }", "responders.police.dispatch.district_first.cross_after.11", "unknown key '11'"),
        ("    dispatch: { district_first: { max_travel: 0 min } }", "responders.police.dispatch.district_first.max_travel", "expected a travel time > 0"),
        ("    dispatch: { cutoff: { priority: 0, reserve: 1 } }", "responders.police.dispatch.cutoff.priority", "expected a whole number between 1 and 10, found '0'"),
        ("    dispatch: { cutoff: { priority: 3 } }", "responders.police.dispatch.cutoff.reserve", "missing required key 'reserve'"),
        ("    dispatch: { preempt: { by: 2, of: 2 } }", "responders.police.dispatch.preempt.of", "expected a priority less urgent than by (2)"),
        ("    dispatch: { preemptt: { by: 1, of: 2 } }", "responders.police.dispatch.preemptt", "unknown key 'preemptt' (did you mean 'preempt'?)"),
        ("    watches: []", "responders.police.watches", "expected at least one watch"),
        ("    watches: [{ name: a, from: \"07:00\", to: \"19:00\", share: 0.6 }, { name: b, from: \"19:00\", to: \"07:00\", share: 0.6 }]",
         "responders.police.watches", "expected watch shares that sum to 1, found a sum of 1.2"),
        ("    watches: [{ name: a, from: \"07:00\", to: \"19:00\", share: demand }, { name: b, from: \"19:00\", to: \"07:00\", share: 0.5 }]",
         "responders.police.watches.b.share", "a mix"),
        ("    watches: [{ name: a, from: \"07:60\", to: \"19:00\", share: 1 }]", "responders.police.watches.a.from", "expected a time of day"),
        ("    watches: [{ name: a, from: \"07:00\", to: \"19:00\", share: 1, breaks: [{ after: 11 h, duration: 30 min, spread: 2 h }] }]",
         "responders.police.watches.a.breaks[0].spread", "expected breaks that start within the watch's 720 min"),
        ("    watches: [{ name: a, from: \"07:00\", to: \"19:00\", share: 1, breaks: [{ after: 1 h, duration: 0 min }] }]",
         "responders.police.watches.a.breaks[0].duration", "expected a break of at least 1 s, found 0 min"),
        ("    coverage: { from: \"07:00\", to: \"19:00\" }\n    watches: [{ name: a, from: \"07:00\", to: \"19:00\", share: 1 }]",
         "responders.police.watches", "expected either coverage or watches"),
    ])
    func badResponderValues(_ entry: String, _ path: String, _ message: String) {
        expectError(withPolice(entry), at: path, message)
    }

    @Test("Bad officer-initiated activity and after_call values are located errors", arguments: [
        ("officer_initiated: []", "officer_initiated", "expected at least one kind of activity"),
        ("officer_initiated: [{ name: s, responder: polise, per_hour: 1, duration: 20 min }]", "officer_initiated.s.responder", "did you mean 'police'"),
        ("officer_initiated: [{ name: s, responder: police, per_hour: 0, duration: 20 min }]", "officer_initiated.s.per_hour", "expected a number between 1e-06 and 1000000, found '0'"),
        ("officer_initiated: [{ name: s, responder: police, per_hour: 1, duration: 20 min }]", "officer_initiated.s.duration", "expected a mapping, found '20 min'"),
        ("officer_initiated: [{ name: s, responder: police, per_hour: 1, duration: { distribution: constant, value: 5 min }, when_no_unit: wait }]",
         "officer_initiated.s.when_no_unit", "drop"),
        ("officer_initiated: [{ name: s, responder: police, per_hour: 1, duration: { distribution: constant, value: 5 min }, zone_shares: { north: 0.5 } }]",
         "officer_initiated.s.zone_shares", "expected zone shares that sum to 1, found a sum of 0.5"),
        ("officer_initiated: [{ name: s, responder: police, per_hour: 1, duration: { distribution: constant, value: 5 min }, priority: 11 }]",
         "officer_initiated.s.priority", "expected a whole number between 1 and 10, found '11'"),
    ])
    func badActivityValues(_ entry: String, _ path: String, _ message: String) {
        expectError(withTop(entry), at: path, message)
    }

    @Test("A district-first type with a travel limit must reach every zone with calls")
    func unreachableZone() {
        let text = replacing("units: { north: 2, south: 1 }", with: "units: { north: 2 }\n    dispatch: { district_first: { max_travel: 5 min } }")
        expectError(text, at: "responders.police.dispatch", "found zone 'south' with neither")
    }

    @Test("units_together needs units_needed of 2 or more, and types that do not dispatch district first")
    func badUnitsTogether() {
        let text = replacing("      police: { distribution: exponential, mean: 40 min }",
                             with: "      police: { distribution: exponential, mean: 40 min }\n    units_together: true")
        expectError(text, at: "call_types.urgent.units_together", "expected units_together only with units_needed of 2 or more, found units_needed 1")
        let districts = replacing("      police: { distribution: exponential, mean: 40 min }",
                                  with: "      police: { distribution: exponential, mean: 40 min }\n    units_needed: 2\n    units_together: true")
            .replacingOccurrences(of: "units: { north: 2, south: 1 }", with: "units: { north: 2, south: 1 }\n    dispatch: { district_first: true }")
        expectError(districts, at: "call_types.urgent.units_together", "found 'police' with district_first")
    }

    @Test("after_call keys are responder types with distributions")
    func badAfterCall() {
        let text = replacing("      police: { distribution: exponential, mean: 40 min }",
                             with: "      police: { distribution: exponential, mean: 40 min }\n    after_call: { polise: { distribution: constant, value: 5 min } }")
        expectError(text, at: "call_types.urgent.after_call.polise", "police")
    }
}
