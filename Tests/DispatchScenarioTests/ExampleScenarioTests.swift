// ExampleScenarioTests.swift: the shipped example scenario, run through the whole stack (file,
// loader, model, runner, aggregate), against the exact Erlang C result.

import DispatchEngine
@testable import DispatchResults
@testable import DispatchRuns
@testable import DispatchScenario
import DispatchYAML
import Foundation
import Testing

@Suite("Example scenarios")
struct ExampleScenarioTests {
    @Test("Scenarios/examples/erlang-c.yaml matches Erlang C (shortened horizon, more replications)")
    func erlangC() throws {
        // The file as shipped runs 8 x 1000 days; a test shortens it through --set, which is
        // also what a user would do.
        let scenario = try ScenarioLoader.load(file: "Scenarios/examples/erlang-c.yaml",
                                               overrides: [Override.parse("horizon=120 days"),
                                                           Override.parse("replications=16")])
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Execution.execute(RunPlan(scenario: scenario, overrides: []), into: folder, jobs: 2,
                                        force: false, resume: false, version: "test")
        let exact = try MMcQueue(arrivalRatePerMinute: 4.5 / 60, serviceRatePerMinute: 1.0 / 60, servers: 5)
        let rows = Dictionary(uniqueKeysWithValues: run.aggregate.map { ($0.metric, $0.interval) })
        for (metric, value) in [("mean_wait_min", exact.meanWaitMinutes),
                                ("share_delayed", exact.probabilityOfWaiting),
                                ("utilization_police", exact.utilization),
                                ("mean_calls_waiting", exact.meanQueueLength)] {
            let ci = try #require(rows[metric])
            #expect(ci.count == 16)
            #expect(abs(ci.mean - value) <= 4 * ci.standardError, "\(metric): \(ci.mean) vs exact \(value)")
        }
    }
}
