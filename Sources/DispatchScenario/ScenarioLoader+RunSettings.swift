// ScenarioLoader+RunSettings.swift: the scenario's name and description, and how it runs: seed,
// replications, generator, horizon and warm-up.

import DispatchModel
import DispatchRandom
import DispatchYAML

extension ScenarioLoader {
    static func decodeIdentity(_ parts: inout ScenarioParts, _ d: DiagnosticCollector) {
        let top = parts.top
        parts.name = d.attempt { () -> String in
            let v = try top.required("name")
            let s = try v.string()
            guard isValidName(s) else {
                throw error(v, "expected a name of letters, digits, '-', '_' or '.' (it names the results folder), found '\(s)'")
            }
            return s
        }
        _ = d.attempt { try top.optional("description")?.string() }
    }

    static func decodeRunSettings(_ parts: inout ScenarioParts, _ d: DiagnosticCollector) {
        let top = parts.top
        parts.seed = d.attempt { () -> UInt64 in
            guard let v = top.optional("seed") else { return 1 }
            let i = try v.int()
            guard i >= 0 else { throw error(v, "expected a whole number >= 0, found \(i)") }
            return UInt64(i)
        }
        parts.replications = d.attempt { () -> Int in
            guard let v = top.optional("replications") else { return 10 }
            let i = try v.int()
            guard i >= 1, i <= 100_000 else { throw error(v, "expected a whole number from 1 to 100000, found \(i)") }
            return i
        }
        parts.generator = d.attempt { () -> GeneratorKind in
            guard let v = top.optional("generator") else { return .default }
            return GeneratorKind(rawValue: try v.choice(from: GeneratorKind.allCases.map(\.rawValue)))!
        }
        let horizon = d.attempt { () -> Double in
            let v = try top.required("horizon")
            let minutes = try v.duration()
            guard minutes > 0 else { throw error(v, "expected a duration > 0, found 0") }
            guard minutes <= maximumHorizonMinutes else {
                throw error(v, "expected a horizon of at most 36500 days (100 years of 365 days), found \(formatNumber(minutes / 1440)) days")
            }
            return minutes
        }
        parts.horizon = horizon
        parts.warmup = d.attempt { () -> Double in
            guard let v = top.optional("warmup") else { return 0 }
            let minutes = try v.duration()
            if let horizon, minutes >= horizon {
                throw error(v, "expected a warm-up shorter than the horizon (\(formatMinutes(horizon))), found \(formatMinutes(minutes))")
            }
            return minutes
        }
    }
}
