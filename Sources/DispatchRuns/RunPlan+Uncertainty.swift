// RunPlan+Uncertainty.swift: a plan's uncertainty block expanded into points: every draw of the
// uncertain values, at every point of a sweep (the same draws at each), each a scenario checked
// like any other.

import DispatchRandom
import DispatchScenario
import DispatchYAML
import Foundation

/// The draws of a plan's uncertainty block.
public struct PlannedUncertainty: Sendable, Codable, Equatable {
    /// The uncertain paths, in file order.
    public let parameters: [String]
    /// Each path's distribution, as described in messages (e.g. `uniform(low: 0.016, high: 0.03)`).
    public let distributions: [String]
    public let draws: Int
    public let method: String
    /// The seed the draws came from.
    public let seed: UInt64
    /// The number of points before the draws (1 for a run, the sweep's points for a sweep).
    public let basePoints: Int
    /// `values[draw][parameter]`, as run.
    public let values: [[Double]]

    /// The point that runs draw `draw` of base point `base`.
    public func point(base: Int, draw: Int) -> Int { base * draws + draw }
}

extension RunPlan {
    /// The most points a plan may have once its draws are expanded, as for a sweep's grid: each is
    /// a scenario decoded and checked before anything runs.
    public static let maximumPoints = 10_000

    /// Every point of `points` (each decoded from `document` with `overrides` and its own
    /// `pointOverrides`) at every draw of `spec`, the block written in `blockFile`: point
    /// `b * draws + d` is point b with draw d's values set, keeping point b's replications and seed.
    static func expand(_ points: [PlannedPoint], pointOverrides: [[Override]], spec: UncertaintySpec, blockFile: String,
                       document: YAMLValue, sourceFile: String, overrides: [Override],
                       baselines: BaselineCache) throws -> (points: [PlannedPoint], uncertainty: PlannedUncertainty) {
        for p in spec.parameters {
            if let o = overrides.first(where: { $0.pathText == p.path }) {
                throw ScenarioError(file: "--set \(o.text)", message: "sets '\(p.path)', which the uncertainty block of \(blockFile) draws; remove it from the block to fix it")
            }
        }
        guard points.count * spec.draws <= maximumPoints else {
            throw ScenarioError(location: spec.location, path: "uncertainty.draws",
                                message: "expected at most \(maximumPoints) points in all (\(points.count) sweep point\(points.count == 1 ? "" : "s") x \(spec.draws) draws), found \(points.count * spec.draws)")
        }
        let first = points[0].scenario
        let designSeed = spec.seed ?? first.seed
        let design = spec.design(scenarioSeed: designSeed, generator: first.generator)
        var expanded: [PlannedPoint] = []
        var problems: [ScenarioError] = []
        for (b, point) in points.enumerated() {
            for (d, draw) in design.enumerated() {
                let texts = draw.map(UncertaintySpec.text)
                let label = zip(spec.parameters, texts).map { "\($0.path)=\($1)" }.joined(separator: ", ")
                do {
                    let drawn = try zip(spec.parameters, texts).map { try Override.parse("\($0.path)=\($1)") }
                    var scenario = try ScenarioLoader.decode(document, overrides: overrides + pointOverrides[b] + drawn,
                                                             sourceFile: sourceFile, baselines: baselines)
                    scenario.replications = point.scenario.replications
                    scenario.seed = point.scenario.seed
                    expanded.append(PlannedPoint(index: b * spec.draws + d, values: point.values + texts, scenario: scenario))
                } catch {
                    for problem in try ScenarioErrors.problemsOrRethrow(error) {
                        problems.append(locate(problem, draw: d, label: label, spec: spec))
                    }
                }
                if problems.count >= ScenarioErrors.maximumListed { throw ScenarioErrors(problems) }
            }
        }
        if !problems.isEmpty { throw ScenarioErrors(problems) }
        let uncertainty = PlannedUncertainty(
            parameters: spec.parameters.map(\.path), distributions: spec.parameters.map(\.distribution.description),
            draws: spec.draws, method: spec.method.rawValue, seed: designSeed, basePoints: points.count, values: design)
        return (expanded, uncertainty)
    }

    /// A problem with one draw, said at the uncertain value's line when it came from a drawn value.
    static func locate(_ problem: ScenarioError, draw: Int, label: String, spec: UncertaintySpec) -> ScenarioError {
        let prefix = "draw \(draw) (\(label)): "
        let overrideFile = problem.location.flatMap { $0.isCommandLine ? $0.file : nil }
            ?? (problem.location == nil ? problem.file : "")
        if let parameter = spec.parameters.first(where: { overrideFile.hasPrefix("--set \($0.path)=") }) {
            return problem.prefixed(prefix, at: parameter.location, path: "uncertainty.parameters.\(parameter.path)")
        }
        return problem.prefixed(prefix, at: problem.location ?? SourceLocation(file: problem.file, line: 1, column: 1))
    }
}
