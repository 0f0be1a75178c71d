// Comparison+Output.swift: a comparison as a tidy CSV table and as an aligned text table.

import DispatchEngine
import DispatchResults
import DispatchYAML
import Foundation

extension Comparison {
    /// One row per point and metric: `point` (A's number), the swept parameters, `metric`,
    /// `mean_a, sd_a, n_a, mean_b, sd_b, n_b`, `difference` (B - A), `ci95_low, ci95_high`,
    /// `relative_change` ((B - A) / A), `method` (`paired` or `welch`) and `significant`
    /// (`true` when the interval excludes 0). Missing values are empty fields.
    public var table: CSVTable {
        var table = CSVTable(columns: ["point"] + parameters + [
            "metric", "mean_a", "sd_a", "n_a", "mean_b", "sd_b", "n_b", "difference", "ci95_low", "ci95_high",
            "relative_change", "method", "significant",
        ])
        for row in rows {
            let d = row.difference
            table.append([.integer(row.point)] + row.parameterValues.map { .text($0) } + [
                .text(row.metric),
                .number(row.a.mean), .number(row.a.standardDeviation), .integer(row.a.count),
                .number(row.b.mean), .number(row.b.standardDeviation), .integer(row.b.count),
                .number(d.estimate), .number(d.lower), .number(d.upper), .number(row.relativeChange),
                .text(d.method.rawValue), .text(d.isSignificant ? "true" : "false"),
            ])
        }
        return table
    }

    /// An aligned table for reading: the point (its swept values, or its number), the metric, the
    /// two means, B - A with its 95% interval, the relative change, the method and `*` when the
    /// difference is significant. Each row shows the decimals ``decimals(means:halfWidth:)`` picks.
    public var text: String {
        var lines = [["point", "metric", "mean A", "mean B", "B - A", "95% CI", "change", "method", ""]]
        for row in rows {
            let d = row.difference
            let decimals = Self.decimals(means: [row.a.mean, row.b.mean], halfWidth: d.halfWidth)
            func number(_ x: Double, sign: Bool = false) -> String { Self.format(x, decimals, sign: sign) }
            lines.append([
                Self.pointLabel(parameters.isEmpty ? [String(row.point)] : row.parameterValues, parameters),
                row.metric, number(row.a.mean), number(row.b.mean), number(d.estimate, sign: true),
                d.halfWidth.isNaN || d.estimate.isNaN ? "n/a" : "[\(number(d.lower)), \(number(d.upper))]",
                row.relativeChange.isFinite ? Self.format(row.relativeChange * 100, 1, sign: true) + "%" : "",
                d.method.rawValue, d.isSignificant ? "*" : "",
            ])
        }
        let widths = (0..<lines[0].count).map { column in lines.map { $0[column].count }.max()! }
        // Labels and intervals align left, numbers right.
        let alignLeft = [true, true, false, false, false, true, false, true, true]
        var out = "A: \(fileA)\nB: \(fileB)\n"
        out += "B - A with its 95% confidence interval; * marks a difference whose interval excludes 0\n\n"
        for line in lines {
            let cells = line.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return alignLeft[column] ? cell + padding : padding + cell
            }
            var text = cells.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            out += text + "\n"
        }
        return out
    }

    /// Decimals for one row: enough for four significant digits of the larger mean and two of the
    /// interval's half-width, from 0 to 6.
    static func decimals(means: [Double], halfWidth: Double) -> Int {
        func decimals(_ x: Double, significant: Int) -> Int {
            guard x.isFinite, x != 0 else { return 0 }
            return significant - 1 - Int(log10(abs(x)).rounded(.down))
        }
        let largest = means.filter(\.isFinite).map(abs).max() ?? 0
        return min(6, max(0, decimals(largest, significant: 4), decimals(halfWidth, significant: 2)))
    }

    /// `x` with `decimals` decimals (a leading `+` for positive values when `sign`); empty for NaN,
    /// and never `-0`.
    static func format(_ x: Double, _ decimals: Int, sign: Bool = false) -> String {
        guard !x.isNaN else { return "" }
        var text = String(format: "%.\(decimals)f", x)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { text.removeFirst() }
        return sign && !text.hasPrefix("-") && text.contains(where: { $0 != "0" && $0 != "." }) ? "+" + text : text
    }
}
