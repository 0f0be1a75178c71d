// Runner.swift: runs a scenario's replications, in parallel when asked, with results in
// replication order whatever the number of jobs.

import Dispatch
import DispatchModel
import Foundation

/// The replications of one scenario and how long they took.
public struct ScenarioRun: Sendable {
    public let scenario: Scenario
    public let replications: [ReplicationResult]
    public let wallSeconds: Double
    public let jobs: Int

    public var events: Int { replications.reduce(0) { $0 + $1.events } }
}

extension Scenario {
    /// Runs every replication, `jobs` at a time. Each replication draws only from its own streams,
    /// so the results do not depend on `jobs` or on the order replications finish in.
    public func run(jobs: Int) -> ScenarioRun {
        let start = DispatchTime.now()
        let count = replications
        let results = ResultSlots<ReplicationResult>(count: count)
        let city = self.city
        let seeder = self.seeder
        let workers = max(1, min(jobs, count))
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let replication = next.take(below: count) {
                results.set(replication, city.runReplication(seeder: seeder, replication: replication))
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return ScenarioRun(scenario: self, replications: results.values, wallSeconds: seconds, jobs: workers)
    }
}

/// Hands out 0, 1, 2, ... to worker threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

/// One slot per task, written once each by worker threads.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
