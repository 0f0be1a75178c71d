// QueueingValidationTests.swift: simulated M/M/c and M/G/1 queues against Erlang C and
// Pollaczek-Khinchine, and Little's law, with tolerances from the spread across replications.

import DispatchEngine
import DispatchRandom
import Testing

/// Expects `exact` to lie in the 99.99% Student t confidence interval for the mean of R
/// independent replications' estimates: |mean - exact| <= t(0.99995, R - 1) sd / sqrt R, 4.90
/// standard errors for R = 20.
///
/// The t quantile, not the normal 4: per-replication mean waits are right-skewed, and over 200
/// seeds of the M/M/2 case the studentized error reached -4.07 twice, about as often as t with 19
/// degrees of freedom predicts and far more often than a normal tail does. The level is fixed in
/// advance: with about 20 such checks a correct simulation fails one with probability about 2e-3,
/// and the seeds are fixed, so a pass is reproducible.
func expectAgrees(_ estimates: [Double], with exact: Double, _ what: String,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    let interval = ConfidenceInterval(estimates, level: 0.9999)
    #expect(interval.contains(exact),
            "\(what): \(interval) does not contain the exact \(exact) (error \((interval.mean - exact) / interval.standardError) standard errors)",
            sourceLocation: sourceLocation)
}

/// One validation scenario. The service rate is 1 per minute (mean service 1 minute); arrivals
/// come at `utilization x servers` per minute.
struct QueueCase: CustomTestStringConvertible, Sendable {
    var name: String
    var servers: Int
    var utilization: Double
    var service: Distribution
    /// Deleted from the start of each replication, minutes: many relaxation times
    /// (about 1 / (c mu (1 - sqrt rho)^2) for M/M/c).
    var warmUpMinutes: Double
    /// Length of the observation window, minutes.
    var windowMinutes: Double
    var replications = 20

    var arrivalRatePerMinute: Double { utilization * Double(servers) }
    var testDescription: String { name }

    /// Runs the replications, each with its own streams from one seeder.
    func run(seed: UInt64) -> [QueueReplication] {
        let seeder = StreamSeeder(seed: seed)
        return (0..<replications).map { replication in
            QueueReplication(arrivalRatePerMinute: arrivalRatePerMinute, service: service, servers: servers,
                             warmUpEnd: warmUpMinutes, arrivalsEnd: warmUpMinutes + windowMinutes,
                             seeder: seeder, replication: replication)
        }
    }
}

/// Little's law L = lambda W on each replication's sample path: the time-average number in
/// system against the observed arrival rate times the mean time in system. In steady state their
/// difference has mean 0 (the customers in system at the window's two ends balance), and its
/// spread is small, so this is a sharp check of the time-weighted statistic and the clock.
func expectLittlesLaw(_ runs: [QueueReplication], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    expectAgrees(runs.map { $0.meanNumberInSystem - $0.observedArrivalRate * $0.meanSojournMinutes }, with: 0,
                 "\(what) L - lambda W", sourceLocation: sourceLocation)
}

@Suite("Queueing validation")
struct QueueingValidationTests {
    static let exponential = try! Distribution.exponential(mean: 1)

    static let mmcCases = [
        QueueCase(name: "M/M/1, rho = 0.5", servers: 1, utilization: 0.5, service: exponential,
                  warmUpMinutes: 200, windowMinutes: 4_000),
        QueueCase(name: "M/M/1, rho = 0.9", servers: 1, utilization: 0.9, service: exponential,
                  warmUpMinutes: 2_000, windowMinutes: 12_000),
        QueueCase(name: "M/M/2, rho = 0.8", servers: 2, utilization: 0.8, service: exponential,
                  warmUpMinutes: 500, windowMinutes: 5_000),
        QueueCase(name: "M/M/5, rho = 0.9", servers: 5, utilization: 0.9, service: exponential,
                  warmUpMinutes: 500, windowMinutes: 3_000),
        QueueCase(name: "M/M/10, rho = 0.95", servers: 10, utilization: 0.95, service: exponential,
                  warmUpMinutes: 1_000, windowMinutes: 2_000),
    ]

    @Test("M/M/c against Erlang C (P(wait > 0), mean wait) and Little's law", arguments: mmcCases)
    func mmc(_ scenario: QueueCase) throws {
        let exact = try MMcQueue(arrivalRatePerMinute: scenario.arrivalRatePerMinute, serviceRatePerMinute: 1,
                                 servers: scenario.servers)
        let runs = scenario.run(seed: 20_260_101 + UInt64(scenario.servers))
        expectAgrees(runs.map(\.fractionWaiting), with: exact.probabilityOfWaiting, "\(scenario.name) P(wait > 0)")
        expectAgrees(runs.map(\.meanWaitMinutes), with: exact.meanWaitMinutes, "\(scenario.name) mean wait")
        expectLittlesLaw(runs, scenario.name)
    }

    static let mg1Cases = [
        QueueCase(name: "M/G/1, lognormal service, cv = 0.5, rho = 0.8", servers: 1, utilization: 0.8,
                  service: try! .lognormal(mean: 1, sd: 0.5), warmUpMinutes: 1_000, windowMinutes: 8_000),
        QueueCase(name: "M/G/1, gamma service, cv = 2, rho = 0.8", servers: 1, utilization: 0.8,
                  service: try! .gamma(mean: 1, sd: 2), warmUpMinutes: 2_000, windowMinutes: 12_000),
    ]

    @Test("M/G/1 against Pollaczek-Khinchine (mean wait) and Little's law", arguments: mg1Cases)
    func mg1(_ scenario: QueueCase) throws {
        let exact = try MG1Queue(arrivalRatePerMinute: scenario.arrivalRatePerMinute,
                                 meanServiceMinutes: scenario.service.mean, serviceVariance: scenario.service.variance)
        let runs = scenario.run(seed: 20_260_201)
        expectAgrees(runs.map(\.meanWaitMinutes), with: exact.meanWaitMinutes, "\(scenario.name) mean wait")
        expectLittlesLaw(runs, scenario.name)
    }

    @Test("The same seed reproduces a run to the bit; another seed does not")
    func determinism() {
        let scenario = QueueCase(name: "M/M/2, rho = 0.8", servers: 2, utilization: 0.8,
                                 service: Self.exponential, warmUpMinutes: 100, windowMinutes: 1_000,
                                 replications: 3)
        let first = scenario.run(seed: 99)
        let again = scenario.run(seed: 99)
        let other = scenario.run(seed: 100)
        #expect(first == again)
        #expect(zip(first, other).allSatisfy { $0.meanWaitMinutes != $1.meanWaitMinutes })
        #expect(first[0].meanWaitMinutes != first[1].meanWaitMinutes, "replications use different streams")
    }
}
