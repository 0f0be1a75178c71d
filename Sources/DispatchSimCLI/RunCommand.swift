// RunCommand.swift: `dispatchsim run`: simulate one scenario and write its results folder.

import ArgumentParser
import DispatchScenario
import Foundation

/// Options shared by commands that load scenarios.
struct ScenarioOptions: ParsableArguments {
    @Option(name: .customLong("set"),
            help: ArgumentHelp("Override a value in the file, by dotted path; list items by name (repeatable).",
                               valueName: "path=value"))
    var overrides: [String] = []

    func parsedOverrides() throws -> [Override] {
        try overrides.map { try Override.parse($0) }
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate a scenario and write its results.",
        discussion: """
            Writes summary.csv, aggregate.csv, by_unit.csv, by_zone.csv, by_call_type.csv, \
            unit_zone_dispatches.csv and manifest.json to Results/<scenario name>/ (see \
            Results/README.md), and prints a summary with 95% confidence intervals.
            """)

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(help: "Number of replications (default: the file's, else 10).")
    var replications: Int?

    @Option(help: "Scenario seed (default: the file's, else 1).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("Results folder (default: Results/<scenario name>).", valueName: "dir"))
    var out: String?

    @Option(help: "Replications run at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Replace results already in the results folder.")
    var force = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let replications, !(1...100_000).contains(replications) {
            throw ValidationError("--replications must be from 1 to 100000, found \(replications)")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, found \(jobs)") }
    }

    func run() throws {
        var scenario = try loadOrExit(file, overrides: scenarioOptions.parsedOverrides())
        if let replications { scenario.replications = replications }
        if let seed { scenario.seed = seed }
        printWarnings(scenario.warnings)
        let directory = out ?? "Results/\(scenario.name)"
        let writer = try orExit { () throws(OutputError) in try ResultWriter(directory: directory, force: force) }
        let run = scenario.run(jobs: jobs)
        try orExit { () throws(OutputError) in
            try run.write(to: writer, version: DispatchSimCommand.version, overrides: scenarioOptions.overrides)
        }
        if !quiet {
            print(run.summaryText)
            print("Results written to \(directory)/ (\(String(format: "%.2f", run.wallSeconds)) s, \(run.events) events)")
        }
    }
}
