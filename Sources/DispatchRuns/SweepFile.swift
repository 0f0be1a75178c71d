// SweepFile.swift: sweep files: a base scenario and the parameters to vary, as a grid over lists
// and ranges and as explicit points. Documented in Scenarios/README.md ("Sweep files").

import DispatchRandom
import DispatchResults
import DispatchScenario
import DispatchYAML
import Foundation

/// A parameter point: a value, as one line of YAML, for each swept path that the point sets.
public struct SweepPointSpec: Sendable, Hashable {
    /// Swept path -> value (flow YAML); a path missing here keeps the base scenario's value.
    public let values: [String: String]
    /// Where each value was given, for messages.
    let locations: [String: SourceLocation]

    public static func == (a: SweepPointSpec, b: SweepPointSpec) -> Bool { a.values == b.values }
    public func hash(into hasher: inout Hasher) { hasher.combine(values) }
}

/// A loaded sweep file.
public struct SweepFile: Sendable {
    public let name: String
    public let sourceFile: String
    /// The base scenario's path, resolved against the sweep file's folder.
    public let baseFile: String
    public let seed: UInt64?
    public let replications: Int?
    /// Swept paths, grid paths first in file order, then paths only explicit points set.
    public let parameters: [String]
    /// Grid points (the last grid parameter varies fastest), then explicit points; one point with
    /// no values for a file that has only an uncertainty block.
    public let points: [SweepPointSpec]
    /// The file's `uncertainty` block, decoded against the base scenario when the plan is made.
    public let uncertainty: YAMLValue?

    static let keys = ["name", "description", "base", "seed", "replications", "grid", "points", "uncertainty"]

    /// Whether `file` is a sweep file rather than a scenario: its top level has a `base` key.
    public static func isSweep(file: String) -> Bool {
        guard let root = try? YAMLValue.load(file: file), let top = try? root.mapping() else { return false }
        return top.keys.contains("base")
    }

    /// Loads and checks a sweep file's shape (the points themselves are checked when the plan
    /// applies them to the base scenario).
    public static func load(file: String) throws -> SweepFile {
        let root = try YAMLValue.load(file: file)
        let d = DiagnosticCollector()
        let top = try root.mapping(allowedKeys: keys)
        let name = d.attempt { () -> String in
            let v = try top.required("name")
            let s = try v.string()
            guard ScenarioLoader.isValidName(s) else {
                throw v.error("expected a name of letters, digits, '-', '_' or '.' (it names the results folder), found '\(s)'")
            }
            return s
        }
        _ = d.attempt { try top.optional("description")?.string() }
        let base = d.attempt { () -> String in
            let v = try top.required("base")
            let path = try v.string()
            let resolved = path.hasPrefix("/") ? path
                : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(path).relativePath
            guard FileManager.default.fileExists(atPath: resolved) else {
                throw v.error("expected a scenario file (relative to the sweep file), found '\(path)', and \(resolved) does not exist")
            }
            return resolved
        }
        let seed = d.attempt { try top.optional("seed").map { UInt64(try $0.int(atLeast: 0)) } }
        let replications = d.attempt { try top.optional("replications").map { try $0.int(atLeast: 1, atMost: 100_000) } }

        var parameters: [String] = []
        var gridAxes: [(path: String, values: [(String, SourceLocation)])] = []
        if let grid = top.optional("grid") {
            let m = try grid.mapping()
            for entry in m.entries {
                if let values = d.attempt({ try axisValues(entry.value) }) {
                    guard !values.isEmpty else {
                        d.record(entry.value.error("expected at least one value, found an empty list"))
                        continue
                    }
                    gridAxes.append((entry.key, values))
                    parameters.append(entry.key)
                }
            }
        }
        var points: [SweepPointSpec] = []
        let gridSize = gridAxes.reduce(1.0) { $0 * Double($1.values.count) }
        if gridSize > 10_000, let grid = top.optional("grid") {
            d.record(grid.error("expected a grid of at most 10000 points, found \(String(format: "%.0f", gridSize))"))
            gridAxes = []
        }
        if !gridAxes.isEmpty {
            var combos: [[(String, String, SourceLocation)]] = [[]]
            for axis in gridAxes {
                combos = combos.flatMap { combo in axis.values.map { combo + [(axis.path, $0.0, $0.1)] } }
            }
            points = combos.map { combo in
                SweepPointSpec(values: Dictionary(uniqueKeysWithValues: combo.map { ($0.0, $0.1) }),
                               locations: Dictionary(uniqueKeysWithValues: combo.map { ($0.0, $0.2) }))
            }
        }
        if let explicit = top.optional("points") {
            for item in try explicit.sequence() {
                guard let m = d.attempt({ try item.mapping() }) else { continue }
                guard !m.entries.isEmpty else {
                    d.record(item.error("expected a point setting at least one path, found an empty mapping"))
                    continue
                }
                for entry in m.entries where !parameters.contains(entry.key) { parameters.append(entry.key) }
                points.append(SweepPointSpec(
                    values: Dictionary(uniqueKeysWithValues: m.entries.map { ($0.key, $0.value.flowText) }),
                    locations: Dictionary(uniqueKeysWithValues: m.entries.map { ($0.key, $0.keyLocation) })))
            }
        }
        let uncertainty = top.optional("uncertainty")
        if top.optional("grid") == nil && top.optional("points") == nil {
            if uncertainty == nil {
                d.record(top.value.error("expected 'grid' or 'points' (the parameters to vary), or 'uncertainty', found none of them"))
            } else {
                points = [SweepPointSpec(values: [:], locations: [:])]
            }
        }
        var seen: [SweepPointSpec: Int] = [:]
        for (i, point) in points.enumerated() {
            if let first = seen[point] {
                // Where the point is written: its first value in the file (not the first a
                // dictionary yields, whose order changes from one process to the next).
                let location = point.locations.values.min { ($0.line, $0.column) < ($1.line, $1.column) }
                d.record(ScenarioError(location: location ?? SourceLocation(file: file, line: 1, column: 1), path: "points",
                                       message: "point \(i) repeats point \(first) (\(label(point, parameters)))"))
            } else {
                seen[point] = i
            }
        }
        try d.finish()
        return SweepFile(name: name!, sourceFile: file, baseFile: base!, seed: seed ?? nil,
                         replications: replications ?? nil, parameters: parameters, points: points,
                         uncertainty: uncertainty)
    }

    /// The values of one grid axis: a list of values, or a range `{from, to, step}` of numbers.
    static func axisValues(_ value: YAMLValue) throws -> [(String, SourceLocation)] {
        if let m = try? value.mapping(), m.keys.contains("from") || m.keys.contains("to") || m.keys.contains("step") {
            let range = try value.mapping(allowedKeys: ["from", "to", "step"])
            let from = try range.required("from").double()
            let toValue = try range.required("to")
            let to = try toValue.double()
            let stepValue = try range.required("step")
            let step = try stepValue.double(greaterThan: 0)
            guard to >= from else { throw toValue.error("expected 'to' >= 'from' (\(ScenarioLoader.formatNumber(from))), found \(ScenarioLoader.formatNumber(to))") }
            let exactCount = ((to - from) / step * (1 + 1e-12)).rounded(.down) + 1
            guard exactCount.isFinite, exactCount <= 10_000 else {
                throw stepValue.error("expected at most 10000 values in a range, found \(String(format: "%.3g", exactCount))")
            }
            let count = Int(exactCount)
            // Values are computed as from + i * step and written with 12 significant digits, so
            // 0.1 + 2 * 0.05 reads 0.2, not 0.20000000000000001.
            return (0..<count).map { i in
                (String(format: "%.12g", from + Double(i) * step), value.location)
            }
        }
        return try value.sequence().map { ($0.flowText, $0.location) }
    }

    /// A point as `path=value, path=value`.
    static func label(_ point: SweepPointSpec, _ parameters: [String]) -> String {
        parameters.compactMap { p in point.values[p].map { "\(p)=\($0)" } }.joined(separator: ", ")
    }
}
