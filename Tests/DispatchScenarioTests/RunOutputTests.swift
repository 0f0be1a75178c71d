// RunOutputTests.swift: running a scenario into its results folder: the pinned CSV format,
// aggregate intervals, and safe writing (refusing to clobber, unwritable folders).

import DispatchEngine
@testable import DispatchResults
@testable import DispatchRuns
@testable import DispatchScenario
import DispatchYAML
import Foundation
import Testing

/// The golden files live in Fixtures/golden; regenerate them only when a change to the simulated
/// sequence or the file format is intended, and say why in the commit.
private func golden(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/golden/\(name)", withExtension: nil))
    return try String(contentsOf: url, encoding: .utf8)
}

/// A fresh folder path under the system's temporary folder.
func temporaryFolder() -> String {
    NSTemporaryDirectory() + "dispatchsim-test-\(UUID().uuidString)"
}

func read(_ folder: String, _ file: String) throws -> String {
    try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
}

let resultFiles = ["summary.csv", "aggregate.csv", "by_unit.csv", "by_zone.csv", "by_call_type.csv",
                   "unit_zone_dispatches.csv", "response.csv", "crisis_funnel.csv"]

@Suite("Running and writing results")
struct RunOutputTests {
    static func plan() throws -> RunPlan {
        RunPlan(scenario: try ScenarioLoader.load(text: baseScenario, fileName: "city.yaml"), overrides: [])
    }

    @Test("summary.csv and by_call_type.csv match the pinned golden files")
    func goldenFiles() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try Execution.execute(Self.plan(), into: folder, jobs: 2, force: false, resume: false, version: "test")
        #expect(try read(folder, "summary.csv") == golden("summary.csv"))
        #expect(try read(folder, "by_call_type.csv") == golden("by_call_type.csv"))
    }

    @Test("A run writes every file and leaves no working files behind")
    func files() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try Execution.execute(Self.plan(), into: folder, jobs: 2, force: false, resume: false, version: "test")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files == ["aggregate.csv", "by_call_type.csv", "by_unit.csv", "by_zone.csv", "crisis_funnel.csv",
                          "manifest.json", "response.csv", "summary.csv", "unit_zone_dispatches.csv"])
        let manifest = try read(folder, "manifest.json")
        #expect(manifest.contains("\"generator\" : \"mrg32k3a\"") && manifest.contains("\"seed\" : 3"))
    }

    @Test("Aggregate rows are the mean and Student t interval of the summary column")
    func aggregate() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let execution = try Execution.execute(Self.plan(), into: folder, jobs: 2, force: false, resume: false, version: "test")
        let row = try #require(execution.aggregate.first { $0.metric == "mean_response_min" })
        // The per-replication values, read back from summary.csv.
        let lines = try read(folder, "summary.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let column = try #require(lines[0].firstIndex(of: "mean_response_min"))
        let values = lines.dropFirst().map { Double($0[column])! }
        let mean = values.reduce(0, +) / Double(values.count)
        #expect(abs(row.interval.mean - mean) < 1e-12 && row.interval.count == 2)
        // t(0.975, 1) = 12.706204736174694 (scipy.stats.t.ppf).
        let sd = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +).squareRoot()
        #expect(abs(row.interval.halfWidth - 12.706204736174694 * sd / 2.0.squareRoot()) < 1e-9)
        #expect(try read(folder, "aggregate.csv").contains("0,mean_response_min,\(CSVValue.number(row.interval.mean).field),"))
    }

    @Test("Existing results are refused without --force, and an interrupted run without --resume")
    func refusals() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let plan = try Self.plan()
        _ = try Execution.execute(plan, into: folder, jobs: 2, force: false, resume: false, version: "test")
        #expect(throws: (any Error).self) { try Execution.execute(plan, into: folder, jobs: 2, force: false, resume: false, version: "test") }
        do {
            _ = try Execution.execute(plan, into: folder, jobs: 2, force: false, resume: false, version: "test")
        } catch {
            #expect("\(error)" == "\(folder): error: already holds results (aggregate.csv, by_call_type.csv, by_unit.csv, ...); use --force to replace them, or --out to write elsewhere")
        }
        _ = try Execution.execute(plan, into: folder, jobs: 2, force: true, resume: false, version: "test")

        let interrupted = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: interrupted) }
        _ = try ResultsFolder.open(interrupted, header: PlanHeader(plan: plan, toolVersion: "test"), force: false, resume: false)
        do {
            _ = try Execution.execute(plan, into: interrupted, jobs: 2, force: false, resume: false, version: "test")
            Issue.record("expected a refusal")
        } catch {
            #expect("\(error)" == "\(interrupted): error: holds an interrupted run (sweep.json, runs/); use --resume to finish it, or --force to start over")
        }
    }

    @Test("The printed summary says when a run was overloaded, and only then")
    func overloadNotice() throws {
        for (rate, overloaded) in [(6.0, false), (20.0, true)] {
            let folder = temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let scenario = try ScenarioLoader.load(file: "Scenarios/examples/small-city.yaml",
                                                   overrides: [Override.parse("demand.calls_per_hour=\(rate)")])
            let execution = try Execution.execute(RunPlan(scenario: scenario, overrides: []), into: folder, jobs: 2,
                                                  force: false, resume: false, version: "test")
            #expect(execution.summaryText().contains("OVERLOADED: ") == overloaded, "\(rate) calls an hour")
            #expect(try read(folder, "manifest.json").contains("\"overloaded\" : \(overloaded)"))
        }
    }

    @Test("An unwritable folder gives a clear error and leaves no partial file")
    func unwritable() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = try ResultWriter(directory: folder)
        // A folder where the file should go makes the rename fail, as a read-only folder would
        // (tests may run as root, which ignores permissions).
        try FileManager.default.createDirectory(atPath: folder + "/summary.csv/x", withIntermediateDirectories: true)
        do {
            try writer.write("a,b\n", to: "summary.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("\(folder)/summary.csv: error: cannot write: "))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["summary.csv"])
    }
}
