// ResultWriter.swift: writes result files safely: each file goes to a temporary name in the same
// folder and is renamed into place, so a file is either complete or absent.

import Foundation

/// An output problem: the folder, the file and what went wrong.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let message: String
    public var description: String { "\(path): error: \(message)" }
}

/// Writes the files of one results folder.
public struct ResultWriter: Sendable {
    public let directory: URL

    /// A writer into `directory`, created if missing. Whether existing results may be replaced is
    /// decided before (see ResultsFolder).
    public init(directory: String) throws(OutputError) {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw OutputError(path: directory, message: "exists and is not a folder")
            }
        } else {
            do {
                try fm.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw OutputError(path: directory, message: "cannot create the folder: \(Self.reason(error))")
            }
        }
        self.directory = url
    }

    /// A writer into a folder known to exist.
    init(existing directory: URL) {
        self.directory = directory
    }

    /// Writes `text` to `name` in the folder atomically (temporary file, then rename).
    public func write(_ text: String, to name: String) throws(OutputError) {
        try write(Data(text.utf8), to: name)
    }

    /// Writes `data` to `name` in the folder atomically (temporary file, then rename).
    public func write(_ data: Data, to name: String) throws(OutputError) {
        let target = directory.appendingPathComponent(name)
        let temporary = directory.appendingPathComponent(".\(name).partial-\(getpid())")
        do {
            try data.write(to: temporary)
            if rename(temporary.path, target.path) != 0 {
                let code = errno
                throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: target.path, message: "cannot write: \(Self.reason(error))")
        }
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        return ns.localizedDescription
    }
}
