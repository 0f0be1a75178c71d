// ValidateCommand.swift: `dispatchsim validate`: check scenario files without running them.

import ArgumentParser
import DispatchCompare
import DispatchModel
import DispatchResults
import DispatchRuns
import DispatchScenario
import DispatchYAML

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files without running them.",
        discussion: "Scenario and sweep files; for a sweep, every point is checked. Reports every error and warning with its file, line, column and key path; exits 1 if any file has an error.")

    @Argument(help: "Scenario or sweep files (YAML).")
    var files: [String]

    @OptionGroup var scenarioOptions: ScenarioOptions

    func run() throws {
        let overrides = try scenarioOptions.parsedOverrides()
        var failed = false
        for file in files {
            do {
                if SweepFile.isSweep(file: file) {
                    let plan = try RunPlan(sweep: SweepFile.load(file: file), overrides: overrides, replications: nil, seed: nil)
                    printWarnings(plan.warnings)
                    print("\(file): ok: sweep of \(plan.points.count) points over \(plan.parameters.joined(separator: ", ")), \(plan.replications) replications each")
                    continue
                }
                let scenario = try ScenarioLoader.load(file: file, overrides: overrides)
                printWarnings(scenario.warnings)
                let city = scenario.city
                let units = city.responders.map { "\($0.unitCount) \($0.name)" }.joined(separator: ", ")
                print("\(file): ok: \(city.zones.count) zones, \(units), \(city.callTypes.count) call types")
            } catch {
                printError(error)
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
