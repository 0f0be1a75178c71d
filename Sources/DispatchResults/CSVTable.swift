// CSVTable.swift: a tidy table and its CSV text: one header row, RFC 4180 quoting, numbers in
// their shortest exact form, missing values as empty fields.

import Foundation

/// One CSV cell.
public enum CSVValue: Sendable, Hashable {
    case text(String)
    case integer(Int)
    case number(Double)

    /// The cell as it appears in the file. Numbers use Swift's shortest representation that reads
    /// back to the same double, so files are exact and identical across runs; NaN (no value)
    /// is an empty field.
    package var field: String {
        switch self {
        case .text(let s):
            // Scalars, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
            if s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return s
        case .integer(let i):
            return String(i)
        case .number(let x):
            if x.isNaN { return "" }
            if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
            return x.description
        }
    }
}

/// A table with named columns, written as CSV.
public struct CSVTable: Sendable, Hashable {
    public let columns: [String]
    public private(set) var rows: [[CSVValue]] = []

    public init(columns: [String]) {
        self.columns = columns
    }

    public mutating func append(_ row: [CSVValue]) {
        precondition(row.count == columns.count, "row has \(row.count) cells for \(columns.count) columns")
        rows.append(row)
    }

    /// The table as CSV text, lines ending in "\n".
    public var text: String { headerLine + rowLines }

    /// The header row, ending in "\n".
    public var headerLine: String { columns.map { CSVValue.text($0).field }.joined(separator: ",") + "\n" }

    /// The data rows, each ending in "\n".
    public var rowLines: String { rows.map { $0.map(\.field).joined(separator: ",") + "\n" }.joined() }
}
