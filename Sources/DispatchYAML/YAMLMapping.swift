// YAMLMapping.swift: reading mappings (checked keys, required and optional entries) and lists.

/// The entries of a YAML mapping, in file order, each value carrying its own key path.
public struct YAMLMapping: Sendable {
    /// One `key: value` entry.
    public struct Entry: Sendable {
        /// The key as written (quoted or not).
        public let key: String
        /// Where the key is written (for an entry added by an override, where its value is).
        public let keyLocation: SourceLocation
        /// The value, with the path `mapping.key`.
        public let value: YAMLValue
    }

    /// The mapping itself, as a value: its path and location, and the place to report problems that
    /// involve several of its entries (such as shares that do not sum to 1).
    public let value: YAMLValue
    /// The entries in file order; keys are unique.
    public let entries: [Entry]

    /// The mapping's key path (empty for the document itself).
    public var path: String { value.path }
    /// Where the mapping starts.
    public var location: SourceLocation { value.location }
    /// The keys in file order.
    public var keys: [String] { entries.map(\.key) }

    /// The value of `key`.
    ///
    /// - Throws: `missing required key 'key'`, located at the mapping, with the key's path.
    /// - Complexity: O(*n*) in the number of entries.
    public func required(_ key: String) throws -> YAMLValue {
        guard let entry = entries.first(where: { $0.key == key }) else {
            throw ScenarioError(location: location, path: YAMLNode.path(path, key: key),
                                message: "missing required key '\(key)'")
        }
        return entry.value
    }

    /// The value of `key`, or nil when the key is absent or its value is null (`key:` with nothing
    /// after it, `~` or `null`).
    ///
    /// - Complexity: O(*n*) in the number of entries.
    public func optional(_ key: String) -> YAMLValue? {
        guard let value = entries.first(where: { $0.key == key })?.value, !value.isNull else { return nil }
        return value
    }
}

extension YAMLValue {
    /// This value as a mapping.
    ///
    /// - Parameter allowedKeys: the keys that may appear; nil accepts any key (for mappings whose
    ///   keys are names the user chooses). An unknown key is reported at the key, with the nearest
    ///   allowed key as a suggestion, or else the list of allowed keys.
    /// - Throws: `expected a mapping, found ...`; or every unknown or duplicate key, as one
    ///   `ScenarioError` or, when there are several, `ScenarioErrors`.
    public func mapping(allowedKeys: [String]? = nil) throws -> YAMLMapping {
        guard case let .mapping(entries) = node.content else { throw expected("a mapping") }
        var problems: [ScenarioError] = []
        let path = self.path
        // Where each key was first seen. Most mappings are small, and a linear search through a
        // few keys is far cheaper than hashing; large ones (a long list of zones) use a dictionary.
        let small = entries.count <= 16
        var firstLocations: [String: SourceLocation] = [:]
        for index in entries.indices {
            let entry = entries[index]
            let keyPath = { YAMLNode.path(path, key: entry.key) }
            var earlier: SourceLocation?
            if small {
                for k in 0..<index where entries[k].key == entry.key {
                    earlier = entries[k].keyLocation
                    break
                }
            } else {
                earlier = firstLocations[entry.key]
            }
            if let first = earlier {
                problems.append(ScenarioError(
                    location: entry.keyLocation, path: keyPath(),
                    message: "duplicate key '\(entry.key)': a key may appear only once in a mapping "
                        + "(it is also at line \(first.line), column \(first.column))"))
                continue
            }
            if !small { firstLocations[entry.key] = entry.keyLocation }
            if let allowedKeys, !allowedKeys.contains(entry.key) {
                // Past the problems anyone will see listed, skip the costly search for a suggestion.
                let suggestion = problems.count < ScenarioErrors.maximumListed
                    ? closestMatch(entry.key, in: allowedKeys) : nil
                var message = "unknown key '\(entry.key)'"
                if suggestion == nil {
                    message += "; expected one of: " + allowedKeys.joined(separator: ", ")
                }
                problems.append(ScenarioError(location: entry.keyLocation, path: keyPath(), message: message,
                                              suggestion: suggestion))
            }
        }
        try ScenarioErrors.throwIfAny(problems)
        return YAMLMapping(value: self, entries: entries.map {
            YAMLMapping.Entry(key: $0.key, keyLocation: $0.keyLocation,
                              value: YAMLValue(node: $0.value, parent: path, key: $0.key))
        })
    }

    /// This value as a list. Items are named `parent.<name>` when they are mappings with a `name`,
    /// else `parent[index]` (0-based).
    ///
    /// - Throws: `expected a list, found ...`.
    public func sequence() throws -> [YAMLValue] {
        guard case let .sequence(items) = node.content else { throw expected("a list") }
        return items.enumerated().map { index, item in
            YAMLValue(node: item, path: YAMLNode.path(path, item: item, index: index))
        }
    }

    /// This value as a list of finite numbers, such as `[0.2, 0.5, 0.3]`.
    ///
    /// - Throws: `expected a list of numbers, found ...`, or every entry that is not a finite number.
    public func numberList() throws -> [Double] {
        guard case .sequence = node.content else { throw expected("a list of numbers") }
        var numbers: [Double] = []
        var problems: [ScenarioError] = []
        for item in try sequence() {
            do {
                numbers.append(try item.double())
            } catch {
                problems += try ScenarioErrors.problemsOrRethrow(error)
            }
        }
        try ScenarioErrors.throwIfAny(problems)
        return numbers
    }

    /// This value as a rectangular matrix of finite numbers: a list of rows, each a list of numbers.
    ///
    /// - Parameters:
    ///   - rows: the number of rows required, or nil for any.
    ///   - columns: the number of numbers each row must have, or nil for as many as the first row.
    /// - Throws: every row of the wrong shape and every entry that is not a finite number.
    public func numberMatrix(rows: Int? = nil, columns: Int? = nil) throws -> [[Double]] {
        guard case .sequence = node.content else { throw expected("a list of rows of numbers") }
        let rowValues = try sequence()
        if let rows, rowValues.count != rows {
            throw error("expected \(rows) \(rows == 1 ? "row" : "rows"), found \(rowValues.count)")
        }
        var matrix: [[Double]] = []
        var problems: [ScenarioError] = []
        for rowValue in rowValues {
            do {
                let row = try rowValue.numberList()
                let width = columns ?? matrix.first?.count ?? row.count
                if row.count != width {
                    let like = columns == nil ? " like the first row" : ""
                    problems.append(rowValue.error("expected \(width) \(width == 1 ? "number" : "numbers")\(like), "
                                                   + "found \(row.count)"))
                }
                matrix.append(row)
            } catch {
                problems += try ScenarioErrors.problemsOrRethrow(error)
            }
        }
        try ScenarioErrors.throwIfAny(problems)
        return matrix
    }
}
