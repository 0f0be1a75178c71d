// ScenarioLoader+Distributions.swift: distributions of durations, `{ distribution: NAME, ... }`.

import DispatchModel
import DispatchRandom
import DispatchYAML
import Foundation

extension ScenarioLoader {
    static let distributionParameters: [String: [String]] = [
        "constant": ["value"],
        "exponential": ["mean"],
        "lognormal": ["mean", "sd"],
        "gamma": ["mean", "sd", "shape", "scale"],
        "weibull": ["scale", "shape"],
        "truncated_normal": ["mean", "sd"],
        "uniform": ["low", "high"],
        "triangular": ["low", "mode", "high"],
    ]

    /// Every key a distribution of durations may have.
    static let distributionKeys = ["distribution"] + Set(distributionParameters.values.flatMap { $0 }).sorted()

    /// A distribution of durations: `{ distribution: NAME, parameters... }`, parameters in
    /// duration units except Weibull and gamma `shape`.
    static func decodeDuration(distribution value: YAMLValue) throws -> Distribution {
        let probe = try value.mapping(allowedKeys: distributionKeys)
        let kindValue = try probe.required("distribution")
        let kind = try kindValue.string()
        guard let parameters = distributionParameters[kind] else {
            let kinds = distributionParameters.keys.sorted()
            if kind == "normal" {
                throw error(kindValue, "expected a distribution of durations (\(kinds.joined(separator: ", "))), found 'normal', which can be negative",
                            suggestion: "truncated_normal")
            }
            throw error(kindValue, "expected one of \(kinds.joined(separator: ", ")), found '\(kind)'",
                        suggestion: closestMatch(kind, in: kinds))
        }
        let m = try value.mapping(allowedKeys: ["distribution"] + parameters)
        func minutes(_ key: String) throws -> Double { try m.required(key).duration() }
        func number(_ key: String) throws -> Double { try m.required(key).double() }
        do {
            switch kind {
            case "constant": return try .constant(minutes("value"))
            case "exponential": return try .exponential(mean: minutes("mean"))
            case "lognormal": return try .lognormal(mean: minutes("mean"), sd: minutes("sd"))
            case "gamma":
                if m.optional("shape") != nil || m.optional("scale") != nil {
                    if let extra = m.optional("mean") ?? m.optional("sd") {
                        throw error(extra, "expected either mean and sd or shape and scale, found both kinds")
                    }
                    return try .gamma(shape: number("shape"), scale: minutes("scale"))
                }
                return try .gamma(mean: minutes("mean"), sd: minutes("sd"))
            case "weibull": return try .weibull(scale: minutes("scale"), shape: number("shape"))
            case "truncated_normal": return try .truncatedNormal(mean: minutes("mean"), sd: minutes("sd"))
            case "uniform": return try .uniform(low: minutes("low"), high: minutes("high"))
            default: return try .triangular(low: minutes("low"), mode: minutes("mode"), high: minutes("high"))
            }
        } catch let problem as DistributionError {
            let parameterValue = m.optional(problem.parameter == "sum of weights" ? "distribution" : problem.parameter) ?? value
            throw error(parameterValue, "expected \(problem.expected), found \(formatNumber(problem.found))")
        }
    }
}
