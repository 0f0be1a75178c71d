// Calibration.swift: `dispatchsim calibrate` as a library: exports in, a scenario out, and the
// report of what was read and how the scenario's simulated calls compare with the observed ones.

import DispatchModel
import DispatchRandom
import DispatchResults
import DispatchScenario
import DispatchYAML
import Foundation

/// One calibration: the column map (a preset, a map file, or both), the exports, the draft.
public struct Calibration {
    public let map: ColumnMap
    public let crosswalk: Crosswalk?
    public let files: [String]
    public var draft: ScenarioDraft
    /// The staffing fit, when one was made (``fitStaffing(utilizations:reserves:)``).
    public private(set) var fit: StaffingFit?

    /// Reads `files` through `map` (a preset's columns, overridden by a map file's).
    /// - Parameters:
    ///   - presetConcepts: the concepts whose columns come from a preset (optional ones missing
    ///     from a file are then noted, not errors).
    ///   - days: only calls received on these days (days since 1970-01-01, end excluded).
    public init(files: [String], map: ColumnMap, presetConcepts: Set<ColumnMap.Concept> = [], name: String,
                days: Range<Int64>? = nil) throws {
        self.map = map
        self.files = files
        let crosswalk = try map.categories.map { name throws(CalibrationError) in try Crosswalk.load(name) }
        self.crosswalk = crosswalk
        var scan = ExportScan(map: map, crosswalk: crosswalk)
        scan.presetConcepts = presetConcepts
        scan.fromDay = days?.lowerBound
        scan.toDay = days?.upperBound
        for file in files { try scan.read(file: file) }
        draft = try ScenarioDraft(name: name, sources: files.map { URL(fileURLWithPath: $0).lastPathComponent },
                                  summary: scan.result, crosswalk: map.categories.map { crosswalk?.source ?? $0 })
    }

    /// Fits police staffing to the observed response times (``StaffingFit``) and puts the best
    /// candidate in the draft.
    public mutating func fitStaffing(utilizations: [Double] = StaffingFit.utilizations,
                                     reserves: [Int?] = StaffingFit.reserves) throws {
        let fit = try StaffingFit.fit(draft, utilizations: utilizations, reserves: reserves)
        draft.staffing = fit.best.staffing
        draft.fitNote = fit.note
        self.fit = fit
    }

    /// What was read, for the terminal.
    public var readingText: String {
        let s = draft.summary
        var lines = ["Read \(ScenarioDraft.count(s.rowsRead)) rows from \(files.count) file\(files.count == 1 ? "" : "s"): \(ScenarioDraft.count(s.calls)) calls and \(ScenarioDraft.count(s.activities)) officer-initiated activities used, received from \(s.first!.dateText) to \(s.last!.dateText) (\(s.days) days)"]
        for (reason, n) in s.dropped.sorted(by: { $0.key < $1.key }) {
            let at = s.firstDrop[reason].map { " (first at \($0.file):\($0.line)\($0.found.isEmpty ? "" : ", found '\($0.found)'"))" } ?? ""
            lines.append("  \(ScenarioDraft.count(n)) \(reason.dropsRow ? "rows dropped" : "rows"): \(reason.rawValue)\(at)")
        }
        if s.timeZoneSuffixes > 0 {
            lines.append("  \(ScenarioDraft.count(s.timeZoneSuffixes)) received times carry a time zone, ignored: times are read as the wall-clock times written")
        }
        lines += s.notes.map { "  note: \($0)" }
        lines.append("\(String(format: "%.2f", draft.callsPerHour)) calls an hour, \(draft.zones.count) zone\(draft.zones.count == 1 ? "" : "s"), \(draft.callTypes.count) call types, \(String(format: "%.2f", draft.activityPerHour)) activities an hour")
        return lines.joined(separator: "\n")
    }
}

/// The report of a calibration: observed against simulated, as CSV files.
public enum CalibrationReport {
    /// Simulates `scenarioFile` (replication 1) over `days` days after its warm-up (nil: its
    /// horizon) and reads its calls as an export.
    public static func simulate(scenarioFile: String, days: Int? = nil) throws -> (scenario: Scenario, summary: ExportSummary) {
        let overrides = try days.map { [try Override.parse("horizon=\($0 + ScenarioDraft.warmupDays) days")] } ?? []
        let scenario = try ScenarioLoader.load(file: scenarioFile, overrides: overrides)
        var run = ReplicationRun(city: scenario.city, seeder: scenario.seeder, replication: 0, logCalls: true)
        run.run()
        let calls = run.finishWithCallLog().calls
        var reader = ExportScan(map: ColumnMap.presets["dispatchsim"]!, crosswalk: nil)
        let text = CallLogFile.text(calls, city: scenario.city)
        try reader.read(text: text, name: "simulated calls")
        return (scenario, reader.result)
    }

    /// Writes the report's files into `directory`.
    public static func write(_ calibration: Calibration, simulated: ExportSummary?, to directory: String) throws {
        let writer = try ResultWriter(directory: directory)
        let draft = calibration.draft, observed = draft.summary

        var dropped = CSVTable(columns: ["reason", "rows", "drops_row", "first_file", "first_line", "first_found"])
        for (reason, n) in observed.dropped.sorted(by: { $0.key < $1.key }) {
            let first = observed.firstDrop[reason]
            dropped.append([.text(reason.rawValue), .integer(n), .text(reason.dropsRow ? "yes" : "no"),
                            .text(first?.file ?? ""), first.map { .integer($0.line) } ?? .text(""), .text(first?.found ?? "")])
        }
        var files = CSVTable(columns: ["file", "rows", "rows_used"])
        for f in observed.files { files.append([.text(f.path), .integer(f.rows), .integer(f.used)]) }

        // Calls by hour of the week, per day of that weekday.
        var byHour = CSVTable(columns: ["weekday", "hour", "observed_calls_per_day", "simulated_calls_per_day"])
        let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        let obsOcc = observed.weekdayOccurrences, simOcc = simulated?.weekdayOccurrences
        for h in 0..<168 {
            let o = obsOcc[h / 24] > 0 ? Double(observed.callsByHourOfWeek[h]) / Double(obsOcc[h / 24]) : .nan
            let s: Double = simulated.map { sim in simOcc![h / 24] > 0 ? Double(sim.callsByHourOfWeek[h]) / Double(simOcc![h / 24]) : .nan } ?? .nan
            byHour.append([.text(weekdays[h / 24]), .integer(h % 24), .number(o), .number(s)])
        }

        // Call-type mix: the scenario's types (simulated calls carry their names).
        var mix = CSVTable(columns: ["call_type", "export_type", "priority", "observed_calls", "observed_share", "simulated_calls", "simulated_share"])
        let simByName = simulated?.callsByLabel ?? [:]
        for t in draft.callTypes {
            let sc = simByName[t.name] ?? 0
            mix.append([.text(t.name), .text(t.label), .integer(t.priority), .integer(t.count), .number(t.share),
                        simulated.map { _ in .integer(sc) } ?? .text(""),
                        simulated.map { .number(Double(sc) / Double(max($0.calls, 1))) } ?? .text("")])
        }

        // Time on scene: observed, fitted, simulated.
        var onScene = CSVTable(columns: ["call_type", "observed_n", "family", "fitted_from", "parameter_1", "value_1", "se_1",
                                         "parameter_2", "value_2", "se_2", "log_likelihood", "ks_distance",
                                         "observed_mean", "fitted_mean", "simulated_mean"])
        var simOnScene: [String: (Double, Int)] = [:]
        if let simulated {
            for t in simulated.types.values {
                let cur = simOnScene[t.label] ?? (0, 0)
                simOnScene[t.label] = (cur.0 + t.onScene.sample.sum, cur.1 + t.onScene.sample.count)
            }
        }
        for t in draft.callTypes {
            let fit = t.fit
            let sim = simOnScene[t.name]
            onScene.append([.text(t.name), .integer(t.onScene.sample.count), .text(fit?.family.rawValue ?? "assumed"), .text(t.fitFrom),
                            .text(fit?.parameters[0].name ?? ""), .number(fit?.parameters[0].value ?? .nan), .number(fit?.parameters[0].standardError ?? .nan),
                            .text(fit?.parameters[1].name ?? ""), .number(fit?.parameters[1].value ?? .nan), .number(fit?.parameters[1].standardError ?? .nan),
                            .number(fit?.logLikelihood ?? .nan), .number(fit.map { t.onScene.ksDistance($0.distribution) } ?? .nan),
                            .number(t.onScene.sample.count > 0 ? t.onScene.sample.mean : .nan), .number(fit?.distribution.mean ?? .nan),
                            .number(sim.map { $0.1 > 0 ? $0.0 / Double($0.1) : .nan } ?? .nan)])
        }

        // Response times by priority: median and 90th percentile, observed and simulated.
        var response = CSVTable(columns: ["priority", "measure", "observed_n", "observed_median", "observed_p90", "observed_mean",
                                          "simulated_n", "simulated_median", "simulated_p90", "simulated_mean"])
        let priorities = Set(observed.byPriority.keys).union(simulated?.byPriority.keys ?? [:].keys).sorted()
        for p in priorities {
            let o = observed.byPriority[p], s = simulated?.byPriority[p]
            let measures: [(String, KeyPath<ResponseStats, ResponseStats.Measure>)] =
                [("dispatch_delay", \.dispatchDelay), ("travel", \.travel), ("response", \.response), ("on_scene", \.onScene)]
            for (name, path) in measures {
                let om = o?[keyPath: path], sm = s?[keyPath: path]
                response.append([.integer(p), .text(name), .integer(om?.count ?? 0), .number(om?.quantile(0.5) ?? .nan),
                                 .number(om?.quantile(0.9) ?? .nan), .number(om?.mean ?? .nan),
                                 simulated == nil ? .text("") : .integer(sm?.count ?? 0), .number(sm?.quantile(0.5) ?? .nan),
                                 .number(sm?.quantile(0.9) ?? .nan), .number(sm?.mean ?? .nan)])
            }
        }

        var zones = CSVTable(columns: ["zone", "export_district", "calls", "call_share", "activities", "mean_travel_minutes",
                                       "travel_observed", "offered_load_units", "units"])
        for z in draft.zones {
            zones.append([.text(z.name), .text(z.label), .integer(z.calls), .number(z.share), .integer(z.activities),
                          .number(z.travelMinutes), .text(z.travelObserved ? "yes" : "no"), .number(z.offeredLoad), .integer(draft.units(z))])
        }

        var byDay = CSVTable(columns: ["date", "calls"])
        for (day, n) in observed.callsByDay.sorted(by: { $0.key < $1.key }) {
            byDay.append([.text(CivilTime(seconds: day * 86_400).dateText), .integer(n)])
        }

        if let fit = calibration.fit {
            var table = CSVTable(columns: ["utilization", "cutoff_reserve", "units", "loss", "best",
                                           "watch", "priority", "observed_median", "observed_p90", "simulated_median",
                                           "simulated_p90"])
            let scopes: [(String, [Int: StaffingFit.Quantiles], (StaffingFit.Candidate) -> [Int: StaffingFit.Quantiles])] =
                [("all", fit.observed, { $0.simulated })]
                + ScenarioDraft.watches.indices.map { w in
                    (ScenarioDraft.watches[w].0, fit.observedByWatch[w] ?? [:], { $0.simulatedByWatch[w] ?? [:] })
                }
            for c in fit.candidates {
                for (scope, observed, simulated) in scopes {
                    for p in observed.keys.sorted() {
                        let o = observed[p]!, s = simulated(c)[p]
                        table.append([.number(c.staffing.utilization), c.staffing.cutoffReserve.map { .integer($0) } ?? .text(""),
                                      .integer(c.units), .number(c.loss),
                                      .text(c.staffing == fit.best.staffing ? "yes" : "no"), .text(scope),
                                      .integer(p), .number(o.median), .number(o.p90), .number(s?.median ?? .nan), .number(s?.p90 ?? .nan)])
                    }
                }
            }
            try writer.write(table.text, to: "fit.csv")
        }
        if let simulated {
            try writer.write(ReportFigures.callsByHour(observed, simulated), to: "calls_by_hour.svg")
            try writer.write(ReportFigures.response(observed, simulated), to: "response.svg")
            try writer.write(ReportFigures.callTypes(draft, simulated), to: "call_types.svg")
        }
        try writer.write(ReportFigures.onScene(draft), to: "on_scene.svg")
        try writer.write(dropped.text, to: "dropped.csv")
        try writer.write(files.text, to: "files.csv")
        try writer.write(byHour.text, to: "calls_by_hour.csv")
        try writer.write(byDay.text, to: "calls_by_day.csv")
        try writer.write(mix.text, to: "call_types.csv")
        try writer.write(onScene.text, to: "on_scene.csv")
        try writer.write(response.text, to: "response.csv")
        try writer.write(zones.text, to: "zones.csv")
    }
}

extension ExportScan {
    /// Reads CSV text held in memory (a simulated calls log) as an export named `name`.
    public mutating func read(text: String, name: String) throws(CalibrationError) {
        try read(reader: ExportReader(text: text, name: name), file: name)
    }
}

extension CalibrationReport {
    /// Median and 90th percentile of response by priority, observed and simulated, for the terminal.
    public static func responseText(_ observed: ExportSummary, simulated: ExportSummary) -> String {
        func f(_ x: Double?) -> String {
            let text = x.map { $0.isFinite ? String(format: "%.1f", $0) : "-" } ?? "-"
            return String(repeating: " ", count: max(0, 10 - text.count)) + text
        }
        var lines = ["response, received to arrival (min)   observed: median       p90   simulated: median       p90"]
        for p in observed.byPriority.keys.sorted() {
            let o = observed.byPriority[p]!.response, s = simulated.byPriority[p]?.response
            lines.append("priority \(p)".padding(toLength: 38, withPad: " ", startingAt: 0) + "         " + f(o.quantile(0.5)) + f(o.quantile(0.9))
                         + "           " + f(s?.quantile(0.5)) + f(s?.quantile(0.9)))
        }
        return lines.joined(separator: "\n")
    }
}
