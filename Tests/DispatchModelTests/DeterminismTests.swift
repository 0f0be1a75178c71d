// DeterminismTests.swift: a replication is a function of city, seed and replication number.

import DispatchModel
import DispatchRandom
import Testing

@Suite("Determinism")
struct DeterminismTests {
    /// Two zones, two responder types with a fallback, two call types, turnout and an hour-of-day
    /// profile, so every random stream is drawn from.
    static func city() throws -> CityConfiguration {
        let profile = (0..<24).map { 1 + 0.5 * (Double($0) - 11.5) / 11.5 }
        return CityConfiguration(
            zones: [Zone(name: "north", callShare: 0.6), Zone(name: "south", callShare: 0.4)],
            travelMinutes: [[2, 9], [8, 3]], turnout: try Distribution.uniform(low: 0.5, high: 2),
            responders: [responder("police", units: [2, 1]), responder("crisis", units: [1, 0])],
            callTypes: [
                CallType(name: "crime", share: 0.7, priority: 1, eligible: [0], fallback: nil,
                         onScene: [try Distribution.exponential(mean: 45), nil]),
                CallType(name: "mental_health", share: 0.3, priority: 2, eligible: [1],
                         fallback: Fallback(afterMinutes: 15, to: [0]),
                         onScene: [try Distribution.lognormal(mean: 50, sd: 30), try Distribution.gamma(mean: 70, sd: 40)]),
            ],
            callsPerHour: 3, hourOfDayProfile: profile, horizonMinutes: 10_080, warmupMinutes: 1_440)
    }

    @Test("same city, seed and replication give the same result")
    func sameInputsSameResult() throws {
        let city = try Self.city()
        let first = city.runReplication(seeder: StreamSeeder(seed: 7), replication: 3)
        let second = city.runReplication(seeder: StreamSeeder(seed: 7), replication: 3)
        #expect(first == second)
        #expect(first.calls > 300 && first.fallbackEligibleByType[1] > 0, "the run exercises the whole model")
    }

    @Test("another seed or another replication gives another result")
    func otherInputsOtherResult() throws {
        let city = try Self.city()
        let base = city.runReplication(seeder: StreamSeeder(seed: 7), replication: 3)
        #expect(city.runReplication(seeder: StreamSeeder(seed: 8), replication: 3) != base)
        #expect(city.runReplication(seeder: StreamSeeder(seed: 7), replication: 4) != base)
    }
}
