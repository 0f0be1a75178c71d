import DispatchResults
import DispatchYAML
// CSVReader.swift: reads RFC 4180 CSV text, as CSVTable writes it, into records of fields.

/// One record of a CSV file: its fields and the line it starts on.
struct CSVRecord: Sendable, Equatable {
    /// The 1-based line of the file where the record starts.
    let line: Int
    let fields: [String]
}

/// A reader for RFC 4180 CSV: fields separated by commas, records by LF or CRLF; a field in double
/// quotes may hold commas, line breaks and doubled quotes (`""` for `"`). A leading UTF-8 byte
/// order mark is skipped, and so are empty lines (a summary table has no one-column records).
enum CSVReader {
    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","),
                       cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    /// The records of `text`; `file` names the text in errors.
    /// - Complexity: O(*n*) in the length of `text`.
    static func records(in text: String, file: String) throws(CompareError) -> [CSVRecord] {
        var bytes = Array(text.utf8)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1
        // Whether the current field has started (a quoted field may be empty), and whether the
        // current record has any content.
        var fieldStarted = false, recordStarted = false
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            switch byte {
            case quote where !fieldStarted:
                let openingLine = line
                i += 1
                while true {
                    guard i < bytes.endIndex else {
                        throw CompareError(file: file, line: openingLine, message: "a quoted field is never closed")
                    }
                    if bytes[i] == quote {
                        if i + 1 < bytes.endIndex, bytes[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    if bytes[i] == lf { line += 1 }
                    field.append(bytes[i])
                    i += 1
                }
                if i < bytes.endIndex, ![comma, cr, lf].contains(bytes[i]) {
                    throw CompareError(file: file, line: line, message: "unexpected text after a quoted field")
                }
                fieldStarted = true
                recordStarted = true
            case quote:
                throw CompareError(file: file, line: line, message: "a quote inside an unquoted field (quote the whole field and double the quote)")
            case comma:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                fieldStarted = false
                recordStarted = true
                i += 1
            case cr, lf:
                if recordStarted {
                    fields.append(String(decoding: field, as: UTF8.self))
                    records.append(CSVRecord(line: recordLine, fields: fields))
                }
                fields.removeAll()
                field.removeAll(keepingCapacity: true)
                fieldStarted = false
                recordStarted = false
                i += byte == cr && i + 1 < bytes.endIndex && bytes[i + 1] == lf ? 2 : 1
                line += 1
                recordLine = line
            default:
                field.append(byte)
                fieldStarted = true
                recordStarted = true
                i += 1
            }
        }
        if recordStarted {
            fields.append(String(decoding: field, as: UTF8.self))
            records.append(CSVRecord(line: recordLine, fields: fields))
        }
        return records
    }
}
