// YAMLNode+Flow.swift: a YAML value written back as one line of flow YAML, so that a value from a
// sweep file can become the VALUE of an override and a readable label in result columns.

import Foundation

extension YAMLNode {
    /// This node as flow YAML: plain scalars as written, other scalars single-quoted, lists as
    /// `[a, b]`, mappings as `{k: v}`.
    var flowText: String {
        switch content {
        case let .scalar(text, isPlain):
            if isPlain && !text.contains(where: { "\n,[]{}#".contains($0) }) { return text }
            return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        case let .sequence(items):
            return "[" + items.map(\.flowText).joined(separator: ", ") + "]"
        case let .mapping(entries):
            return "{" + entries.map { "\($0.key): \($0.value.flowText)" }.joined(separator: ", ") + "}"
        }
    }
}

extension YAMLValue {
    /// This value as one line of flow YAML (see `YAMLNode.flowText`).
    package var flowText: String { node.flowText }
}
