// RunOutputTests.swift: running a scenario and writing its results folder: determinism across
// --jobs, the pinned CSV format, aggregate intervals, and safe writing.

import DispatchEngine
import Foundation
import Testing
@testable import DispatchScenario

/// The golden files live in Fixtures/golden; regenerate them only when a change to the simulated
/// sequence or the file format is intended, and say why in the commit.
private func golden(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/golden/\(name)", withExtension: nil))
    return try String(contentsOf: url, encoding: .utf8)
}

private func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "dispatchsim-test-\(UUID().uuidString)"
    return path
}

@Suite("Running and writing results")
struct RunOutputTests {
    static func scenario() throws -> Scenario {
        try ScenarioLoader.load(text: baseScenario, fileName: "city.yaml")
    }

    @Test("Results are byte-identical whatever the number of jobs")
    func jobsDoNotMatter() throws {
        let s = try Self.scenario()
        let one = s.run(jobs: 1), two = s.run(jobs: 2), four = s.run(jobs: 4)
        #expect(one.replications == two.replications && two.replications == four.replications)
        let t1 = one.tables, t2 = two.tables
        #expect(t1.summary.text == t2.summary.text && t1.byUnit.text == t2.byUnit.text)
        #expect(RunOutputTests.aggregateText(one) == RunOutputTests.aggregateText(four))
    }

    static func aggregateText(_ run: ScenarioRun) -> String {
        ScenarioRun.aggregateTable(run.aggregate).text
    }

    @Test("summary.csv and by_call_type.csv match the pinned golden files")
    func goldenFiles() throws {
        let run = try Self.scenario().run(jobs: 2)
        #expect(run.tables.summary.text == (try golden("summary.csv")))
        #expect(run.tables.byCallType.text == (try golden("by_call_type.csv")))
    }

    @Test("Aggregate rows are the mean and Student t interval of the summary column")
    func aggregate() throws {
        let run = try Self.scenario().run(jobs: 2)
        let row = try #require(run.aggregate.first { $0.metric == "mean_response_min" })
        let values = run.replications.map(\.response.mean)
        let mean = values.reduce(0, +) / Double(values.count)
        #expect(abs(row.interval.mean - mean) < 1e-12)
        #expect(row.interval.count == 2)
        // t(0.975, 1) = 12.706204736174694 (scipy.stats.t.ppf).
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 1).squareRoot()
        #expect(abs(row.interval.halfWidth - 12.706204736174694 * sd / 2.0.squareRoot()) < 1e-9)
    }

    @Test("A run writes every file, and refuses to overwrite results without force")
    func writing() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Self.scenario().run(jobs: 2)
        try run.write(to: ResultWriter(directory: folder, force: false), version: "test", overrides: [])
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files == ["aggregate.csv", "by_call_type.csv", "by_unit.csv", "by_zone.csv", "manifest.json",
                          "summary.csv", "unit_zone_dispatches.csv"])
        do {
            _ = try ResultWriter(directory: folder, force: false)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description.hasPrefix("\(folder): error: already holds results (aggregate.csv, by_call_type.csv, by_unit.csv, ...); use --force to replace them"))
        }
        #expect((try? ResultWriter(directory: folder, force: true)) != nil)
        let manifest = try String(contentsOfFile: folder + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"generator\" : \"mrg32k3a\"") && manifest.contains("\"seed\" : 3"))
    }

    @Test("An unwritable folder gives a clear error and leaves no partial file")
    func unwritable() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = try ResultWriter(directory: folder, force: false)
        // A folder where the file should go makes the rename fail, as a read-only folder would
        // (tests may run as root, which ignores permissions).
        try FileManager.default.createDirectory(atPath: folder + "/summary.csv/x", withIntermediateDirectories: true)
        do {
            try writer.write("a,b\n", to: "summary.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("\(folder)/summary.csv: error: cannot write: "))
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(left == ["summary.csv"])
    }
}
