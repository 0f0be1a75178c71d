// Crosswalk.swift: raw call types to categories (and whether the category is a crisis, mental or
// behavioural health, one), from a CSV file or a built-in crosswalk (Crosswalks+Vera.swift).

import Foundation

/// Raw call type -> category, matched after folding (trimmed, runs of white space as one, upper
/// case).
public struct Crosswalk: Sendable {
    public struct Category: Sendable, Hashable {
        public let name: String
        public let crisis: Bool
    }

    private let table: [String: Category]
    /// Where it came from, for the scenario's comments and the report.
    public let source: String

    public func category(of rawType: String) -> Category? { table[ExportValues.folded(rawType)] }

    /// The category of a field's raw type (its bytes, as an export holds it).
    public func category(ofField field: ArraySlice<UInt8>) -> Category? { table[ExportValues.folded(field)] }

    public var count: Int { table.count }

    /// The built-in crosswalks, named `vera-<city>`.
    public static var builtInNames: [String] { veraCSV.keys.sorted().map { "vera-" + $0 } }

    public static func builtIn(_ name: String) -> Crosswalk? {
        guard name.hasPrefix("vera-"), let text = veraCSV[String(name.dropFirst(5))] else { return nil }
        // The built-in text was checked when it was generated.
        return try? Crosswalk(csvText: text, file: name, source: "\(name) (Vera Institute of Justice and Two Sigma Data Clinic, MIT licence; Scenarios/crosswalks/)")
    }

    /// A crosswalk file or a built-in name.
    public static func load(_ nameOrPath: String) throws(CalibrationError) -> Crosswalk {
        if let builtIn = builtIn(nameOrPath) { return builtIn }
        guard let data = FileManager.default.contents(atPath: nameOrPath) else {
            throw CalibrationError(file: nameOrPath, message: "no such crosswalk file (or it cannot be read); built-in crosswalks: \(builtInNames.joined(separator: ", "))")
        }
        return try Crosswalk(csvText: String(decoding: data, as: UTF8.self), file: nameOrPath, source: nameOrPath)
    }

    /// A CSV with the columns `raw_value` and `category`, and optionally `crisis` (true/false;
    /// default true for a category named behavioral_health or mental_health). Category names are
    /// written into scenarios: letters, digits, `_`, `-` and `.` only.
    init(csvText: String, file: String, source: String) throws(CalibrationError) {
        self.source = source
        var reader = ExportReader(text: csvText, name: file)
        guard try reader.next() else { throw CalibrationError(file: file, line: 1, message: "is empty: expected a header with raw_value and category") }
        let header = reader.strings.map { ExportValues.folded($0).lowercased() }
        guard let raw = header.firstIndex(of: "raw_value"), let cat = header.firstIndex(of: "category") else {
            throw CalibrationError(file: file, line: 1, message: "expected the columns raw_value and category, found \(header.joined(separator: ", "))")
        }
        let crisisColumn = header.firstIndex(of: "crisis")
        var table: [String: Category] = [:]
        while try reader.next() {
            guard reader.fieldCount == header.count else {
                throw CalibrationError(file: file, line: reader.line, message: "expected \(header.count) fields, found \(reader.fieldCount)")
            }
            let name = reader.string(cat).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }) else {
                throw CalibrationError(file: file, line: reader.line, column: "category",
                                       message: "expected a name of letters, digits, '_', '-' and '.', found '\(name)'")
            }
            var crisis = name == "behavioral_health" || name == "mental_health"
            if let crisisColumn {
                switch reader.string(crisisColumn).trimmingCharacters(in: .whitespaces).lowercased() {
                case "true", "yes", "y", "1": crisis = true
                case "false", "no", "n", "0", "": crisis = false
                case let other:
                    throw CalibrationError(file: file, line: reader.line, column: "crisis", message: "expected true or false, found '\(other)'")
                }
            }
            table[ExportValues.folded(reader.string(raw))] = Category(name: name, crisis: crisis)
        }
        self.table = table
    }
}
