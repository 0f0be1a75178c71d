// YAMLValue.swift: a value of a scenario document, with its key path and location, and errors at it.

/// One value of a loaded scenario document (a scalar, a list or a mapping), together with where it
/// came from and its key path, so that every problem with it can be reported at its place.
///
/// Read values with the typed accessors (`mapping(allowedKeys:)`, `sequence()`, `string()`,
/// `double()`, `int()`, `bool()`, `duration()`, ...). Each throws a located `ScenarioError`
/// saying what was expected and what was found; those that check several things at once (every key
/// of a mapping, every number of a list) throw `ScenarioErrors` when more than one is wrong.
public struct YAMLValue: Sendable {
    let node: YAMLNode

    /// The dotted key path of this value, such as `responders.police.units.city`; list items are
    /// named `parent.<name>` when they are mappings with a `name`, else `parent[index]` (0-based).
    /// Empty for the document itself.
    public var path: String { key.map { YAMLNode.path(parentPath, key: $0) } ?? parentPath }

    /// The path, or the parent's path when `key` is set: a mapping's entries keep their parent's
    /// path and their key, and join them only when asked (mostly for messages), since every
    /// mapping read would otherwise build a string per entry.
    private let parentPath: String
    private let key: String?

    init(node: YAMLNode, path: String) {
        self.node = node
        parentPath = path
        key = nil
    }

    /// The value of entry `key` of the mapping at `parent`.
    init(node: YAMLNode, parent: String, key: String) {
        self.node = node
        parentPath = parent
        self.key = key
    }

    /// Where this value starts: in a file, or in a `--set` override that replaced it.
    public var location: SourceLocation { node.location }

    /// Whether this is YAML's null: nothing at all after the colon, `~` or `null`.
    public var isNull: Bool { node.isNull }

    /// Whether this is a mapping (for keys that take either a list or a mapping).
    public var isMapping: Bool {
        if case .mapping = node.content { return true }
        return false
    }

    /// How messages show this value after "found": the scalar in quotes (`'twelve'`), or `nothing`,
    /// `a list`, `a mapping`.
    public var summary: String { node.summary }

    /// An error located at this value, with its path.
    public func error(_ message: String, suggestion: String? = nil) -> ScenarioError {
        ScenarioError(location: location, path: path, message: message, suggestion: suggestion)
    }

    /// A warning located at this value, with its path.
    public func warning(_ message: String, suggestion: String? = nil) -> ScenarioError {
        ScenarioError(location: location, path: path, message: message, suggestion: suggestion, severity: .warning)
    }

    /// The error `expected <what>, found <summary>` at this value, as in
    /// `expected a whole number >= 0, found 'twelve'`.
    public func expected(_ what: String, suggestion: String? = nil) -> ScenarioError {
        error("expected \(what), found \(summary)", suggestion: suggestion)
    }
}
