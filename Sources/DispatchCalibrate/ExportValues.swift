// ExportValues.swift: the values of an export's fields: timestamps in the forms exports write,
// durations in minutes or HH:MM:SS, priorities, and the markers of a missing value.

import DispatchResults

/// Reads timestamps, durations and priorities from field bytes, without making strings.
public enum ExportValues {
    /// Markers of a missing value besides an empty field, compared after trimming spaces,
    /// ignoring case; a column map's `missing` adds more.
    public static let defaultMissing = ["NULL", "NA", "N/A", "NaN", "None", "-9999"]

    /// A timestamp: `YYYY-MM-DD HH:MM[:SS[.fff]]` (or with `T`, or `/` in the date), or
    /// `MM/DD/YYYY [h]h:MM[:SS[.fff]] [AM|PM]` (or with `-` in the date), a time zone suffix (`Z`,
    /// `+HH:MM`) ignored: times are read as the wall-clock times written. A date alone is its
    /// midnight. Nil when the text is none of these.
    public static func timestamp(_ field: ArraySlice<UInt8>) -> CivilTime? {
        var numbers = (0, 0, 0, 0, 0, 0)
        var digits = (0, 0, 0)  // digits of the first three numbers
        var count = 0
        var current = -1, currentDigits = 0
        var pm: Bool? = nil
        var dateSeparator: UInt8 = 0
        var i = field.startIndex
        let end = field.endIndex
        func store(_ value: Int, _ d: Int) {
            switch count {
            case 0: numbers.0 = value; digits.0 = d
            case 1: numbers.1 = value; digits.1 = d
            case 2: numbers.2 = value; digits.2 = d
            case 3: numbers.3 = value
            case 4: numbers.4 = value
            case 5: numbers.5 = value
            default: break
            }
            count += 1
        }
        while i < end {
            let b = field[i]
            if b >= 48 && b <= 57 {
                if current < 0 { current = 0; currentDigits = 0 }
                if currentDigits < 9 { current = current * 10 + Int(b - 48) }
                currentDigits += 1
            } else {
                if current >= 0 { store(current, currentDigits); current = -1 }
                if b == 46 && count == 6 {  // fractional seconds: skip their digits
                    i += 1
                    while i < end, field[i] >= 48 && field[i] <= 57 { i += 1 }
                    continue
                }
                if (b == 47 || b == 45) && count >= 1 && count <= 2 && dateSeparator == 0 { dateSeparator = b }
                if (b == 65 || b == 97 || b == 80 || b == 112), i + 1 < end, field[i + 1] == 77 || field[i + 1] == 109, count >= 4 {
                    pm = b == 80 || b == 112
                    i += 2
                    continue
                }
                // After the seconds (or minutes), a zone suffix: stop reading.
                if (b == 43 || b == 90 || b == 122 || (b == 45 && count >= 5)) && count >= 5 { break }
                if b == 45 && count >= 3 && dateSeparator != 45 { break }
            }
            i += 1
        }
        if current >= 0 { store(current, currentDigits) }
        guard count == 3 || count >= 5 else { return nil }
        var year: Int, month: Int, day: Int
        if digits.0 == 4 {
            (year, month, day) = (numbers.0, numbers.1, numbers.2)
        } else if digits.2 == 4 && dateSeparator != 0 {
            (year, month, day) = (numbers.2, numbers.0, numbers.1)
        } else {
            return nil
        }
        var hour = count >= 5 ? numbers.3 : 0
        let minute = count >= 5 ? numbers.4 : 0, second = count >= 6 ? numbers.5 : 0
        if let pm {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        if month == 0 || day == 0 { return nil }
        return CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59))
    }

    /// A duration in minutes: a number of minutes (`12.5`), or `H:MM:SS`, `H:MM` (hours and
    /// minutes); nil otherwise (negative durations are returned as such).
    public static func durationMinutes(_ field: ArraySlice<UInt8>) -> Double? {
        let trimmed = trim(field)
        guard !trimmed.isEmpty else { return nil }
        if trimmed.contains(58) {  // ':'
            var parts: [Double] = []
            var negative = false
            var start = trimmed.startIndex
            if trimmed.first == 45 { negative = true; start += 1 }
            for piece in trimmed[start...].split(separator: 58, omittingEmptySubsequences: false) {
                guard let v = number(piece), v >= 0 else { return nil }
                parts.append(v)
            }
            let minutes: Double
            switch parts.count {
            case 2: minutes = parts[0] * 60 + parts[1]
            case 3: minutes = parts[0] * 60 + parts[1] + parts[2] / 60
            default: return nil
            }
            return negative ? -minutes : minutes
        }
        return number(trimmed)
    }

    /// A decimal number; nil for anything else.
    public static func number(_ field: ArraySlice<UInt8>) -> Double? {
        let t = trim(field)
        guard !t.isEmpty, t.count < 40 else { return nil }
        guard let v = Double(String(decoding: t, as: UTF8.self)), v.isFinite else { return nil }
        return v
    }

    /// A priority from 1 (most urgent) to 9: the number a field starts with (`2`, `2C`, ` 1A`),
    /// or a letter A to I for 1 to 9; nil for anything else, or a number outside 1-9.
    public static func priority(_ field: ArraySlice<UInt8>) -> Int? {
        let t = trim(field)
        guard let first = t.first else { return nil }
        if first >= 48 && first <= 57 {
            var value = 0
            for b in t {
                guard b >= 48 && b <= 57 else { break }
                value = value * 10 + Int(b - 48)
                if value > 9 { return nil }
            }
            return (1...9).contains(value) ? value : nil
        }
        if t.count == 1 {
            let upper = first & ~0x20
            if upper >= 65 && upper <= 73 { return Int(upper - 64) }
        }
        return nil
    }

    /// The field without spaces, tabs or carriage returns around it.
    public static func trim(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = field.startIndex, e = field.endIndex
        while s < e, field[s] == 32 || field[s] == 9 || field[s] == 13 { s += 1 }
        while e > s, field[e - 1] == 32 || field[e - 1] == 9 || field[e - 1] == 13 { e -= 1 }
        return field[s..<e]
    }

    /// ``folded(_:)`` of a field's text, without making the unfolded string when it is ASCII.
    public static func folded(_ field: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(field.count)
        var pendingSpace = false
        for b in field {
            guard b < 0x80 else { return folded(String(decoding: field, as: UTF8.self)) }
            if b == 32 || b == 9 || b == 13 || b == 10 {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(32); pendingSpace = false }
            out.append(b >= 97 && b <= 122 ? b - 32 : b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The key text is compared by: trimmed, runs of white space as one space, upper case.
    public static func folded(_ text: some StringProtocol) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).joined(separator: " ").uppercased()
    }
}
