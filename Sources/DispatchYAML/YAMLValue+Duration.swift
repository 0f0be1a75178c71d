// YAMLValue+Duration.swift: reading durations such as `90 s`, `30 min`, `1.5 h` and `1000 days`, in minutes.

import Foundation

extension YAMLValue {
    /// The time units a duration may be written in, each with its length in minutes.
    static let durationUnitMinutes: [(spellings: [String], minutes: Double)] = [
        (["s", "sec", "second", "seconds"], 1.0 / 60),
        (["min", "mins", "minute", "minutes"], 1),
        (["h", "hr", "hour", "hours"], 60),
        (["d", "day", "days"], 1_440),
        (["w", "week", "weeks"], 10_080),
    ]

    /// This value as a duration, in minutes (the engine's time unit), so name what it gives
    /// accordingly (`let horizonMinutes = try value.duration()`). Accepts a bare number, which is
    /// minutes, or a number and a unit, with or without a space: `s`, `sec`, `second(s)`; `min(s)`,
    /// `minute(s)`; `h`, `hr`, `hour(s)`; `d`, `day(s)`; `w`, `week(s)`, in any case. So `90s` is 1.5,
    /// `1.5 h` is 90 and `1000 days` is 1,440,000.
    ///
    /// - Throws: `expected a duration such as '30 min' or '1.5 h', found ...`; for an unknown unit, a
    ///   message naming the accepted ones, suggesting the nearest; `expected a duration >= 0` for a
    ///   negative one and `expected a finite duration` for an infinite or NaN one.
    public func duration() throws -> Double {
        let what = "a duration such as '30 min' or '1.5 h'"
        guard case let .scalar(rawText, _) = node.content, !node.isNull else { throw expected(what) }
        let text = rawText.trimmingCharacters(in: .whitespaces)
        let minutes: Double
        if let number = Self.number(from: text) {
            minutes = number
        } else {
            let unit = String(text.reversed().prefix(while: \.isLetter).reversed())
            let numberText = text.dropLast(unit.count).trimmingCharacters(in: .whitespaces)
            guard !unit.isEmpty, let number = Self.number(from: numberText) else { throw expected(what) }
            guard let factor = Self.durationUnitMinutes.first(where: { $0.spellings.contains(unit.lowercased()) })?.minutes
            else {
                throw error("unknown time unit '\(unit)' in '\(rawText)'; use s, min, h, d or w",
                            suggestion: closestMatch(unit, in: Self.durationUnitMinutes.flatMap(\.spellings)))
            }
            minutes = number * factor
        }
        guard minutes.isFinite else { throw expected("a finite duration") }
        guard minutes >= 0 else { throw expected("a duration >= 0") }
        return minutes
    }
}
