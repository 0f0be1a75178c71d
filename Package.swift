// swift-tools-version:6.1
//
// DispatchSim: a discrete-event simulator of 911 call routing between police, civilian crisis teams
// and co-responders. Copyright (C) 2026 the DispatchSim authors. GPL-3.0-or-later (see LICENSE).
//
// Dependencies flow one way:
//   CGSL (C shim) -> DispatchRandom -> DispatchEngine -> DispatchModel (the call-routing model)
//   DispatchYAML (located YAML) -> DispatchScenario (scenario files: model + YAML)
//   DispatchResults (result tables and files: model) -> DispatchCompare (comparing result files)
//   DispatchScenario + DispatchResults -> DispatchRuns (runs, sweeps, shards, resume, merge)
//   DispatchScenario + DispatchResults -> DispatchCalibrate (calls-for-service exports -> scenarios)
//   DispatchRuns + DispatchCompare + DispatchCalibrate -> dispatchsim

import PackageDescription

/// Every Swift target: a file uses only the members of the modules it imports itself (as SwiftPM
/// does for its own targets).
let upcoming: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
    name: "DispatchSim",
    products: [
        .executable(name: "dispatchsim", targets: ["DispatchSimCLI"]),
        .library(name: "DispatchRandom", targets: ["DispatchRandom"]),
        .library(name: "DispatchEngine", targets: ["DispatchEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // MARK: - Public API

        /// Random streams and distributions; the only module that imports GSL.
        .target(
            name: "DispatchRandom",
            dependencies: ["CGSL"],
            swiftSettings: upcoming
        ),
        /// The discrete-event engine: clock, future-event list, arrivals, statistics.
        .target(
            name: "DispatchEngine",
            dependencies: ["DispatchRandom"],
            swiftSettings: upcoming
        ),
        /// The call-routing model: calls, zones, responders, dispatch, per-call metrics.
        .target(
            name: "DispatchModel",
            dependencies: [
                "DispatchEngine", "DispatchRandom",
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: upcoming
        ),
        /// YAML documents whose every value knows its file, line, column and key path, read with
        /// compiler-style errors; `--set PATH=VALUE` overrides.
        .target(
            name: "DispatchYAML",
            dependencies: ["Yams"],
            swiftSettings: upcoming
        ),
        /// Scenario files: a YAML scenario checked for shape and meaning, and turned into a
        /// `CityConfiguration` with its run settings and baseline.
        .target(
            name: "DispatchScenario",
            dependencies: ["DispatchYAML", "DispatchModel", "DispatchEngine", "DispatchRandom"],
            swiftSettings: upcoming
        ),
        /// Result files: the CSV tables of replications and writing files atomically.
        .target(
            name: "DispatchResults",
            dependencies: ["DispatchModel", "DispatchEngine"],
            swiftSettings: upcoming
        ),
        /// Running plans: runs and sweep files, replications in parallel, shards, resuming an
        /// interrupted plan, merging shards, manifest.json and the printed summary.
        .target(
            name: "DispatchRuns",
            dependencies: ["DispatchResults", "DispatchScenario", "DispatchYAML", "DispatchModel", "DispatchEngine",
                           "DispatchRandom"],
            swiftSettings: upcoming
        ),
        /// Calibrating from a city's calls-for-service export: reading exports, fitting a scenario,
        /// and the report of observed against simulated.
        .target(
            name: "DispatchCalibrate",
            dependencies: ["DispatchScenario", "DispatchResults", "DispatchYAML", "DispatchModel", "DispatchEngine",
                           "DispatchRandom"],
            swiftSettings: upcoming
        ),
        /// Comparing two results folders: paired or Welch intervals per metric and point.
        .target(
            name: "DispatchCompare",
            dependencies: ["DispatchResults", "DispatchYAML", "DispatchEngine", "DispatchRandom"],
            swiftSettings: upcoming
        ),
        /// The `dispatchsim` command-line tool.
        .executableTarget(
            name: "DispatchSimCLI",
            dependencies: [
                "DispatchRuns", "DispatchCompare", "DispatchCalibrate", "DispatchResults", "DispatchScenario", "DispatchYAML", "DispatchModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcoming
        ),

        // MARK: - Implementation details

        /// GNU Scientific Library, found through pkg-config `gsl` (Debian: libgsl-dev).
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),

        // MARK: - Benchmarks (run with `swift run -c release engine-bench`; see BENCHMARKS.md)

        .executableTarget(
            name: "engine-bench",
            dependencies: ["DispatchEngine", "DispatchRandom"],
            path: "Benchmarks/EngineBench",
            swiftSettings: upcoming
        ),

        // MARK: - Fuzzing (run with `scripts/fuzz.sh`; see Fuzz/README.md)

        /// The libFuzzer target over scenario and sweep loading when scripts/fuzz.sh builds it with
        /// `-sanitize=fuzzer`; built plainly, `dispatch-fuzz FILE...` replays inputs.
        .executableTarget(
            name: "dispatch-fuzz",
            dependencies: ["DispatchRuns", "DispatchScenario", "DispatchYAML", "DispatchModel", "DispatchEngine",
                           "DispatchRandom"],
            path: "Fuzz/Harness",
            swiftSettings: upcoming
        ),

        // MARK: - Tests

        .testTarget(
            name: "DispatchRandomTests",
            dependencies: ["DispatchRandom"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "DispatchEngineTests",
            dependencies: ["DispatchEngine", "DispatchRandom"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "DispatchModelTests",
            dependencies: ["DispatchModel", "DispatchEngine", "DispatchRandom"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "DispatchResultsTests",
            dependencies: ["DispatchResults", "DispatchModel", "DispatchRandom"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "DispatchYAMLTests",
            dependencies: ["DispatchYAML"],
            resources: [.copy("Fixtures")],
            swiftSettings: upcoming
        ),
        /// Scenario files, result files and running plans, end to end.
        .testTarget(
            name: "DispatchScenarioTests",
            dependencies: ["DispatchRuns", "DispatchResults", "DispatchScenario", "DispatchYAML", "DispatchModel",
                           "DispatchEngine", "DispatchRandom"],
            resources: [.copy("Fixtures")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "DispatchCalibrateTests",
            dependencies: ["DispatchCalibrate", "DispatchScenario", "DispatchYAML", "DispatchResults", "DispatchModel",
                           "DispatchRandom"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "DispatchCompareTests",
            dependencies: ["DispatchCompare", "DispatchResults", "DispatchYAML", "DispatchEngine"],
            resources: [.copy("Fixtures")],
            swiftSettings: upcoming
        ),
    ]
)
