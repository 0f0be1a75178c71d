// ScenarioLoader.swift: YAML scenario files to validated `Scenario`s. Shape is checked first
// (keys, types, units), then meaning (shares sum to 1, names resolve, every eligible responder has
// an on-scene time, the budget buys the units calls depend on, load). Every problem found is
// reported at once, each with its file, line, column and key path. The file format is documented
// in Scenarios/README.md.

import DispatchModel
import DispatchRandom
import DispatchYAML
import Foundation

/// Loads scenario files.
public enum ScenarioLoader {
    /// Tolerance on shares that must sum to 1.
    public static let shareTolerance = 1e-6
    /// The most zones a scenario may list: see `decodeZones`.
    public static let maximumZones = 2000
    /// The longest horizon accepted: 100 years.
    public static let maximumHorizonMinutes = 100 * 365 * 1440.0
    /// The most calls one replication may expect (calls per hour x horizon): a bound that keeps
    /// every accepted file to a run that finishes.
    public static let maximumCallsPerReplication = 1e9
    /// The most units of one responder type.
    public static let maximumUnitsPerType = 100_000

    /// Loads and checks `file`, after applying `overrides` (`--set PATH=VALUE`).
    public static func load(file: String, overrides: [Override] = []) throws -> Scenario {
        try decode(YAMLValue.load(file: file), overrides: overrides, sourceFile: file)
    }

    /// Loads and checks scenario text (for tests and tools).
    public static func load(text: String, fileName: String, overrides: [Override] = []) throws -> Scenario {
        try decode(YAMLValue.load(text: text, fileName: fileName), overrides: overrides, sourceFile: fileName)
    }

    /// The top-level keys, in the order messages list them.
    static let topKeys = ["name", "description", "seed", "replications", "generator", "horizon", "warmup",
                          "response_targets", "costs", "hours_per_officer_year", "baseline",
                          "demand", "zones", "travel", "budget", "responders", "call_types", "officer_initiated",
                          "uncertainty"]

    /// The section decoders, in the order they run (a section may read what earlier ones
    /// decoded: the warm-up reads the horizon, travel the zones, responders the budget). Problems
    /// are reported in this order. Each lives in its own file.
    static let sections: [Section] = [
        Section(keys: ["name", "description"], decodeIdentity),
        Section(keys: ["seed", "replications", "generator", "horizon", "warmup"], decodeRunSettings),
        Section(keys: ["demand"], decodeDemandSection),
        Section(keys: ["zones", "travel"], decodeGeography),
        Section(keys: ["responders", "budget"], decodeRespondersSection),
        Section(keys: ["call_types"], decodeCallTypesSection),
        Section(keys: ["officer_initiated"], decodeOfficerInitiatedSection),
        Section(keys: ["response_targets", "costs", "hours_per_officer_year"], decodeTargetsAndCosts),
        Section(keys: ["baseline"], decodeBaselineSection),
        Section(keys: ["uncertainty"], decodeUncertaintySection),
    ]

    /// Decodes `document` (a scenario file as written) after `overrides`, which reach its baseline
    /// too (ScenarioLoader+Baseline.swift): first every section's shape, reporting every problem
    /// found, then the meaning of the whole city, then the baseline.
    /// - Parameter baselines: where to find baseline files already read (a sweep reads its
    ///   points' common baseline once); nil reads the baseline file.
    package static func decode(_ document: YAMLValue, overrides: [Override], sourceFile: String,
                               baselines: BaselineCache? = nil) throws -> Scenario {
        let root = try document.applying(overrides)
        let d = DiagnosticCollector()
        var parts = ScenarioParts(top: try root.mapping(allowedKeys: topKeys), sourceFile: sourceFile)
        for section in sections { section.decode(&parts, d) }
        try d.finish()
        let (city, meaningWarnings) = try parts.checkedCity()
        let scenario = try parts.scenario(city: city, warnings: d.warnings + meaningWarnings)
        guard let baselineSpec = parts.baseline else { return scenario }
        return scenario.with(baseline: try loadBaseline(baselineSpec, scenario: scenario, root: root, document: document,
                                                        overrides: overrides, baselines: baselines))
    }

    // MARK: Helpers

    /// Checks that names are well formed and unique.
    static func checkNames(_ names: [(String, YAMLValue)], what: String) throws {
        var seen = Set<String>()
        for (name, value) in names {
            guard isValidName(name) else {
                throw error(value, "expected a \(what) name of letters, digits, '-', '_' or '.', found '\(name)'")
            }
            guard seen.insert(name).inserted else {
                throw error(value, "expected unique \(what) names, found '\(name)' twice")
            }
        }
    }

    package static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)
        }
    }

    static func error(_ value: YAMLValue, _ message: String, suggestion: String? = nil) -> ScenarioError {
        value.error(message, suggestion: suggestion)
    }

    /// A number as messages show it: whole numbers without a decimal point, others to ten
    /// significant digits (so a sum of shares shows as 0.9, not 0.8999999999999999).
    package static func formatNumber(_ x: Double) -> String {
        if !x.isFinite { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(format: "%.10g", x)
    }

    static func formatMinutes(_ minutes: Double) -> String {
        "\(formatNumber(minutes)) min"
    }
}
