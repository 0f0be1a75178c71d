// ParameterError.swift: the error the engine throws for an input out of range.

/// An input value that is out of range: what it belongs to, which parameter, what was expected
/// and what was found. Scenario loading adds the file, line and key path.
///
/// ```
/// rate profile: hourOfDay[3] must be a finite number >= 0, found -2.0
/// ```
public struct ParameterError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What the parameter belongs to, e.g. "rate profile".
    public let subject: String
    /// The parameter, with an index where it has one, e.g. "hourOfDay[3]".
    public let parameter: String
    public let expected: String
    public let found: String

    public init(subject: String, parameter: String, expected: String, found: String) {
        self.subject = subject
        self.parameter = parameter
        self.expected = expected
        self.found = found
    }

    public var description: String {
        "\(subject): \(parameter) must be \(expected), found \(found)"
    }
}
