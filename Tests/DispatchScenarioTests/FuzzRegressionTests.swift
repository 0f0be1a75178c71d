// FuzzRegressionTests.swift: every input in Fuzz/regressions (inputs that once broke the loading
// contract) must now load, or be rejected with located errors, without a trap, a hang or unbounded
// memory.

import Foundation
import Testing

/// Replays each file in Fuzz/regressions with `dispatch-fuzz`, the fuzz target built as a plain tool,
/// which checks a file exactly as the fuzzer does (Fuzz/README.md): loaded scenarios and sweep points
/// are also simulated, bounded, and a loaded scenario that would need more than 1 GiB or never
/// finish counts as a failure. Each file runs in its own process, so that a trap fails that file's
/// test with its message and stack instead of ending the whole test run.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let folder = "Fuzz/regressions"

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test("The regression corpus is there")
    func corpusExists() {
        #expect(Self.inputs.count >= 10, "no inputs in \(Self.folder) (the tests run from the package folder)")
    }

    @Test("Loads or is rejected with located errors, without a trap, hang or unbounded memory", arguments: inputs)
    func replay(_ name: String) throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("dispatch-fuzz").path
        try #require(FileManager.default.isExecutableFile(atPath: binary),
                     "build the dispatch-fuzz product first (swift build --build-tests builds it)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--time-limit", "60", "--memory-limit", "1024", "\(Self.folder)/\(name)"]
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = text.split(separator: "\n").map(String.init)
        let firstLine = lines.first ?? ""
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            // What the file says it found, the message, and the frames in the project's sources.
            let found = (try? String(contentsOfFile: "\(Self.folder)/\(name)", encoding: .utf8))?
                .split(separator: "\n").prefix { $0.hasPrefix("#") }.joined(separator: "\n") ?? ""
            let frames = lines.filter { $0.contains("/Sources/") }.prefix(6)
            Issue.record("\(name): \(([firstLine] + frames).joined(separator: "\n"))\n\(found)")
            return
        }
        #expect(firstLine.contains(": loaded ") || firstLine.contains(": rejected: "), "\(name): \(firstLine)")
    }
}
