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
        let text = Self.trimmingSpaces(rawText)
        let minutes: Double
        if let number = Self.number(from: text) {
            minutes = number
        } else {
            let unitStart = text.lastIndex(where: { !$0.isLetter }).map { text.index(after: $0) } ?? text.startIndex
            let unit = String(text[unitStart...])
            let numberText = Self.trimmingSpaces(String(text[..<unitStart]))
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

    /// `text` without leading and trailing spaces and tabs (what `.whitespaces` trims in a YAML
    /// scalar), without going through Foundation: durations are read for every point of a sweep.
    static func trimmingSpaces(_ text: String) -> String {
        // Tab and the Unicode space separators (category Zs), as Foundation's `.whitespaces`.
        let isSpace: (Character) -> Bool = { c in
            c == " " || c == "\t" || c.unicodeScalars.allSatisfy { $0.properties.generalCategory == .spaceSeparator }
        }
        guard let first = text.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = text.lastIndex(where: { !isSpace($0) })!
        return String(text[first...last])
    }
}
