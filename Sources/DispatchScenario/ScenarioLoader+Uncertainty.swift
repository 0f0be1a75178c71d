// ScenarioLoader+Uncertainty.swift: the `uncertainty` block: how many parameter sets to draw, how,
// and the distribution of each uncertain value, named by its dotted path (as --set names it).
// Documented in Scenarios/README.md ("Uncertainty").

import DispatchRandom
import DispatchYAML
import Foundation

/// An uncertainty analysis: parameter sets drawn from their distributions, each run with the
/// scenario's replications on the same random numbers (common random numbers across draws).
public struct UncertaintySpec: Sendable {
    /// One uncertain value.
    public struct Parameter: Sendable {
        /// The dotted path, as `--set` takes it.
        public let path: String
        public let distribution: Distribution
        /// Where the path is written, for messages.
        public let location: SourceLocation
    }

    public let draws: Int
    public let method: SamplingMethod
    /// The seed of the draws; nil derives them from the scenario seed.
    public let seed: UInt64?
    public let parameters: [Parameter]
    /// Where the block is written.
    public let location: SourceLocation

    /// The most parameter sets a block may ask for.
    public static let maximumDraws = 10_000
    /// The stream purpose the draws come from (stream j of it for parameter j), above every
    /// purpose a replication uses, so the draws never share numbers with the simulation.
    public static let streamPurpose = 255

    /// The parameter values, `values[draw][parameter]`, for a scenario with seed `scenarioSeed`.
    public func design(scenarioSeed: UInt64, generator: GeneratorKind) -> [[Double]] {
        ParameterDesign.draws(parameters.map(\.distribution), count: draws, method: method,
                              seeder: StreamSeeder(seed: seed ?? scenarioSeed, generator: generator),
                              purpose: Self.streamPurpose)
    }

    /// A drawn value as an override value: the shortest text that reads back as the same number.
    public static func text(_ value: Double) -> String { "\(value)" }
}

extension ScenarioLoader {
    static let uncertaintyKeys = ["draws", "method", "seed", "parameters"]
    static let uncertainDistributions: [String: [String]] = [
        "uniform": ["low", "high"],
        "triangular": ["low", "mode", "high"],
        "normal": ["mean", "sd"],
        "truncated_normal": ["mean", "sd"],
        "lognormal": ["mean", "sd"],
        "gamma": ["mean", "sd"],
    ]

    /// Every key an uncertain value's distribution may have.
    static let uncertainDistributionKeys = ["distribution"] + Set(uncertainDistributions.values.flatMap { $0 }).sorted()

    static func decodeUncertaintySection(_ parts: inout ScenarioParts, _ d: DiagnosticCollector) {
        guard let block = parts.top.optional("uncertainty") else { return }
        parts.uncertainty = d.attempt { try decodeUncertainty(block, document: parts.top.value) }
    }

    /// Decodes an `uncertainty` block. Each path must lead to a value of `document` (a missing
    /// last key may be one the scenario's defaults fill).
    package static func decodeUncertainty(_ block: YAMLValue, document: YAMLValue) throws -> UncertaintySpec {
        let m = try block.mapping(allowedKeys: uncertaintyKeys)
        let d = DiagnosticCollector()
        let draws = d.attempt { try m.required("draws").int(atLeast: 2, atMost: UncertaintySpec.maximumDraws) }
        let method = d.attempt { () -> SamplingMethod in
            guard let v = m.optional("method") else { return .latinHypercube }
            let text = try v.string()
            guard let method = SamplingMethod(rawValue: text) else {
                let names = SamplingMethod.allCases.map(\.rawValue)
                throw error(v, "expected one of \(names.joined(separator: ", ")), found '\(text)'",
                            suggestion: closestMatch(text, in: names))
            }
            return method
        }
        let seed = d.attempt { try m.optional("seed").map { UInt64(try $0.int(atLeast: 0)) } }
        var parameters: [UncertaintySpec.Parameter] = []
        if let list = d.attempt({ try m.required("parameters").mapping() }) {
            if list.entries.isEmpty {
                d.record(list.value.error("expected at least one uncertain value (a path and its distribution), found none"))
            }
            for entry in list.entries {
                guard let distribution = d.attempt({ try decodeUncertain(distribution: entry.value) }) else { continue }
                let override: Override
                do {
                    override = try Override.parse("\(entry.key)=\(UncertaintySpec.text(distribution.quantile(0.5)))")
                    _ = try document.applying([override])
                } catch {
                    let problems = (try? ScenarioErrors.problemsOrRethrow(error)) ?? []
                    for problem in problems {
                        d.record(ScenarioError(location: entry.keyLocation, path: entry.value.path, message: problem.message,
                                               suggestion: problem.suggestion))
                    }
                    continue
                }
                parameters.append(UncertaintySpec.Parameter(path: entry.key, distribution: distribution,
                                                            location: entry.keyLocation))
            }
        }
        try d.finish()
        return UncertaintySpec(draws: draws!, method: method!, seed: seed ?? nil, parameters: parameters,
                               location: block.location)
    }

    /// The distribution of an uncertain value: `{ distribution: NAME, ... }` with numbers (or
    /// durations, read in minutes, for values that are durations).
    static func decodeUncertain(distribution value: YAMLValue) throws -> Distribution {
        let kinds = uncertainDistributions.keys.sorted()
        let probe = try value.mapping(allowedKeys: uncertainDistributionKeys)
        let kindValue = try probe.required("distribution")
        let kind = try kindValue.string()
        guard let parameters = uncertainDistributions[kind] else {
            throw error(kindValue, "expected one of \(kinds.joined(separator: ", ")), found '\(kind)'",
                        suggestion: closestMatch(kind, in: kinds))
        }
        let m = try value.mapping(allowedKeys: ["distribution"] + parameters)
        func number(_ key: String) throws -> Double {
            let v = try m.required(key)
            if let x = try? v.double() { return x }
            return try v.duration()
        }
        do {
            switch kind {
            case "uniform":
                let low = try number("low"), high = try number("high")
                guard high > low else { throw error(try m.required("high"), "expected high > low (\(formatNumber(low))), found \(formatNumber(high))") }
                return try .uniform(low: low, high: high)
            case "triangular": return try .triangular(low: number("low"), mode: number("mode"), high: number("high"))
            case "normal": return try .normal(mean: number("mean"), sd: number("sd"))
            case "truncated_normal": return try .truncatedNormal(mean: number("mean"), sd: number("sd"))
            case "lognormal": return try .lognormal(mean: number("mean"), sd: number("sd"))
            default: return try .gamma(mean: number("mean"), sd: number("sd"))
            }
        } catch let problem as DistributionError {
            let parameterValue = m.optional(problem.parameter) ?? value
            throw error(parameterValue, "expected \(problem.expected), found \(formatNumber(problem.found))")
        }
    }
}
