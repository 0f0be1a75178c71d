// Diagnostics.swift: how the tool reports problems: to standard error, one located line each,
// then a non-zero exit; never a stack trace.

import ArgumentParser
import DispatchCompare
import DispatchResults
import DispatchRuns
import DispatchScenario
import DispatchYAML
import Foundation

/// Standard error is written with `write(contentsOf:)`, which throws when it cannot be written (a full
/// disk under a redirection), where `write(_:)` would trap.
func printError(_ error: Error) {
    try? FileHandle.standardError.write(contentsOf: Data("\(error)\n".utf8))
}

/// Prints the first `ScenarioErrors.maximumListed` warnings and a count of the rest.
func printWarnings(_ warnings: [ScenarioError]) {
    guard !warnings.isEmpty else { return }
    let text = ScenarioErrors.listing(warnings, rest: "warnings") + "\n"
    try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
}

/// Loads a scenario or reports every error in it and exits with status 1.
func loadOrExit(_ file: String, overrides: [Override]) throws -> Scenario {
    do {
        return try ScenarioLoader.load(file: file, overrides: overrides)
    } catch {
        printError(error)
        throw ExitCode(1)
    }
}

/// Runs `body`, reporting any error and exiting with status 1 if it throws.
func orExit<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        printError(error)
        throw ExitCode(1)
    }
}
