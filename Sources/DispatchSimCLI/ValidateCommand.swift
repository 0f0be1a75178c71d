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
        discussion: "Scenario and sweep files; for a sweep, every point is checked, and with an uncertainty block every draw. Reports every error and warning with its file, line, column and key path; exits 1 if any file has an error.")

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
                    if let u = plan.uncertainty {
                        let swept = plan.parameters.dropLast(u.parameters.count)
                        print("\(file): ok: " + (u.basePoints > 1 || !swept.isEmpty ? "sweep of \(u.basePoints) points over \(swept.joined(separator: ", ")), " : "")
                              + "\(u.draws) draws of \(u.parameters.joined(separator: ", ")), \(plan.replications) replications each")
                    } else {
                        print("\(file): ok: sweep of \(plan.points.count) points over \(plan.parameters.joined(separator: ", ")), \(plan.replications) replications each")
                    }
                    continue
                }
                let plan = try RunPlan(file: file, overrides: overrides, replications: nil, seed: nil)
                let scenario = plan.points[0].scenario
                printWarnings(plan.warnings)
                if let u = plan.uncertainty {
                    print("\(file): ok: \(u.draws) draws of \(u.parameters.joined(separator: ", ")), \(plan.replications) replications each")
                    continue
                }
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
