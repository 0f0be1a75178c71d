// YAMLValue+Overrides.swift: applying `--set PATH=VALUE` overrides to a loaded document.

extension YAMLValue {
    /// A copy of this document with each override applied, in order.
    ///
    /// An override replaces the value at its path, whatever it was (a mapping is replaced, not
    /// merged). A missing last key is added to its mapping, and a null value (`key:` with nothing
    /// after it) counts as an empty mapping; a missing key or list item before the last is an error.
    /// Values set by an override are located at the override, so problems found in them later read
    /// `--set PATH=VALUE: error: ...`.
    ///
    /// - Throws: every override that cannot be applied, as one `ScenarioError` or, when there are
    ///   several, `ScenarioErrors`: a VALUE that is not valid YAML, or a path that does not exist, as
    ///   in `--set responders.polce.units.city=6: error: no 'polce' in responders (did you mean 'responders.police'?)`.
    public func applying(_ overrides: [Override]) throws -> YAMLValue {
        var root = node
        var problems: [ScenarioError] = []
        for override in overrides {
            do {
                let source = YAMLSource.override(override.text)
                let value = try YAMLNode.parse(override.value, source: source)
                    ?? YAMLNode(content: .scalar(text: "", isPlain: true), location: source.location(line: 1, column: 1))
                try root.set(override.path[...], to: value, path: path, override: override)
            } catch {
                problems += try ScenarioErrors.problemsOrRethrow(error)
            }
        }
        try ScenarioErrors.throwIfAny(problems)
        return YAMLValue(node: root, path: path)
    }

    /// A copy of this document with `override`'s path set to `value`, a value of another document
    /// that keeps its own location (so problems found in it later are reported where it is written).
    package func setting(_ override: Override, to value: YAMLValue) throws -> YAMLValue {
        var root = node
        try root.set(override.path[...], to: value.node, path: path, override: override)
        return YAMLValue(node: root, path: path)
    }
}

extension YAMLNode {
    /// Replaces the node at `components` below this one (whose path is `path`) by `value`. Leaves this
    /// node unchanged when it throws.
    fileprivate mutating func set(_ components: ArraySlice<Override.Component>, to value: YAMLNode, path: String,
                                  override: Override) throws {
        guard let component = components.first else {
            self = value
            return
        }
        let rest = components.dropFirst()
        switch content {
        case let .mapping(entries):
            content = .mapping(try Self.setting(component, rest, to: value, in: entries, path: path, override: override))
        case .scalar where isNull:
            content = .mapping(try Self.setting(component, rest, to: value, in: [], path: path, override: override))
        case let .sequence(items):
            content = .sequence(try Self.setting(component, rest, to: value, in: items, path: path, override: override))
        case .scalar:
            throw override.failure("\(path.isEmpty ? "the top level" : path) is \(summary), not a mapping or a list, "
                                   + "so it has no '\(component)'")
        }
    }

    /// The `entries` of the mapping at `path`, with the node at `component` and `rest` below it
    /// replaced by `value`; a missing last key is added.
    private static func setting(_ component: Override.Component, _ rest: ArraySlice<Override.Component>,
                                to value: YAMLNode, in entries: [Entry], path: String,
                                override: Override) throws -> [Entry] {
        guard case let .name(key) = component else {
            throw override.failure("\(path.isEmpty ? "the top level" : path) is a mapping, so it has no item \(component)")
        }
        var entries = entries
        if let index = entries.firstIndex(where: { $0.key == key }) {
            try entries[index].value.set(rest, to: value, path: Self.path(path, key: key), override: override)
        } else if rest.isEmpty {
            entries.append(Entry(key: key, keyLocation: value.location, value: value))
        } else {
            let keys = entries.map(\.key)
            let match = closestMatch(key, in: keys)
            let known = keys.isEmpty ? "; it is empty" : "; it has " + keys.joined(separator: ", ")
            throw override.failure("no '\(key)' \(path.isEmpty ? "at the top level" : "in \(path)")"
                                   + (match == nil ? known : ""),
                                   suggestion: match.map { Self.path(path, key: $0) })
        }
        return entries
    }

    /// The `items` of the list at `path`, with the node at `component` and `rest` below it replaced
    /// by `value`.
    private static func setting(_ component: Override.Component, _ rest: ArraySlice<Override.Component>,
                                to value: YAMLNode, in items: [YAMLNode], path: String,
                                override: Override) throws -> [YAMLNode] {
        let index: Int? = switch component {
        case let .index(index): items.indices.contains(index) ? index : nil
        case let .name(name):
            items.firstIndex { $0.itemName == name } ?? Int(name).flatMap { items.indices.contains($0) ? $0 : nil }
        }
        guard let index else {
            let place = path.isEmpty ? "the top level" : path
            let count = items.isEmpty ? "it is empty"
                : "it has \(items.count) \(items.count == 1 ? "item" : "items"), [0] to [\(items.count - 1)]"
            guard case let .name(name) = component, Int(name) == nil else {
                throw override.failure("no item \(component) in \(place); \(count)")
            }
            let names = items.compactMap(\.itemName)
            let match = closestMatch(name, in: names)
            let known = names.isEmpty ? count : "its items are named " + names.joined(separator: ", ")
            throw override.failure("no item named '\(name)' in \(place)" + (match == nil ? "; " + known : ""),
                                   suggestion: match.map { Self.path(path, key: $0) })
        }
        var items = items
        try items[index].set(rest, to: value, path: Self.path(path, item: items[index], index: index), override: override)
        return items
    }
}

extension Override {
    /// An error about this override as a whole.
    fileprivate func failure(_ message: String, suggestion: String? = nil) -> ScenarioError {
        ScenarioError(file: description, message: message, suggestion: suggestion)
    }
}

extension YAMLValue {
    /// Whether the document has a value at `path`, found as an override finds it (list items by
    /// name, else by index).
    package func contains(_ path: [Override.Component]) -> Bool {
        node.descendant(path[...]) != nil
    }

    /// Whether an override of `path` would add a key here rather than fail: every component but
    /// the last leads to a value, and the last is a key of a mapping (or of a null value).
    package func canAdd(_ path: [Override.Component]) -> Bool {
        guard case .name = path.last, let parent = node.descendant(path.dropLast()) else { return false }
        if parent.isNull { return true }
        if case .mapping = parent.content { return true }
        return false
    }

    /// This document without the top-level key `key`.
    package func removingTopLevelKey(_ key: String) -> YAMLValue {
        guard case let .mapping(entries) = node.content else { return self }
        var copy = node
        copy.content = .mapping(entries.filter { $0.key != key })
        return YAMLValue(node: copy, path: path)
    }
}

extension YAMLNode {
    /// The node at `components` below this one, when there is one.
    fileprivate func descendant(_ components: ArraySlice<Override.Component>) -> YAMLNode? {
        guard let component = components.first else { return self }
        let rest = components.dropFirst()
        switch (content, component) {
        case let (.mapping(entries), .name(key)):
            return entries.first { $0.key == key }?.value.descendant(rest)
        case let (.sequence(items), .index(index)):
            return items.indices.contains(index) ? items[index].descendant(rest) : nil
        case let (.sequence(items), .name(name)):
            let index = items.firstIndex { $0.itemName == name } ?? Int(name).flatMap { items.indices.contains($0) ? $0 : nil }
            return index.flatMap { items[$0].descendant(rest) }
        default:
            return nil
        }
    }
}
