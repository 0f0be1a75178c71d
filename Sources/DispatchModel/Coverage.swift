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
        var out: [(start: Double, end: Double)] = []
        let dayCount = Int((horizon / 1440).rounded(.up)) + 1
        for day in -1...dayCount where days.contains(((day % 7) + 7) % 7) {
            let start = Double(day * 1440 + fromMinute)
            let end = start + Double(windowMinutes)
            guard end > 0, start < horizon else { continue }
            if let last = out.last, start <= last.end {
                out[out.count - 1].end = max(last.end, end)
            } else {
                out.append((start, end))
            }
        }
        return out
    }

    /// The start of every daily window that overlaps [0, horizon], in order, before merging (a
    /// window may start before 0).
    public func windowStarts(upTo horizon: Double) -> [Double] {
        let dayCount = Int((horizon / 1440).rounded(.up)) + 1
        return (-1...dayCount).filter { days.contains((($0 % 7) + 7) % 7) }.map { Double($0 * 1440 + fromMinute) }
            .filter { $0 + Double(windowMinutes) > 0 && $0 < horizon }
    }

    /// Minutes on duty within [from, to].
    public func onDutyMinutes(from: Double, to: Double) -> Double {
        intervals(upTo: to).reduce(0) { $0 + max(0, min($1.end, to) - max($1.start, from)) }
    }
}
