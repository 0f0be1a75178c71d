// PolicyMechanismTests.swift: each policy mechanism (triage, outcomes, repeat calls, costs,
// targets) moves the metrics the way it must, checked through scenario files and the model.

import DispatchEngine
import DispatchModel
import Foundation
import Testing
@testable import DispatchScenario

/// A one-zone city with police and (optionally) crisis teams; `behavioral` is spliced into the
/// behavioral call type (which falls back to police unless only police is eligible), `top` at the
/// top level.
private func city(crisisUnits: Int = 0, eligible: String = "[crisis_team]", behavioral: String = "",
                  police: String = "", top: String = "") -> String {
    """
    name: mechanisms
    seed: 5
    horizon: 20 days
    warmup: 1 day
    replications: 8
    \(top)
    demand:
      calls_per_hour: 4
    zones:
      - name: city
    travel:
      minutes: [[5]]
    responders:
      - name: police
        units: { city: 6 }
        cost_per_unit_hour: 100
      - name: crisis_team
        kind: crisis_team
        units: { city: \(crisisUnits) }
        cost_per_unit_hour: 70
    call_types:
      - name: other
        share: 0.8
        priority: 1
        eligible: [police]
        on_scene:
          police: { distribution: exponential, mean: 40 min }
    \(police)
      - name: behavioral
        share: 0.2
        priority: 2
        crisis: true
        eligible: \(eligible)
    \(eligible == "[police]" ? "" : "    fallback: { after: 10 min, to: [police] }")
        on_scene:
          police: { distribution: exponential, mean: 50 min }
          crisis_team: { distribution: exponential, mean: 60 min }
    \(behavioral)
    """
}

private func results(_ text: String) throws -> [ReplicationResult] {
    let s = try ScenarioLoader.load(text: text, fileName: "mechanisms.yaml")
    return (0..<s.replications).map { s.city.runReplication(seeder: s.seeder, replication: $0) }
}

/// |mean - expected| within 4 standard errors over replications.
private func expectNear(_ values: [Double], _ expected: Double, _ what: String) {
    let stats = RunningStatistics(values)
    #expect(abs(stats.mean - expected) <= 4 * stats.standardError, "\(what): \(stats.mean) vs \(expected) (se \(stats.standardError))")
}

@Suite("Policy mechanisms")
struct PolicyMechanismTests {
    @Test("Perfect triage with no crisis teams equals the police-only city exactly (common random numbers)")
    func perfectTriageNoTeams() throws {
        let policeOnly = try results(city(eligible: "[police]"))
        let withTriage = try results(city(crisisUnits: 0, behavioral: "    coded_as: { behavioral: 1 }"))
        for (a, b) in zip(policeOnly, withTriage) {
            #expect(a.wait == b.wait && a.response == b.response && a.responseByPriority == b.responseByPriority)
            #expect(a.dispatchesByUnit == b.dispatchesByUnit && a.utilizationByUnit == b.utilizationByUnit)
            #expect(a.officerHoursOnCalls == b.officerHoursOnCalls)
            #expect(b.crisisFunnel.trueCalls == b.crisisFunnel.coded && b.crisisFunnel.reached == 0)
        }
    }

    @Test("Triage: the share of crisis calls coded as crisis follows the coding probability")
    func triageRates() throws {
        let runs = try results(city(crisisUnits: 2, behavioral: "    coded_as: { behavioral: 0.3, other: 0.7 }"))
        expectNear(runs.map { Double($0.crisisFunnel.coded) / Double($0.crisisFunnel.trueCalls) }, 0.3, "coded share")
        // Miscoded crisis calls are routed as 'other' (police only): only coded ones reach a team.
        for r in runs {
            #expect(r.crisisFunnel.routed == r.crisisFunnel.coded)
            #expect(r.crisisFunnel.reached <= r.crisisFunnel.routed)
            #expect(r.crisisFunnel.reached + r.crisisFunnel.handledByPolice == r.responseByType[1].count)
        }
    }

    @Test("Outcome counts follow their probabilities; ED time adds to police busy time")
    func outcomes() throws {
        let outcome = """
                outcomes:
                  police: { arrest: 0.1, booking_given_arrest: 0.5, ed_transport: 0.3, referral: 0.2, use_of_force: 0.05, civilian_injury: 0.02, responder_injury: 0.01, ed_time: { distribution: constant, value: 50 min } }
            """
        let runs = try results(city(eligible: "[police]", behavioral: outcome))
        func share(_ f: (ReplicationResult) -> Int) -> [Double] {
            runs.map { Double(f($0)) / Double($0.responseByType[1].count) }
        }
        expectNear(share { $0.outcomes.arrests }, 0.1, "arrests")
        expectNear(share { $0.outcomes.edTransports }, 0.3, "ED transports")
        expectNear(share { $0.outcomes.referrals }, 0.2, "referrals")
        expectNear(share { $0.outcomes.jailBookings }, 0.05, "bookings")
        expectNear(share { $0.outcomes.useOfForce }, 0.05, "use of force")
        // 'other' calls have no outcome model: resolved on scene.
        for r in runs {
            #expect(r.outcomes.resolvedOnScene + r.outcomes.arrests + r.outcomes.edTransports + r.outcomes.referrals == r.wait.count)
        }
        // Busy time: 0.8 x (5 + 40) + 0.2 x (5 + 50 + 0.3 x 50) = 50 min per call on average.
        let policeOnly = try results(city(eligible: "[police]"))
        let expectedHours = { (r: ReplicationResult) in Double(r.wait.count) * 50 / 60 }
        expectNear(runs.map { $0.busyHoursByResponder[0] / expectedHours($0) }, 1, "busy hours with ED time")
        expectNear(policeOnly.map { $0.busyHoursByResponder[0] / (Double($0.wait.count) * 47 / 60) }, 1, "busy hours without")
    }

    @Test("Repeat calls: none with probability 0; with probability p, about p x calls")
    func repeats() throws {
        let none = try results(city(eligible: "[police]", behavioral: """
                repeat:
                  police: { probability: 0, after: { distribution: exponential, mean: 2 h } }
            """))
        #expect(none.allSatisfy { $0.repeatCalls == 0 })
        let some = try results(city(eligible: "[police]", behavioral: """
                repeat:
                  police: { probability: 0.25, after: { distribution: exponential, mean: 2 h } }
            """))
        // Each first behavioral call repeats with probability 0.25, and repeats repeat: the
        // repeat calls are 0.25 of all behavioral calls.
        expectNear(some.map { Double($0.repeatCalls) / Double($0.callsByType[1]) }, 0.25, "repeat share")
    }

    @Test("Doubling a cost doubles its column; operating cost is units x hours x cost")
    func costs() throws {
        let outcome = """
                outcomes:
                  police: { ed_transport: 0.3, use_of_force: 0.05 }
            """
        let base = try results(city(eligible: "[police]", behavioral: outcome,
                                    top: "costs: { ed_visit_usd: 1500, use_of_force_liability_usd: 40000 }"))
        let doubled = try results(city(eligible: "[police]", behavioral: outcome,
                                       top: "costs: { ed_visit_usd: 3000, use_of_force_liability_usd: 80000 }"))
        for (a, b) in zip(base, doubled) {
            let outcomeDoubled = b.outcomeCostDollars == 2 * a.outcomeCostDollars
            let liabilityDoubled = b.liabilityDollars == 2 * a.liabilityDollars
            #expect(outcomeDoubled && liabilityDoubled)
            #expect(a.outcomeCostDollars == Double(a.outcomes.edTransports) * 1500)
            #expect(a.operatingCostDollars == 6 * 19 * 24 * 100)
        }
    }

    @Test("Share within the response target, and officer full-time equivalents")
    func targetsAndFTE() throws {
        let runs = try results(city(eligible: "[police]", top: "response_targets: { 1: 5 min }\nhours_per_officer_year: 2000"))
        let s = try ScenarioLoader.load(text: city(eligible: "[police]", top: "response_targets: { 1: 5 min }"), fileName: "m.yaml")
        #expect(s.city.responseTargets == [1: 5])
        for r in runs {
            // Travel is exactly 5 minutes: a priority-1 call is within target exactly when it did not wait.
            #expect(r.withinTargetByPriority[0] <= r.responseByPriority[0].count)
            let expected: Double = r.officerHoursOnCalls * (365.0 / 19.0) / 2000.0
            #expect(abs(r.officerFTEOnCalls - expected) < 1e-9)
        }
    }
}
