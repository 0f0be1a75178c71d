// CivilTime.swift: calendar dates and times of day without time zones, as calls-for-service
// exports write them: days since 1970-01-01 to and from year, month and day (the proleptic
// Gregorian calendar; H. Hinnant's `days_from_civil` and `civil_from_days`).

/// A date and time of day in the city's local time, as seconds since 1970-01-01 00:00 of that
/// local time (no time zone, no leap seconds: exports give local wall-clock times).
public struct CivilTime: Sendable, Hashable, Comparable {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    /// The time at `year-month-day hour:minute:second`; nil when a field is out of range.
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        seconds = Self.days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    public static func < (a: CivilTime, b: CivilTime) -> Bool { a.seconds < b.seconds }

    /// Days since 1970-01-01 (negative before).
    public var day: Int64 { seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400 }

    /// Seconds since midnight.
    public var secondOfDay: Int { Int(seconds - day * 86_400) }

    /// 0-23.
    public var hour: Int { secondOfDay / 3600 }

    /// 0 for Monday ... 6 for Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { Int(((day + 3) % 7 + 7) % 7) }

    /// Year, month (1-12) and day of the month.
    public var date: (year: Int, month: Int, day: Int) {
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    /// `YYYY-MM-DD HH:MM:SS`.
    public var text: String {
        let (y, m, d) = date
        let s = secondOfDay
        return "\(Self.pad(y, 4))-\(Self.pad(m, 2))-\(Self.pad(d, 2)) \(Self.pad(s / 3600, 2)):\(Self.pad(s / 60 % 60, 2)):\(Self.pad(s % 60, 2))"
    }

    /// `YYYY-MM-DD`.
    public var dateText: String {
        let (y, m, d) = date
        return "\(Self.pad(y, 4))-\(Self.pad(m, 2))-\(Self.pad(d, 2))"
    }

    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64(month > 2 ? month - 3 : month + 9)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
