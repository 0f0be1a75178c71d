// SourceLocation.swift: where a scenario value came from (file, line, column, or a `--set` override).

/// A place in a scenario file, or in a `--set PATH=VALUE` command-line override.
///
/// Lines and columns are 1-based, as YAML parsers report them; columns count Unicode scalars.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file as it was named to the loader, or `--set PATH=VALUE` for a command-line override.
    public let file: String
    /// The 1-based line in `file` (for an override, in its VALUE text).
    public let line: Int
    /// The 1-based column in `line`, counted in Unicode scalars.
    public let column: Int
    /// Whether this points into a `--set` override rather than a file.
    public let isCommandLine: Bool

    /// A location in a scenario file.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
        self.isCommandLine = false
    }

    /// A location in the VALUE of the command-line override `--set PATH=VALUE`.
    ///
    /// - Parameter override: the override as given, `PATH=VALUE`, without `--set`.
    public init(override: String, line: Int, column: Int) {
        self.file = "--set \(override)"
        self.line = line
        self.column = column
        self.isCommandLine = true
    }

    /// `file:line:column` for a file; the override itself, `--set PATH=VALUE`, for the command line
    /// (a line and column inside a one-line argument would only distract).
    public var description: String {
        isCommandLine ? file : "\(file):\(line):\(column)"
    }
}
