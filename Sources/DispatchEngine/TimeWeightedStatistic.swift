// TimeWeightedStatistic.swift: the time average of a piecewise-constant quantity such as a queue
// length or the number of busy units, with warm-up deletion.

/// The time average, minimum and maximum of a quantity that changes only at events (a queue
/// length, units busy, calls in system) over an observation window.
///
/// The window starts at `observationStart` (the end of the warm-up period) or at ``reset(at:)``;
/// changes before it set the level but do not count. Times are minutes.
public struct TimeWeightedStatistic: Sendable, Hashable {
    /// The current level.
    public private(set) var value: Double
    /// When the level last changed (or the statistic was made or reset).
    public private(set) var lastChange: Double
    /// The start of the observation window.
    public private(set) var observationStart: Double
    /// The integral of the level over [observationStart, max(lastChange, observationStart)].
    private var area = 0.0
    private var lowest: Double
    private var highest: Double

    /// A statistic whose level is `value` from `time` on, observed from `observationStart`
    /// (default: from `time`).
    /// - Precondition: `observationStart`, if given, is not earlier than `time`.
    public init(value: Double = 0, at time: Double = 0, observationStart: Double? = nil) {
        let start = observationStart ?? time
        precondition(start >= time, "observation window starts at \(start) min, before the statistic's start at \(time) min")
        self.value = value
        lastChange = time
        self.observationStart = start
        lowest = value
        highest = value
    }

    /// Sets the level to `newValue` from `time` on.
    /// - Precondition: `time` is not earlier than ``lastChange``.
    /// - Complexity: O(1).
    public mutating func update(to newValue: Double, at time: Double) {
        precondition(time >= lastChange,
                     "at simulated time \(time) min: time-weighted statistic last changed at \(lastChange) min")
        if time > observationStart {
            area += value * (time - Swift.max(lastChange, observationStart))
        }
        if time >= observationStart {
            lowest = Swift.min(lowest, newValue)
            highest = Swift.max(highest, newValue)
        } else {
            lowest = newValue
            highest = newValue
        }
        value = newValue
        lastChange = time
    }

    /// Adds `delta` to the level at `time` (+1 when a call arrives, -1 when it leaves).
    /// - Complexity: O(1).
    public mutating func add(_ delta: Double, at time: Double) {
        update(to: value + delta, at: time)
    }

    /// Starts a new observation window at `time`, keeping the current level: deletes the warm-up.
    /// - Precondition: `time` is not earlier than ``lastChange``.
    /// - Complexity: O(1).
    public mutating func reset(at time: Double) {
        precondition(time >= lastChange,
                     "at simulated time \(time) min: time-weighted statistic last changed at \(lastChange) min")
        area = 0
        lastChange = time
        observationStart = time
        lowest = value
        highest = value
    }

    /// The integral of the level over the window up to `time`.
    /// - Precondition: `time` is not earlier than ``lastChange``.
    /// - Complexity: O(1).
    public func integral(upTo time: Double) -> Double {
        precondition(time >= lastChange,
                     "at simulated time \(time) min: time-weighted statistic last changed at \(lastChange) min")
        return time > observationStart ? area + value * (time - Swift.max(lastChange, observationStart)) : 0
    }

    /// The time average of the level over [``observationStart``, `time`]; NaN for an empty window.
    /// - Precondition: `time` is not earlier than ``lastChange``.
    /// - Complexity: O(1).
    public func average(upTo time: Double) -> Double {
        time > observationStart ? integral(upTo: time) / (time - observationStart) : .nan
    }

    /// The smallest level held in the window (the level at its start included).
    public var minimum: Double { lowest }

    /// The largest level held in the window (the level at its start included).
    public var maximum: Double { highest }
}
