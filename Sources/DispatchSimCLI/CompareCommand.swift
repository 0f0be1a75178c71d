// CompareCommand.swift: `dispatchsim compare`: the differences between two results folders' metrics,
// with 95% confidence intervals.

import ArgumentParser
import DispatchCompare
import DispatchResults
import DispatchRuns
import DispatchScenario
import DispatchYAML
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare the metrics of two results folders, with 95% confidence intervals.",
        discussion: """
            A and B are results folders or their summary.csv files. For each point and metric, \
            prints the mean of A and of B over the replications that have a value, the difference \
            B - A with its 95% confidence interval, the relative change (B - A) / A, and the \
            method. "paired" when both sides ran the same replications with the same seed (common \
            random numbers, as two scenarios run with the same seed and replications do) and the \
            metric has values in the same replications: the interval comes from the \
            per-replication differences, Student t with n - 1 degrees of freedom. Otherwise \
            "welch": Welch's interval with Welch-Satterthwaite degrees of freedom. A difference \
            is significant (*) when its interval excludes 0; with fewer than two values on a side \
            there is no interval. Each interval holds 95% on its own: among many metrics and \
            points, about 1 in 20 true zero differences shows as significant.

            Points are matched by their swept parameter values (the same text in the same \
            columns), or by point number when neither file is a sweep. Without --metric every \
            metric both files have is compared, and the metrics only one has are named on \
            standard error.

            --format csv writes one row per point and metric: point (A's number), the swept \
            parameters, metric, mean_a, sd_a, n_a, mean_b, sd_b, n_b, difference, ci95_low, \
            ci95_high, relative_change, method, significant (true or false); empty fields have no \
            value.

            Exit status: 0; 2 with --fail-if-different when some difference is significant; 1 \
            when the files cannot be read or compared.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv
    }

    @Argument(help: ArgumentHelp("The reference: a results folder or its summary.csv.", valueName: "A"))
    var a: String

    @Argument(help: ArgumentHelp("The results to compare with A: a folder or a summary.csv.", valueName: "B"))
    var b: String

    @Option(name: .customLong("metric"),
            help: ArgumentHelp("Compare only this metric (repeatable; default: every metric in both files).",
                               valueName: "name"))
    var metrics: [String] = []

    @Option(help: "Output: an aligned table, or a tidy CSV.")
    var format: Format = .table

    @Flag(help: "Exit with status 2 when some difference is significant (its 95% interval excludes 0).")
    var failIfDifferent = false

    func run() throws {
        let comparison = try orExit { try Comparison(SummaryFile.load(a), SummaryFile.load(b), metrics: metrics) }
        for warning in comparison.warnings { try? FileHandle.standardError.write(contentsOf: Data("\(warning)\n".utf8)) }
        print(format == .csv ? comparison.table.text : comparison.text, terminator: "")
        let status = comparison.exitStatus(failIfDifferent: failIfDifferent)
        if status != 0 { throw ExitCode(status) }
    }
}
