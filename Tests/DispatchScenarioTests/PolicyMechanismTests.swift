// PolicyMechanismTests.swift: each policy mechanism (triage, outcomes, repeat calls, costs,
// targets) moves the metrics the way it must, checked through scenario files and the model.

import DispatchEngine
import DispatchModel
@testable import DispatchResults
@testable import DispatchRuns
@testable import DispatchScenario
import DispatchYAML
import Foundation
import Testing

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

    @Test("Expected outcome counts are the sums of the answering type's probabilities, and match the drawn counts")
    func expectedOutcomes() throws {
        let outcome = """
                outcomes:
                  police: { arrest: 0.1, booking_given_arrest: 0.5, ed_transport: 0.3, referral: 0.2, use_of_force: 0.05 }
            """
        let runs = try results(city(eligible: "[police]", behavioral: outcome))
        for r in runs {
            let behavioral = Double(r.responseByType[1].count), e = r.expectedOutcomes
            #expect(abs(e.arrests - 0.1 * behavioral) < 1e-9 * behavioral)
            #expect(abs(e.jailBookings - 0.05 * behavioral) < 1e-9 * behavioral)
            #expect(abs(e.useOfForce - 0.05 * behavioral) < 1e-9 * behavioral)
            // 'other' calls have no outcome model: each is resolved on scene for sure.
            #expect(abs(e.resolvedOnScene - (0.4 * behavioral + Double(r.responseByType[0].count))) < 1e-6)
            #expect(abs(e.arrests + e.edTransports + e.referrals + e.resolvedOnScene - Double(r.wait.count)) < 1e-6)
        }
        // The drawn counts are the expected ones plus noise of mean zero.
        expectNear(runs.map { Double($0.outcomes.useOfForce) - $0.expectedOutcomes.useOfForce }, 0, "force: drawn - expected")
        expectNear(runs.map { Double($0.outcomes.arrests) - $0.expectedOutcomes.arrests }, 0, "arrests: drawn - expected")
    }

    @Test("A call keeps its outcome draws whoever answers it: equal probabilities, equal counts across a routing change")
    func outcomesPairedByCall() throws {
        // Police and crisis teams have the same outcome probabilities and no outcome adds time:
        // each call's outcome is then the same whichever type answers, so moving calls to the teams
        // (different units, different dispatch order) changes no count, replication by replication.
        let same = "{ arrest: 0.1, referral: 0.3, use_of_force: 0.05, civilian_injury: 0.02 }"
        let outcome = """
                outcomes:
                  police: \(same)
                  crisis_team: \(same)
            """
        let policeOnly = try results(city(eligible: "[police]", behavioral: outcome))
        let withTeams = try results(city(crisisUnits: 2, behavioral: outcome))
        for (a, b) in zip(policeOnly, withTeams) {
            #expect(a.waitingAtEnd == 0 && b.waitingAtEnd == 0 && a.wait.count == b.wait.count)
            #expect(b.callsByResponder[1] > 100, "the teams answer some calls")
            #expect(a.outcomes == b.outcomes)
        }
        // With the teams' use of force at 0, exactly the incidents at calls the teams answered go.
        let safer = """
                outcomes:
                  police: \(same)
                  crisis_team: { arrest: 0.1, referral: 0.3, use_of_force: 0, civilian_injury: 0.02 }
            """
        let withSaferTeams = try results(city(crisisUnits: 2, behavioral: safer))
        for (a, b) in zip(policeOnly, withSaferTeams) {
            #expect(b.outcomes.useOfForce < a.outcomes.useOfForce)
            #expect(b.outcomes.arrests == a.outcomes.arrests && b.outcomes.civilianInjuries == a.outcomes.civilianInjuries)
            #expect(abs(a.expectedOutcomes.useOfForce - b.expectedOutcomes.useOfForce - 0.05 * Double(b.callsByResponder[1])) < 1e-9)
        }
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
                                    top: "costs: { ed_visit_usd: 1500, use_of_force_liability_usd: 40000, other_liability_usd_per_year: 5256000 }"))
        let doubled = try results(city(eligible: "[police]", behavioral: outcome,
                                       top: "costs: { ed_visit_usd: 3000, use_of_force_liability_usd: 80000, other_liability_usd_per_year: 10512000 }"))
        for (a, b) in zip(base, doubled) {
            let outcomeDoubled = b.outcomeCostDollars == 2 * a.outcomeCostDollars
            let liabilityDoubled = b.liability.total == 2 * a.liability.total
            #expect(outcomeDoubled && liabilityDoubled)
            // Costs are expected costs: expected counts (sums of probabilities) at the prices.
            #expect(a.outcomeCostDollars == a.expectedOutcomes.edTransports * 1500)
            #expect(a.liability.useOfForce == a.expectedOutcomes.useOfForce * 40000)
            #expect(a.liability.arrests == 0)
            // $5,256,000 a year is $10 a minute, over 19 observed days.
            #expect(abs(a.liability.other - 10 * 19 * 1440) < 1e-6)
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

@Suite("Coverage hours and backup")
struct CoverageAndBackupTests {
    @Test("Coverage windows as simulated intervals, past midnight and on chosen days")
    func intervals() {
        let evening = Coverage(fromMinute: 9 * 60, toMinute: 60)  // 09:00 to 01:00
        #expect(evening.windowMinutes == 16 * 60)
        let windows: [[Double]] = evening.intervals(upTo: 2 * 1440).map { [$0.start, $0.end] }
        let expectedWindows: [[Double]] = [[-900, 60], [540, 1500], [1980, 2940]]
        #expect(windows == expectedWindows)
        let weekdays = Coverage(fromMinute: 0, toMinute: 0, days: [0, 1, 2, 3, 4])  // all day, Monday to Friday
        let weekWindows: [[Double]] = weekdays.intervals(upTo: 7 * 1440).map { [$0.start, $0.end] }
        #expect(weekWindows == [[0, 7200]])
        let expectedHours: Double = 24.0 * 5 * 365 / 7
        #expect(abs(weekdays.hoursPerYear - expectedHours) < 1e-9)
        #expect(evening.onDutyMinutes(from: 0, to: 1440) == 960)
    }

    @Test("Narrower coverage buys more units from the same budget share")
    func budgetHours() throws {
        let text = """
            name: b
            horizon: 2 days
            demand: { calls_per_hour: 1 }
            zones: [{ name: z }]
            travel: { minutes: [[5]] }
            budget: { annual_usd: 6_132_000, shares: { crisis_team: 1 } }
            responders:
              - { name: crisis_team, kind: crisis_team, units: from_budget, cost_per_unit_hour: 70, coverage: { from: "09:00", to: "01:00" } }
            call_types:
              - { name: c, share: 1, priority: 1, eligible: [crisis_team], on_scene: { crisis_team: { distribution: constant, value: 30 } } }
            """
        let s = try ScenarioLoader.load(text: text, fileName: "b.yaml")
        // 6,132,000 / (70 x 8760) = 10 units around the clock; 16 hours a day buys 15.
        #expect(s.city.responders[0].unitCount == 15)
    }

    @Test("Outside coverage, calls go straight to their fallback types")
    func outsideCoverage() throws {
        // 40 crisis units never run out; they work 08:00-16:00, a third of the day. Calls arrive
        // at a constant rate, so a third of behavioral calls reach a team, the rest go to police.
        let text = """
            name: c
            seed: 8
            horizon: 10 days
            replications: 8
            demand: { calls_per_hour: 3 }
            zones: [{ name: z }]
            travel: { minutes: [[5]] }
            responders:
              - { name: police, units: { z: 40 } }
              - { name: crisis_team, kind: crisis_team, units: { z: 40 }, coverage: { from: "08:00", to: "16:00" } }
            call_types:
              - name: b
                share: 1
                priority: 2
                crisis: true
                eligible: [crisis_team]
                fallback: { after: 10 min, to: [police] }
                on_scene: { police: { distribution: exponential, mean: 30 }, crisis_team: { distribution: exponential, mean: 30 } }
            """
        let runs = try results(text)
        let reached = RunningStatistics(runs.map { Double($0.crisisFunnel.reached) / Double($0.wait.count) })
        #expect(abs(reached.mean - 1.0 / 3) <= 4 * reached.standardError, "share reached \(reached.mean)")
        // No call waited for a team: those outside coverage went to police at once.
        #expect(runs.allSatisfy { $0.fallbackEligibleByType == [0] && $0.wait.mean < 1e-9 })
    }

    @Test("No backup with probability 0; with probability 1 every call gets one and the asker stays until it leaves")
    func backup() throws {
        func text(_ p: Double) -> String {
            """
            name: k
            seed: 4
            horizon: 5 days
            replications: 2
            # No calls from 22:00 to midnight, so every call ends before the horizon cuts it.
            demand: { calls_per_hour: 2, hour_of_day: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0] }
            zones: [{ name: z }]
            travel: { minutes: [[5]] }
            responders:
              - { name: police, units: { z: 30 } }
              - { name: crisis_team, kind: crisis_team, units: { z: 30 } }
            call_types:
              - name: b
                share: 1
                priority: 2
                crisis: true
                eligible: [crisis_team]
                backup: { crisis_team: { probability: \(p), type: police } }
                on_scene: { police: { distribution: constant, value: 60 }, crisis_team: { distribution: constant, value: 30 } }
            """
        }
        for r in try results(text(0)) {
            #expect(r.backupRequests == 0 && r.callsByResponder[0] == 0)
            #expect(abs(r.busyHoursByResponder[1] - Double(r.wait.count) * 35 / 60) < 1e-6)
        }
        for r in try results(text(1)) {
            let calls = Double(r.wait.count)
            #expect(r.backupRequests == r.wait.count && r.crisisFunnel.neededBackup == r.wait.count)
            // The team arrives at 5 min and asks; police arrive at 10 and stay 60: both leave at 70.
            #expect(abs(r.busyHoursByResponder[1] - calls * 70 / 60) < 1e-6)
            #expect(abs(r.busyHoursByResponder[0] - calls * 65 / 60) < 1e-6)
            #expect(abs(r.backupResponse.mean - 5) < 1e-9)
        }
    }
}

@Suite("Officer-hours freed against a baseline")
struct BaselineTests {
    @Test("Against itself nothing is freed, in every replication; against police-only, the crisis teams free hours")
    func freed() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let police = """
            name: police-only
            seed: 3
            horizon: 4 days
            replications: 4
            demand: { calls_per_hour: 3 }
            zones: [{ name: z }]
            travel: { minutes: [[5]] }
            responders:
              - { name: police, units: { z: 8 } }
            call_types:
              - { name: b, share: 1, priority: 2, crisis: true, eligible: [police], on_scene: { police: { distribution: exponential, mean: 45 } } }
            """
        try police.write(toFile: folder + "/police.yaml", atomically: true, encoding: .utf8)
        let same = try ScenarioLoader.load(text: police.replacingOccurrences(of: "name: police-only", with: "name: same\nbaseline: police.yaml"),
                                           fileName: folder + "/same.yaml")
        let columns = ResultTables.summaryMetricColumns(same.city, baseline: true)
        let freedColumn = try #require(columns.firstIndex(of: "officer_hours_freed_per_week"))
        for r in 0..<4 {
            let (result, baseline) = same.runReplication(r)
            let values = ResultTables.summaryMetrics(city: same.city, result: result, baseline: baseline)
            #expect(values[freedColumn] == 0)
        }
        let split = police.replacingOccurrences(of: "name: police-only", with: "name: split\nbaseline: police.yaml")
            .replacingOccurrences(of: "  - { name: police, units: { z: 8 } }",
                                  with: "  - { name: police, units: { z: 8 } }\n  - { name: crisis_team, kind: crisis_team, units: { z: 4 } }")
            .replacingOccurrences(of: "eligible: [police], on_scene: { police: { distribution: exponential, mean: 45 } }",
                                  with: "eligible: [crisis_team], fallback: { after: 5 min, to: [police] }, on_scene: { police: { distribution: exponential, mean: 45 }, crisis_team: { distribution: exponential, mean: 60 } }")
        let s = try ScenarioLoader.load(text: split, fileName: folder + "/split.yaml")
        let splitColumns = ResultTables.summaryMetricColumns(s.city, baseline: true)
        let splitColumn = try #require(splitColumns.firstIndex(of: "officer_hours_freed_per_week"))
        let uncommittedColumn = try #require(splitColumns.firstIndex(of: "uncommitted_hours_change_per_week"))
        for r in 0..<4 {
            let (result, baseline) = s.runReplication(r)
            let values = ResultTables.summaryMetrics(city: s.city, result: result, baseline: baseline)
            let freed = values[splitColumn]
            // Per week of observed time (4 days here), on the same footing in both runs.
            let perWeek = (baseline!.officerHoursOnCalls - result.officerHoursOnCalls) * 10_080 / result.observedMinutes
            #expect(freed > 0 && abs(freed - perWeek) < 1e-9)
            // The crisis teams are added, not bought with police money: the same police on duty,
            // so the patrol time gained is exactly the call workload freed.
            #expect(result.officerHoursOnDuty == baseline!.officerHoursOnDuty)
            #expect(abs(values[uncommittedColumn] - freed) < 1e-6, "uncommitted change \(values[uncommittedColumn]), freed \(freed)")
        }
    }
}

@Suite("Multi-unit calls")
struct MultiUnitTests {
    @Test("A call that needs two units gets a second one, which leaves with the first")
    func twoUnits() throws {
        // Constant times, plenty of units, no calls in the last two hours of each day: every call
        // gets both units, the second arrives as fast as the first (same zone, same travel) and
        // both are busy for travel plus time on scene.
        let text = """
            name: two
            seed: 6
            horizon: 4 days
            replications: 2
            demand: { calls_per_hour: 2, hour_of_day: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0] }
            zones: [{ name: z }]
            travel: { minutes: [[5]] }
            responders:
              - { name: police, units: { z: 30 } }
            call_types:
              - { name: fight, share: 1, priority: 1, units_needed: 2, eligible: [police], on_scene: { police: { distribution: constant, value: 40 } } }
            """
        for r in try results(text) {
            let calls = r.wait.count
            #expect(r.additionalUnitResponse.count == calls)
            #expect(abs(r.additionalUnitResponse.mean - 5) < 1e-9)
            #expect(abs(r.busyHoursByResponder[0] - Double(calls) * 2 * 45 / 60) < 1e-6)
            #expect(r.dispatchesByUnit.reduce(0, +) == calls)
        }
    }
}

@Suite("Co-responders")
struct CoResponderTests {
    @Test("A co-responder team's hours are officer-hours, and its crisis calls count as reached by a crisis response")
    func coResponder() throws {
        let text = """
            name: co
            seed: 2
            horizon: 4 days
            replications: 2
            demand: { calls_per_hour: 2, hour_of_day: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0] }
            zones: [{ name: z }]
            travel: { minutes: [[5]] }
            responders:
              - { name: co_team, kind: co_responder, units: { z: 20 } }
            call_types:
              - { name: b, share: 1, priority: 2, crisis: true, eligible: [co_team], on_scene: { co_team: { distribution: constant, value: 55 } } }
            """
        for r in try results(text) {
            #expect(r.crisisFunnel.reached == r.wait.count && r.crisisFunnel.handledByPolice == 0)
            // Every call is 5 + 55 minutes of a co-responder unit, all of it officer time.
            #expect(abs(r.officerHoursOnCalls - Double(r.wait.count)) < 1e-6)
        }
    }
}
