// ResultWriter.swift: writes result files safely: each file goes to a temporary name in the same
// folder, is written in full and flushed to disk, and only then renamed into place, so a file is
// either complete or absent. A write that fails (a full disk, a file-size limit, a folder that is
// not writable) throws an OutputError naming the file and the cause, and removes the temporary
// file. Writing is done with the POSIX calls, whose errors are reported (errno), never trapped.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output problem: the folder, the file and what went wrong.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let message: String
    public var description: String { "\(path): error: \(message)" }

    package init(path: String, message: String) {
        self.path = path
        self.message = message
    }
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
    package init(existing directory: URL) {
        self.directory = directory
    }

    /// Writes `text` to `name` in the folder atomically (temporary file, then rename).
    public func write(_ text: String, to name: String) throws(OutputError) {
        try write(Data(text.utf8), to: name)
    }

    /// Writes `data` to `name` in the folder atomically (temporary file, then rename).
    public func write(_ data: Data, to name: String) throws(OutputError) {
        try stage(data, as: name).commit()
    }

    /// Writes `text` in full to a temporary file beside `name`, to be renamed into place by
    /// `commit()` or removed by `discard()`. Several files staged first and committed together
    /// replace a set of files only once every new one is on disk.
    package func stage(_ text: String, as name: String) throws(OutputError) -> StagedFile {
        try stage(Data(text.utf8), as: name)
    }

    package func stage(_ data: Data, as name: String) throws(OutputError) -> StagedFile {
        let file = StagedFile(
            temporary: directory.appendingPathComponent(Self.temporaryPrefix(name) + "\(getpid())").path,
            target: directory.appendingPathComponent(name).path)
        let descriptor = open(file.temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw OutputError(path: file.target, message: "cannot write: \(Self.lastError())")
        }
        var failure: String?
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = Self.lastError()
                    return
                }
                offset += written
            }
        }
        // On disk before the rename, so that a crash or power cut leaves the old file or the new
        // one, never an empty one; and a file system that reports a full disk only when data is
        // flushed (NFS, some network file systems) reports it here or at close.
        if failure == nil, fsync(descriptor) != 0, errno != EINVAL { failure = Self.lastError() }
        if close(descriptor) != 0, failure == nil, errno != EINTR { failure = Self.lastError() }
        if let failure {
            file.discard()
            throw OutputError(path: file.target, message: "cannot write: \(failure)")
        }
        return file
    }

    /// The start of the temporary names of `name` (the process id follows).
    package static func temporaryPrefix(_ name: String) -> String { ".\(name).partial-" }

    /// Whether `name` is the temporary name of a file being written.
    package static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(".") && name.contains(".partial-")
    }

    /// Removes temporary files left in `directory` by a process that was killed while writing.
    package static func removeTemporaryFiles(in directory: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where isTemporary(name) {
            unlink(directory.appendingPathComponent(name).path)
        }
    }

    package static func lastError() -> String {
        String(cString: strerror(errno))
    }

    package static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        return ns.localizedDescription
    }
}

/// write(2), which ResultWriter's own `write` methods hide.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

/// A file written in full under a temporary name, waiting to be renamed into place.
package struct StagedFile: Sendable {
    package let temporary: String
    package let target: String

    /// Renames the file into place, replacing any file of that name.
    package func commit() throws(OutputError) {
        if rename(temporary, target) != 0 {
            let failure = ResultWriter.lastError()
            discard()
            throw OutputError(path: target, message: "cannot write: \(failure)")
        }
    }

    /// Removes the temporary file.
    package func discard() {
        unlink(temporary)
    }
}
