// RunCommand.swift: `dispatchsim run`: simulate one scenario and write its results folder.

import ArgumentParser
import DispatchCompare
import DispatchModel
import DispatchResults
import DispatchRuns
import DispatchScenario
import DispatchYAML
import Foundation

/// Options shared by commands that load scenarios.
struct ScenarioOptions: ParsableArguments {
    @Option(name: .customLong("set"),
            help: ArgumentHelp("Override a value in the file, by dotted path; list items by name (repeatable).",
                               valueName: "path=value"))
    var overrides: [String] = []

    func parsedOverrides() throws -> [Override] {
        do {
            return try overrides.map { try Override.parse($0) }
        } catch {
            printError(error)
            throw ExitCode(1)
        }
    }
}

/// Options shared by commands that simulate.
struct ExecutionOptions: ParsableArguments {
    @Option(help: "Number of replications (default: the file's, else 10).")
    var replications: Int?

    @Option(help: "Scenario seed (default: the file's, else 1).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("Results folder (default: Results/<name>).", valueName: "dir"))
    var out: String?

    @Option(name: .customLong("jobs"), help: "Runs simulated at once (default: the number of cores).")
    var jobsOption: Int?

    var jobs: Int { jobsOption ?? ProcessInfo.processInfo.activeProcessorCount }

    @Flag(help: "Replace results already in the results folder.")
    var force = false

    @Flag(help: "Finish an interrupted run in the results folder, keeping the runs it finished.")
    var resume = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let replications, !(1...100_000).contains(replications) {
            throw ValidationError("--replications must be from 1 to 100000, found \(replications)")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, found \(jobs)") }
    }

    /// Runs `plan` (or a shard of it) and prints what happened.
    func execute(_ plan: RunPlan, shard: Shard? = nil) throws {
        if !quiet { printWarnings(plan.warnings) }
        let directory = out ?? "Results/\(plan.name)"
        let progress = quiet ? nil : ProgressReporter.onTerminal(label: plan.name)
        let execution = try orExit {
            try Execution.execute(plan, into: directory, jobs: jobs, shard: shard, force: force, resume: resume,
                                  version: DispatchSimCommand.version, progress: progress)
        }
        guard !quiet else { return }
        if execution.ran == 0 && execution.aggregate.isEmpty && execution.skipped > 0 && (shard == nil || execution.wallSeconds == 0) {
            print("\(directory)/ already holds the finished \(shard.map { "shard \($0) of this sweep" } ?? "results of this \(plan.points.count == 1 ? "run" : "sweep")"); nothing to do")
            return
        }
        let resumed = execution.skipped > 0 ? ", \(execution.skipped) finished earlier" : ""
        if let shard {
            print("Shard \(shard) of \(plan.name) written to \(directory)/ (\(execution.ran) runs\(resumed), \(String(format: "%.2f", execution.wallSeconds)) s); join the shards with dispatchsim merge")
            return
        }
        if plan.uncertainty != nil {
            print(execution.uncertaintyText())
        } else if plan.points.count == 1 {
            print(execution.summaryText())
        }
        let points: String
        if let u = plan.uncertainty {
            points = (u.basePoints > 1 ? "\(u.basePoints) points x " : "") + "\(u.draws) draws"
        } else {
            points = "\(plan.points.count) point\(plan.points.count == 1 ? "" : "s")"
        }
        print("Results written to \(directory)/ (\(points) x \(plan.replications) replications\(resumed), \(String(format: "%.2f", execution.wallSeconds)) s)")
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate a scenario and write its results.",
        discussion: """
            Writes summary.csv, aggregate.csv, by_unit.csv, by_zone.csv, by_call_type.csv, \
            unit_zone_dispatches.csv, response.csv, crisis_funnel.csv and manifest.json to \
            Results/<scenario name>/ (see \
            Results/README.md), and prints a summary with 95% confidence intervals. A scenario with an \
            uncertainty block runs every draw and also writes uncertainty.csv, uncertainty_summary.csv \
            and sensitivity.csv. Each finished replication is saved as it completes, so an \
            interrupted run can be finished with --resume.
            """)

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var execution: ExecutionOptions

    @Option(help: ArgumentHelp("""
        Also write replication 1's calls, one row per call, in the shape of a calls-for-service \
        export (see Results/README.md, "Calls log").
        """, valueName: "file"))
    var callsLog: String?

    func run() throws {
        let overrides = try scenarioOptions.parsedOverrides()
        let plan = try orExit {
            try RunPlan(file: file, overrides: overrides, replications: execution.replications, seed: execution.seed)
        }
        if callsLog != nil && plan.uncertainty != nil {
            printError(ValidationError("--calls-log: \(file) is an uncertainty analysis, whose draws each have their own calls; log one draw by giving its values with --set to a copy of the file without its uncertainty block"))
            throw ExitCode(1)
        }
        try execution.execute(plan)
        if let callsLog { try writeCallsLog(plan.points[0].scenario, to: callsLog) }
    }

    /// Runs replication 1 again, keeping its calls (the same sample path as in the results), and
    /// writes them to `path` atomically.
    private func writeCallsLog(_ scenario: Scenario, to path: String) throws {
        var run = ReplicationRun(city: scenario.city, seeder: scenario.seeder, replication: 0, logCalls: true)
        run.run()
        let calls = run.finishWithCallLog().calls
        let url = URL(fileURLWithPath: path)
        try orExit {
            try ResultWriter(directory: url.deletingLastPathComponent().path)
                .write(CallLogFile.text(calls, city: scenario.city), to: url.lastPathComponent)
        }
        if !execution.quiet { print("Calls of replication 1 (\(calls.count) rows) written to \(path)") }
    }
}

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run every point of a sweep file and write one results folder.",
        discussion: """
            A sweep file names a base scenario and the parameters to vary (see Scenarios/README.md). \
            Every point runs the same replications with the same seed, so differences between \
            points are measured on the same calls. Results are byte-identical for any --jobs and \
            any sharding. --shard K/N runs a deterministic 1/N of the runs into its own folder; \
            dispatchsim merge joins the shards.
            """)

    @Argument(help: "The sweep file (YAML).")
    var file: String

    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var execution: ExecutionOptions

    @Option(help: ArgumentHelp("Run only shard K of N (1 <= K <= N).", valueName: "K/N"))
    var shard: String?

    func run() throws {
        let overrides = try scenarioOptions.parsedOverrides()
        let shard = try self.shard.map { text in
            do { return try Shard(parsing: text) } catch { printError(error); throw ExitCode(1) }
        }
        let plan: RunPlan
        do {
            let sweep = try SweepFile.load(file: file)
            plan = try RunPlan(sweep: sweep, overrides: overrides, replications: execution.replications,
                               seed: execution.seed)
        } catch {
            printError(error)
            throw ExitCode(1)
        }
        try execution.execute(plan, shard: shard)
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shard folders of a sweep into its results folder.",
        discussion: """
            Checks that the folders are finished shards of the same sweep and that no shard or run \
            is missing or given twice, then writes the same files dispatchsim sweep writes when \
            it runs in one piece.
            """)

    @Argument(help: "Shard folders written by dispatchsim sweep --shard K/N.")
    var shards: [String]

    @Option(help: ArgumentHelp("Results folder to write.", valueName: "dir"))
    var out: String

    @Flag(help: "Replace results already in the results folder.")
    var force = false

    func run() throws {
        do {
            try ResultsFolder.merge(shards: shards, into: out, force: force)
        } catch {
            printError(error)
            throw ExitCode(1)
        }
        print("Merged \(shards.count) shard\(shards.count == 1 ? "" : "s") into \(out)/")
    }
}
