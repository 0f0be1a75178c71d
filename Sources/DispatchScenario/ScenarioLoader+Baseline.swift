// ScenarioLoader+Baseline.swift: a scenario's `baseline:`, the run that officer time freed is
// measured against, replication by replication with the same random numbers. A scenario and its
// baseline must differ only in the policy being measured, so:
// - `baseline: { set: { PATH: VALUE, ... } }` makes the baseline this scenario itself, after every
//   `--set` override and sweep value, with the listed values changed: whatever varies the scenario
//   varies its baseline;
// - `baseline: FILE` loads another scenario file and applies to it every override of this one that
//   means the same there (its path exists in the file, or it adds a key that neither file has);
// - either way, a baseline that would run on another footing (horizon, warm-up, seed,
//   replications, generator, demand, officer-year) is refused, at the override or value that made
//   the difference.

import DispatchModel
import DispatchRandom
import DispatchYAML
import Foundation

extension ScenarioLoader {
    static func decodeBaselineSection(_ parts: inout ScenarioParts, _ d: DiagnosticCollector) {
        let top = parts.top, sourceFile = parts.sourceFile
        parts.baseline = d.attempt { try top.optional("baseline").map { try decodeBaselineSpec($0, sourceFile: sourceFile) } } ?? nil
    }

    /// The `baseline:` value, checked for shape.
    enum BaselineSpec {
        /// `baseline: FILE`: the file, resolved against the scenario's folder.
        case file(String, value: YAMLValue)
        /// `baseline: { set: ... }`: each entry as an override, with the entry it came from.
        case overrides([(override: Override, entry: YAMLMapping.Entry)], value: YAMLValue)
    }

    static func decodeBaselineSpec(_ value: YAMLValue, sourceFile: String) throws -> BaselineSpec {
        if let path = try? value.string() {
            let file = path.hasPrefix("/") ? path
                : URL(fileURLWithPath: sourceFile).deletingLastPathComponent().appendingPathComponent(path).relativePath
            guard FileManager.default.fileExists(atPath: file) else {
                throw error(value, "expected a scenario file (relative to this one), found '\(path)', and \(file) does not exist")
            }
            return .file(file, value: value)
        }
        guard (try? value.mapping()) != nil else {
            throw value.expected("a scenario file, or { set: { PATH: VALUE, ... } } (this scenario with those values changed)")
        }
        let set = try value.mapping(allowedKeys: ["set"]).required("set")
        let entries = try set.mapping().entries
        guard !entries.isEmpty else {
            throw error(set, "expected at least one PATH: VALUE that makes the baseline differ from this scenario, found none")
        }
        return .overrides(try entries.map { entry in
            do {
                return (try Override.parse("\(entry.key)=\(entry.value.flowText)"), entry)
            } catch let problem as ScenarioError {
                throw ScenarioError(location: entry.keyLocation, path: entry.value.path, message: problem.message)
            }
        }, value: value)
    }

    /// The baseline of a scenario that decoded as `scenario` from `root` (its document after
    /// `overrides`, which were applied to `document`, the file as written).
    static func loadBaseline(_ spec: BaselineSpec, scenario: Scenario, root: YAMLValue, document: YAMLValue,
                             overrides: [Override], baselines: BaselineCache?) throws -> Scenario.Baseline {
        switch spec {
        case let .overrides(entries, value):
            var tree = root.removingTopLevelKey("baseline")
            for (override, entry) in entries {
                do {
                    tree = try tree.setting(override, to: entry.value)
                } catch {
                    throw ScenarioErrors(try ScenarioErrors.problemsOrRethrow(error).map {
                        ScenarioError(location: entry.keyLocation, path: entry.value.path, message: $0.message,
                                      suggestion: $0.suggestion)
                    })
                }
            }
            let baseline: Scenario
            do {
                baseline = try decode(tree, overrides: [], sourceFile: scenario.sourceFile)
            } catch {
                throw ScenarioErrors(try ScenarioErrors.problemsOrRethrow(error).map { $0.prefixed("in the baseline (this scenario with baseline.set applied): ") })
            }
            guard baseline.baseline == nil else {
                throw error(value, "expected a baseline without a baseline of its own, found baseline.set giving it one")
            }
            try checkFooting(of: baseline, against: scenario) { key, message in
                if let (_, entry) = entries.first(where: { $0.override.pathText.touches(key) }) {
                    return ScenarioError(location: entry.keyLocation, path: entry.value.path,
                                         message: "expected baseline.set to leave \(key) as the scenario has it, since a scenario and its baseline may differ only in the policy being measured; \(message)")
                }
                return value.error("expected a baseline on the same footing as this scenario; \(message)")
            }
            return Scenario.Baseline(file: nil, overrides: entries.map(\.override.text), city: baseline.city)

        case let .file(file, value):
            let baselineDocument = try baselines?.document(file) ?? YAMLValue.load(file: file)
            // Each override reaches the baseline when it means the same there: it replaces a value
            // the baseline has, or adds a key that neither file has.
            var scenarioSoFar = document, tree = baselineDocument
            var applied: [Override] = [], skipped: [Override] = []
            for override in overrides {
                if tree.contains(override.path) || (tree.canAdd(override.path) && !scenarioSoFar.contains(override.path)) {
                    tree = try tree.applying([override])
                    applied.append(override)
                } else {
                    skipped.append(override)
                }
                scenarioSoFar = try scenarioSoFar.applying([override])
            }
            let loaded = try baselines?.scenario(file, tree: tree, applied: applied)
                ?? decode(tree, overrides: [], sourceFile: file)
            guard loaded.baseline == nil else {
                throw error(value, "expected a baseline without a baseline of its own, found one in \(file)")
            }
            try checkFooting(of: loaded, against: scenario) { key, message in
                if let override = skipped.first(where: { $0.pathText.touches(key) }) {
                    return ScenarioError(file: override.description, path: key,
                                         message: "changes \(key) in this scenario but cannot change it in its baseline \(file), which \(tree.contains(override.path) ? "has it elsewhere" : "does not have the path \(override.pathText)"); \(message). Add the value to \(file), or write the baseline as overrides of this scenario (baseline: { set: { ... } })")
                }
                return value.error("expected a baseline on the same footing as this scenario, since a scenario and its baseline may differ only in the policy being measured; \(message)")
            }
            return Scenario.Baseline(file: file, overrides: applied.map(\.text), city: loaded.city)
        }
    }

    /// Throws the first way `baseline` would run on another footing than `scenario`, as
    /// `problem(key, "found X in the baseline against Y here")`.
    private static func checkFooting(of baseline: Scenario, against scenario: Scenario,
                                     problem: (String, String) -> ScenarioError) throws {
        func profile(_ p: [Double]?) -> String {
            p.map { "[" + $0.map { formatNumber($0) }.joined(separator: ", ") + "] (rescaled to mean 1)" } ?? "none (flat)"
        }
        let (b, s) = (baseline.city, scenario.city)
        let footing: [(String, String, String)] = [
            ("horizon", formatMinutes(b.horizonMinutes), formatMinutes(s.horizonMinutes)),
            ("warmup", formatMinutes(b.warmupMinutes), formatMinutes(s.warmupMinutes)),
            ("seed", "\(baseline.seed)", "\(scenario.seed)"),
            ("replications", "\(baseline.replications)", "\(scenario.replications)"),
            ("generator", baseline.generator.rawValue, scenario.generator.rawValue),
            ("demand.calls_per_hour", formatNumber(b.callsPerHour), formatNumber(s.callsPerHour)),
            ("demand.hour_of_day", profile(b.hourOfDayProfile), profile(s.hourOfDayProfile)),
            ("demand.day_of_week", profile(b.dayOfWeekProfile), profile(s.dayOfWeekProfile)),
            ("hours_per_officer_year", formatNumber(b.hoursPerOfficerYear), formatNumber(s.hoursPerOfficerYear)),
        ]
        for (key, there, here) in footing where there != here {
            throw problem(key, "found \(key) \(there) in the baseline against \(here) here")
        }
    }
}

extension String {
    /// Whether an override of the dotted path `self` changes `key` (the same path, one inside it,
    /// or one that contains it).
    fileprivate func touches(_ key: String) -> Bool {
        self == key || hasPrefix(key + ".") || hasPrefix(key + "[") || key.hasPrefix(self + ".")
    }
}

/// Baseline files read once: every point of a sweep names the same baseline file, which is read
/// once, and decoded once for each set of overrides that reaches it (usually one for the whole
/// sweep). Used by one thread (a plan being built).
package final class BaselineCache {
    private var documents: [String: Result<YAMLValue, any Error>] = [:]
    private var scenarios: [String: Result<Scenario, any Error>] = [:]

    package init() {}

    /// The document in `file`, read on first use; a file that failed to read fails again.
    package func document(_ file: String) throws -> YAMLValue {
        if let result = documents[file] { return try result.get() }
        let result = Result { try YAMLValue.load(file: file) }
        documents[file] = result
        return try result.get()
    }

    /// `tree` (the document of `file` after `applied`) decoded, once for each `applied`.
    package func scenario(_ file: String, tree: YAMLValue, applied: [Override]) throws -> Scenario {
        let key = ([file] + applied.map(\.text)).joined(separator: "\n")
        if let result = scenarios[key] { return try result.get() }
        let result = Result { try ScenarioLoader.decode(tree, overrides: [], sourceFile: file) }
        scenarios[key] = result
        return try result.get()
    }
}
