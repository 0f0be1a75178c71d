// FuzzCheck.swift: the contract every input must meet, checked on one input at a time: a scenario
// or sweep file, plus `#set PATH=VALUE` comment lines as command-line overrides, either loads (and
// then simulates, bounded, without a trap) or is rejected with located errors. Anything else (a
// trap, an error that is not a ScenarioError, an error with no file, a loaded city with a
// non-finite travel time or that needs more than 1 GiB, a run whose clock does not advance) stops
// the process, which is what libFuzzer records as a crash and what the replay tool and the
// regression tests see as a failure. Fuzz/README.md has the whole contract.
//
// The input format, so that a finding is also a file a user could have written:
// - the bytes are a YAML file: a scenario, or a sweep when its top level has `base:` (as
//   `dispatchsim validate` decides); sweeps are written beside copies of every file in
//   Scenarios/ (flattened), so `base: small-city.yaml` or `base: midsize-crisis-split.yaml`
//   resolve;
// - every line `#set PATH=VALUE` (a YAML comment) is also passed as `--set PATH=VALUE`.
// So `dispatchsim validate FILE --set PATH=VALUE ...` reproduces the loading part of a finding.

import DispatchEngine
import DispatchModel
import DispatchRandom
import DispatchRuns
import DispatchScenario
import DispatchYAML
import Foundation

enum FuzzCheck {
    /// Events one bounded simulation of a loaded scenario may run (replication 0 only).
    static let maximumEvents = 2_000
    /// Events per slice of a bounded simulation: a slice that leaves the clock where it was, or
    /// advances it so little that the horizon would take more than `maximumProjectedEvents`
    /// events, is a runaway (events that do not let simulated time advance: a hang).
    static let sliceEvents = 500
    static let maximumProjectedEvents = 1e12
    /// The whole run (every replication, through the result files) is executed when replication 0
    /// took fewer events than this, times the replications: cheap enough to do on every input.
    static let maximumEventsForFullRun = 5_000
    /// Sweep points simulated (each bounded as above).
    static let maximumSweepPointsSimulated = 3

    /// The most memory a loaded city may need for one replication (its travel matrix and the
    /// model's per-zone orderings, O(zones^2), and per-unit state), in bytes: a file the loader
    /// accepts must not need more than this.
    static let maximumCityBytes = 1 << 30

    /// The folder that holds copies of the scenario files for sweeps' `base`, the sweep file being
    /// checked and any results folder; removed at exit.
    static let workspace: String = {
        let temporary = FileManager.default.temporaryDirectory.path
        // libFuzzer ends its processes without running exit handlers at times (always, for the
        // workers of -fork): remove the workspaces of processes that are gone.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        where name.hasPrefix("dispatch-fuzz-") {
            if let pid = name.split(separator: "-").dropFirst(2).first, !FileManager.default.fileExists(atPath: "/proc/\(pid)") {
                try? FileManager.default.removeItem(atPath: temporary + "/" + name)
            }
        }
        let folder = temporary + "/dispatch-fuzz-\(getpid())-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let scenarios = ProcessInfo.processInfo.environment["DISPATCH_FUZZ_SCENARIOS"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Scenarios").path
        if let files = FileManager.default.enumerator(atPath: scenarios) {
            for case let file as String in files where file.hasSuffix(".yaml") {
                let target = folder + "/" + (file as NSString).lastPathComponent
                if !FileManager.default.fileExists(atPath: target) {
                    try? FileManager.default.copyItem(atPath: scenarios + "/" + file, toPath: target)
                }
            }
        }
        atexit { try? FileManager.default.removeItem(atPath: FuzzCheck.workspace) }
        return folder
    }()

    /// Checks one input; returns a one-line account of what it did. Traps when the contract fails.
    static func check(_ bytes: [UInt8]) -> String {
        let overrides: [Override]
        do {
            overrides = try overrideLines(bytes).map { try Override.parse($0) }
        } catch {
            return "rejected: " + located(error)
        }
        // As the command-line tool: from a file (so that paths in it resolve against the copies
        // of Scenarios/), a sweep when its top level has `base`.
        let file = write(bytes)
        if containsBase(bytes), SweepFile.isSweep(file: file) {
            return checkSweep(file: file, overrides: overrides)
        }
        do {
            let scenario = try ScenarioLoader.load(file: file, overrides: overrides)
            let run = checkAndSimulate(scenario)
            if run.finished, run.events * scenario.replications <= maximumEventsForFullRun {
                execute(RunPlan(scenario: scenario, overrides: overrides.map(\.text)))
                return "loaded '\(scenario.name)'; \(run.events) events; ran all \(scenario.replications) replications"
            }
            return "loaded '\(scenario.name)'; \(run.events) events\(run.finished ? "" : " (bounded)")"
        } catch {
            return "rejected: " + located(error)
        }
    }

    static func checkSweep(file: String, overrides: [Override]) -> String {
        do {
            let sweep = try SweepFile.load(file: file)
            let plan = try RunPlan(sweep: sweep, overrides: overrides, replications: nil, seed: nil)
            var events = 0
            var finished = true
            for point in plan.points.prefix(maximumSweepPointsSimulated) {
                let run = checkAndSimulate(point.scenario)
                events += run.events
                finished = finished && run.finished
            }
            if finished, plan.points.count <= maximumSweepPointsSimulated,
               events * plan.replications <= maximumEventsForFullRun {
                execute(plan)
                return "loaded sweep of \(plan.points.count) points; ran all runs"
            }
            return "loaded sweep of \(plan.points.count) points; \(events) events"
        } catch {
            return "rejected: " + located(error)
        }
    }

    /// Writes the input where sweeps find their base files; returns its path.
    static func write(_ bytes: [UInt8]) -> String {
        let file = workspace + "/fuzz-input.yaml"
        guard FileManager.default.createFile(atPath: file, contents: Data(bytes)) else {
            fatalError("dispatch-fuzz: cannot write \(file)")
        }
        return file
    }

    /// The VALUEs of the lines `#set PATH=VALUE`.
    static func overrideLines(_ bytes: [UInt8]) -> [String] {
        let marker = Array("#set ".utf8)
        return bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).compactMap { line in
            guard line.starts(with: marker) else { return nil }
            return String(decoding: line.dropFirst(marker.count), as: UTF8.self)
        }
    }

    /// Whether the text mentions `base` at all: a quick test before asking the loader whether it is
    /// a sweep.
    static func containsBase(_ bytes: [UInt8]) -> Bool {
        Data(bytes).range(of: Data("base".utf8)) != nil
    }

    /// The first problem of a rejected input, after checking that every problem is a located
    /// ScenarioError that can be printed.
    static func located(_ error: any Error) -> String {
        let problems: [ScenarioError]
        switch error {
        case let one as ScenarioError: problems = [one]
        case let many as ScenarioErrors: problems = many.errors
        default: contractFailed("an error that is not a ScenarioError (\(type(of: error))): \(error)")
        }
        guard !problems.isEmpty else { contractFailed("an empty list of errors") }
        for problem in problems {
            if problem.file.isEmpty { contractFailed("an error that names no file: \(problem)") }
            if problem.message.isEmpty { contractFailed("an error with no message: \(problem)") }
            if let location = problem.location, location.line < 1 || location.column < 1 {
                contractFailed("an error at line \(location.line), column \(location.column): \(problem)")
            }
        }
        let errors = problems.filter { $0.severity == .error }
        if errors.isEmpty { contractFailed("rejected with warnings only: \(problems)") }
        return "\(errors.count) error(s); first: \(errors[0])"
    }

    /// Checks a loaded scenario's city and its baseline's (which every run simulates too) and
    /// simulates replication 0 of each, bounded; the events and whether the city's run finished.
    static func checkAndSimulate(_ scenario: Scenario) -> (events: Int, finished: Bool) {
        if scenario.replications < 1 {
            contractFailed("loaded scenario '\(scenario.name)': replications \(scenario.replications)")
        }
        checkLoaded(scenario.city, name: scenario.name)
        // A baseline from a file is named by it; one made with `set` by its changes.
        let baselineName = scenario.baseline.map { "\(scenario.name)' (baseline '\($0.file ?? $0.overrides.joined(separator: ", "))" }
        if let baseline = scenario.baseline, let baselineName {
            checkLoaded(baseline.city, name: baselineName)
        }
        let run = simulate(scenario.city, seeder: scenario.seeder, name: scenario.name)
        if let baseline = scenario.baseline, let baselineName {
            let baselineRun = simulate(baseline.city, seeder: scenario.seeder, name: baselineName)
            return (run.events + baselineRun.events, run.finished && baselineRun.finished)
        }
        return run
    }

    /// What a loaded city must be for its results to mean anything.
    static func checkLoaded(_ city: CityConfiguration, name: String) {
        func require(_ condition: Bool, _ what: @autoclosure () -> String) {
            if !condition { contractFailed("loaded scenario '\(name)': \(what())") }
        }
        require(city.horizonMinutes.isFinite && city.horizonMinutes > city.warmupMinutes
                && city.warmupMinutes >= 0, "horizon \(city.horizonMinutes), warm-up \(city.warmupMinutes)")
        require(city.callsPerHour.isFinite && city.callsPerHour > 0, "calls per hour \(city.callsPerHour)")
        // Rough lower bounds: 8 bytes per travel time and 8 per entry of the model's zone
        // orderings; about 100 bytes of model and metrics state per unit.
        let zones = Double(city.zones.count)
        let units = city.responders.reduce(0.0) { $0 + Double($1.unitCount) }
        let bytes = 16 * zones * zones + 100 * units
        require(bytes <= Double(maximumCityBytes), "\(city.zones.count) zones and \(String(format: "%.0f", units)) units need about \(String(format: "%.3g", bytes / 1_048_576)) MiB for one replication, more than the \(maximumCityBytes >> 20) MiB a file the loader accepts may need: the loader needs a limit")
        for (i, row) in city.travelMinutes.enumerated() where !row.allSatisfy({ $0.isFinite && $0 >= 0 }) {
            let j = row.firstIndex { !($0.isFinite && $0 >= 0) }!
            require(false, "travel from zone \(i) to zone \(j) is \(row[j]) min")
        }
        for zone in city.zones {
            require(zone.callShare.isFinite && zone.callShare >= 0, "zone \(zone.name) call share \(zone.callShare)")
        }
        for type in city.callTypes {
            require(type.share.isFinite && type.share >= 0, "call type \(type.name) share \(type.share)")
            for (r, distribution) in type.onScene.enumerated() {
                guard let distribution else { continue }
                require(distribution.mean.isFinite, "call type \(type.name): on-scene mean for responder \(r) is \(distribution.mean)")
            }
        }
        if let turnout = city.turnout { require(turnout.mean.isFinite, "turnout mean \(turnout.mean)") }
        for responder in city.responders {
            require(responder.unitsPerZone.allSatisfy { $0 >= 0 }, "responder \(responder.name) units \(responder.unitsPerZone)")
        }
    }

    /// Replication 0 of a loaded city, run as `CityConfiguration.runReplication` runs it but for
    /// `maximumEvents` events at most.
    static func simulate(_ city: CityConfiguration, seeder: StreamSeeder, name: String) -> (events: Int, finished: Bool) {
        var run = ReplicationRun(city: city, seeder: seeder, replication: 0)
        var reason = StopReason.eventLimitReached
        while reason == .eventLimitReached, run.eventsExecuted < maximumEvents {
            let before = run.now
            reason = run.run(maxEvents: sliceEvents)
            guard reason == .eventLimitReached else { break }
            let advance = run.now - before
            let projected = Double(sliceEvents) * (city.horizonMinutes - run.now) / advance
            if advance <= 0 || projected > maximumProjectedEvents {
                contractFailed("scenario '\(name)': \(sliceEvents) events advanced the clock from \(before) to \(run.now) min, so the horizon (\(city.horizonMinutes) min) needs about \(projected) more events: the run does not finish")
            }
        }
        let events = run.eventsExecuted
        _ = run.finish()
        return (events, reason != .eventLimitReached)
    }

    /// Runs a cheap plan through to its result files.
    static func execute(_ plan: RunPlan) {
        let folder = workspace + "/results"
        do {
            _ = try Execution.execute(plan, into: folder, jobs: 1, force: true, resume: false, version: "fuzz")
        } catch {
            contractFailed("a plan that loaded could not be run: \(error)")
        }
    }

    static func contractFailed(_ message: String) -> Never {
        fatalError("dispatch-fuzz: contract failed: \(message)")
    }
}
