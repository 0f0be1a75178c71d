// TravelTests.swift: travel and turnout in response and busy time, and where a unit is while it heads home.

import DispatchModel
import DispatchRandom
import Foundation
import Testing

@Suite("Travel, turnout and trips home")
struct TravelTests {
    @Test("turnout is added to every trip; travel is part of response and of busy time")
    func turnoutAndTravel() throws {
        // One zone, 3 minutes across, constant 1.5-minute turnout: every trip takes 4.5 minutes.
        // Busy time per call is 4.5 + on scene, so utilization is lambda (4.5 + 40) / 2.
        let callsPerHour = 1.5
        let city = CityConfiguration(
            zones: [Zone(name: "city", callShare: 1)], travelMinutes: [[3]], turnout: try Distribution.constant(1.5),
            responders: [responder("police", units: [2])],
            callTypes: [CallType(name: "call", share: 1, priority: 1, eligible: [0], fallback: nil,
                                 onScene: [try Distribution.exponential(mean: 40)])],
            callsPerHour: callsPerHour, hourOfDayProfile: nil, horizonMinutes: 51_000, warmupMinutes: 1_000)
        let runs = replicate(city, seed: 71, count: 16)
        for run in runs {
            // Travel quantiles are not estimated (no result reports them); with constant travel and
            // turnout the mean alone shows every trip took 4.5 minutes.
            #expect(abs(run.travel.mean - 4.5) < 1e-12 && run.travel.p90.isNaN)
            #expect(abs(run.response.mean - run.wait.mean - 4.5) < 1e-9)
        }
        expectWithinStandardErrors(runs.map { $0.utilizationByResponder[0] }, of: callsPerHour / 60 * 44.5 / 2,
                                   "utilization")
    }

    @Test("a unit heading home is free in its last call's zone until the trip ends, and the trip is not busy time")
    func tripHome() throws {
        // One unit based in zone 0; calls only in zone 1, 20 minutes away; constant 10 minutes on
        // scene. After a call the unit is free in zone 1 for the 20-minute trip home. A call that
        // finds it idle arrives Exp(lambda) after it freed (memoryless), so it is fetched from zone
        // 1 (no travel) with probability 1 - e^(-20 lambda) and from home (20 minutes) otherwise.
        let lambda = 0.02
        let city = CityConfiguration(
            zones: [Zone(name: "base", callShare: 0), Zone(name: "calls", callShare: 1)],
            travelMinutes: [[0, 20], [20, 0]], turnout: nil, responders: [responder("police", units: [1, 0])],
            callTypes: [CallType(name: "call", share: 1, priority: 1, eligible: [0], fallback: nil,
                                 onScene: [try Distribution.constant(10)])],
            callsPerHour: lambda * 60, hourOfDayProfile: nil, horizonMinutes: 50_000, warmupMinutes: 0)
        let runs = replicate(city, seed: 72, count: 16)
        // Calls that waited were taken in zone 1 by the unit that just freed there; each trip from
        // home is 20 minutes. The first call of a run finds the unit at home from the start.
        let fromHome = runs.map { ($0.travel.mean * Double($0.travel.count) / 20).rounded() }
        expectWithinStandardErrors(zip(runs, fromHome).map { run, trips in
            (trips - 1) / Double(run.wait.count - run.delayed - 1)
        }, of: exp(-20 * lambda), "share of idle-unit calls fetched from home")
        for run in runs {
            // Busy time is travel to the call plus time on scene (the last call may run past the
            // horizon, by at most 30 minutes); a trip home would add 20 minutes per idle spell.
            let dispatched = Double(run.wait.count)
            let tripsAndScene = (run.travel.mean + run.onScene.mean) * dispatched
            let busy = run.utilizationByUnit[0] * run.observedMinutes
            #expect(tripsAndScene - busy >= -1e-6 && tripsAndScene - busy <= 30 + 1e-6,
                    "busy \(busy) min, travel and on scene \(tripsAndScene) min")
        }
    }
}
