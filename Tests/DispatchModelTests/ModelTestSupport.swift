// ModelTestSupport.swift: small cities, replication runs and the 4-standard-error check shared by the model tests.

import DispatchEngine
import DispatchModel
import DispatchRandom
import Testing

/// The mean of R independent replications' estimates is within `z` standard errors (sd / sqrt R)
/// of `exact`. With z = 4 a correct model fails with probability below 1e-3 even for R = 16
/// (Student t, 15 degrees of freedom); seeds are fixed, so a pass is reproducible.
func expectWithinStandardErrors(_ estimates: [Double], of exact: Double, z: Double = 4, _ what: String,
                                sourceLocation: SourceLocation = #_sourceLocation) {
    let statistics = RunningStatistics(estimates)
    let error = statistics.mean - exact
    #expect(statistics.count >= 2 && statistics.standardError.isFinite,
            "\(what): need at least two finite estimates, found \(estimates)", sourceLocation: sourceLocation)
    #expect(abs(error) <= z * statistics.standardError,
            "\(what): mean of \(statistics.count) replications \(statistics.mean), exact \(exact), error \(error) = \(error / statistics.standardError) standard errors",
            sourceLocation: sourceLocation)
}

/// Runs replications `0..<count` of `city` from one seed.
func replicate(_ city: CityConfiguration, seed: UInt64, count: Int) -> [ReplicationResult] {
    let seeder = StreamSeeder(seed: seed)
    return (0..<count).map { city.runReplication(seeder: seeder, replication: $0) }
}

/// A responder type with no cost.
func responder(_ name: String, units: [Int]) -> ResponderType {
    ResponderType(name: name, unitsPerZone: units, costPerUnitHour: nil)
}

/// An M/M/c queue as a city: one zone, no travel, no turnout, one responder type with `servers`
/// units and one call type with exponential time on scene.
func erlangCity(servers: Int, callsPerHour: Double, meanOnSceneMinutes: Double, horizonMinutes: Double,
                warmupMinutes: Double) throws -> CityConfiguration {
    CityConfiguration(
        zones: [Zone(name: "city", callShare: 1)], travelMinutes: [[0]], turnout: nil,
        responders: [responder("police", units: [servers])],
        callTypes: [CallType(name: "call", share: 1, priority: 1, eligible: [0], fallback: nil,
                             onScene: [try Distribution.exponential(mean: meanOnSceneMinutes)])],
        callsPerHour: callsPerHour, hourOfDayProfile: nil, horizonMinutes: horizonMinutes,
        warmupMinutes: warmupMinutes)
}
