// ResultWriter.swift: writes result files safely: each file goes to a temporary name in the same
// folder and is renamed into place, so a file is either complete or absent; existing results are
// never replaced unless the user says --force.

import Foundation

/// An output problem: the folder, the file and what went wrong.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let message: String
    public var description: String { "\(path): error: \(message)" }
}

/// Writes the files of one results folder.
public struct ResultWriter {
    public let directory: URL

    /// Prepares `directory` for new results. Refuses, naming `--force`, when it already holds
    /// results (a `manifest.json` or any CSV file), unless `force` is true.
    public init(directory: String, force: Bool) throws(OutputError) {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw OutputError(path: directory, message: "exists and is not a folder")
            }
            let existing = (try? fm.contentsOfDirectory(atPath: url.path)) ?? []
            let results = existing.filter { $0 == "manifest.json" || $0.hasSuffix(".csv") }
            if !results.isEmpty && !force {
                throw OutputError(path: directory, message: """
                    already holds results (\(results.sorted().prefix(3).joined(separator: ", "))\
                    \(results.count > 3 ? ", ..." : "")); use --force to replace them, or --out to write elsewhere
                    """)
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

    /// Writes `text` to `name` in the folder atomically (temporary file, then rename).
    public func write(_ text: String, to name: String) throws(OutputError) {
        let target = directory.appendingPathComponent(name)
        let temporary = directory.appendingPathComponent(".\(name).partial-\(getpid())")
        do {
            try Data(text.utf8).write(to: temporary)
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
