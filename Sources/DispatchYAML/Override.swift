// Override.swift: a `--set PATH=VALUE` command-line override, parsed and checked for form.

import Foundation

/// A command-line override `--set PATH=VALUE`, such as `responders.police.units.city=6`.
///
/// PATH is a dotted key path. Each component is a mapping key or, inside a list, the name of an item
/// (the value of its `name` key) or its 0-based index, written `call_types[2]` or `call_types.2`.
/// VALUE is YAML: `6`, `0.25`, `30 min`, `[1, 2]` and `{a: 1}` all work. Apply overrides with
/// `YAMLValue.applying(_:)`.
public struct Override: Sendable, Equatable, CustomStringConvertible {
    /// One step of an override's path.
    public enum Component: Sendable, Equatable, CustomStringConvertible {
        /// A mapping key; inside a list, the item with this `name`, or if there is none and this is
        /// a number, the item at that index.
        case name(String)
        /// `[n]`: the list item at 0-based index `n`.
        case index(Int)

        /// `name` or `[n]`.
        public var description: String {
            switch self {
            case let .name(name): name
            case let .index(index): "[\(index)]"
            }
        }
    }

    /// The override as given: `PATH=VALUE`.
    public let text: String
    /// The components of PATH; never empty.
    public let path: [Component]
    /// VALUE, as YAML text.
    public let value: String

    /// `--set PATH=VALUE`, which is also the "file" that messages about this override name.
    public var description: String { "--set \(text)" }

    /// Parses `PATH=VALUE` (the argument of `--set`). VALUE is parsed when the override is applied.
    ///
    /// - Throws: a `ScenarioError` naming the override when there is no `=`, PATH is empty, a
    ///   component is empty (`a..b`) or an index is not a number (`a[x]`).
    public static func parse(_ text: String) throws -> Override {
        func failure(_ message: String) -> ScenarioError {
            ScenarioError(file: "--set \(text)", message: message)
        }
        guard let equals = text.firstIndex(of: "=") else {
            throw failure("expected PATH=VALUE, such as responders.police.units.city=6")
        }
        let pathText = text[..<equals].trimmingCharacters(in: .whitespaces)
        guard !pathText.isEmpty else { throw failure("the path before '=' is empty") }
        var path: [Component] = []
        for piece in pathText.split(separator: ".", omittingEmptySubsequences: false) {
            let name = piece.prefix { $0 != "[" }
            var rest = piece[name.endIndex...]
            if name.isEmpty && rest.isEmpty {
                throw failure("the path '\(pathText)' has an empty component")
            }
            if !name.isEmpty { path.append(.name(String(name))) }
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                      let index = Int(rest.dropFirst()[..<close]), index >= 0 else {
                    throw failure("'\(rest)' in the path is not a list index such as [0]")
                }
                path.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
        }
        return Override(text: text, path: path, value: String(text[text.index(after: equals)...]))
    }
}

extension Override {
    /// The PATH part of `PATH=VALUE`.
    package var pathText: String {
        let path = text.firstIndex(of: "=").map { text[..<$0] } ?? text[...]
        return path.trimmingCharacters(in: .whitespaces)
    }
}
