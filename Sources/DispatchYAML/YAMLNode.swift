// YAMLNode.swift: the reader's own YAML tree, in which every node knows the file (or override) it came from.

/// Where a piece of YAML text came from: a scenario file, or the VALUE of a `--set PATH=VALUE` override.
enum YAMLSource: Sendable {
    case file(String)
    /// The override as given, `PATH=VALUE`.
    case override(String)

    /// The name used in messages: the file, or `--set PATH=VALUE`.
    var name: String {
        switch self {
        case let .file(name): name
        case let .override(text): "--set \(text)"
        }
    }

    func location(line: Int, column: Int) -> SourceLocation {
        switch self {
        case let .file(name): SourceLocation(file: name, line: line, column: column)
        case let .override(text): SourceLocation(override: text, line: line, column: column)
        }
    }
}

/// One node of a composed YAML document. Unlike a Yams node it carries a full `SourceLocation`, so
/// that a tree can mix nodes from a file with nodes from `--set` overrides.
struct YAMLNode: Sendable {
    enum Content: Sendable {
        /// A scalar's text; `isPlain` is false for quoted and block (`|`, `>`) scalars.
        case scalar(text: String, isPlain: Bool)
        case sequence([YAMLNode])
        case mapping([Entry])
    }

    /// A mapping entry; keys are always scalars.
    struct Entry: Sendable {
        var key: String
        var keyLocation: SourceLocation
        var value: YAMLNode
    }

    var content: Content
    var location: SourceLocation

    /// Whether this is YAML's null: an empty plain scalar, `~` or `null`.
    var isNull: Bool {
        guard case let .scalar(text, isPlain) = content, isPlain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// The value of this mapping's `name` key, when this is a mapping with a scalar name.
    var itemName: String? {
        guard case let .mapping(entries) = content,
              let name = entries.first(where: { $0.key == "name" })?.value,
              !name.isNull, case let .scalar(text, _) = name.content else { return nil }
        return text
    }

    /// How messages quote this node after "found": `'twelve'`, `nothing`, `a list` or `a mapping`.
    var summary: String {
        switch content {
        case let .scalar(text, isPlain):
            if isPlain && text.isEmpty { return "nothing" }
            let firstLine = text.prefix { $0 != "\n" }
            var shown = String(firstLine.prefix(40))
            if shown.count < text.count { shown += "..." }
            return "'\(shown)'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

extension YAMLNode {
    /// The key path of a mapping's child: `parent.key`, or `key` at the top level.
    static func path(_ parent: String, key: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }

    /// The key path of a list's item: `parent.<name>` when the item has a `name`, else `parent[index]`.
    static func path(_ parent: String, item: YAMLNode, index: Int) -> String {
        if let name = item.itemName { return path(parent, key: name) }
        return "\(parent)[\(index)]"
    }
}
