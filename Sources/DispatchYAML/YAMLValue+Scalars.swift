// YAMLValue+Scalars.swift: reading text, numbers, whole numbers, booleans and choices from scalars.

extension YAMLValue {
    /// This value as text: any scalar but null. (`911` and `'911'` both read as "911".)
    ///
    /// - Throws: `expected text, found ...` for a list, a mapping or nothing.
    public func string() throws -> String {
        guard case let .scalar(text, _) = node.content, !node.isNull else { throw expected("text") }
        return text
    }

    /// This value as one of a fixed set of words, such as a generator or policy name.
    ///
    /// - Throws: `expected one of a, b, c, found 'x'`, suggesting the nearest choice when one is close.
    public func choice(from choices: [String]) throws -> String {
        let what = "one of " + choices.joined(separator: ", ")
        guard case let .scalar(text, _) = node.content, !node.isNull else { throw expected(what) }
        guard choices.contains(text) else {
            throw expected(what, suggestion: closestMatch(text, in: choices))
        }
        return text
    }

    /// This value as a finite number, optionally within bounds. Accepts YAML decimal numbers such as
    /// `12`, `-0.5`, `1_000` and `2.5e6`, quoted or not.
    ///
    /// - Parameters:
    ///   - minimum: the smallest value allowed, if any.
    ///   - lowerBound: a value the number must be strictly greater than, if any.
    ///   - maximum: the largest value allowed, if any.
    /// - Throws: `expected a number >= 0, found '-1'` (the wording follows the bounds) for anything
    ///   else, and `expected a finite number, found '.inf'` for infinities, NaN and overflow.
    public func double(atLeast minimum: Double? = nil, greaterThan lowerBound: Double? = nil,
                       atMost maximum: Double? = nil) throws -> Double {
        let bounds = Self.boundsText(atLeast: minimum.map(Self.format), greaterThan: lowerBound.map(Self.format),
                                     atMost: maximum.map(Self.format))
        guard case let .scalar(text, _) = node.content, let number = Self.number(from: text) else {
            throw expected("a number" + bounds)
        }
        guard number.isFinite else { throw expected("a finite number" + bounds) }
        if let minimum, number < minimum { throw expected("a number" + bounds) }
        if let lowerBound, number <= lowerBound { throw expected("a number" + bounds) }
        if let maximum, number > maximum { throw expected("a number" + bounds) }
        return number
    }

    /// This value as a whole number, optionally within bounds. Accepts what `double()` does when its
    /// value is whole, so `6`, `6.0`, `1_000` and `1e3` read as whole numbers but `6.5` does not.
    ///
    /// - Throws: `expected a whole number >= 0, found 'twelve'` (the wording follows the bounds).
    public func int(atLeast minimum: Int? = nil, atMost maximum: Int? = nil) throws -> Int {
        let what = "a whole number" + Self.boundsText(atLeast: minimum.map(String.init), greaterThan: nil,
                                                      atMost: maximum.map(String.init))
        guard case let .scalar(text, _) = node.content, let number = Self.wholeNumber(from: text) else {
            throw expected(what)
        }
        if let minimum, number < minimum { throw expected(what) }
        if let maximum, number > maximum { throw expected(what) }
        return number
    }

    /// This value as a boolean: `true`, `yes` or `on`, or `false`, `no` or `off`, in any case.
    ///
    /// - Throws: `expected true or false, found ...`.
    public func bool() throws -> Bool {
        guard case let .scalar(text, _) = node.content else { throw expected("true or false") }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw expected("true or false")
        }
    }
}

extension YAMLValue {
    /// `text` as a YAML decimal number, or nil. Accepts an optional sign, digits with single `_`
    /// between them, a fraction and an exponent (`-1_000.5e-3`), and `.inf`, `.nan` in YAML's
    /// spellings; the result may be infinite or NaN.
    static func number(from text: String) -> Double? {
        var body = Substring(text)
        let negative = body.first == "-"
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        switch body {
        case ".inf", ".Inf", ".INF": return negative ? -.infinity : .infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        // One pass over the bytes: digit groups joined by single underscores, then an optional
        // fraction of digits, then an optional exponent (numbers are read for every sweep point).
        var sawUnderscore = false
        var i = body.utf8.startIndex
        let bytes = body.utf8
        var wholeDigits = 0, fractionDigits = 0
        var lastWasUnderscore = false
        while i < bytes.endIndex, bytes[i] == UInt8(ascii: "_") || (bytes[i] >= 48 && bytes[i] <= 57) {
            if bytes[i] == UInt8(ascii: "_") {
                // An underscore must sit between digits.
                guard wholeDigits > 0, !lastWasUnderscore else { return nil }
                lastWasUnderscore = true
                sawUnderscore = true
            } else {
                wholeDigits += 1
                lastWasUnderscore = false
            }
            i = bytes.index(after: i)
        }
        guard !lastWasUnderscore else { return nil }
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: ".") {
            i = bytes.index(after: i)
            while i < bytes.endIndex, bytes[i] >= 48 && bytes[i] <= 57 {
                fractionDigits += 1
                i = bytes.index(after: i)
            }
        }
        guard wholeDigits + fractionDigits > 0 else { return nil }
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i = bytes.index(after: i)
            if i < bytes.endIndex, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i = bytes.index(after: i) }
            var exponentDigits = 0
            while i < bytes.endIndex, bytes[i] >= 48 && bytes[i] <= 57 {
                exponentDigits += 1
                i = bytes.index(after: i)
            }
            guard exponentDigits > 0 else { return nil }
        }
        guard i == bytes.endIndex else { return nil }
        return Double(sawUnderscore ? text.filter { $0 != "_" } : text)
    }

    /// `text` as a whole number that an `Int` and a `Double` both hold exactly, or nil.
    static func wholeNumber(from text: String) -> Int? {
        guard let number = number(from: text), number.rounded() == number,
              abs(number) <= 9_007_199_254_740_992 else { return nil }
        return Int(number)
    }

    /// ` >= 0`, ` > 0`, ` between 0 and 1`, ` > 0 and <= 1` and so on; empty without bounds.
    static func boundsText(atLeast minimum: String?, greaterThan lowerBound: String?, atMost maximum: String?) -> String {
        if let minimum, let maximum, lowerBound == nil { return " between \(minimum) and \(maximum)" }
        let parts = [minimum.map { ">= \($0)" }, lowerBound.map { "> \($0)" }, maximum.map { "<= \($0)" }]
        let text = parts.compactMap { $0 }.joined(separator: " and ")
        return text.isEmpty ? "" : " " + text
    }

    /// A bound as messages show it: `0`, `0.5`, `1e+20`.
    static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}

extension Character {
    /// Whether this is one of the ASCII digits 0-9 (not any Unicode digit).
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
