// CalibrateCommand.swift: `dispatchsim calibrate`: a scenario from a city's calls-for-service
// export, and a report of how well it reproduces that export.

import ArgumentParser
import DispatchCalibrate
import DispatchResults
import DispatchScenario
import Foundation

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Draft a scenario from a city's calls-for-service export.",
        discussion: """
            Reads the export files (CSV) through a column map (--columns MAP.yaml, --preset NAME, or \
            both: the map's entries override the preset's), streaming them in constant memory, and \
            writes a scenario with the export's call rate, hour-of-day and weekday profiles, \
            districts and their call shares, call types with shares and priorities, times on scene \
            fitted by maximum likelihood, and officer-initiated activity. What the export cannot say \
            (units on duty, travel between districts) is written as a marked assumption; --fit fits \
            units on duty and the reserve for urgent calls to the observed response times. --report \
            DIR writes observed against simulated (calls by hour, call mix, time on scene, response \
            times by priority) and every row dropped with its reason. See Scenarios/README.md, \
            "Calibrating from an export".
            """)

    @Argument(help: "The export files (CSV), read in order as one export.")
    var exports: [String]

    @Option(help: ArgumentHelp("The column map (YAML): which column is what.", valueName: "map.yaml"))
    var columns: String?

    @Option(help: ArgumentHelp("The columns of a published export: \(ColumnMap.presetNames.joined(separator: ", ")).", valueName: "name"))
    var preset: String?

    @Option(help: ArgumentHelp("The scenario file to write.", valueName: "scenario.yaml"))
    var out: String

    @Option(help: ArgumentHelp("Also write the report (CSV files) into this folder.", valueName: "dir"))
    var report: String?

    @Option(help: "The scenario's name (default: the --out file's name).")
    var name: String?

    @Option(help: ArgumentHelp("Use only calls received on or after this date.", valueName: "YYYY-MM-DD"))
    var from: String?

    @Option(help: ArgumentHelp("Use only calls received before this date.", valueName: "YYYY-MM-DD"))
    var to: String?

    @Flag(help: ArgumentHelp("""
        Fit police units on duty and the reserve held for urgent calls, which the export cannot \
        give, to its response times by priority (median and 90th percentile).
        """))
    var fit = false

    @Flag(help: "Replace the scenario file if it exists.")
    var force = false

    func validate() throws {
        if columns == nil && preset == nil {
            throw ValidationError("give the column map with --columns MAP.yaml, or a preset with --preset (\(ColumnMap.presetNames.joined(separator: ", ")))")
        }
        if let preset, ColumnMap.presets[preset] == nil {
            throw ValidationError("--preset: expected one of \(ColumnMap.presetNames.joined(separator: ", ")), found '\(preset)'")
        }
        if exports.isEmpty { throw ValidationError("give at least one export file") }
    }

    func run() throws {
        var map = ColumnMap()
        var presetConcepts = Set<ColumnMap.Concept>()
        if let preset {
            map = ColumnMap.presets[preset]!
            presetConcepts = Set(map.columns.keys)
        }
        if let columns {
            let own = try orExit { try ColumnMap.load(file: columns) }
            presetConcepts.subtract(own.columns.keys)
            map = map.overridden(by: own)
        }
        let range = try dayRange()
        let stem = URL(fileURLWithPath: out).deletingPathExtension().lastPathComponent
        let scenarioName = name ?? stem
        guard !scenarioName.isEmpty, scenarioName.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            printError(ValidationError("--name: expected a name of letters, digits, '-', '_' and '.', found '\(scenarioName)'\(name == nil ? " (from --out; give --name)" : "")"))
            throw ExitCode(1)
        }
        if FileManager.default.fileExists(atPath: out) && !force {
            printError(ValidationError("\(out) exists: give --force to replace it"))
            throw ExitCode(1)
        }
        var calibration = try orExit {
            try Calibration(files: exports, map: map, presetConcepts: presetConcepts, name: scenarioName, days: range)
        }
        print(calibration.readingText)
        if fit {
            try orExit { try calibration.fitStaffing() }
            let best = calibration.fit!.best
            let watches = zip(calibration.draft.watchShares, ScenarioDraft.watches).map { "\($1.0) \(Int(($0 * 100).rounded()))%" }
            print("Fitted police staffing: units busy \(Int((best.staffing.utilization * 100).rounded()))% of their time on duty (\(best.units) units; "
                  + watches.joined(separator: ", ") + "), "
                  + (best.staffing.cutoffReserve.map { "priority-\(calibration.draft.leastUrgentPriority) calls held while \($0) or fewer units are free" } ?? "no cutoff")
                  + String(format: "; loss %.4f, the best of %d candidates", best.loss, calibration.fit!.candidates.count))
        }
        let url = URL(fileURLWithPath: out)
        try orExit {
            try ResultWriter(directory: url.deletingLastPathComponent().path)
                .write(calibration.draft.yaml(), to: url.lastPathComponent)
        }
        // The draft must load as it is; a failure here is a fault of calibrate, reported as such.
        do { _ = try ScenarioLoader.load(file: out) } catch {
            printError(ValidationError("the scenario written to \(out) does not load, which is a fault in dispatchsim calibrate; please report it with the export's header: \(error)"))
            throw ExitCode(1)
        }
        print("Scenario written to \(out)")
        if let report {
            // As many days as the export covers (at least the scenario's own), so that the two
            // sides of the report are about equally precise.
            let days = max(ScenarioDraft.observedDays, calibration.draft.summary.days)
            let simulated = try orExit { try CalibrationReport.simulate(scenarioFile: out, days: days) }
            try orExit { try CalibrationReport.write(calibration, simulated: simulated.summary, to: report) }
            print(CalibrationReport.responseText(calibration.draft.summary, simulated: simulated.summary))
            print("Report written to \(report)/")
        }
    }

    private func dayRange() throws -> Range<Int64>? {
        func day(_ text: String?, _ option: String) throws -> Int64? {
            guard let text else { return nil }
            guard let t = ExportValues.timestamp(ArraySlice(text.utf8)), t.secondOfDay == 0 else {
                printError(ValidationError("\(option): expected a date such as 2019-06-01, found '\(text)'"))
                throw ExitCode(1)
            }
            return t.day
        }
        let lower = try day(from, "--from"), upper = try day(to, "--to")
        if lower == nil && upper == nil { return nil }
        let range = (lower ?? Int64.min / 2)..<(upper ?? Int64.max / 2)
        if range.isEmpty {
            printError(ValidationError("--from \(from!) is not before --to \(to!)"))
            throw ExitCode(1)
        }
        return range
    }
}
