import DispatchResults
import DispatchYAML
// CompareError.swift: the one-line errors of `dispatchsim compare`, located in a file when they can be.

/// A problem with the files given to `dispatchsim compare`, reported on one line like a compiler
/// diagnostic:
///
///     Results/a/summary.csv:4: error: expected 60 fields as in the header, found 59
///     Results/a: error: no summary.csv in this folder
///     compare: error: metric 'calls_crisis_team' is in Results/b/summary.csv but not in Results/a/summary.csv
///     compare: error: unknown metric 'mean_respons_min' (did you mean 'mean_response_min'?)
public struct CompareError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file (or folder) the problem is in; nil for a problem between the two files.
    public let file: String?
    /// The 1-based line in `file`, when the problem is on one line.
    public let line: Int?
    /// What is wrong.
    public let message: String
    /// A likely intended spelling, shown as `(did you mean '...'?)`.
    public let suggestion: String?

    /// A problem in `file`, on `line` when given.
    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
        self.suggestion = nil
    }

    /// A problem between the two files, or with the command's options.
    public init(message: String, suggestion: String? = nil) {
        self.file = nil
        self.line = nil
        self.message = message
        self.suggestion = suggestion
    }

    /// `file:line: error: message`, or `compare: error: message (did you mean '...'?)`.
    public var description: String {
        let place = file.map { file in line.map { "\(file):\($0)" } ?? file } ?? "compare"
        return "\(place): error: \(message)" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
    }
}
