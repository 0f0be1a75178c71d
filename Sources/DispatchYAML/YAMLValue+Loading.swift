// YAMLValue+Loading.swift: loading a scenario document from a file or a string, within size limits.

import Foundation

extension YAMLValue {
    /// The largest scenario file accepted, in bytes (4 MiB).
    public static let maximumFileBytes = 4 * 1024 * 1024

    /// The deepest nesting of lists and mappings accepted; the document's own mapping is level 1.
    public static let maximumNestingDepth = 64

    /// Loads the YAML document in a file.
    ///
    /// - Parameter file: the path, which messages repeat as given (so pass it as the user wrote it).
    /// - Throws: a `ScenarioError` if the file cannot be read, is larger than `maximumFileBytes`, is
    ///   not UTF-8, is not valid YAML, is empty, uses anchors or aliases, or nests deeper than
    ///   `maximumNestingDepth`.
    public static func load(file: String) throws -> YAMLValue {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw ScenarioError(file: file, message: "no such file")
        }
        if isDirectory.boolValue {
            throw ScenarioError(file: file, message: "is a directory, not a scenario file")
        }
        if let size = (try? manager.attributesOfItem(atPath: file))?[.size] as? NSNumber,
           size.intValue > maximumFileBytes {
            throw tooLarge(file, bytes: size.intValue)
        }
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw ScenarioError(file: file, message: "cannot open the file for reading")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            // One byte more than allowed tells a file at the limit from a larger one (say a pipe).
            data = try handle.read(upToCount: maximumFileBytes + 1) ?? Data()
        } catch {
            throw ScenarioError(file: file, message: "cannot read the file: \(error.localizedDescription)")
        }
        if data.count > maximumFileBytes {
            throw tooLarge(file, bytes: nil)
        }
        return try load(text: decodeUTF8(data, file: file), fileName: file)
    }

    /// Loads a YAML document held in a string.
    ///
    /// - Parameter fileName: the name that messages give as the file.
    /// - Throws: as `load(file:)`.
    public static func load(text: String, fileName: String) throws -> YAMLValue {
        let bytes = text.utf8.count
        if bytes > maximumFileBytes {
            throw tooLarge(fileName, bytes: bytes)
        }
        let root = try YAMLNode.parse(text, source: .file(fileName))
        guard let root, !root.isNull else {
            throw ScenarioError(location: root?.location ?? SourceLocation(file: fileName, line: 1, column: 1),
                                message: "the document is empty")
        }
        return YAMLValue(node: root, path: "")
    }

    private static func tooLarge(_ file: String, bytes: Int?) -> ScenarioError {
        let limit = "\(maximumFileBytes) bytes (\(maximumFileBytes >> 20) MiB)"
        guard let bytes else {
            return ScenarioError(file: file, message: "the file is larger than the \(limit) a scenario file may have")
        }
        let mebibytes = String(format: "%.1f", Double(bytes) / 1_048_576)
        return ScenarioError(file: file, message: "the file is \(bytes) bytes (\(mebibytes) MiB); "
                                + "a scenario file may have at most \(limit)")
    }

    /// The text of UTF-8 data, or an error located at the first byte that is not UTF-8.
    private static func decodeUTF8(_ data: Data, file: String) throws -> String {
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = data.makeIterator()
        var line = 1
        var column = 1
        while true {
            switch parser.parseScalar(from: &bytes) {
            case let .valid(encoded):
                if encoded.count == 1 && encoded.first == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error:
                throw ScenarioError(location: SourceLocation(file: file, line: line, column: column),
                                    message: "the file is not UTF-8 text")
            case .emptyInput:
                return String(decoding: data, as: UTF8.self)
            }
        }
    }
}
