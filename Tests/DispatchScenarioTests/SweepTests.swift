// SweepTests.swift: sweep files and their execution: grid expansion, located path errors,
// byte-identical results across --jobs, shards and resumption, merge checks, and the variance
// reduction that common random numbers give.

import DispatchEngine
import DispatchModel
@testable import DispatchResults
@testable import DispatchRuns
@testable import DispatchScenario
import DispatchYAML
import Foundation
import Testing

private let tinySweep = "Scenarios/examples/tiny-sweep.yaml"

/// Writes `text` as a sweep file beside the example scenarios (so `base` resolves) and loads it.
private func sweep(_ text: String) throws -> SweepFile {
    let file = "Scenarios/examples/.test-sweep-\(UUID().uuidString).yaml"
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    return try SweepFile.load(file: file)
}

private func plan(_ file: String = tinySweep, replications: Int? = nil) throws -> RunPlan {
    try RunPlan(sweep: SweepFile.load(file: file), overrides: [], replications: replications, seed: nil)
}


@Suite("Sweeps")
struct SweepTests {
    @Test("A grid is the full product, last parameter fastest; explicit points follow")
    func gridExpansion() throws {
        let s = try SweepFile.load(file: tinySweep)
        #expect(s.parameters == ["budget.shares.crisis_team", "call_types.behavioral_health.fallback"])
        #expect(s.points.map { $0.values["budget.shares.crisis_team"] } == ["0.1", "0.1", "0.2", "0.2", "0"])
        #expect(s.points.map { $0.values["call_types.behavioral_health.fallback"] }
                == ["{after: 10 min, to: [police]}", "null", "{after: 10 min, to: [police]}", "null", nil])
        let p = try plan()
        #expect(p.points.map { $0.scenario.city.responders.map(\.unitCount) } == [[10, 1], [10, 1], [9, 3], [9, 3], [11, 0]])
        #expect(p.points[1].scenario.city.callTypes[2].fallback == nil)
        #expect(p.points[0].scenario.city.callTypes[2].fallback != nil)
        let shard = try Shard(parsing: "2/4")
        #expect(p.runs.count == 15 && p.runs(shard: shard).map(\.replication) == [1, 2, 0, 1])
    }

    @Test("Ranges from/to/step include both ends and read cleanly")
    func ranges() throws {
        let s = try sweep("""
            name: r
            base: small-city.yaml
            grid:
              budget.shares.crisis_team: { from: 0.05, to: 0.3, step: 0.05 }
            """)
        #expect(s.points.map { $0.values["budget.shares.crisis_team"]! } == ["0.05", "0.1", "0.15", "0.2", "0.25", "0.3"])
    }

    @Test("An unknown path names the sweep file's line and the nearest valid path")
    func unknownPath() throws {
        let s = try sweep("""
            name: r
            base: small-city.yaml
            grid:
              budget.shares.crisis_tem: [0.1]
            """)
        let file = s.sourceFile
        #expect(diagnostics { _ = try RunPlan(sweep: s, overrides: [], replications: nil, seed: nil) } == [
            "\(file):4:30: error: budget.shares.crisis_tem: point 0 (budget.shares.crisis_tem=0.1): unknown key 'crisis_tem' (did you mean 'crisis_team'?)",
        ])
        let t = try sweep("""
            name: r
            base: small-city.yaml
            grid:
              responders.polise.units: [from_budget]
            """)
        #expect(diagnostics { _ = try RunPlan(sweep: t, overrides: [], replications: nil, seed: nil) } == [
            "\(t.sourceFile):4:29: error: responders.polise.units: point 0 (responders.polise.units=from_budget): no item named 'polise' in responders (did you mean 'responders.police'?)",
        ])
    }

    @Test("Sweep file shape errors")
    func shapeErrors() {
        #expect(diagnostics { _ = try sweep("name: r\nbase: nowhere.yaml\ngrid: { seed: [1] }\n") }.first?
            .hasSuffix(":2:7: error: base: expected a scenario file (relative to the sweep file), found 'nowhere.yaml', and Scenarios/examples/nowhere.yaml does not exist") == true)
        #expect(diagnostics { _ = try sweep("name: r\nbase: small-city.yaml\n") }.first?
            .hasSuffix(":1:1: error: expected 'grid' or 'points' (the parameters to vary), or 'uncertainty', found none of them") == true)
        #expect(diagnostics { _ = try sweep("name: r\nbase: small-city.yaml\npoints:\n  - { seed: 1 }\n  - { seed: 1 }\n") }.first?
            .hasSuffix(":5:7: error: points: point 1 repeats point 0 (seed=1)") == true)
        // A repeated point of several values is reported at its first value in the file, not at
        // the first its dictionary yields (which changes from one process to the next: before
        // this was fixed, this check failed in about two processes of three).
        #expect(diagnostics { _ = try sweep("name: r\nbase: small-city.yaml\npoints:\n  - { seed: 1, horizon: 2 days, warmup: 0 }\n  - { warmup: 0, seed: 1, horizon: 2 days }\n") }.first?
            .hasSuffix(":5:7: error: points: point 1 repeats point 0 (seed=1, horizon=2 days, warmup=0)") == true)
    }

    @Test("Results are byte-identical for any --jobs, and for shards merged")
    func identity() throws {
        let p = try plan()
        var folders: [String] = []
        defer { for f in folders { try? FileManager.default.removeItem(atPath: f) } }
        for jobs in [1, 2, 4] {
            let folder = temporaryFolder()
            folders.append(folder)
            _ = try Execution.execute(p, into: folder, jobs: jobs, force: false, resume: false, version: "test")
        }
        var shardFolders: [String] = []
        for k in 1...3 {
            let folder = temporaryFolder()
            shardFolders.append(folder)
            _ = try Execution.execute(p, into: folder, jobs: 2, shard: try Shard(parsing: "\(k)/3"), force: false,
                                      resume: false, version: "test")
        }
        folders += shardFolders
        let merged = temporaryFolder()
        folders.append(merged)
        try ResultsFolder.merge(shards: shardFolders.reversed(), into: merged, force: false)
        for file in resultFiles {
            let reference = try read(folders[0], file)
            for other in [folders[1], folders[2], merged] {
                #expect(try read(other, file) == reference, "\(file) differs in \(other)")
            }
        }
        // Merge refuses incomplete or duplicated shard sets.
        #expect(diagnostics { try ResultsFolder.merge(shards: [shardFolders[0], shardFolders[2]], into: temporaryFolder(), force: false) }
            .first?.hasSuffix("error: cannot merge: shard 2/3 of the sweep is missing") == true)
        #expect(diagnostics { try ResultsFolder.merge(shards: [shardFolders[0], shardFolders[0]], into: temporaryFolder(), force: false) }
            == ["\(shardFolders[0]): error: is shard 1/3, like \(shardFolders[0]): a shard is given twice"])
        // A shard of another sweep is refused.
        let other = temporaryFolder()
        folders.append(other)
        _ = try Execution.execute(try plan(replications: 2), into: other, jobs: 2, shard: try Shard(parsing: "2/3"),
                                  force: false, resume: false, version: "test")
        #expect(diagnostics { try ResultsFolder.merge(shards: [shardFolders[0], other, shardFolders[2]], into: temporaryFolder(), force: false) }
            .first?.contains("belongs to a different sweep than \(shardFolders[0])") == true)
    }

    @Test("Resuming an interrupted sweep gives exactly the uninterrupted output")
    func resume() throws {
        let p = try plan()
        let whole = temporaryFolder(), interrupted = temporaryFolder()
        defer { for f in [whole, interrupted] { try? FileManager.default.removeItem(atPath: f) } }
        _ = try Execution.execute(p, into: whole, jobs: 2, force: false, resume: false, version: "test")
        // An interruption after some runs: the folder holds the plan and those runs only.
        let header = PlanHeader(plan: p, toolVersion: "test")
        let (folder, _) = try ResultsFolder.open(interrupted, header: header, force: false, resume: false)
        for id in p.runs.prefix(7) {
            let point = p.points[id.point]
            let (result, baseline) = point.scenario.runReplication(id.replication)
            try folder.save(RunRecord(plan: p, point: point, replication: id.replication, result: result, baseline: baseline))
        }
        let finished = try Execution.execute(p, into: interrupted, jobs: 2, force: false, resume: true, version: "test")
        #expect(finished.skipped == 7 && finished.ran == 8)
        for file in resultFiles {
            #expect(try read(interrupted, file) == read(whole, file), "\(file)")
        }
        // Resuming a finished folder does nothing; the same plan reached by another spelling of
        // its path is the same plan.
        let again = try Execution.execute(p, into: interrupted, jobs: 2, force: false, resume: true, version: "test")
        #expect(again.ran == 0 && again.skipped == 15)
        let respelled = try RunPlan(sweep: SweepFile.load(file: FileManager.default.currentDirectoryPath + "/" + tinySweep),
                                    overrides: [], replications: nil, seed: nil)
        #expect(PlanHeader(plan: respelled, toolVersion: "test").fingerprint == header.fingerprint)
        #expect(diagnostics { _ = try Execution.execute(try plan(replications: 2), into: interrupted, jobs: 2, force: false, resume: true, version: "test") }
            == ["\(interrupted): error: holds the results of a different plan; use --force to replace them, or --out to write elsewhere"])
        // A finished shard resumes to nothing; another shard into its folder is refused.
        let shardFolder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: shardFolder) }
        let one = try Shard(parsing: "1/2"), two = try Shard(parsing: "2/2")
        _ = try Execution.execute(p, into: shardFolder, jobs: 2, shard: one, force: false, resume: false, version: "test")
        #expect(try Execution.execute(p, into: shardFolder, jobs: 2, shard: one, force: false, resume: true, version: "test").ran == 0)
        #expect(diagnostics { _ = try Execution.execute(p, into: shardFolder, jobs: 2, shard: two, force: false, resume: true, version: "test") }
            == ["\(shardFolder): error: holds finished shard 1/2 of this sweep, not shard 2/2 of this one; use --force to replace it, or --out to write elsewhere"])
        // Resuming with a different plan is refused.
        let other = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: other) }
        _ = try ResultsFolder.open(other, header: header, force: false, resume: false)
        #expect(diagnostics { _ = try Execution.execute(try plan(replications: 2), into: other, jobs: 2, force: false, resume: true, version: "test") }
            .first?.contains("holds an interrupted run of a different plan") == true)
    }

    @Test("Common random numbers: paired differences between points have a smaller standard error")
    func commonRandomNumbers() throws {
        // Two points that differ only in the crisis-team share, 16 replications each. Paired by
        // replication (same streams) the difference in police utilization varies far less than
        // the difference between independent runs (replications r and r + 16 of the other point).
        let p = try plan("Scenarios/examples/tiny-sweep.yaml", replications: 32)
        let a = p.points[0].scenario, b = p.points[2].scenario
        func utilization(_ s: Scenario, _ r: Int) -> Double {
            s.city.runReplication(seeder: s.seeder, replication: r).utilizationByResponder[0]
        }
        let paired = RunningStatistics((0..<16).map { utilization(b, $0) - utilization(a, $0) })
        let independent = RunningStatistics((0..<16).map { utilization(b, $0 + 16) - utilization(a, $0) })
        // The ratio of variances is F-distributed under "no reduction"; F(15, 15) at 0.001 is
        // about 5.5, so demand at least that.
        #expect(independent.variance / paired.variance > 5.5,
                "paired sd \(paired.standardDeviation), independent sd \(independent.standardDeviation)")
    }

    @Test("A run killed with SIGKILL and resumed writes exactly the uninterrupted files")
    func killAndResume() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("dispatchsim").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the dispatchsim product first (swift build --build-tests builds it)")
        let whole = temporaryFolder(), killed = temporaryFolder()
        defer { for f in [whole, killed] { try? FileManager.default.removeItem(atPath: f) } }
        func dispatchsim(_ arguments: [String]) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        let common = ["sweep", tinySweep, "--replications", "40", "--quiet", "--jobs", "2"]
        let full = try dispatchsim(common + ["--out", whole])
        full.waitUntilExit()
        #expect(full.terminationStatus == 0)
        let victim = try dispatchsim(common + ["--out", killed])
        usleep(400_000)
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        let resumed = try dispatchsim(common + ["--out", killed, "--resume"])
        resumed.waitUntilExit()
        #expect(resumed.terminationStatus == 0)
        for file in resultFiles {
            #expect(try read(killed, file) == read(whole, file), "\(file)")
        }
    }
}
