// ScenarioError.swift: compiler-style diagnostics for scenario input, one or many at a time.

/// One problem with scenario input, reported like a compiler diagnostic:
///
///     Scenarios/x.yaml:7:12: error: responders.police.units.city: expected a whole number >= 0, found 'twelve'
///     Scenarios/x.yaml:3:5: error: call_types.burglary.call_shar: unknown key 'call_shar' (did you mean 'call_share'?)
///     Scenarios/x.yaml: error: no such file
///     error: a problem with no file at all
///     --set responders.police.units.city=six: error: responders.police.units.city: expected a whole number, found 'six'
/// What a diagnostic is about, for code that acts on it (rather than matching its text). Clients
/// declare their kinds as static members.
public struct DiagnosticKind: RawRepresentable, Hashable, Sendable {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }
}

public struct ScenarioError: Error, CustomStringConvertible, Sendable, Equatable {
    /// How bad a diagnostic is.
    public enum Severity: String, Sendable, Equatable {
        /// The input cannot be used.
        case error
        /// The input can be used but is probably not what the user meant.
        case warning
    }

    /// The file the problem is in, or `--set PATH=VALUE` for a command-line override; empty when
    /// the problem belongs to no file.
    public let file: String
    /// Where in `file`, when known.
    public let location: SourceLocation?
    /// The dotted key path of the offending value, such as `responders.police.units.city` or
    /// `call_types[2].share`; empty when the problem is not about one value.
    public let path: String
    /// What is wrong, such as `expected a whole number >= 0, found 'twelve'`.
    public let message: String
    /// A likely intended spelling, shown as `(did you mean '...'?)`.
    public let suggestion: String?
    /// Whether the input is unusable (`.error`) or only suspicious (`.warning`).
    public let severity: Severity
    /// What it is about, when code acts on it; nil for most diagnostics.
    public private(set) var kind: DiagnosticKind?

    /// A problem at a known place.
    public init(location: SourceLocation, path: String = "", message: String, suggestion: String? = nil,
                severity: Severity = .error) {
        self.init(file: location.file, location: location, path: path, message: message, suggestion: suggestion,
                  severity: severity)
    }

    /// A problem with a whole file (or a whole override), not with one place in it.
    public init(file: String, path: String = "", message: String, suggestion: String? = nil,
                severity: Severity = .error) {
        self.init(file: file, location: nil, path: path, message: message, suggestion: suggestion, severity: severity)
    }

    private init(file: String, location: SourceLocation?, path: String, message: String, suggestion: String?,
                 severity: Severity) {
        self.file = file
        self.location = location
        self.path = path
        self.message = message
        self.suggestion = suggestion
        self.severity = severity
    }

    /// The same problem as a warning.
    public var asWarning: ScenarioError {
        var copy = ScenarioError(file: file, location: location, path: path, message: message, suggestion: suggestion,
                                 severity: .warning)
        copy.kind = kind
        return copy
    }

    /// The same problem, of `kind`.
    public func of(kind: DiagnosticKind) -> ScenarioError {
        var copy = self
        copy.kind = kind
        return copy
    }

    /// The same problem (and kind) with `prefix` before its message, at `location` when given.
    public func prefixed(_ prefix: String, at location: SourceLocation? = nil, path: String? = nil) -> ScenarioError {
        var copy = ScenarioError(file: location?.file ?? file, location: location ?? self.location, path: path ?? self.path,
                                 message: prefix + message, suggestion: suggestion, severity: severity)
        copy.kind = kind
        return copy
    }

    /// `place: severity: path: message (did you mean 'suggestion'?)`, on one line.
    public var description: String {
        let place = location?.description ?? file
        var text = (place.isEmpty ? "" : "\(place): ") + "\(severity.rawValue): "
        if !path.isEmpty { text += "\(path): " }
        text += message
        if let suggestion { text += " (did you mean '\(suggestion)'?)" }
        return text
    }
}

/// Every problem found in one piece of input, so that a user can fix them all in one go.
public struct ScenarioErrors: Error, CustomStringConvertible, Sendable, Equatable {
    /// The problems, in the order they were found; never empty.
    public let errors: [ScenarioError]

    /// - Precondition: `errors` is not empty.
    public init(_ errors: [ScenarioError]) {
        precondition(!errors.isEmpty, "ScenarioErrors needs at least one error")
        self.errors = errors
    }

    /// The most problems `description` lists; a count of the rest follows them.
    public static let maximumListed = 100

    /// One line per problem, for the first `maximumListed` problems, then a line counting the rest
    /// (a file with a hundred thousand bad keys should not print a hundred thousand lines).
    public var description: String {
        Self.listing(errors, rest: "problems; fix those above first")
    }

    /// The first `maximumListed` of `problems`, a line each, then "... and N more `rest`" when
    /// there are more.
    public static func listing(_ problems: [ScenarioError], rest: String) -> String {
        var lines = problems.prefix(maximumListed).map(\.description)
        if problems.count > maximumListed {
            lines.append("... and \(problems.count - maximumListed) more \(rest)")
        }
        return lines.joined(separator: "\n")
    }
}

extension ScenarioErrors {
    /// The problems an error stands for: a `ScenarioError` alone, or the list in a `ScenarioErrors`;
    /// nil for any other error.
    package static func problems(in error: any Error) -> [ScenarioError]? {
        switch error {
        case let error as ScenarioError: [error]
        case let errors as ScenarioErrors: errors.errors
        default: nil
        }
    }

    /// The problems in an error thrown by a reader function; rethrows any other kind of error.
    package static func problemsOrRethrow(_ error: any Error) throws -> [ScenarioError] {
        guard let problems = problems(in: error) else { throw error }
        return problems
    }

    /// Throws nothing for no problems, the problem itself for one, and `ScenarioErrors` for several.
    package static func throwIfAny(_ problems: [ScenarioError]) throws {
        if problems.count == 1 { throw problems[0] }
        if !problems.isEmpty { throw ScenarioErrors(problems) }
    }
}
