// ArrivalTests.swift: call volume over the observed window, with and without an hour-of-day profile, and the split by zone and type.

import DispatchModel
import DispatchRandom
import Testing

@Suite("Arrivals")
struct ArrivalTests {
    /// No calls from midnight to noon, twice the average rate from noon to midnight.
    static let profile = Array(repeating: 0.0, count: 12) + Array(repeating: 2.0, count: 12)

    static func city(profile: [Double]?, horizonMinutes: Double, warmupMinutes: Double) throws -> CityConfiguration {
        let onScene = try Distribution.exponential(mean: 30)
        return CityConfiguration(
            zones: [Zone(name: "a", callShare: 0.7), Zone(name: "b", callShare: 0.3)],
            travelMinutes: [[0, 5], [5, 0]], turnout: nil, responders: [responder("police", units: [3, 3])],
            callTypes: [CallType(name: "x", share: 0.25, priority: 1, eligible: [0], fallback: nil, onScene: [onScene]),
                        CallType(name: "y", share: 0.75, priority: 2, eligible: [0], fallback: nil, onScene: [onScene])],
            callsPerHour: 5, hourOfDayProfile: profile, horizonMinutes: horizonMinutes, warmupMinutes: warmupMinutes)
    }

    @Test("an hour-of-day profile sets the expected calls in the window; none come in zero-rate hours")
    func profileVolume() throws {
        let quiet = try Self.city(profile: Self.profile, horizonMinutes: 720, warmupMinutes: 0)
        for run in replicate(quiet, seed: 61, count: 4) {
            #expect(run.calls == 0 && run.events == 0)
        }
        // Noon to midnight: 12 hours at 2 x 5 calls an hour; the count is Poisson with mean 120.
        let busy = try Self.city(profile: Self.profile, horizonMinutes: 1_440, warmupMinutes: 720)
        let runs = replicate(busy, seed: 62, count: 16)
        expectWithinStandardErrors(runs.map { Double($0.calls) }, of: 120, "calls from noon to midnight")
    }

    @Test("calls split over zones and types by their shares")
    func shares() throws {
        let city = try Self.city(profile: nil, horizonMinutes: 10_080, warmupMinutes: 60)
        let runs = replicate(city, seed: 63, count: 16)
        expectWithinStandardErrors(runs.map { Double($0.calls) }, of: 5 * (10_080 - 60) / 60, "calls in the window")
        expectWithinStandardErrors(runs.map { Double($0.callsByZone[0]) / Double($0.calls) }, of: 0.7, "zone a share")
        expectWithinStandardErrors(runs.map { Double($0.callsByType[0]) / Double($0.calls) }, of: 0.25, "type x share")
        #expect(runs.allSatisfy { $0.callsByZone.reduce(0, +) == $0.calls && $0.callsByType.reduce(0, +) == $0.calls })
    }
}
