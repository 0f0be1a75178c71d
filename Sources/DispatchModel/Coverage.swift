// Coverage.swift: the hours a responder type is on duty (a daily window on chosen weekdays), as
// intervals of simulated time. Simulated time 0 is Monday 00:00.

/// A daily on-duty window: from `fromMinute` to `toMinute` after midnight (a window that ends at
/// or before it starts runs past midnight; equal ends mean around the clock), on the given
/// weekdays (0 = Monday), counted from the day the window starts.
public struct Coverage: Sendable, Hashable, Codable {
    public let fromMinute: Int
    public let toMinute: Int
    /// The weekdays, each once, in ascending order. An array, not a `Set`: it is written to
    /// manifest.json and hashed into a plan's fingerprint, and a `Set`'s order changes from one
    /// process to the next.
    public let days: [Int]

    /// `days` may repeat a weekday and come in any order.
    public init(fromMinute: Int, toMinute: Int, days: [Int] = Array(0..<7)) {
        precondition((0..<1440).contains(fromMinute) && (0..<1440).contains(toMinute) && !days.isEmpty
                     && days.allSatisfy { (0..<7).contains($0) }, "invalid coverage")
        self.fromMinute = fromMinute
        self.toMinute = toMinute
        self.days = (0..<7).filter(days.contains)
    }

    /// Minutes on duty per window.
    public var windowMinutes: Int {
        let d = (toMinute - fromMinute + 1440) % 1440
        return d == 0 ? 1440 : d
    }

    /// On-duty hours per unit over a 365-day year.
    public var hoursPerYear: Double { Double(windowMinutes) / 60 * Double(days.count) * 365 / 7 }

    /// The on-duty intervals that overlap [0, horizon], merged where they touch, in order.
    public func intervals(upTo horizon: Double) -> [(start: Double, end: Double)] {
        Array(Intervals(self, upTo: horizon))
    }

    /// The start of every daily window that overlaps [0, horizon], in order, before merging (a
    /// window may start before 0).
    public func windowStarts(upTo horizon: Double) -> [Double] {
        Array(WindowStarts(self, upTo: horizon))
    }

    /// The on-duty intervals that overlap [0, horizon], merged where they touch, in order,
    /// computed one at a time from the window starts (a run's shift calendar holds one per watch,
    /// not a run's worth).
    public struct Intervals: Sequence, IteratorProtocol, Sendable {
        private var windows: WindowStarts
        private let windowMinutes: Double
        /// The interval being merged, not yet returned.
        private var pending: (start: Double, end: Double)?

        public init(_ coverage: Coverage, upTo horizon: Double) {
            windows = WindowStarts(coverage, upTo: horizon)
            windowMinutes = Double(coverage.windowMinutes)
        }

        public mutating func next() -> (start: Double, end: Double)? {
            while let start = windows.next() {
                let end = start + windowMinutes
                if let last = pending, start <= last.end {
                    pending = (last.start, Swift.max(last.end, end))
                } else if let last = pending {
                    pending = (start, end)
                    return last
                } else {
                    pending = (start, end)
                }
            }
            defer { pending = nil }
            return pending
        }
    }

    /// The start of every daily window that overlaps [0, horizon], in order, before merging,
    /// computed one at a time.
    public struct WindowStarts: Sequence, IteratorProtocol, Sendable {
        private let coverage: Coverage
        private let horizon: Double
        /// The days whose window may overlap [0, horizon], from the day before day 0.
        private var days: ClosedRange<Int>.Iterator

        public init(_ coverage: Coverage, upTo horizon: Double) {
            self.coverage = coverage
            self.horizon = horizon
            days = (-1...(Int((horizon / 1440).rounded(.up)) + 1)).makeIterator()
        }

        public mutating func next() -> Double? {
            while let day = days.next() {
                guard coverage.days.contains(((day % 7) + 7) % 7) else { continue }
                let start = Double(day * 1440 + coverage.fromMinute)
                if start + Double(coverage.windowMinutes) > 0 && start < horizon { return start }
            }
            return nil
        }
    }

    /// Minutes on duty within [from, to].
    public func onDutyMinutes(from: Double, to: Double) -> Double {
        intervals(upTo: to).reduce(0) { $0 + max(0, min($1.end, to) - max($1.start, from)) }
    }
}
