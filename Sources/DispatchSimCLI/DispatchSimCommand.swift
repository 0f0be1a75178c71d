// DispatchSimCommand.swift: the `dispatchsim` root command; each subcommand lives in its own file.

import ArgumentParser

@main
struct DispatchSimCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "dispatchsim",
        abstract: "Simulate 911 call routing between police, civilian crisis teams and co-responders.",
        discussion: """
            DispatchSim is a discrete-event simulator for comparing how a city's calls for service \
            are answered when part of the patrol budget moves to civilian crisis teams. Every \
            random draw comes from the GNU Scientific Library; the same scenario and seed give \
            the same results.
            """,
        version: version,
        subcommands: [RunCommand.self, SweepCommand.self, MergeCommand.self, ValidateCommand.self, CompareCommand.self,
                      CalibrateCommand.self]
    )
}
