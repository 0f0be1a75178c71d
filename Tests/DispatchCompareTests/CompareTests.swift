// CompareTests.swift: `dispatchsim compare`: reading summary.csv back, matching points, paired and
// Welch intervals checked by hand, every error message, and the pinned output formats.

@testable import DispatchCompare
import DispatchEngine
import DispatchResults
import Foundation
import Testing

/// The path of a fixture under Fixtures/compare.
private func fixture(_ name: String) throws -> String {
    try #require(Bundle.module.url(forResource: "Fixtures/compare/\(name)", withExtension: nil)).path
}

/// The comparison of two fixture folders.
private func compare(_ a: String, _ b: String, metrics: [String] = []) throws -> Comparison {
    try Comparison(SummaryFile.load(fixture(a)), SummaryFile.load(fixture(b)), metrics: metrics)
}

/// The row of `metric` at point `point` (A's number).
private func row(_ comparison: Comparison, _ point: Int, _ metric: String) throws -> ComparisonRow {
    try #require(comparison.rows.first { $0.point == point && $0.metric == metric })
}

/// Whether `x` is within `tolerance` of `expected` (relative for large values).
private func near(_ x: Double, _ expected: Double, _ tolerance: Double = 1e-13) -> Bool {
    abs(x - expected) <= tolerance * max(1, abs(expected))
}

/// The message of the error `body` throws, as the command prints it.
private func message(_ body: () throws -> Any) -> String? {
    do {
        _ = try body()
        return nil
    } catch {
        return "\(error)"
    }
}

/// A summary.csv text parsed as the file `name`.
private func summary(_ name: String, _ text: String) throws -> SummaryFile {
    try SummaryFile(text: text, path: name)
}

// t(0.975, 3) = 3.18244630528370959 (mpmath, 30 digits; scipy.stats.t.ppf gives 3.1824463052837078).
// GSL agrees to 1e-15, so intervals are checked to 1e-13. (The value 3.182446305284263 sometimes
// quoted is 5.5e-13 too large.)
private let t3 = 3.1824463052837096

@Suite("Comparing results")
struct CompareTests {
    // MARK: - Hand-checked intervals

    @Test("Same seeds and replications: paired intervals from the per-replication differences")
    func pairedByHand() throws {
        let comparison = try compare("a", "b")
        #expect(comparison.parameters.isEmpty)
        #expect(comparison.metrics == ["calls", "mean_response_min", "p1_mean_response_min", "calls_waiting_at_end"])
        #expect(comparison.rows.map(\.point) == [0, 0, 0, 0, 1, 1, 1, 1])

        // Point 0, mean_response_min: A = 10, 12, 11, 13 (mean 11.5), B = 9, 11.5, 10, 12 (mean 10.625).
        // Differences B - A = -1, -0.5, -1, -1: mean -0.875; deviations -0.125, 0.375, -0.125, -0.125,
        // squares sum to 0.1875, variance 0.1875 / 3 = 0.0625, sd 0.25, se 0.25 / sqrt(4) = 0.125.
        // Half-width t(0.975, 3) x 0.125 = 0.3978057881604637: [-1.2728057881604637, -0.4771942118395363].
        let response = try row(comparison, 0, "mean_response_min")
        #expect(response.a.mean == 11.5 && response.b.mean == 10.625 && response.a.count == 4 && response.b.count == 4)
        #expect(response.difference.method == .paired && response.difference.estimate == -0.875)
        #expect(response.difference.degreesOfFreedom == 3)
        #expect(near(response.difference.halfWidth, t3 * 0.125))
        #expect(near(response.difference.lower, -1.2728057881604637) && near(response.difference.upper, -0.4771942118395363))
        #expect(response.difference.isSignificant)
        // (B - A) / A = -0.875 / 11.5.
        #expect(response.relativeChange == -0.875 / 11.5)

        // Point 0, calls: A and B are both 100, 104, 96, 100, so every difference is 0: sd 0, the
        // interval is [0, 0], which holds 0. sd of A: deviations 0, 4, -4, 0, variance 32 / 3.
        let calls = try row(comparison, 0, "calls")
        #expect(calls.difference.estimate == 0 && calls.difference.halfWidth == 0 && !calls.difference.isSignificant)
        #expect(near(calls.a.standardDeviation, (32.0 / 3).squareRoot()))

        // Point 0, calls_waiting_at_end: A = 0, 0, 0, 0, B = 1, 0, 2, 1. Differences 1, 0, 2, 1: mean 1,
        // variance (0 + 1 + 1 + 0) / 3 = 2/3, se sqrt(2/3 / 4) = 0.40824829046386302, half-width
        // t(0.975, 3) x 0.408248290463863 = 1.2992282636251115; A's mean is 0: no relative change.
        let waiting = try row(comparison, 0, "calls_waiting_at_end")
        #expect(waiting.difference.method == .paired && waiting.difference.estimate == 1)
        #expect(near(waiting.difference.halfWidth, 1.2992282636251115))
        #expect(!waiting.difference.isSignificant && waiting.relativeChange.isNaN)

        // Point 0, p1_mean_response_min: A has no value in replication 1, so the replications do not
        // pair and the interval is Welch's. A = 5, 6, 7 (mean 6, variance 1), B = 4, 5, 5, 6 (mean 5,
        // variance 2/3). se^2 = 1/3 + (2/3)/4 = 1/2; df = (1/2)^2 / ((1/3)^2 / 2 + (1/6)^2 / 3) = 27/7
        // = 3.857142857142857; t(0.975, 27/7) = 2.81747375319996798 (mpmath; scipy.stats.t.ppf
        // 2.817473753199967); half-width t x sqrt(1/2) = 1.9922547967028106.
        let p1 = try row(comparison, 0, "p1_mean_response_min")
        #expect(p1.a.count == 3 && p1.a.mean == 6 && p1.b.count == 4 && p1.b.mean == 5)
        #expect(p1.difference.method == .welch && p1.difference.estimate == -1)
        #expect(near(p1.difference.degreesOfFreedom, 27.0 / 7))
        #expect(near(p1.difference.halfWidth, 1.9922547967028106))
        #expect(!p1.difference.isSignificant)

        // Point 1, mean_response_min: A = 20, 22, 21, 23, B = 21, 21, 22, 23. Differences 1, -1, 1, 0:
        // mean 0.25; deviations 0.75, -1.25, 0.75, -0.25, squares sum to 2.75, variance 2.75 / 3,
        // sd 0.9574271077563381, se 0.47871355387816905, half-width 1.5234801808288132:
        // [-1.2734801808288132, 1.7734801808288132]; relative change 0.25 / 21.5 = 0.011627906976744186.
        let response1 = try row(comparison, 1, "mean_response_min")
        #expect(response1.difference.estimate == 0.25 && !response1.difference.isSignificant)
        #expect(near(response1.difference.lower, -1.2734801808288132) && near(response1.difference.upper, 1.7734801808288132))
        #expect(response1.relativeChange == 0.25 / 21.5)

        // Point 1, p1_mean_response_min: every difference is -0.5, so sd is 0 and the interval
        // [-0.5, -0.5] excludes 0: significant.
        let p1Point1 = try row(comparison, 1, "p1_mean_response_min")
        #expect(p1Point1.difference.estimate == -0.5 && p1Point1.difference.halfWidth == 0)
        #expect(p1Point1.difference.isSignificant)

        // Point 1, calls_waiting_at_end: differences -1, 0, 0, -1: mean -0.5, variance 1/3, half-width
        // t(0.975, 3) x sqrt(1/12) = 0.9186931155185398; relative change -0.5 / 0.5 = -1.
        let waiting1 = try row(comparison, 1, "calls_waiting_at_end")
        #expect(near(waiting1.difference.lower, -1.4186931155185398) && near(waiting1.difference.upper, 0.4186931155185398))
        #expect(waiting1.relativeChange == -1)
    }

    @Test("Other seeds: Welch intervals with Welch-Satterthwaite degrees of freedom")
    func welchByHand() throws {
        // The values of b with seed 8 instead of 7: the replications share no random numbers.
        let comparison = try compare("a", "b-seed-8")
        #expect(comparison.rows.allSatisfy { $0.difference.method == .welch })
        // Point 0, mean_response_min: A = 10, 12, 11, 13 (variance 5/3), B = 9, 11.5, 10, 12
        // (deviations -1.625, 0.875, -0.625, 1.375: variance 5.6875 / 3 = 91/48).
        // se^2 = (5/3)/4 + (91/48)/4 = 80/192 + 91/192 = 171/192 = 0.890625, se = 0.9437293044088437.
        // df = se^4 / ((80/192)^2 / 3 + (91/192)^2 / 3) = 3 x 171^2 / (80^2 + 91^2) = 87723/14681
        // = 5.975274163885295 (scipy.stats.ttest_ind(b, a, equal_var=False).df: 5.975274163885295);
        // t(0.975, df) = 2.44936836753678087 (mpmath; scipy 2.44936836753678); half-width
        // t x 0.9437293044088437 = 2.3115407057365113: [-3.1865407057365113, 1.4365407057365113].
        let response = try row(comparison, 0, "mean_response_min")
        #expect(response.difference.estimate == -0.875)
        #expect(near(response.difference.degreesOfFreedom, 87723.0 / 14681))
        #expect(near(response.difference.halfWidth, 2.3115407057365113))
        #expect(near(response.difference.lower, -3.1865407057365113) && near(response.difference.upper, 1.4365407057365113))
        #expect(!response.difference.isSignificant)
        // Point 0, calls: both sides 100, 104, 96, 100: the difference is 0 but Welch's interval is
        // not degenerate: se^2 = 2 x (32/3)/4 = 16/3, df = 6.
        let calls = try row(comparison, 0, "calls")
        #expect(calls.difference.degreesOfFreedom == 6 && calls.difference.halfWidth > 0)
        // Point 1, p1_mean_response_min: A = 8, 9, 10, 11 and B = A - 0.5 have equal variances 5/3:
        // df = 6 and the shift of 0.5 is far inside the interval, unlike the paired comparison.
        let p1 = try row(comparison, 1, "p1_mean_response_min")
        #expect(near(p1.difference.degreesOfFreedom, 6) && !p1.difference.isSignificant)
    }

    @Test("Intervals need two values on each side; constant samples give an exact difference")
    func intervalEdgeCases() {
        let single = MeanDifference.paired([3], [4])
        #expect(single.estimate == 1 && single.halfWidth.isNaN && !single.isSignificant)
        let welchSingle = MeanDifference.welch(RunningStatistics([1, 2, 3]), RunningStatistics([9]))
        #expect(welchSingle.estimate == 7 && welchSingle.halfWidth.isNaN && !welchSingle.isSignificant)
        let empty = MeanDifference.welch(RunningStatistics([1, 2]), RunningStatistics())
        #expect(empty.estimate.isNaN && !empty.isSignificant)
        let constant = MeanDifference.welch(RunningStatistics([2, 2]), RunningStatistics([5, 5, 5]))
        #expect(constant.estimate == 3 && constant.halfWidth == 0 && constant.isSignificant)
        // One variance 0: df is the other side's n - 1.
        let oneSided = MeanDifference.welch(RunningStatistics([2, 2, 2]), RunningStatistics([4, 6]))
        #expect(oneSided.degreesOfFreedom == 1)
    }

    // MARK: - Reading and matching

    @Test("A folder and its summary.csv read the same; messages name the summary.csv")
    func folderOrFile() throws {
        let folder = try fixture("a")
        let byFolder = try SummaryFile.load(folder)
        let withSlash = try SummaryFile.load(folder + "/")
        let byFile = try SummaryFile.load(folder + "/summary.csv")
        #expect(byFolder.path == folder + "/summary.csv" && withSlash.path == byFolder.path && byFile.path == byFolder.path)
        #expect(byFolder.metrics == byFile.metrics && byFolder.parameters.isEmpty)
        #expect(byFolder.points.map(\.number) == [0, 1])
        #expect(byFolder.points[0].replications.map(\.replication) == [0, 1, 2, 3])
        #expect(byFolder.points[0].replications.map(\.seed) == ["7", "7", "7", "7"])
        // Replication 1 of point 0 has no p1_mean_response_min.
        #expect(byFolder.points[0].replications[1].values[2].isNaN && byFile.points[1].replications[3].values == [96, 23, 11, 1])
        let mixed = try Comparison(byFolder, SummaryFile.load(try fixture("b") + "/summary.csv"))
        #expect(mixed.rows.count == 8 && mixed.fileA == folder + "/summary.csv")
    }

    @Test("Sweeps match points by their parameter values, whatever their numbers")
    func matchByParameterValues() throws {
        let comparison = try compare("sweep-a", "sweep-b")
        #expect(comparison.parameters == ["budget.shares.crisis_team", "call_types.behavioral_health.fallback"])
        // A's points 0, 1, 2 are B's points 2, 1, 0; the second value holds a quoted comma and quotes.
        #expect(comparison.rows.map(\.point) == [0, 1, 2])
        #expect(comparison.rows.map(\.parameterValues) == [["0.1", "{ after: 10 min, to: [police] }"],
                                                           ["0.2", "{ after: 10 min, to: [police] }"],
                                                           ["0.2", "\"none\""]])
        #expect(comparison.rows.map(\.a.mean) == [11, 12, 15])
        #expect(comparison.rows.map(\.b.mean) == [11.5, 13.5, 15.5])
        // Two replications, same seeds: paired with t(0.975, 1) = 12.706204736174705 (mpmath), the
        // differences 0, 1 (or 1, 2) have sd sqrt(1/2) and se 0.5: half-width 6.3531023680873523.
        #expect(comparison.rows.allSatisfy { $0.difference.method == .paired && near($0.difference.halfWidth, 6.3531023680873523) })
    }

    @Test("Parameter columns in another order still match by name")
    func parameterColumnOrder() throws {
        let a = try summary("a.csv", "point,x,y,replication,seed,m\n0,1,2,0,1,5\n0,1,2,1,1,6\n")
        let b = try summary("b.csv", "point,y,x,replication,seed,m\n4,2,1,0,1,7\n4,2,1,1,1,8\n")
        let comparison = try Comparison(a, b)
        #expect(comparison.parameters == ["x", "y"] && comparison.rows.count == 1 && comparison.rows[0].difference.estimate == 2)
    }

    @Test("--metric compares only the metrics named, in their order, once each")
    func metricFilter() throws {
        let comparison = try compare("a", "b", metrics: ["calls_waiting_at_end", "calls", "calls_waiting_at_end"])
        #expect(comparison.metrics == ["calls_waiting_at_end", "calls"])
        #expect(comparison.rows.map(\.metric) == ["calls_waiting_at_end", "calls", "calls_waiting_at_end", "calls"])
    }

    @Test("Without --metric, metrics only one file has are skipped with a warning")
    func oneSidedMetricsWarn() throws {
        let a = try summary("a/summary.csv", "point,replication,seed,calls,calls_police\n0,0,1,5,5\n")
        let b = try summary("b/summary.csv", "point,replication,seed,calls,calls_police,calls_crisis_team,utilization_crisis_team\n0,0,1,6,4,2,0.5\n")
        let comparison = try Comparison(a, b)
        #expect(comparison.metrics == ["calls", "calls_police"])
        #expect(comparison.warnings == ["compare: warning: metrics 'calls_crisis_team', 'utilization_crisis_team' are in b/summary.csv but not in a/summary.csv; not compared"])
        #expect(try Comparison(b, a, metrics: ["calls"]).warnings.isEmpty)
        let c = try summary("c/summary.csv", "point,replication,seed,calls,x\n0,0,1,5,5\n")
        #expect(try Comparison(c, a).warnings == ["compare: warning: metric 'x' is in c/summary.csv but not in a/summary.csv; not compared",
                                                  "compare: warning: metric 'calls_police' is in a/summary.csv but not in c/summary.csv; not compared"])
    }

    // MARK: - Errors

    @Test("Each mismatch between the files is one line naming both")
    func mismatchErrors() throws {
        let plain = "point,replication,seed,calls,mean_response_min\n0,0,1,5,4\n1,0,1,5,4\n"
        let a = try summary("Results/a/summary.csv", plain)
        let sweep = try summary("Results/s/summary.csv", "point,budget.shares.crisis_team,replication,seed,calls,mean_response_min\n0,0.1,0,1,5,4\n1,0.2,0,1,5,4\n")
        #expect(message { try Comparison(a, sweep) } == "compare: error: the files have different swept parameters: Results/a/summary.csv has none, Results/s/summary.csv has budget.shares.crisis_team")
        let otherSweep = try summary("Results/t/summary.csv", "point,budget.shares.police,replication,seed,calls,mean_response_min\n0,0.9,0,1,5,4\n")
        #expect(message { try Comparison(sweep, otherSweep) } == "compare: error: the files have different swept parameters: Results/s/summary.csv has budget.shares.crisis_team, Results/t/summary.csv has budget.shares.police")

        let onePoint = try summary("Results/b/summary.csv", "point,replication,seed,calls,p1_mean_response_min\n0,0,1,5,4\n")
        #expect(message { try Comparison(a, onePoint, metrics: ["calls"]) } == "compare: error: point 1 is in Results/a/summary.csv but not in Results/b/summary.csv")
        let threePoints = try summary("Results/c/summary.csv", "point,replication,seed,calls\n0,0,1,5\n1,0,1,5\n2,0,1,5\n3,0,1,5\n")
        #expect(message { try Comparison(a, threePoints) } == "compare: error: points 2, 3 are in Results/c/summary.csv but not in Results/a/summary.csv")
        let fewerValues = try summary("Results/u/summary.csv", "point,budget.shares.crisis_team,replication,seed,calls,mean_response_min\n0,0.2,0,1,5,4\n1,0.3,0,1,5,4\n")
        #expect(message { try Comparison(sweep, fewerValues) } == "compare: error: point budget.shares.crisis_team=0.1 is in Results/s/summary.csv but not in Results/u/summary.csv")

        #expect(message { try Comparison(a, onePoint, metrics: ["p1_mean_response_min"]) } == "compare: error: metric 'p1_mean_response_min' is in Results/b/summary.csv but not in Results/a/summary.csv")
        #expect(message { try Comparison(a, onePoint, metrics: ["mean_response_min"]) } == "compare: error: metric 'mean_response_min' is in Results/a/summary.csv but not in Results/b/summary.csv")
        #expect(message { try Comparison(a, onePoint, metrics: ["mean_respons_min"]) } == "compare: error: unknown metric 'mean_respons_min': it is in neither Results/a/summary.csv nor Results/b/summary.csv (did you mean 'mean_response_min'?)")
        #expect(message { try Comparison(a, onePoint, metrics: ["p1_mean_respons"]) } == "compare: error: unknown metric 'p1_mean_respons': it is in neither Results/a/summary.csv nor Results/b/summary.csv (did you mean 'p1_mean_response_min'?)")
        #expect(message { try Comparison(a, onePoint, metrics: ["queue"]) } == "compare: error: unknown metric 'queue': it is in neither Results/a/summary.csv nor Results/b/summary.csv")
        let nothingShared = try summary("Results/d/summary.csv", "point,replication,seed,x\n0,0,1,5\n")
        #expect(message { try Comparison(a, nothingShared) } == "compare: error: Results/a/summary.csv and Results/d/summary.csv have no metric in common")
        let twins = try summary("Results/v/summary.csv", "point,budget.shares.crisis_team,replication,seed,calls\n0,0.1,0,1,5\n1,0.1,0,1,5\n")
        #expect(message { try Comparison(sweep, twins) } == "Results/v/summary.csv: error: points 0 and 1 have the same parameter values (budget.shares.crisis_team=0.1), so points cannot be matched by them")
    }

    @Test("Files that are missing or not summary tables are located errors")
    func fileErrors() throws {
        #expect(message { try SummaryFile.load("/nonexistent/Results/a") } == "/nonexistent/Results/a: error: no such file or folder")
        let folder = NSTemporaryDirectory() + "dispatchsim-compare-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(message { try SummaryFile.load(folder) } == "\(folder): error: no summary.csv in this folder (a run writes it when it finishes)")

        let cases: [(String, String)] = [
            ("", "s.csv: error: the file is empty"),
            ("point,replication,seed,calls\n", "s.csv: error: no replications: the file has only its header"),
            ("metric,mean\ncalls,5\n", "s.csv:1: error: not a summary.csv: expected the columns point, the swept parameters, replication, seed, then the metrics"),
            ("point,replication,calls\n0,0,5\n", "s.csv:1: error: not a summary.csv: expected the columns point, the swept parameters, replication, seed, then the metrics"),
            ("point,replication,seed,calls,calls\n0,0,1,5,5\n", "s.csv:1: error: column 'calls' appears twice"),
            ("point,replication,seed,calls\n0,0,1,5\n0,1,1\n", "s.csv:3: error: expected 4 fields as in the header, found 3"),
            ("point,replication,seed,calls\nzero,0,1,5\n", "s.csv:2: error: point: expected a whole number >= 0, found 'zero'"),
            ("point,replication,seed,calls\n0,-1,1,5\n", "s.csv:2: error: replication: expected a whole number >= 0, found '-1'"),
            ("point,replication,seed,calls\n0,0,1,five\n", "s.csv:2: error: calls: expected a number or an empty field, found 'five'"),
            ("point,replication,seed,calls\n0,0,1,5\n0,0,1,6\n", "s.csv:3: error: point 0, replication 0 appears twice"),
            ("point,x,replication,seed,calls\n0,a,0,1,5\n0,b,1,1,6\n", "s.csv:3: error: point 0 has other parameter values than on line 2"),
            ("point,x,replication,seed,calls\n0,\"a,0,1,5\n", "s.csv:2: error: a quoted field is never closed"),
        ]
        for (text, expected) in cases {
            #expect(message { try summary("s.csv", text) } == expected)
        }
    }

    @Test("The CSV reader follows RFC 4180 and reads back what CSVTable writes")
    func csvQuoting() throws {
        let text = "\u{FEFF}a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,\"\"\n\nlast,row,x"
        let records = try CSVReader.records(in: text, file: "q.csv")
        #expect(records == [CSVRecord(line: 1, fields: ["a", "b,c", "say \"hi\""]),
                            CSVRecord(line: 2, fields: ["two\nlines", "", ""]),
                            CSVRecord(line: 5, fields: ["last", "row", "x"])])
        #expect(message { try CSVReader.records(in: "a,b\"c\n", file: "q.csv") } == "q.csv:1: error: a quote inside an unquoted field (quote the whole field and double the quote)")
        #expect(message { try CSVReader.records(in: "a,b\n\"c\"d,e\n", file: "q.csv") } == "q.csv:2: error: unexpected text after a quoted field")
        #expect(message { try CSVReader.records(in: "a\n\"b\n\nc", file: "q.csv") } == "q.csv:2: error: a quoted field is never closed")

        var table = CSVTable(columns: ["point", "value, quoted", "plain"])
        table.append([.integer(0), .text("{ to: [\"police\", crisis_team] }"), .number(0.1 + 0.2)])
        table.append([.integer(1), .text("two\nlines"), .number(.nan)])
        let back = try CSVReader.records(in: table.text, file: "t.csv").map(\.fields)
        #expect(back == [table.columns, ["0", "{ to: [\"police\", crisis_team] }", "0.30000000000000004"], ["1", "two\nlines", ""]])
    }

    // MARK: - Output and exit status

    @Test("--fail-if-different: status 2 only when asked and some difference is significant")
    func exitStatus() throws {
        let different = try compare("a", "b")
        #expect(different.hasSignificantDifference)
        #expect(different.exitStatus(failIfDifferent: true) == 2)
        #expect(different.exitStatus(failIfDifferent: false) == 0)
        // Only the metrics whose intervals hold 0.
        let same = try compare("a", "b", metrics: ["calls", "calls_waiting_at_end"])
        #expect(!same.hasSignificantDifference && same.exitStatus(failIfDifferent: true) == 0)
        #expect(try compare("a", "a").exitStatus(failIfDifferent: true) == 0)
    }

    @Test("CSV output: the tidy columns and a pinned line")
    func csvOutput() throws {
        let table = try compare("a", "b").table
        #expect(table.headerLine == "point,metric,mean_a,sd_a,n_a,mean_b,sd_b,n_b,difference,ci95_low,ci95_high,relative_change,method,significant\n")
        // Every value agrees with the hand computations above to 1e-15 (the interval ends with mpmath's
        // t quantiles); sd_b of point 0 p1_mean_response_min and calls_waiting_at_end is sqrt(2/3)
        // both times, one bit apart from Welford's running updates.
        #expect(table.rowLines == """
            0,calls,100,3.265986323710904,4,100,3.265986323710904,4,0,0,0,0,paired,false
            0,mean_response_min,11.5,1.2909944487358056,4,10.625,1.3768926368215255,4,-0.875,-1.272805788160463,-0.47719421183953703,-0.07608695652173914,paired,true
            0,p1_mean_response_min,6,1,3,5,0.8164965809277259,4,-1,-2.9922547967028104,0.9922547967028106,-0.16666666666666666,welch,false
            0,calls_waiting_at_end,0,0,4,1,0.816496580927726,4,1,-0.2992282636251091,2.299228263625109,,paired,false
            1,calls,93,2.581988897471611,4,93.5,2.380476142847615,4,0.5,-0.41869311551853805,1.418693115518538,0.005376344086021506,paired,false
            1,mean_response_min,21.5,1.2909944487358056,4,21.75,0.9574271077563385,4,0.25,-1.2734801808288105,1.7734801808288105,0.011627906976744186,paired,false
            1,p1_mean_response_min,9.5,1.2909944487358056,4,9,1.2909944487358056,4,-0.5,-0.5,-0.5,-0.05263157894736842,paired,true
            1,calls_waiting_at_end,0.5,0.5773502691896257,4,0,0,4,-0.5,-1.418693115518538,0.41869311551853805,-1,paired,false

            """)

        let sweep = try compare("sweep-a", "sweep-b").table
        #expect(sweep.headerLine == "point,budget.shares.crisis_team,call_types.behavioral_health.fallback,metric,mean_a,sd_a,n_a,mean_b,sd_b,n_b,difference,ci95_low,ci95_high,relative_change,method,significant\n")
        #expect(sweep.rowLines.split(separator: "\n")[0].hasPrefix("0,0.1,\"{ after: 10 min, to: [police] }\",mean_response_min,11,"))
        #expect(sweep.rowLines.split(separator: "\n")[2].hasPrefix("2,0.2,\"\"\"none\"\"\",mean_response_min,15,"))
    }

    @Test("Text output: an aligned table with the decimals each row's interval supports")
    func textOutput() throws {
        let text = try compare("sweep-a", "sweep-b").text
        let expected = """
            A: \(try fixture("sweep-a"))/summary.csv
            B: \(try fixture("sweep-b"))/summary.csv
            B - A with its 95% confidence interval; * marks a difference whose interval excludes 0

            point                                                                                                 metric             mean A  mean B  B - A  95% CI         change  method
            budget.shares.crisis_team=0.1, call_types.behavioral_health.fallback={ after: 10 min, to: [police] }  mean_response_min   11.00   11.50  +0.50  [-5.85, 6.85]   +4.5%  paired
            budget.shares.crisis_team=0.2, call_types.behavioral_health.fallback={ after: 10 min, to: [police] }  mean_response_min   12.00   13.50  +1.50  [-4.85, 7.85]  +12.5%  paired
            budget.shares.crisis_team=0.2, call_types.behavioral_health.fallback="none"                           mean_response_min   15.00   15.50  +0.50  [-5.85, 6.85]   +3.3%  paired

            """
        #expect(text == expected)
        // printf rounds exact halves to even: 10.625 shows as 10.62 and -0.875 as -0.88.
        let plain = try compare("a", "b", metrics: ["mean_response_min"]).text
        #expect(plain.hasSuffix("""
            point  metric             mean A  mean B  B - A  95% CI          change  method
            0      mean_response_min   11.50   10.62  -0.88  [-1.27, -0.48]   -7.6%  paired  *
            1      mean_response_min   21.50   21.75  +0.25  [-1.27, 1.77]    +1.2%  paired

            """))
    }

    @Test("Row decimals follow the larger mean and the half-width", arguments: [
        (11.5, 0.4, 2), (5_784_209.0, 20_000.0, 0), (0.1944, 0.013, 4), (0.1944, 0.00013, 5), (8012.0, 3.0, 1), (0.0, .nan, 0),
        (1e-9, 1e-9, 6),
    ])
    func decimals(mean: Double, halfWidth: Double, expected: Int) {
        #expect(Comparison.decimals(means: [mean, .nan], halfWidth: halfWidth) == expected)
    }

    @Test("Numbers in the text table never show -0 and carry a sign when asked")
    func numberFormat() {
        #expect(Comparison.format(-0.0001, 2) == "0.00")
        #expect(Comparison.format(0.25, 2, sign: true) == "+0.25")
        #expect(Comparison.format(0, 2, sign: true) == "0.00")
        #expect(Comparison.format(-1.5, 1, sign: true) == "-1.5")
        #expect(Comparison.format(.nan, 1) == "")
    }
}
