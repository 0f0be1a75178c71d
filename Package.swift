// swift-tools-version:6.1
//
// DispatchSim: a discrete-event simulator of 911 call routing between police, civilian crisis teams
// and co-responders. Copyright (C) 2026 the DispatchSim authors. GPL-3.0-or-later (see LICENSE).
//
// Dependencies flow one way:
//   CGSL (C shim) -> DispatchRandom -> DispatchEngine -> (model -> scenarios/results) -> dispatchsim

import PackageDescription

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
            dependencies: ["CGSL"]
        ),
        /// The discrete-event engine: clock, future-event list, arrivals, statistics.
        .target(
            name: "DispatchEngine",
            dependencies: ["DispatchRandom"]
        ),
        /// The call-routing model: calls, zones, responders, dispatch, per-call metrics.
        .target(
            name: "DispatchModel",
            dependencies: [
                "DispatchEngine", "DispatchRandom",
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        /// Scenario files (YAML with located errors, `--set` overrides), runs and result files.
        .target(
            name: "DispatchScenario",
            dependencies: ["DispatchModel", "DispatchEngine", "DispatchRandom", "Yams"]
        ),
        /// The `dispatchsim` command-line tool.
        .executableTarget(
            name: "DispatchSimCLI",
            dependencies: [
                "DispatchScenario",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
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
            path: "Benchmarks/EngineBench"
        ),

        // MARK: - Fuzzing (run with `scripts/fuzz.sh`; see Fuzz/README.md)

        /// The libFuzzer target over scenario and sweep loading when scripts/fuzz.sh builds it with
        /// `-sanitize=fuzzer`; built plainly, `dispatch-fuzz FILE...` replays inputs.
        .executableTarget(
            name: "dispatch-fuzz",
            dependencies: ["DispatchScenario", "DispatchModel", "DispatchEngine", "DispatchRandom"],
            path: "Fuzz/Harness"
        ),

        // MARK: - Tests

        .testTarget(
            name: "DispatchRandomTests",
            dependencies: ["DispatchRandom"]
        ),
        .testTarget(
            name: "DispatchEngineTests",
            dependencies: ["DispatchEngine", "DispatchRandom"]
        ),
        .testTarget(
            name: "DispatchModelTests",
            dependencies: ["DispatchModel", "DispatchEngine", "DispatchRandom"]
        ),
        .testTarget(
            name: "DispatchScenarioTests",
            dependencies: ["DispatchScenario", "DispatchModel", "DispatchEngine", "DispatchRandom"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
