// ExportReader.swift: a calls-for-service export read record by record, in constant memory: CSV
// as exports write it (RFC 4180 quoting, CRLF or LF line ends, a UTF-8 byte-order mark), with the
// line every record starts on, for located errors.

import Foundation

/// A problem with an export or a column map that stops calibration: where (file, line, column)
/// and what was expected and found.
public struct CalibrationError: Error, CustomStringConvertible, Sendable, Equatable {
    public let file: String
    public let line: Int?
    public let column: String?
    public let message: String

    public init(file: String, line: Int? = nil, column: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        return "\(place): error: " + (column.map { "column '\($0)': " } ?? "") + message
    }
}

/// Reads a CSV file one record at a time. Fields are kept as byte ranges of one reused buffer:
/// read them with ``field(_:)`` (bytes) or ``string(_:)``.
///
/// Lenient where exports are messy and strict where they are broken: a quote inside an unquoted
/// field is kept as a character; a quoted field that never ends is an error at the line it starts.
public struct ExportReader: ~Copyable {
    public let path: String
    private let handle: FileHandle?
    private var chunk: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var startOfFile = true
    /// The current record's bytes (unescaped) and where each field ends in them.
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    /// The line (1-based) the current record starts on, and the line the reader is at.
    public private(set) var line = 0
    private var nextLine = 1

    public static let chunkSize = 1 << 20

    public init(path: String) throws(CalibrationError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw CalibrationError(file: path, message: isDirectory.boolValue ? "is a folder, not an export file" : "no such file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CalibrationError(file: path, message: "cannot be opened for reading")
        }
        self.handle = handle
        bytes.reserveCapacity(4096)
        ends.reserveCapacity(64)
    }

    /// Reads CSV text held in memory; `name` stands for the file in messages.
    public init(text: String, name: String) {
        path = name
        handle = nil
        chunk = [UInt8](text.utf8)
        startOfFile = false
        if chunk.count >= 3 && chunk[0] == 0xEF && chunk[1] == 0xBB && chunk[2] == 0xBF { position = 3 }
        atEnd = true
    }

    deinit { try? handle?.close() }

    /// The number of fields in the current record.
    public var fieldCount: Int { ends.count }

    /// The bytes of field `i` of the current record.
    public func field(_ i: Int) -> ArraySlice<UInt8> {
        bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]]
    }

    /// Field `i` of the current record as text (invalid UTF-8 repaired).
    public func string(_ i: Int) -> String {
        String(decoding: field(i), as: UTF8.self)
    }

    /// All fields of the current record as text.
    public var strings: [String] {
        var out: [String] = []
        out.reserveCapacity(ends.count)
        for i in 0..<ends.count { out.append(string(i)) }
        return out
    }

    /// Reads the next non-empty record; false at the end of the file.
    public mutating func next() throws(CalibrationError) -> Bool {
        while true {
            guard try readRecord() else { return false }
            if !(ends.count == 1 && ends[0] == 0) { return true }
        }
    }

    private mutating func fill() throws(CalibrationError) -> Bool {
        guard !atEnd, let handle else { return false }
        let data: Data?
        do { data = try handle.read(upToCount: Self.chunkSize) } catch {
            throw CalibrationError(file: path, line: nextLine, message: "cannot be read: \(error.localizedDescription)")
        }
        guard let data, !data.isEmpty else { atEnd = true; return false }
        chunk = [UInt8](data)
        position = 0
        if startOfFile {
            startOfFile = false
            if chunk.count >= 3 && chunk[0] == 0xEF && chunk[1] == 0xBB && chunk[2] == 0xBF { position = 3 }
        }
        return true
    }

    /// Reads one record (which may be empty) into `bytes` and `ends`.
    private mutating func readRecord() throws(CalibrationError) -> Bool {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        line = nextLine
        let quote: UInt8 = 34, comma: UInt8 = 44, newline: UInt8 = 10, cr: UInt8 = 13
        // 0: at a field's start; 1: in an unquoted field; 2: in a quoted field; 3: after a quote
        // in a quoted field.
        var state = 0
        var sawAnything = false
        while true {
            if position >= chunk.count {
                guard try fill() else { break }
            }
            if state < 2 {
                // Outside quotes, copy the run of plain bytes up to the next comma, line end or
                // quote at once.
                let start = position, count = chunk.count
                var end = start
                chunk.withUnsafeBufferPointer { p in
                    while end < count {
                        let c = p[end]
                        if c == comma || c == newline || c == quote { break }
                        end += 1
                    }
                }
                if end > start {
                    bytes.append(contentsOf: chunk[start..<end])
                    position = end
                    state = 1
                    sawAnything = true
                    if position >= count { continue }
                }
            }
            let b = chunk[position]
            position += 1
            sawAnything = true
            switch state {
            case 2:
                if b == quote { state = 3 } else {
                    if b == newline { nextLine += 1 }
                    bytes.append(b)
                }
            case 3:
                if b == quote { bytes.append(quote); state = 2 }
                else if b == comma { ends.append(bytes.count); state = 0 }
                else if b == newline { nextLine += 1; ends.append(bytes.count); return true }
                else if b == cr { continue }
                else { bytes.append(b); state = 1 }  // text after a closing quote: kept
            default:
                if b == comma { ends.append(bytes.count); state = 0 }
                else if b == newline {
                    nextLine += 1
                    if state == 1, bytes.last == cr { bytes.removeLast() }
                    ends.append(bytes.count)
                    return true
                } else if b == quote && state == 0 { state = 2 }
                else { bytes.append(b); state = 1 }
            }
        }
        // End of file.
        if state == 2 {
            throw CalibrationError(file: path, line: line, message: "a quoted field opened on this line is never closed")
        }
        guard sawAnything else { return false }
        if state == 1, bytes.last == cr { bytes.removeLast() }
        ends.append(bytes.count)
        return true
    }
}
