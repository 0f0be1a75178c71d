// ErlangCTests.swift: the model as an M/M/c queue against Erlang C, utilization and Little's law.

import DispatchEngine
import DispatchModel
import DispatchRandom
import Testing

/// One M/M/c case; times in minutes.
struct ErlangCase: CustomTestStringConvertible, Sendable {
    var servers: Int
    var callsPerHour: Double
    var meanOnSceneMinutes: Double
    var warmupMinutes: Double
    var observedMinutes: Double
    var replications: Int
    var seed: UInt64

    var arrivalRatePerMinute: Double { callsPerHour / 60 }
    var utilization: Double { arrivalRatePerMinute * meanOnSceneMinutes / Double(servers) }
    var testDescription: String { "M/M/\(servers), \(callsPerHour) calls/h, on scene \(meanOnSceneMinutes) min (rho = \(utilization))" }

    func exact() throws -> MMcQueue {
        try MMcQueue(arrivalRatePerMinute: arrivalRatePerMinute, serviceRatePerMinute: 1 / meanOnSceneMinutes,
                     servers: servers)
    }

    func city() throws -> CityConfiguration {
        try erlangCity(servers: servers, callsPerHour: callsPerHour, meanOnSceneMinutes: meanOnSceneMinutes,
                       horizonMinutes: warmupMinutes + observedMinutes, warmupMinutes: warmupMinutes)
    }
}

@Suite("Erlang C: one zone, no travel, exponential time on scene")
struct ErlangCTests {
    // Warm-ups are at least about two relaxation times, 1 / (c mu (1 - sqrt rho)^2), which leaves
    // an initial-state bias far below one standard error; windows hold 800 to 4,500 calls per
    // replication, sized so the suite stays quick in a debug build.
    static let cases = [
        ErlangCase(servers: 1, callsPerHour: 0.5, meanOnSceneMinutes: 60, warmupMinutes: 3_000,
                   observedMinutes: 100_000, replications: 16, seed: 101),
        ErlangCase(servers: 2, callsPerHour: 1.6, meanOnSceneMinutes: 60, warmupMinutes: 6_000,
                   observedMinutes: 80_000, replications: 16, seed: 102),
        // Scenarios/examples/erlang-c.yaml.
        ErlangCase(servers: 5, callsPerHour: 4.5, meanOnSceneMinutes: 60, warmupMinutes: 10_000,
                   observedMinutes: 60_000, replications: 16, seed: 105),
        ErlangCase(servers: 10, callsPerHour: 9, meanOnSceneMinutes: 60, warmupMinutes: 6_000,
                   observedMinutes: 30_000, replications: 16, seed: 110),
    ]

    @Test("mean wait, P(wait), utilization and Little's law against M/M/c", arguments: cases)
    func againstMMc(_ scenario: ErlangCase) throws {
        let exact = try scenario.exact()
        let runs = replicate(try scenario.city(), seed: scenario.seed, count: scenario.replications)
        expectWithinStandardErrors(runs.map(\.wait.mean), of: exact.meanWaitMinutes, "\(scenario) mean wait")
        expectWithinStandardErrors(runs.map { Double($0.delayed) / Double($0.wait.count) },
                                   of: exact.probabilityOfWaiting, "\(scenario) P(wait > 0)")
        expectWithinStandardErrors(runs.map { $0.utilizationByResponder[0] }, of: exact.utilization,
                                   "\(scenario) utilization")
        expectLittlesLaw(scenario, exact, runs)
        // Calls see time averages (PASTA): the share that arrive with no unit free is P(wait), and
        // the patrol time left is 1 - utilization.
        expectWithinStandardErrors(runs.map { Double($0.noUnitFreeByPriority[0]) / Double($0.arrivalsByPriority[0]) },
                                   of: exact.probabilityOfWaiting, "\(scenario) share arriving with no unit free")
        expectWithinStandardErrors(runs.map { $0.uncommittedOfficerHours / $0.officerHoursOnDuty }, of: 1 - exact.utilization,
                                   "\(scenario) uncommitted share")
    }

    /// Little's law for the queue, L = lambda W (the runs are shared with the test above: they are
    /// the suite's most expensive part).
    func expectLittlesLaw(_ scenario: ErlangCase, _ exact: MMcQueue, _ runs: [ReplicationResult]) {
        // On every sample path the area under the waiting-calls curve holds the whole wait of every
        // call that arrived in the window and was dispatched, so L T >= (calls dispatched) x (their
        // mean wait); the excess is the calls waiting at the window's two ends.
        for (replication, run) in runs.enumerated() {
            let area = run.meanCallsWaiting * run.observedMinutes
            let waits = Double(run.wait.count) * run.wait.mean
            #expect(area >= waits * (1 - 1e-12), "\(scenario) replication \(replication): area \(area) < waits \(waits)")
        }
        // L and lambda W each against lambda Wq. Not the per-replication difference L - lambda W:
        // L and W move together, so the difference has a small spread, and the one-sided end
        // effects above (of order 1 / window) bias it by 1 to 2.5 standard errors at these windows.
        expectWithinStandardErrors(runs.map(\.meanCallsWaiting), of: exact.meanQueueLength, "\(scenario) L")
        expectWithinStandardErrors(runs.map { scenario.arrivalRatePerMinute * $0.wait.mean }, of: exact.meanQueueLength,
                                   "\(scenario) lambda W")
    }
}
