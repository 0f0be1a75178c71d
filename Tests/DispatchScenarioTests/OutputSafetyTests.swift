// OutputSafetyTests.swift: results folders under a full disk. The dispatchsim tool runs in a child
// process under `ulimit -f` (a file-size limit, with SIGXFSZ ignored), so that every write past the
// limit fails with EFBIG, through the same calls and checks as ENOSPC on a full disk, without root.

@testable import DispatchResults
@testable import DispatchRuns
@testable import DispatchScenario
import DispatchYAML
import Foundation
import Testing

@Suite("Writing results to a full disk")
struct OutputSafetyTests {
    static let scenario = "Scenarios/examples/small-city.yaml"
    /// 40 replications of the city with twice its budget (22 units) make summary.csv and by_unit.csv
    /// about 25 and 46 KiB, larger than sweep.json and the saved runs.
    static let arguments = ["--replications", "40", "--jobs", "2", "--quiet", "--set", "budget.annual_usd=20_000_000"]

    /// What one dispatchsim process did.
    struct Outcome {
        let status: Int32
        let exited: Bool
        let errorText: String
    }

    /// The dispatchsim of this build, beside the test bundle.
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("dispatchsim").path

    /// False when dispatchsim's sanitizer runtime cannot start under a file-size limit: that of
    /// ThreadSanitizer, which scripts/sanitizers.sh links into every program of its build, dies of
    /// SIGBUS at start. The tests that need the limit are then skipped (they run in the plain and
    /// AddressSanitizer builds); any other failure to start fails them.
    static let startsUnderFileSizeLimit: Bool = {
        guard let probe = try? dispatchsim(["--version"], fileSizeLimit: 0) else { return true }
        return probe.status == 0 || !probe.errorText.contains("ThreadSanitizer")
    }()

    /// Runs dispatchsim with `arguments`, under a limit of `blocks` KiB per written file if given.
    static func dispatchsim(_ arguments: [String], fileSizeLimit blocks: Int? = nil) throws -> Outcome {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw OutputError(path: binary, message: "build the dispatchsim product first (swift build --build-tests builds it)")
        }
        let process = Process()
        if let blocks {
            // bash's ulimit -f counts 1024-byte blocks. Ignoring SIGXFSZ turns the signal that would
            // kill the process into a failed write (EFBIG).
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", "trap '' XFSZ; ulimit -f \(blocks); exec \"$0\" \"$@\"", binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no"
        process.environment = environment
        // Not files: the limit would apply to them too.
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, exited: process.terminationReason == .exit, errorText: text)
    }

    static func contents(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    static func size(_ folder: String, _ file: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: folder + "/" + file)[.size] as? Int)
    }

    /// Checks that `outcome` is the one-line error for `file`, exit status 1, no crash.
    static func expectClearError(_ outcome: Outcome, file: String, kept: Bool) {
        #expect(outcome.exited && outcome.status == 1, "status \(outcome.status): \(outcome.errorText)")
        let lines = outcome.errorText.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.errorText)")
        #expect(outcome.errorText.hasPrefix("\(file): error: cannot write: File too large"), "\(outcome.errorText)")
        #expect(outcome.errorText.contains("--resume finishes the results") == kept, "\(outcome.errorText)")
        for crash in ["Fatal error", "Crash", "Backtrace", "Thread 0", "Illegal instruction"] {
            #expect(!outcome.errorText.contains(crash), "\(outcome.errorText)")
        }
    }

    /// The final files of an uninterrupted run of the same plan, and the size limit (KiB) that lets
    /// summary.csv be written but not by_unit.csv, which is written next.
    static func reference() throws -> (folder: String, limit: Int) {
        let folder = temporaryFolder()
        let outcome = try dispatchsim(["run", scenario, "--out", folder] + arguments)
        #expect(outcome.status == 0, "\(outcome.errorText)")
        let summary = try size(folder, "summary.csv"), byUnit = try size(folder, "by_unit.csv")
        let limit = (summary + 1023) / 1024
        try #require(RunRecord.tableFiles.prefix(2) == ["summary.csv", "by_unit.csv"] && limit * 1024 < byUnit,
                     "summary.csv (\(summary) bytes) and by_unit.csv (\(byUnit)) need a limit between them")
        return (folder, limit)
    }

    @Test("A full disk before any run gives a clear error and leaves the folder empty",
          .enabled(if: startsUnderFileSizeLimit, "dispatchsim does not start under a file-size limit (ThreadSanitizer)"))
    func fullBeforeRuns() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = try Self.dispatchsim(["run", Self.scenario, "--out", folder] + Self.arguments, fileSizeLimit: 0)
        Self.expectClearError(outcome, file: "\(folder)/sweep.json", kept: false)
        #expect(Self.contents(folder) == [])
    }

    @Test("A full disk while writing the final files leaves no partial or temporary file, and --resume finishes",
          .enabled(if: startsUnderFileSizeLimit, "dispatchsim does not start under a file-size limit (ThreadSanitizer)"))
    func fullWhileAssembling() throws {
        let (whole, limit) = try Self.reference()
        let folder = temporaryFolder()
        defer { for f in [whole, folder] { try? FileManager.default.removeItem(atPath: f) } }
        let command = ["run", Self.scenario, "--out", folder] + Self.arguments
        let outcome = try Self.dispatchsim(command, fileSizeLimit: limit)
        Self.expectClearError(outcome, file: "\(folder)/by_unit.csv", kept: true)
        // summary.csv was written in full, but is not renamed into place without the rest.
        #expect(Self.contents(folder) == ["runs", "sweep.json"])
        #expect(Self.contents(folder + "/runs").count == 40)
        #expect(!Self.contents(folder + "/runs").contains { $0.hasPrefix(".") })

        let resumed = try Self.dispatchsim(command + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.errorText)")
        #expect(Self.contents(folder) == Self.contents(whole))
        for file in resultFiles {
            #expect(try read(folder, file) == read(whole, file), "\(file)")
        }
    }

    @Test("A full disk while --force replaces results leaves the earlier results intact",
          .enabled(if: startsUnderFileSizeLimit, "dispatchsim does not start under a file-size limit (ThreadSanitizer)"))
    func fullWhileReplacing() throws {
        let (whole, limit) = try Self.reference()
        let folder = temporaryFolder()
        defer { for f in [whole, folder] { try? FileManager.default.removeItem(atPath: f) } }
        // Earlier results: 4 replications, every file small enough for the limit.
        let earlier = try Self.dispatchsim(["run", Self.scenario, "--out", folder, "--quiet"])
        #expect(earlier.status == 0, "\(earlier.errorText)")
        let files = Self.contents(folder)
        #expect(files == (resultFiles + ["manifest.json"]).sorted())
        let before = try files.map { try read(folder, $0) }

        let command = ["run", Self.scenario, "--out", folder] + Self.arguments
        let outcome = try Self.dispatchsim(command + ["--force"], fileSizeLimit: limit)
        Self.expectClearError(outcome, file: "\(folder)/by_unit.csv", kept: true)
        #expect(Self.contents(folder) == (files + ["runs", "sweep.json"]).sorted())
        #expect(try files.map { try read(folder, $0) } == before, "the earlier results changed")

        // The interrupted replacement is refused without --resume, and finished with it.
        let refused = try Self.dispatchsim(command)
        #expect(refused.status == 1 && refused.errorText.contains("holds an interrupted run"), "\(refused.errorText)")
        let resumed = try Self.dispatchsim(command + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.errorText)")
        #expect(Self.contents(folder) == Self.contents(whole))
        for file in resultFiles {
            #expect(try read(folder, file) == read(whole, file), "\(file)")
        }
    }

    @Test("Temporary files left by a killed process are removed when the folder is next written")
    func staleTemporaryFiles() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/runs", withIntermediateDirectories: true)
        for stale in ["/.summary.csv.partial-999999", "/runs/.p00000-r00000.json.partial-999999"] {
            try "half a file".write(toFile: folder + stale, atomically: false, encoding: .utf8)
        }
        let plan = RunPlan(scenario: try ScenarioLoader.load(text: baseScenario, fileName: "city.yaml"), overrides: [])
        _ = try Execution.execute(plan, into: folder, jobs: 2, force: false, resume: false, version: "test")
        #expect(!Self.contents(folder).contains { $0.hasPrefix(".") })
        #expect(!Self.contents(folder).contains("runs"))
    }
}
