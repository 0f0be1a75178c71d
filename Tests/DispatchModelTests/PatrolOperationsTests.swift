// PatrolOperationsTests.swift: officer time beyond calls (administrative time, officer-initiated
// activity), travel speed per responder type and the dispatch policies (district first, cutoff
// priority, preemption) against exact queueing results (PriorityQueueFormulas.swift, Erlang B and
// C, Pollaczek-Khinchine) or hand-computable cases.

import DispatchEngine
import DispatchModel
import DispatchRandom
import Testing

/// One zone, no travel, one responder type with `servers` units; call types given as (priority,
/// share, time on scene); optional policy, officer-initiated activity and administrative time.
private func oneZoneCity(servers: Int, callsPerHour: Double, types: [(priority: Int, share: Double, onScene: Distribution)],
                         afterCall: Distribution? = nil, policy: DispatchPolicy? = nil,
                         activities: [OfficerInitiatedActivity] = [], horizonMinutes: Double,
                         warmupMinutes: Double) -> CityConfiguration {
    CityConfiguration(
        zones: [Zone(name: "city", callShare: 1)], travelMinutes: [[0]], turnout: nil,
        responders: [ResponderType(name: "police", unitsPerZone: [servers], costPerUnitHour: nil, policy: policy)],
        callTypes: types.enumerated().map { i, t in
            CallType(name: "type\(i)", share: t.share, priority: t.priority, eligible: [0], fallback: nil,
                     onScene: [t.onScene], afterCall: [afterCall])
        },
        callsPerHour: callsPerHour, hourOfDayProfile: nil, horizonMinutes: horizonMinutes, warmupMinutes: warmupMinutes,
        officerInitiated: activities)
}

private func activity(perHour: Double, duration: Distribution, reserve: Int = 0,
                      whenNoUnit: OfficerInitiatedActivity.WhenNoUnit = .drop) -> OfficerInitiatedActivity {
    OfficerInitiatedActivity(name: "stops", responder: 0, perHour: perHour, hourOfDayProfile: nil, zoneShares: [1],
                             duration: duration, reserve: reserve, whenNoUnit: whenNoUnit)
}

@Suite("Patrol operations against exact results")
struct PatrolOperationsTests {
    @Test("travel_factor multiplies every trip of the type's units (turnout aside)")
    func travelFactor() throws {
        let city = CityConfiguration(
            zones: [Zone(name: "city", callShare: 1)], travelMinutes: [[4]], turnout: nil,
            responders: [ResponderType(name: "van", kind: .crisisTeam, unitsPerZone: [20], costPerUnitHour: nil,
                                       travelFactor: 1.5)],
            callTypes: [CallType(name: "call", share: 1, priority: 1, eligible: [0], fallback: nil,
                                 onScene: [try Distribution.constant(30)])],
            callsPerHour: 6, hourOfDayProfile: nil, horizonMinutes: 5_000, warmupMinutes: 0)
        for run in replicate(city, seed: 3, count: 2) {
            #expect(run.travel.count > 400)
            #expect(run.travel.mean == 6, "travel \(run.travel.mean)")
            #expect(run.response.mean == 6, "response \(run.response.mean)")
        }
    }

    @Test("after_call keeps the unit busy after the scene: M/G/1 with service on scene + report (Pollaczek-Khinchine)")
    func afterCallMG1() throws {
        // On scene exponential, mean 30; report constant 15: E[S] = 45, Var S = 900; rho = 0.6.
        let lambda = 0.6 / 45
        let city = oneZoneCity(servers: 1, callsPerHour: lambda * 60, types: [(1, 1, try .exponential(mean: 30))],
                               afterCall: try .constant(15), horizonMinutes: 105_000, warmupMinutes: 5_000)
        let exact = try MG1Queue(arrivalRatePerMinute: lambda, meanServiceMinutes: 45, serviceVariance: 900)
        let runs = replicate(city, seed: 71, count: 16)
        expectWithinStandardErrors(runs.map(\.wait.mean), of: exact.meanWaitMinutes, "mean wait")
        expectWithinStandardErrors(runs.map { $0.utilizationByResponder[0] }, of: 0.6, "utilization")
        // Time on scene is reported without the report.
        expectWithinStandardErrors(runs.map(\.onScene.mean), of: 30, "time on scene")
    }

    @Test("non-preemptive priorities on M/M/3 against Cobham's formula")
    func cobham() throws {
        let mean = 60.0, lambda = 0.8 * 3 / mean
        let shares = [0.2, 0.3, 0.5]
        let city = oneZoneCity(servers: 3, callsPerHour: lambda * 60,
                               types: zip([1, 2, 3], shares).map { ($0, $1, try! .exponential(mean: mean)) },
                               horizonMinutes: 86_000, warmupMinutes: 6_000)
        let exact = cobhamMeanWaits(arrivalRates: shares.map { $0 * lambda }, serviceRate: 1 / mean, servers: 3)
        let runs = replicate(city, seed: 72, count: 16)
        for k in 0..<3 {
            expectWithinStandardErrors(runs.map { $0.waitByType[k].mean }, of: exact[k], "priority \(k + 1) mean wait")
        }
    }

    @Test("officer-initiated activity that waits is a lowest-priority class: Cobham's formula on M/M/3")
    func activityAsLowestClass() throws {
        let mean = 60.0, lambda = 0.8 * 3 / mean
        let callRate = 0.5 * lambda, activityRate = 0.5 * lambda
        let city = oneZoneCity(servers: 3, callsPerHour: callRate * 60,
                               types: [(1, 0.4, try .exponential(mean: mean)), (2, 0.6, try .exponential(mean: mean))],
                               activities: [activity(perHour: activityRate * 60, duration: try .exponential(mean: mean),
                                                     whenNoUnit: .queue)],
                               horizonMinutes: 86_000, warmupMinutes: 6_000)
        let exact = cobhamMeanWaits(arrivalRates: [0.4 * callRate, 0.6 * callRate, activityRate], serviceRate: 1 / mean,
                                    servers: 3)
        let runs = replicate(city, seed: 73, count: 16)
        expectWithinStandardErrors(runs.map { $0.waitByType[0].mean }, of: exact[0], "priority 1 mean wait")
        expectWithinStandardErrors(runs.map { $0.waitByType[1].mean }, of: exact[1], "priority 2 mean wait")
        expectWithinStandardErrors(runs.map { $0.officerInitiated.waitMinutes / Double($0.officerInitiated.started) },
                                   of: exact[2], "activity mean wait")
        for run in runs {
            #expect(run.officerInitiated.dropped == 0 && run.officerInitiated.started > 1_000)
            // Officer-hours on calls leave the activity out; busy hours keep it.
            #expect(abs(run.officerHoursOnCalls + run.officerInitiated.officerHours - run.busyHoursByResponder[0]) < 1e-6)
        }
        expectWithinStandardErrors(runs.map { $0.utilizationByResponder[0] }, of: 0.8, "utilization")
    }

    @Test("activity with no free unit is dropped: Erlang B, with c units and with c - reserve", arguments: [0, 1])
    func activityDroppedErlangB(reserve: Int) throws {
        // Calls are so rare that the units do activity only (about one call in the whole run).
        let city = oneZoneCity(servers: 3, callsPerHour: 0.0001, types: [(1, 1, try .exponential(mean: 60))],
                               activities: [activity(perHour: 2, duration: try .exponential(mean: 60), reserve: reserve)],
                               horizonMinutes: 61_000, warmupMinutes: 1_000)
        let runs = replicate(city, seed: 74 + UInt64(reserve), count: 16)
        let exact = MMcQueue.erlangB(servers: 3 - reserve, offeredLoad: 2)
        expectWithinStandardErrors(runs.map { Double($0.officerInitiated.dropped) / Double($0.officerInitiated.arisen) },
                                   of: exact, "share dropped")
        for run in runs { #expect(run.officerInitiated.started + run.officerInitiated.dropped <= run.officerInitiated.arisen) }
    }

    @Test("cutoff priority on M/M/4 with one unit kept free against the solved Markov chain")
    func cutoffPriority() throws {
        let mean = 60.0, lambda = 0.7 * 4 / mean
        let city = oneZoneCity(servers: 4, callsPerHour: lambda * 60,
                               types: [(1, 0.4, try .exponential(mean: mean)), (3, 0.6, try .exponential(mean: mean))],
                               policy: DispatchPolicy(cutoff: .init(priority: 2, reserve: 1)),
                               horizonMinutes: 86_000, warmupMinutes: 6_000)
        let exact = cutoffPriorityMeanWaits(highRate: 0.4 * lambda, lowRate: 0.6 * lambda, serviceRate: 1 / mean,
                                            servers: 4, reserve: 1)
        let runs = replicate(city, seed: 76, count: 16)
        expectWithinStandardErrors(runs.map { $0.waitByType[0].mean }, of: exact.high, "high-priority mean wait")
        expectWithinStandardErrors(runs.map { $0.waitByType[1].mean }, of: exact.low, "low-priority mean wait")
    }

    @Test("preemptive-resume priorities on M/G/1: waits to first service against the closed form")
    func preemptiveResume() throws {
        // Urgent: exponential, mean 20, rho 0.3; routine: constant 40, rho 0.4 (constant times tell
        // resuming the time left from starting again).
        let l1 = 0.3 / 20, l2 = 0.4 / 40
        let city = oneZoneCity(servers: 1, callsPerHour: (l1 + l2) * 60,
                               types: [(1, l1 / (l1 + l2), try .exponential(mean: 20)),
                                       (3, l2 / (l1 + l2), try .constant(40))],
                               policy: DispatchPolicy(preemption: .init(by: 1, of: 2)),
                               horizonMinutes: 105_000, warmupMinutes: 5_000)
        let exact = preemptiveResumeFirstWaits(arrivalRates: [l1, l2], meanService: [20, 40], secondMoment: [800, 1600])
        let runs = replicate(city, seed: 77, count: 16)
        expectWithinStandardErrors(runs.map { $0.waitByType[0].mean }, of: exact[0], "urgent mean wait")
        expectWithinStandardErrors(runs.map { $0.waitByType[1].mean }, of: exact[1], "routine mean wait to first service")
        expectWithinStandardErrors(runs.map { $0.utilizationByResponder[0] }, of: 0.7, "utilization")
        for run in runs {
            #expect(run.preemptedCalls > 100)
            // Every bumped call is resumed, but for those still waiting at the horizon.
            #expect(run.resumedCalls <= run.preemptedCalls && run.resumedCalls + 5 >= run.preemptedCalls)
        }
    }

    @Test("district first with no crossing: each district is its own M/M/c (Erlang C)")
    func districtFirstSeparatesDistricts() throws {
        let mean = 60.0, lambda = 3.0 / 60
        let city = CityConfiguration(
            zones: [Zone(name: "a", callShare: 0.4), Zone(name: "b", callShare: 0.6)], travelMinutes: [[0, 0], [0, 0]],
            turnout: nil,
            responders: [ResponderType(name: "police", unitsPerZone: [2, 3], costPerUnitHour: nil,
                                       policy: DispatchPolicy(districtFirst: .init(crossAfter: Dictionary(uniqueKeysWithValues: (1...10).map { ($0, 1e12) }))))],
            callTypes: [CallType(name: "call", share: 1, priority: 2, eligible: [0], fallback: nil,
                                 onScene: [try Distribution.exponential(mean: mean)])],
            callsPerHour: lambda * 60, hourOfDayProfile: nil, horizonMinutes: 66_000, warmupMinutes: 6_000)
        let runs = replicate(city, seed: 78, count: 16)
        for (zone, (share, units)) in [(0.4, 2), (0.6, 3)].enumerated() {
            let exact = try MMcQueue(arrivalRatePerMinute: share * lambda, serviceRatePerMinute: 1 / mean, servers: units)
            expectWithinStandardErrors(runs.map { $0.responseByZone[zone].mean }, of: exact.meanWaitMinutes,
                                       "zone \(zone) mean wait")
        }
        // No unit ever serves another district.
        for run in runs { #expect(run.dispatchesByUnitAndZone == [[run.dispatchesByUnit[0], 0], [run.dispatchesByUnit[1], 0], [0, run.dispatchesByUnit[2]], [0, run.dispatchesByUnit[3]], [0, run.dispatchesByUnit[4]]]) }
    }

    @Test("every option off gives the same results as a city without the options")
    func optionsOffChangeNothing() throws {
        let plain = oneZoneCity(servers: 2, callsPerHour: 1.5, types: [(1, 0.5, try .exponential(mean: 50)), (2, 0.5, try .exponential(mean: 50))],
                                horizonMinutes: 20_000, warmupMinutes: 1_000)
        let withEmptyPolicy = oneZoneCity(servers: 2, callsPerHour: 1.5, types: [(1, 0.5, try .exponential(mean: 50)), (2, 0.5, try .exponential(mean: 50))],
                                          policy: DispatchPolicy(districtFirst: .init()), horizonMinutes: 20_000, warmupMinutes: 1_000)
        // With one zone, district first and no crossing delay is the closest-free-unit rule.
        #expect(replicate(plain, seed: 5, count: 3) == replicate(withEmptyPolicy, seed: 5, count: 3))
    }
}

/// One zone, no travel, one police type whose units work `watches`; one call type with constant
/// one-minute time on scene.
private func watchCity(watches: [Watch], callsPerHour: Double, days: Double, reliefFactor: Double = 1) throws -> CityConfiguration {
    let units = watches.reduce(0) { $0 + $1.unitCount }
    return CityConfiguration(
        zones: [Zone(name: "city", callShare: 1)], travelMinutes: [[0]], turnout: nil,
        responders: [ResponderType(name: "police", unitsPerZone: [units], costPerUnitHour: 100, watches: watches,
                                   reliefFactor: reliefFactor)],
        callTypes: [CallType(name: "call", share: 1, priority: 1, eligible: [0], fallback: nil,
                             onScene: [try Distribution.constant(1)])],
        callsPerHour: callsPerHour, hourOfDayProfile: nil, horizonMinutes: days * 1440, warmupMinutes: 0)
}

@Suite("Staffing by watch and scheduled breaks, hand-computable")
struct StaffingTests {
    /// Mean wait of rare one-minute calls when no unit is available for `gap` minutes a day: a
    /// call arriving u minutes into the gap waits gap - u, plus one minute for each earlier call
    /// of the gap (lambda u of them); calls arriving while a unit is available barely wait.
    static func gapWait(gapMinutes: Double, callsPerMinute lambda: Double) -> Double {
        gapMinutes / 1440 * (gapMinutes / 2 + lambda * gapMinutes / 2)
    }

    @Test("units are on duty only in their watch's hours, one watch handing over to the next, after a briefing")
    func watchesAndBriefing() throws {
        let day = Watch(name: "day", coverage: Coverage(fromMinute: 8 * 60, toMinute: 16 * 60), unitsPerZone: [1],
                        breaks: [ScheduledBreak(afterMinutes: 0, minutes: 15)])
        let evening = Watch(name: "evening", coverage: Coverage(fromMinute: 16 * 60, toMinute: 20 * 60), unitsPerZone: [1])
        let lambda = 1.0 / 60
        let city = try watchCity(watches: [day, evening], callsPerHour: lambda * 60, days: 100, reliefFactor: 1.5)
        // Unavailable from 20:00 to 08:15 (without the briefing the mean wait would be 6 standard
        // errors shorter); the backlog of about 12 calls at 08:15 adds under 0.1 minute.
        let exact = Self.gapWait(gapMinutes: 12.25 * 60, callsPerMinute: lambda) + lambda * 1 / (2 * (1 - lambda))
        let runs = replicate(city, seed: 81, count: 16)
        expectWithinStandardErrors(runs.map(\.wait.mean), of: exact, "mean wait")
        for run in runs {
            // On-duty unit-hours: 8 + 4 a day, each at 100 dollars x relief factor 1.5.
            #expect(abs(run.operatingCostDollars - 100 * 12 * 100 * 1.5) < 1e-6, "operating cost \(run.operatingCostDollars)")
            // The briefing is 15 minutes each of the 100 days (a briefing that finds the unit
            // busy waits for its call to end, and lasts 15 minutes all the same).
            #expect(abs(run.officerHoursOnBreaks - 25) < 1e-6, "break hours \(run.officerHoursOnBreaks)")
        }
    }

    @Test("a meal break mid-shift makes its unit unavailable for its length; a unit busy then takes it after its call")
    func mealBreak() throws {
        let allDay = Watch(name: "all", coverage: Coverage(fromMinute: 0, toMinute: 0), unitsPerZone: [1],
                           breaks: [ScheduledBreak(afterMinutes: 12 * 60, minutes: 60)])
        let lambda = 0.2 / 60
        let city = try watchCity(watches: [allDay], callsPerHour: lambda * 60, days: 100)
        // Unavailable 60 minutes a day; calls on duty wait for the rare call in progress (M/D/1).
        let exact = Self.gapWait(gapMinutes: 60, callsPerMinute: lambda) + lambda * 1 / (2 * (1 - lambda))
        let runs = replicate(city, seed: 82, count: 16)
        expectWithinStandardErrors(runs.map(\.wait.mean), of: exact, "mean wait")
        for run in runs { #expect(abs(run.officerHoursOnBreaks - 100) < 1e-6, "break hours \(run.officerHoursOnBreaks)") }
    }

    @Test("watches that cover the clock between them change nothing")
    func watchesAroundTheClock() throws {
        let plain = try erlangCity(servers: 3, callsPerHour: 2, meanOnSceneMinutes: 60, horizonMinutes: 20_000, warmupMinutes: 500)
        let split = CityConfiguration(
            zones: plain.zones, travelMinutes: plain.travelMinutes, turnout: nil,
            responders: [ResponderType(name: "police", unitsPerZone: [3], costPerUnitHour: nil,
                                       watches: [Watch(name: "a", coverage: Coverage(fromMinute: 0, toMinute: 0), unitsPerZone: [1]),
                                                 Watch(name: "b", coverage: Coverage(fromMinute: 360, toMinute: 360), unitsPerZone: [2])])],
            callTypes: plain.callTypes, callsPerHour: 2, hourOfDayProfile: nil, horizonMinutes: 20_000, warmupMinutes: 500)
        #expect(replicate(plain, seed: 9, count: 3) == replicate(split, seed: 9, count: 3))
    }
}

@Suite("Units sent together (Green 1984)")
struct UnitsTogetherTests {
    /// One zone, no travel, `servers` units; one-unit and two-unit calls of the same priority,
    /// exponential time on scene with mean 60 minutes for both.
    static func city(servers: Int, singleRate: Double, doubleRate: Double, together: Bool = true) throws -> CityConfiguration {
        let onScene = try Distribution.exponential(mean: 60)
        let total = singleRate + doubleRate
        return CityConfiguration(
            zones: [Zone(name: "city", callShare: 1)], travelMinutes: [[0]], turnout: nil,
            responders: [ResponderType(name: "police", unitsPerZone: [servers], costPerUnitHour: nil)],
            callTypes: [CallType(name: "single", share: singleRate / total, priority: 2, eligible: [0], fallback: nil, onScene: [onScene]),
                        CallType(name: "double", share: doubleRate / total, priority: 2, eligible: [0], fallback: nil, onScene: [onScene],
                                 unitsNeeded: 2, unitsTogether: together)],
            callsPerHour: total * 60, hourOfDayProfile: nil, horizonMinutes: 86_000, warmupMinutes: 6_000)
    }

    @Test("one- and two-unit calls, first come first served, two units sent together: waits against Green's Markov chain",
          arguments: [(2, 0.4, 0.2), (3, 0.6, 0.3)])
    func againstGreen(servers: Int, single: Double, double: Double) throws {
        let mu = 1.0 / 60, l1 = single * mu, l2 = double * mu
        let exact = multiUnitFCFSMeanWaits(singleRate: l1, doubleRate: l2, serviceRate: mu, servers: servers)
        let runs = replicate(try Self.city(servers: servers, singleRate: l1, doubleRate: l2), seed: 90 + UInt64(servers), count: 16)
        expectWithinStandardErrors(runs.map { $0.waitByType[0].mean }, of: exact.single, "one-unit calls' mean wait")
        expectWithinStandardErrors(runs.map { $0.waitByType[1].mean }, of: exact.double, "two-unit calls' mean wait")
        // The second unit is sent with the first (no travel): it arrives 0 minutes after the
        // first's dispatch; today's rule makes it wait for a unit to free up.
        for run in runs { #expect(run.additionalUnitResponse.count > 200 && run.additionalUnitResponse.mean == 0) }
        let apart = replicate(try Self.city(servers: servers, singleRate: l1, doubleRate: l2, together: false), seed: 5, count: 1)
        #expect(apart[0].additionalUnitResponse.mean > 1)
    }
}
