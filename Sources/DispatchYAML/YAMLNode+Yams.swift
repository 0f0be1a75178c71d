// YAMLNode+Yams.swift: safe composing with Yams (no alias bombs, bounded depth) and located Yams errors.

internal import Yams

extension YAMLNode {
    /// Composes one YAML document; nil when it is empty (nothing but comments or whitespace).
    ///
    /// Anchors and aliases are refused. Yams resolves an alias by sharing the anchored node, so a
    /// "billion laughs" document composes quickly into a small shared tree, but anything that walks or
    /// hashes that tree (including Yams's own duplicate-key check, when an alias is a key) takes
    /// exponential time. So when the text might define an anchor, it is first composed with every
    /// possible anchor blanked out: any alias is then undefined and fails at once, located. Only text
    /// with no alias at all is composed as written, and the conversion refuses any anchor left in it.
    ///
    /// - Complexity: O(*n*) in the length of the text.
    static func parse(_ text: String, source: YAMLSource) throws -> YAMLNode? {
        if let blanked = textWithoutAnchors(text) {
            try compose(blanked, source: source) { _ in }
        }
        return try compose(text, source: source) { root in
            try root.map { try YAMLNode(composed: $0, depth: 1, source: source) }
        }
    }

    /// The message for any anchor or alias.
    static let aliasMessage = "anchors and aliases are not supported in scenario files; write each value out in full"

    /// The message for lists and mappings nested too deeply.
    static var depthMessage: String {
        "nesting deeper than \(YAMLValue.maximumNestingDepth) levels is not supported"
    }

    /// Composes `text` and hands its root (nil for an empty document) to `body`.
    private static func compose<T>(_ text: String, source: YAMLSource, _ body: (Node?) throws -> T) throws -> T {
        let parser: Parser
        let root: Node?
        do {
            // An explicit encoding: Yams's default can be changed by an environment variable.
            parser = try Parser(yaml: text, encoding: .utf8)
            root = try parser.singleRoot()
        } catch let error as YamlError {
            throw scenarioError(error, text: text, source: source)
        }
        // Nodes hold their anchors weakly and the parser owns them: it must outlive any look at them.
        return try withExtendedLifetime(parser) { try body(root) }
    }

    /// `text` with every `&` that is followed by anchor characters (`[0-9A-Za-z_-]`, libyaml's set),
    /// and those characters, replaced by spaces; nil when there is no such `&`. Lines and columns
    /// stay where they were. A few of the blanked spans may be ordinary text, which does no harm:
    /// the blanked document only serves to find aliases.
    private static func textWithoutAnchors(_ text: String) -> String? {
        func isAnchorCharacter(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
            default: false
            }
        }
        var bytes = Array(text.utf8)
        var found = false
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "&"), index + 1 < bytes.count, isAnchorCharacter(bytes[index + 1]) else {
                index += 1
                continue
            }
            found = true
            repeat {
                bytes[index] = UInt8(ascii: " ")
                index += 1
            } while index < bytes.count && isAnchorCharacter(bytes[index])
        }
        return found ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// Converts a composed Yams node, checking anchors and depth on the way down. `depth` is the
    /// nesting level of `node` if it is a list or mapping (the root's is 1).
    private init(composed node: Node, depth: Int, source: YAMLSource) throws {
        let mark = node.mark
        location = source.location(line: mark?.line ?? 1, column: mark?.column ?? 1)
        if node.anchor != nil {
            throw ScenarioError(location: location, message: Self.aliasMessage)
        }
        switch node {
        case let .scalar(scalar):
            content = .scalar(text: scalar.string, isPlain: scalar.style == .plain)
        case let .sequence(sequence):
            try Self.checkDepth(depth, at: location)
            content = .sequence(try sequence.map { try YAMLNode(composed: $0, depth: depth + 1, source: source) })
        case let .mapping(mapping):
            try Self.checkDepth(depth, at: location)
            content = .mapping(try mapping.map { key, value in
                let keyNode = try YAMLNode(composed: key, depth: depth + 1, source: source)
                guard case let .scalar(text, _) = keyNode.content else {
                    throw ScenarioError(location: keyNode.location,
                                        message: "a mapping key must be a name, found \(keyNode.summary)")
                }
                return Entry(key: text, keyLocation: keyNode.location,
                             value: try YAMLNode(composed: value, depth: depth + 1, source: source))
            })
        case .alias:
            throw ScenarioError(location: location, message: Self.aliasMessage)
        }
    }

    private static func checkDepth(_ depth: Int, at location: SourceLocation) throws {
        if depth > YAMLValue.maximumNestingDepth {
            throw ScenarioError(location: location, message: depthMessage)
        }
    }

    /// A located ScenarioError for an error Yams reported while composing `text`.
    private static func scenarioError(_ error: YamlError, text: String, source: YAMLSource) -> ScenarioError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let location = source.location(line: mark.line, column: mark.column)
            if problem == "found undefined alias" {
                return ScenarioError(location: location, message: aliasMessage)
            }
            if problem.hasPrefix("Maximum nesting level") {
                return ScenarioError(location: location, message: depthMessage)
            }
            if problem == "but found another document" {
                return ScenarioError(location: location, message: "expected a single YAML document, found a second one here")
            }
            var message = "invalid YAML: \(problem)"
            if let context {
                let sameMark = context.mark.line == mark.line && context.mark.column == mark.column
                message += sameMark ? " (\(context.text))"
                    : " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            if scalar(atLine: mark.line, column: mark.column, in: text) == "\t" {
                message += "; YAML does not allow tabs for indentation, use spaces"
            }
            return ScenarioError(location: location, message: message)
        case let .reader(problem, offset, _, _):
            let message = "cannot read the text: \(problem)"
            guard let offset, let index = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex) else {
                return ScenarioError(file: source.name, message: message)
            }
            let before = text[..<index].unicodeScalars
            let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            let column = before.reversed().prefix { $0 != "\n" }.count + 1
            return ScenarioError(location: source.location(line: line, column: column), message: message)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ScenarioError(location: source.location(line: context.mark.line, column: context.mark.column),
                                 message: "duplicate \(duplicates.count == 1 ? "key" : "keys") \(keys): "
                                    + "a key may appear only once in a mapping")
        default:
            return ScenarioError(file: source.name, message: "cannot read the YAML: \(error)")
        }
    }

    /// The Unicode scalar at a 1-based line and column of `text`, if there is one.
    private static func scalar(atLine line: Int, column: Int, in text: String) -> Unicode.Scalar? {
        let lines = text.unicodeScalars.split(separator: "\n", maxSplits: line, omittingEmptySubsequences: false)
        guard line - 1 < lines.count else { return nil }
        return lines[line - 1].dropFirst(column - 1).first
    }
}
