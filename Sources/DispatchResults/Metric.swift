// Metric.swift: what a summary metric is: its column, unit, meaning, how one replication's value
// is computed and how the printed summary shows it. The metrics themselves are declared once, in
// MetricCatalogue.swift.

import DispatchModel

/// What one replication's summary metrics are computed from.
public struct MetricInput {
    public let city: CityConfiguration
    public let result: ReplicationResult
    /// The baseline's replication with the same streams, when the scenario has a baseline.
    public let baseline: ReplicationResult?

    public init(city: CityConfiguration, result: ReplicationResult, baseline: ReplicationResult? = nil) {
        self.city = city
        self.result = result
        self.baseline = baseline
    }

    /// Calls dispatched: the denominator of shares and rates per dispatched call.
    var dispatched: Double { Double(result.wait.count) }

    /// `x / dispatched x scale`, or NaN when no call was dispatched.
    func perDispatched(_ x: Double, scale: Double = 1) -> Double {
        result.wait.count > 0 ? scale * x / dispatched : .nan
    }
}

/// How the printed summary of a run shows a metric: `label  mean  low to high`.
public struct PrintedForm: Sendable {
    /// The label, with `<k>` for the priority and `<responder>` for the responder type's name.
    public let label: String
    /// Digits after the decimal point.
    public let digits: Int
    /// A factor applied before printing (100 for a fraction printed as a percentage).
    public let scale: Double
    /// What follows the number, such as " min" or "%".
    public let suffix: String

    public init(_ label: String, digits: Int, scale: Double = 1, suffix: String = "") {
        self.label = label
        self.digits = digits
        self.scale = scale
        self.suffix = suffix
    }
}

/// One summary metric, or one family of them (one column per priority or per responder type).
public struct Metric: Sendable {
    /// The column, with `<k>` for the priority and `<responder>` for the responder type's name.
    public let column: String
    /// The unit, as Results/README.md gives it (empty for none).
    public let unit: String
    /// One line on what it measures, as Results/README.md gives it.
    public let meaning: String
    /// How the printed summary shows it; nil when it is not printed.
    public let printed: PrintedForm?
    /// Its value in one replication; the `Int` is the priority's index in `city.priorities` or
    /// the responder type's index, for metrics of a family, and 0 otherwise.
    let value: @Sendable (MetricInput, Int) -> Double

    public init(_ column: String, unit: String, _ meaning: String, printed: PrintedForm? = nil,
                value: @escaping @Sendable (MetricInput, Int) -> Double) {
        self.column = column
        self.unit = unit
        self.meaning = meaning
        self.printed = printed
        self.value = value
    }

    /// A metric of the whole run, whose value does not depend on an index.
    public init(_ column: String, unit: String, _ meaning: String, printed: PrintedForm? = nil,
                value: @escaping @Sendable (MetricInput) -> Double) {
        self.init(column, unit: unit, meaning, printed: printed) { input, _ in value(input) }
    }
}

/// Metrics declared together, and what they range over.
public struct MetricGroup: Sendable {
    /// What the group's metrics range over.
    public enum Scope: Sendable {
        /// One column each.
        case run
        /// One column each per priority in use, in ascending order.
        case priority
        /// One column each per priority that has a response target.
        case priorityWithTarget
        /// One column each per responder type, in the scenario's order.
        case responder
        /// One column each, only when the scenario has a baseline.
        case baseline
        /// One column each, only when the scenario has officer-initiated activity.
        case officerInitiated
        /// One column each, only when a responder type may preempt calls.
        case preemption
        /// One column each, only when a watch has scheduled breaks.
        case breaks
        /// One column each, only when some call type is a crisis type.
        case crisis
    }

    /// The order of a family's columns: all metrics for the first item, then the next
    /// (`byItem`: p1_a, p1_b, p2_a, p2_b), or each metric for every item (`byMetric`: a_1, a_2,
    /// b_1, b_2). The printed summary always goes item by item.
    public enum ColumnOrder: Sendable {
        case byItem
        case byMetric
    }

    public let scope: Scope
    public let order: ColumnOrder
    public let metrics: [Metric]

    public init(_ scope: Scope, order: ColumnOrder = .byItem, _ metrics: [Metric]) {
        self.scope = scope
        self.order = order
        self.metrics = metrics
    }
}

/// One column of a summary: a metric for one item of its family.
public struct MetricColumn: Sendable {
    public let name: String
    public let metric: Metric
    /// The priority's index in `city.priorities`, or the responder type's index; 0 for run metrics.
    public let item: Int
    /// The printed label, with the item filled in; nil when the metric is not printed.
    public let printedLabel: String?
}
