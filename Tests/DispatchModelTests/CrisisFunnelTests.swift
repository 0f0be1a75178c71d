// CrisisFunnelTests.swift: the crisis funnel with a reason for every crisis call a crisis response
// did not reach, and response time split into dispatch delay and travel, against exact results
// (Erlang B, the share of hours a team is on duty) and the identities that make them add up.

import DispatchEngine
import DispatchModel
import DispatchRandom
import Testing

@Suite("Crisis funnel and response split")
struct CrisisFunnelTests {
    /// Police (0) with plenty of units and `teams` crisis teams (1) in one zone, no travel; one
    /// crisis call type that goes to a free team, else at once to police.
    private func lossCity(teams: Int, callsPerHour: Double) throws -> CityConfiguration {
        CityConfiguration(
            zones: [Zone(name: "city", callShare: 1)], travelMinutes: [[0]], turnout: nil,
            responders: [responder("police", units: [40]),
                         ResponderType(name: "team", kind: .crisisTeam, unitsPerZone: [teams], costPerUnitHour: nil)],
            callTypes: [CallType(name: "crisis", share: 1, priority: 2, eligible: [1, 0], fallback: nil,
                                 onScene: [try .exponential(mean: 60), try .exponential(mean: 60)], isCrisis: true)],
            callsPerHour: callsPerHour, hourOfDayProfile: nil, horizonMinutes: 61_000, warmupMinutes: 1_000)
    }

    @Test("calls that find every team busy go to police: 'no team free' is Erlang B of the teams")
    func noTeamFreeIsErlangB() throws {
        let runs = replicate(try lossCity(teams: 3, callsPerHour: 2), seed: 91, count: 16)
        let exact = MMcQueue.erlangB(servers: 3, offeredLoad: 2)
        expectWithinStandardErrors(runs.map { Double($0.crisisFunnel.notReached[3]) / Double($0.crisisFunnel.trueCalls) },
                                   of: exact, "share with no team free")
        for run in runs {
            let f = run.crisisFunnel
            #expect(f.routed == f.trueCalls && f.coded == f.trueCalls)
            #expect(f.reached + f.notReached[3] == f.trueCalls, "every call reached or not for want of a free team")
            #expect(f.notReached.enumerated().allSatisfy { $0.offset == 3 || $0.element == 0 })
        }
    }

    /// Two zones 10 minutes apart. Teams (1) are based in zone 0 only, on duty 08:00-20:00, and may
    /// not travel more than 5 minutes; police (0) are few, so that calls queue. Crisis call types:
    /// one that goes to a team or else to police at once (30% of it coded as the non-crisis type),
    /// one that waits 10 minutes for a team and then falls back to police, and one no team takes.
    private func everyReasonCity() throws -> CityConfiguration {
        let exp30 = try Distribution.exponential(mean: 30)
        let team = ResponderType(name: "team", kind: .crisisTeam, unitsPerZone: [2, 0], costPerUnitHour: nil,
                                 coverage: Coverage(fromMinute: 8 * 60, toMinute: 20 * 60),
                                 policy: DispatchPolicy(districtFirst: .init(crossAfter: [:], maxTravel: 5)))
        return CityConfiguration(
            zones: [Zone(name: "a", callShare: 0.5), Zone(name: "b", callShare: 0.5)],
            travelMinutes: [[2, 10], [10, 2]], turnout: nil,
            responders: [responder("police", units: [3, 3]), team],
            callTypes: [
                CallType(name: "direct", share: 0.15, priority: 2, eligible: [1, 0], fallback: nil, onScene: [exp30, exp30],
                         isCrisis: true, codedAs: [0.7, 0, 0, 0.3]),
                CallType(name: "waits", share: 0.15, priority: 2, eligible: [1], fallback: Fallback(afterMinutes: 10, to: [0]),
                         onScene: [exp30, exp30], isCrisis: true),
                CallType(name: "risky", share: 0.1, priority: 1, eligible: [0], fallback: nil, onScene: [exp30, nil],
                         isCrisis: true),
                CallType(name: "other", share: 0.6, priority: 3, eligible: [0], fallback: nil, onScene: [exp30, nil]),
            ],
            callsPerHour: 11, hourOfDayProfile: nil, horizonMinutes: 8 * 1_440, warmupMinutes: 1_440)
    }

    @Test("every crisis call is reached or not for exactly one reason, hour by hour")
    func everyReasonAddsUp() throws {
        let runs = replicate(try everyReasonCity(), seed: 92, count: 12)
        var totals = Array(repeating: 0, count: FunnelCount.reasons.count)
        for run in runs {
            let f = run.crisisFunnel
            #expect(f.byHour.count == 24)
            for hour in f.byHour {
                let reasons = FunnelCount.reasons.reduce(0) { $0 + hour[$1.rawValue] }
                #expect(hour[FunnelCount.calls.rawValue] == hour[FunnelCount.reached.rawValue] + reasons)
                #expect(hour[FunnelCount.routed.rawValue] <= hour[FunnelCount.calls.rawValue])
            }
            #expect(f.reached + f.notReached.reduce(0, +) == f.trueCalls)
            // Teams are on duty 08:00-20:00 only: no call is reached, and none routed, at night.
            for hour in [0, 5, 21, 23] {
                #expect(f.byHour[hour][FunnelCount.reached.rawValue] == 0 && f.byHour[hour][FunnelCount.routed.rawValue] == 0)
            }
            for hour in [9, 14, 19] { #expect(f.byHour[hour][FunnelCount.outsideHours.rawValue] == 0) }
            for (i, n) in f.notReached.enumerated() { totals[i] += n }
        }
        for (reason, total) in zip(FunnelCount.reasons, totals) {
            #expect(total > 0, "no call was left unreached for reason \(reason.column)")
        }
        // Of the calls coded for a team (70% of "direct", all of "waits": 0.255 of calls), half
        // arrive outside the teams' twelve hours (a constant rate, whole observed days).
        let coded = runs.map { Double($0.crisisFunnel.routed + $0.crisisFunnel.notReached[2]) }
        expectWithinStandardErrors(zip(runs, coded).map { Double($0.crisisFunnel.notReached[2]) / $1 }, of: 0.5,
                                   "share of team-coded calls outside team hours")
    }

    @Test("response is dispatch delay plus travel, by priority, responder type and cell")
    func responseSplit() throws {
        let runs = replicate(try everyReasonCity(), seed: 93, count: 2)
        for run in runs {
            for p in run.priorities.indices {
                let response = run.responseByPriority[p], wait = run.waitByPriority[p], travel = run.travelByPriority[p]
                #expect(wait.count == response.count && travel.count == response.count)
                #expect(abs(wait.mean + travel.mean - response.mean) < 1e-9 * max(1, response.mean))
            }
            for r in run.responseByResponder.indices where run.responseByResponder[r].count > 0 {
                #expect(abs(run.waitByResponder[r].mean + run.travelByResponder[r].mean - run.responseByResponder[r].mean) < 1e-9)
            }
            // The cells hold every dispatch once.
            #expect(run.responseCells.reduce(0) { $0 + $1.response.count } == run.response.count)
            let cellsOfZone = (0..<2).map { z in
                run.responseCells.enumerated().filter { $0.offset % 2 == z }.reduce(0) { $0 + $1.element.response.count }
            }
            #expect(cellsOfZone == run.responseByZone.map(\.count))
            // Priority 3 waits in the queue more than priority 1, whose calls go first.
            #expect(run.waitByPriority[2].mean > run.waitByPriority[0].mean)
        }
    }
}
