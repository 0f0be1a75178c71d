// RoutingRuleTests.swift: the dispatch rules (fallback timing, priority queue, freed units taking queued calls) on tiny cities.
//
// Arrivals are Poisson, so no call can be placed by hand. Each test builds a city where a rule
// leaves a fingerprint in the public results that holds on every sample path (constant times make
// the fingerprints exact), or compares per-type waits with an exact queueing formula.

import DispatchEngine
import DispatchModel
import DispatchRandom
import Testing

/// Responder type indices in these cities.
private let preferred = 0, fallbackType = 1

/// One zone; responder types "preferred" and "fallback"; one call type eligible for "preferred"
/// that may go to "fallback" after `fallbackMinutes`; constant `onSceneMinutes` for either, unless
/// `preferredOnSceneMinutes` gives the preferred type its own.
private func fallbackCity(preferredUnits: Int, fallbackUnits: Int, fallbackMinutes: Double, onSceneMinutes: Double,
                          preferredOnSceneMinutes: Double? = nil, callsPerHour: Double, horizonMinutes: Double,
                          warmupMinutes: Double) throws -> CityConfiguration {
    let onScene = try Distribution.constant(onSceneMinutes)
    let preferredOnScene = try Distribution.constant(preferredOnSceneMinutes ?? onSceneMinutes)
    return CityConfiguration(
        zones: [Zone(name: "city", callShare: 1)], travelMinutes: [[0]], turnout: nil,
        responders: [responder("preferred", units: [preferredUnits]), responder("fallback", units: [fallbackUnits])],
        callTypes: [CallType(name: "call", share: 1, priority: 2, eligible: [preferred],
                             fallback: Fallback(afterMinutes: fallbackMinutes, to: [fallbackType]),
                             onScene: [preferredOnScene, onScene])],
        callsPerHour: callsPerHour, hourOfDayProfile: nil, horizonMinutes: horizonMinutes, warmupMinutes: warmupMinutes)
}

/// On-scene minutes that keep the lone preferred unit busy from its first call (which arrives in
/// the warm-up) past the horizon, so every later call must wait for its fallback.
private let foreverMinutes = 1e9

@Suite("Routing rules")
struct RoutingRuleTests {
    @Test("with the preferred type never free, every call waits exactly fallback.after, then goes to the fallback type")
    func fallbackWaitsExactly() throws {
        // 20 fallback units against 3 Erlangs of constant 30-minute calls: one is always free.
        let city = try fallbackCity(preferredUnits: 1, fallbackUnits: 20, fallbackMinutes: 10, onSceneMinutes: 30,
                                    preferredOnSceneMinutes: foreverMinutes,
                                    callsPerHour: 6, horizonMinutes: 20_000, warmupMinutes: 500)
        for run in replicate(city, seed: 31, count: 4) {
            let dispatched = run.wait.count
            #expect(dispatched > 1_500)
            #expect(run.handledByTypeAndResponder == [[0, dispatched]])
            #expect(run.fallbackEligibleByType == [dispatched])
            #expect(run.delayed == dispatched)
            #expect(abs(run.wait.mean - 10) < 1e-9, "mean wait \(run.wait.mean)")
            #expect(abs(run.wait.p90 - 10) < 1e-9, "90th percentile wait \(run.wait.p90)")
            // Calls of the last 10 minutes are still waiting at the horizon.
            #expect(run.calls == dispatched + run.waitingAtEnd)
            #expect(run.waitingAtEnd <= 10)
        }
    }

    @Test("a call type whose eligible types have no units goes straight to its fallback types")
    func noPreferredUnitsMeansNoWait() throws {
        let city = try fallbackCity(preferredUnits: 0, fallbackUnits: 20, fallbackMinutes: 10, onSceneMinutes: 30,
                                    callsPerHour: 6, horizonMinutes: 20_000, warmupMinutes: 500)
        for run in replicate(city, seed: 31, count: 4) {
            let dispatched = run.wait.count
            #expect(dispatched > 1_500)
            #expect(run.handledByTypeAndResponder == [[0, dispatched]])
            #expect(run.fallbackEligibleByType == [0])
            #expect(run.delayed == 0 && run.wait.mean == 0)
        }
    }

    @Test("the fallback type takes only calls that waited fallback.after; the preferred type takes the rest sooner")
    func fallbackOnlyAfterDelay() throws {
        // One preferred unit with 1.5 Erlangs of 30-minute calls (often busy); fallback units always free.
        let city = try fallbackCity(preferredUnits: 1, fallbackUnits: 20, fallbackMinutes: 10, onSceneMinutes: 30,
                                    callsPerHour: 3, horizonMinutes: 20_000, warmupMinutes: 500)
        for run in replicate(city, seed: 32, count: 4) {
            let byPreferred = run.handledByTypeAndResponder[0][preferred]
            let byFallback = run.handledByTypeAndResponder[0][fallbackType]
            #expect(byPreferred > 100 && byFallback > 100, "\(byPreferred) preferred, \(byFallback) fallback")
            // Every fallback dispatch happened when a call became fallback-eligible, and every
            // fallback-eligible call was dispatched then (a fallback unit is always free).
            #expect(byFallback == run.fallbackEligibleByType[0])
            // Calls the preferred unit took from its queue waited under 10 minutes.
            #expect(run.delayed > byFallback)
            // The fallback type's calls waited exactly 10 minutes, the preferred type's from 0 to 10.
            let totalWait = Double(run.wait.count) * run.wait.mean
            let preferredWait = totalWait - 10 * Double(byFallback)
            #expect(preferredWait >= -1e-6 && preferredWait <= 10 * Double(byPreferred),
                    "waits of preferred-unit calls sum to \(preferredWait) over \(byPreferred) calls")
        }
    }

    @Test("a call that falls back to a busy type queues there: its wait is the fallback delay plus the M/D/1 wait")
    func fallbackThenQueue() throws {
        // The preferred unit is never free after the warm-up: every call joins the one fallback
        // unit's queue exactly 10 minutes after it arrives, a Poisson stream delayed by a
        // constant, so the wait is 10 plus the M/D/1 wait.
        let callsPerHour = 1.2, onSceneMinutes = 30.0
        let city = try fallbackCity(preferredUnits: 1, fallbackUnits: 1, fallbackMinutes: 10,
                                    onSceneMinutes: onSceneMinutes, preferredOnSceneMinutes: foreverMinutes,
                                    callsPerHour: callsPerHour,
                                    horizonMinutes: 62_000, warmupMinutes: 2_000)
        let exact = try MG1Queue(arrivalRatePerMinute: callsPerHour / 60, meanServiceMinutes: onSceneMinutes,
                                 serviceVariance: 0)
        let runs = replicate(city, seed: 33, count: 16)
        expectWithinStandardErrors(runs.map(\.wait.mean), of: 10 + exact.meanWaitMinutes, "mean wait")
        expectWithinStandardErrors(runs.map { $0.utilizationByResponder[fallbackType] }, of: exact.utilization,
                                   "fallback utilization")
    }

    /// One zone; responder types A and B; one call type eligible for A, then B.
    private func twoTypeCity(unitsA: Int, unitsB: Int, onScene: Distribution, callsPerHour: Double,
                             horizonMinutes: Double, warmupMinutes: Double) -> CityConfiguration {
        CityConfiguration(
            zones: [Zone(name: "city", callShare: 1)], travelMinutes: [[0]], turnout: nil,
            responders: [responder("A", units: [unitsA]), responder("B", units: [unitsB])],
            callTypes: [CallType(name: "call", share: 1, priority: 1, eligible: [0, 1], fallback: nil,
                                 onScene: [onScene, onScene])],
            callsPerHour: callsPerHour, hourOfDayProfile: nil, horizonMinutes: horizonMinutes,
            warmupMinutes: warmupMinutes)
    }

    @Test("a call goes to the second eligible type only when the first has no free unit (Erlang B)")
    func eligibleOrder() throws {
        // One A unit, B units always free: A is an M/G/1/1 loss system whose overflow goes to B, so
        // A takes a share 1 - B(1, a) = 1 / (1 + a) of the calls (insensitive to the on-scene
        // distribution), and no call waits. a = 2/h x 30 min = 1.
        let city = twoTypeCity(unitsA: 1, unitsB: 20, onScene: try Distribution.constant(30), callsPerHour: 2,
                               horizonMinutes: 31_000, warmupMinutes: 1_000)
        let runs = replicate(city, seed: 43, count: 16)
        expectWithinStandardErrors(runs.map { Double($0.handledByTypeAndResponder[0][0]) / Double($0.wait.count) },
                                   of: 1 - MMcQueue.erlangB(servers: 1, offeredLoad: 1), "share taken by A")
        #expect(runs.allSatisfy { $0.delayed == 0 && $0.wait.mean == 0 })
    }

    @Test("a waiting call eligible for two types goes to whichever frees first (M/M/2, ordered hunting)")
    func waitingForEitherType() throws {
        // One A and one B unit, exponential 60 min on scene, 1.4 calls/h: an M/M/2 queue in which
        // a call finding both free takes A; the workloads are the one-zone hypercube's.
        let callsPerHour = 1.4, mu = 1.0 / 60
        let city = twoTypeCity(unitsA: 1, unitsB: 1, onScene: try Distribution.exponential(mean: 60),
                               callsPerHour: callsPerHour, horizonMinutes: 63_000, warmupMinutes: 3_000)
        let erlang = try MMcQueue(arrivalRatePerMinute: callsPerHour / 60, serviceRatePerMinute: mu, servers: 2)
        let hypercube = HypercubeModel(unitCount: 2, arrivalRatesPerMinute: [callsPerHour / 60],
                                       serviceRatePerMinute: mu, preferences: [[0, 1]]).solve()
        let runs = replicate(city, seed: 44, count: 16)
        expectWithinStandardErrors(runs.map(\.wait.mean), of: erlang.meanWaitMinutes, "mean wait")
        expectWithinStandardErrors(runs.map { Double($0.delayed) / Double($0.wait.count) },
                                   of: erlang.probabilityOfWaiting, "P(wait > 0)")
        expectWithinStandardErrors(runs.map { $0.utilizationByResponder[0] }, of: hypercube.workloads[0], "A workload")
        expectWithinStandardErrors(runs.map { $0.utilizationByResponder[1] }, of: hypercube.workloads[1], "B workload")
    }

    /// One zone, one unit, constant time on scene; call type 0 is routine (priority 3), call type
    /// 1 urgent (priority 1): listed second so that list order cannot stand in for priority.
    private func priorityCity(urgentShare: Double, onSceneMinutes: Double, callsPerHour: Double,
                              horizonMinutes: Double, warmupMinutes: Double) throws -> CityConfiguration {
        let onScene = try Distribution.constant(onSceneMinutes)
        return CityConfiguration(
            zones: [Zone(name: "city", callShare: 1)], travelMinutes: [[0]], turnout: nil,
            responders: [responder("police", units: [1])],
            callTypes: [CallType(name: "routine", share: 1 - urgentShare, priority: 3, eligible: [0], fallback: nil,
                                 onScene: [onScene]),
                        CallType(name: "urgent", share: urgentShare, priority: 1, eligible: [0], fallback: nil,
                                 onScene: [onScene])],
            callsPerHour: callsPerHour, hourOfDayProfile: nil, horizonMinutes: horizonMinutes,
            warmupMinutes: warmupMinutes)
    }

    @Test("in overload a freed unit takes later urgent calls before earlier routine ones")
    func priorityInOverload() throws {
        // 120 calls an hour against one unit doing two an hour: from the first minutes on, calls of
        // both types are always waiting, so after the first dispatch the unit only ever takes urgent calls.
        let city = try priorityCity(urgentShare: 0.5, onSceneMinutes: 30, callsPerHour: 120, horizonMinutes: 1_000,
                                    warmupMinutes: 0)
        for run in replicate(city, seed: 41, count: 4) {
            let routine = run.handledByTypeAndResponder[0][0], urgent = run.handledByTypeAndResponder[1][0]
            #expect(routine + urgent == 34, "dispatches at the first call and every 30 minutes after")
            #expect(routine <= 1, "\(routine) routine calls dispatched while urgent calls waited")
            #expect(run.callsByType[0] > 300, "routine calls were waiting all along")
        }
    }

    @Test("urgent and routine waits follow the non-preemptive priority M/D/1 queue (Cobham)")
    func priorityWaits() throws {
        // lambda = 2/h, constant 20 min on scene: rho = 2/3. W0 = lambda E[S^2] / 2; urgent calls
        // (share 0.4) wait W0 / (1 - rho1), routine calls W0 / ((1 - rho1)(1 - rho)); one FIFO queue
        // would give both W0 / (1 - rho).
        let callsPerHour = 2.0, onSceneMinutes = 20.0, urgentShare = 0.4
        let city = try priorityCity(urgentShare: urgentShare, onSceneMinutes: onSceneMinutes,
                                    callsPerHour: callsPerHour, horizonMinutes: 62_000, warmupMinutes: 2_000)
        let lambda = callsPerHour / 60
        let w0 = lambda * onSceneMinutes * onSceneMinutes / 2
        let rho = lambda * onSceneMinutes, rhoUrgent = urgentShare * rho
        let runs = replicate(city, seed: 42, count: 16)
        expectWithinStandardErrors(runs.map { $0.waitByType[1].mean }, of: w0 / (1 - rhoUrgent), "urgent mean wait")
        expectWithinStandardErrors(runs.map { $0.waitByType[0].mean }, of: w0 / ((1 - rhoUrgent) * (1 - rho)),
                                   "routine mean wait")
        // No travel: response is wait, and responseByPriority follows `priorities`, ascending.
        for run in runs {
            #expect(run.priorities == [1, 3])
            // (Per-type tallies estimate no median, so compare what both estimate.)
            func same(_ a: QuantitySummary, _ b: QuantitySummary) -> Bool {
                a.count == b.count && a.mean == b.mean && a.p90 == b.p90
            }
            #expect(same(run.responseByPriority[0], run.responseByType[1]) && same(run.responseByPriority[1], run.responseByType[0]))
            #expect(run.responseByType[1].mean == run.waitByType[1].mean)
        }
    }

    @Test("a freed unit takes a waiting call from where it is instead of going home")
    func freedUnitTakesQueuedCall() throws {
        // The unit is based in zone 0; calls arise only in zone 1, 20 minutes away. In overload the
        // first call finds the unit at home (travel 20, free again at t1 + 50); every later call is
        // taken from the queue in zone 1 with no travel, every 30 minutes until the horizon.
        let onScene = try Distribution.constant(30)
        let city = CityConfiguration(
            zones: [Zone(name: "base", callShare: 0), Zone(name: "calls", callShare: 1)],
            travelMinutes: [[0, 20], [20, 0]], turnout: nil,
            responders: [responder("police", units: [1, 0])],
            callTypes: [CallType(name: "call", share: 1, priority: 1, eligible: [0], fallback: nil, onScene: [onScene])],
            callsPerHour: 120, hourOfDayProfile: nil, horizonMinutes: 1_000, warmupMinutes: 0)
        for run in replicate(city, seed: 51, count: 4) {
            // First call at t1 < 20 (P(t1 >= 20) = e^-40): dispatches at t1, t1 + 50 + 30k <= 1000.
            #expect(run.dispatchesByUnit == [33])
            #expect(run.dispatchesByUnitAndZone == [[0, 33]])
            #expect(abs(run.travel.mean * Double(run.travel.count) - 20) < 1e-9,
                    "total travel \(run.travel.mean * Double(run.travel.count)) min: one trip from home")
            #expect(run.delayed == 32)
            #expect(run.utilizationByUnit[0] > 0.98)
        }
    }
}
