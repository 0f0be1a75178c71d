// RunPlan.swift: what a run or a sweep will simulate: its points (each a checked scenario), the
// replications of each, and which runs a shard takes.

import DispatchModel
import DispatchRandom
import DispatchResults
import DispatchScenario
import DispatchYAML
import Foundation

/// One parameter point of a plan: the values of the swept parameters and the scenario they give.
public struct PlannedPoint: Sendable {
    public let index: Int
    /// The value of each swept parameter as given (flow YAML); empty when the point keeps the
    /// base scenario's value. With an uncertainty block, the drawn values follow.
    public let values: [String]
    public let scenario: Scenario
}

/// One simulation run: a point and a replication.
public struct RunID: Sendable, Hashable, Comparable, Codable {
    public let point: Int
    public let replication: Int

    public static func < (a: RunID, b: RunID) -> Bool { (a.point, a.replication) < (b.point, b.replication) }

    /// The run's file name in a results folder's `runs/`.
    var fileName: String { String(format: "p%05d-r%05d.json", point, replication) }
}

/// A deterministic part of a plan's runs: shard K of N takes runs number K-1, K-1+N, ... in
/// (point, replication) order.
public struct Shard: Sendable, Hashable, Codable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// Parses `K/N` with 1 <= K <= N.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else {
            throw ScenarioError(file: "--shard", message: "expected K/N with whole numbers 1 <= K <= N, such as 2/8, found '\(text)'")
        }
        index = k
        count = n
    }

    public var description: String { "\(index)/\(count)" }
}

/// Everything to simulate: the points and the replications of each.
public struct RunPlan: Sendable {
    public let name: String
    public let sourceFile: String
    public let parameters: [String]
    public let points: [PlannedPoint]
    public let replications: Int
    public let seed: UInt64
    /// Overrides given on the command line, applied to every point.
    public let overrides: [String]
    /// Warnings from loading, each given once.
    public let warnings: [ScenarioError]
    /// The uncertainty block's draws, when the scenario has one: point `b * draws + d` is draw d of
    /// the sweep's point b (b = 0 for a run).
    public let uncertainty: PlannedUncertainty?

    /// A plain run: one point, no parameters.
    public init(scenario: Scenario, overrides: [String]) {
        name = scenario.name
        sourceFile = scenario.sourceFile
        parameters = []
        points = [PlannedPoint(index: 0, values: [], scenario: scenario)]
        replications = scenario.replications
        seed = scenario.seed
        self.overrides = overrides
        warnings = scenario.warnings
        uncertainty = nil
    }

    /// A sweep: every point of `sweep` applied to its base scenario after `overrides`. The
    /// replications and seed come from the command line, else the sweep file, else the base
    /// scenario, and are the same for every point, so replication r of every point sees the same
    /// calls (common random numbers). Every point is loaded and checked before anything runs.
    public init(sweep: SweepFile, overrides: [Override], replications: Int?, seed: UInt64?) throws {
        for o in overrides where sweep.parameters.contains(o.pathText) {
            throw ScenarioError(file: "--set \(o.text)", message: "sets '\(o.pathText)', which the sweep \(sweep.sourceFile) varies")
        }
        var points: [PlannedPoint] = []
        var problems: [ScenarioError] = []
        var warnings: [ScenarioError] = []
        var summaryColumns: [String]?
        // The base file and its baseline are read once; each point applies its values to them.
        let base = try YAMLValue.load(file: sweep.baseFile)
        let baselines = BaselineCache()
        for (i, spec) in sweep.points.enumerated() {
            let pointOverrides: [Override]
            do {
                pointOverrides = try sweep.parameters.compactMap { p in
                    try spec.values[p].map { try Override.parse("\(p)=\($0)") }
                }
            } catch {
                problems.append(ScenarioError(file: sweep.sourceFile, message: "point \(i): \(error)"))
                continue
            }
            do {
                var scenario = try ScenarioLoader.decode(base, overrides: overrides + pointOverrides,
                                                         sourceFile: sweep.baseFile, baselines: baselines)
                scenario.replications = replications ?? sweep.replications ?? scenario.replications
                scenario.seed = seed ?? sweep.seed ?? scenario.seed
                warnings += scenario.warnings.map { Self.locate($0, point: i, spec: spec, sweep: sweep) }
                let columns = ResultTables.summaryMetricColumns(scenario.city, baseline: scenario.baseline != nil)
                if let summaryColumns, summaryColumns != columns {
                    problems.append(ScenarioError(file: sweep.sourceFile, message: "point \(i) (\(SweepFile.label(spec, sweep.parameters))) gives result columns that differ from point 0's; a sweep may not change the responder types or priorities in use"))
                }
                summaryColumns = summaryColumns ?? columns
                points.append(PlannedPoint(index: i, values: sweep.parameters.map { spec.values[$0] ?? "" }, scenario: scenario))
            } catch let many as ScenarioErrors {
                problems += many.errors.map { Self.locate($0, point: i, spec: spec, sweep: sweep) }
            } catch let one as ScenarioError {
                problems.append(Self.locate(one, point: i, spec: spec, sweep: sweep))
            }
        }
        if !problems.isEmpty { throw ScenarioErrors(problems) }
        name = sweep.name
        sourceFile = sweep.sourceFile
        self.replications = points[0].scenario.replications
        self.seed = points[0].scenario.seed
        self.overrides = overrides.map(\.text)
        self.warnings = warnings
        let ownBlock = try sweep.uncertainty.map { try ScenarioLoader.decodeUncertainty($0, document: base.applying(overrides)) }
        if ownBlock != nil, let other = points[0].scenario.uncertainty {
            throw ScenarioError(location: other.location, path: "uncertainty",
                                message: "the sweep \(sweep.sourceFile) has its own uncertainty block; a plan takes one, so remove this one or the sweep's")
        }
        if let spec = ownBlock ?? points[0].scenario.uncertainty {
            let pointOverrides = try sweep.points.map { spec in
                try sweep.parameters.compactMap { p in try spec.values[p].map { try Override.parse("\(p)=\($0)") } }
            }
            for p in spec.parameters {
                if sweep.parameters.contains(p.path) {
                    throw ScenarioError(location: p.location, path: "uncertainty.parameters.\(p.path)",
                                        message: "'\(p.path)' is both swept by \(sweep.sourceFile) and drawn here; a value may be varied one way only")
                }
            }
            let expanded = try Self.expand(points, pointOverrides: pointOverrides, spec: spec,
                                           blockFile: ownBlock != nil ? sweep.sourceFile : sweep.baseFile, document: base,
                                           sourceFile: sweep.baseFile, overrides: overrides, baselines: baselines)
            self.points = expanded.points
            parameters = sweep.parameters + spec.parameters.map(\.path)
            uncertainty = expanded.uncertainty
        } else {
            self.points = points
            parameters = sweep.parameters
            uncertainty = nil
        }
    }

    /// A run of `file`, after `overrides`; with an `uncertainty` block, one point per draw, each
    /// with the scenario's replications and seed.
    public init(file: String, overrides: [Override], replications: Int?, seed: UInt64?) throws {
        let document = try YAMLValue.load(file: file)
        let baselines = BaselineCache()
        var scenario = try ScenarioLoader.decode(document, overrides: overrides, sourceFile: file, baselines: baselines)
        if let replications { scenario.replications = replications }
        if let seed { scenario.seed = seed }
        guard let spec = scenario.uncertainty else {
            self.init(scenario: scenario, overrides: overrides.map(\.text))
            return
        }
        let base = PlannedPoint(index: 0, values: [], scenario: scenario)
        let expanded = try Self.expand([base], pointOverrides: [[]], spec: spec, blockFile: file, document: document,
                                       sourceFile: file, overrides: overrides, baselines: baselines)
        self.init(name: scenario.name, sourceFile: file, parameters: spec.parameters.map(\.path), points: expanded.points,
                  replications: scenario.replications, seed: scenario.seed, overrides: overrides.map(\.text),
                  warnings: scenario.warnings, uncertainty: expanded.uncertainty)
    }

    private init(name: String, sourceFile: String, parameters: [String], points: [PlannedPoint], replications: Int,
                 seed: UInt64, overrides: [String], warnings: [ScenarioError], uncertainty: PlannedUncertainty?) {
        self.name = name
        self.sourceFile = sourceFile
        self.parameters = parameters
        self.points = points
        self.replications = replications
        self.seed = seed
        self.overrides = overrides
        self.warnings = warnings
        self.uncertainty = uncertainty
    }

    /// A problem with one point, said at the sweep file's line for the value that caused it when
    /// the problem came from an override, else as it is with the point named.
    static func locate(_ problem: ScenarioError, point: Int, spec: SweepPointSpec, sweep: SweepFile) -> ScenarioError {
        let label = SweepFile.label(spec, sweep.parameters)
        let prefix = "point \(point) (\(label)): "
        let overrideFile = problem.location.flatMap { $0.isCommandLine ? $0.file : nil }
            ?? (problem.location == nil ? problem.file : "")
        if overrideFile.hasPrefix("--set "),
           let path = sweep.parameters.first(where: { overrideFile.hasPrefix("--set \($0)=") }),
           let at = spec.locations[path] {
            return problem.prefixed(prefix, at: at, path: path)
        }
        return problem.prefixed(prefix, at: problem.location ?? SourceLocation(file: problem.file, line: 1, column: 1))
    }

    /// Every run, in (point, replication) order.
    public var runs: [RunID] {
        points.flatMap { p in (0..<replications).map { RunID(point: p.index, replication: $0) } }
    }

    /// The runs of one shard (all runs without one).
    public func runs(shard: Shard?) -> [RunID] {
        guard let shard else { return runs }
        return runs.enumerated().filter { $0.offset % shard.count == shard.index - 1 }.map(\.element)
    }
}
