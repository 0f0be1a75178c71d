// RateProfile.swift: a piecewise-constant arrival rate over the hours of the week, and its exact
// integral.

/// An arrival rate (per minute) that is constant within each of the 168 hours of a week and
/// repeats every week.
///
/// Minute 0 is the start of hour 0 of day 0 of the profile; which weekday day 0 is belongs to the
/// scenario. Rates are per minute, the engine's time unit: convert calls per hour or per year at
/// the edges.
public struct RateProfile: Sendable, Hashable {
    /// Hours in the week the profile repeats over.
    public static let hoursPerWeek = 168
    /// Minutes in one hour of the profile.
    public static let minutesPerHour = 60.0
    /// Minutes in one week.
    public static let minutesPerWeek = 10_080.0

    /// The rate per minute in each hour of the week, `hoursPerWeek` of them.
    public let ratesPerMinute: [Double]
    /// The largest of ``ratesPerMinute``; > 0.
    public let maximumRatePerMinute: Double
    /// `cumulative[h]` = expected arrivals in hours `0..<h` of the week; `hoursPerWeek + 1` values.
    let cumulative: [Double]

    /// A profile from its 168 hourly rates per minute.
    /// - Throws: ``ParameterError`` when there are not 168 rates, a rate is negative, NaN or
    ///   infinite, or every rate is zero.
    public init(ratesPerMinute: [Double]) throws(ParameterError) {
        try Self.validate(ratesPerMinute, name: "ratesPerMinute", count: Self.hoursPerWeek)
        self.ratesPerMinute = ratesPerMinute
        maximumRatePerMinute = ratesPerMinute.max()!
        var sums = [0.0]
        sums.reserveCapacity(Self.hoursPerWeek + 1)
        for rate in ratesPerMinute {
            sums.append(sums[sums.count - 1] + rate * Self.minutesPerHour)
        }
        cumulative = sums
    }

    /// A profile whose rate in hour h of day d is `baseRatePerMinute * hourOfDay[h] * dayOfWeek[d]`.
    /// - Throws: ``ParameterError`` when the base rate is not a finite number > 0, `hourOfDay` does
    ///   not hold 24 multipliers or `dayOfWeek` 7, a multiplier is negative, NaN or infinite, or
    ///   all of one profile's multipliers are zero.
    public init(baseRatePerMinute: Double, hourOfDay: [Double], dayOfWeek: [Double]) throws(ParameterError) {
        guard baseRatePerMinute.isFinite && baseRatePerMinute > 0 else {
            throw ParameterError(subject: "rate profile", parameter: "baseRatePerMinute",
                                 expected: "a finite number > 0", found: "\(baseRatePerMinute)")
        }
        try Self.validate(hourOfDay, name: "hourOfDay", count: 24)
        try Self.validate(dayOfWeek, name: "dayOfWeek", count: 7)
        var rates: [Double] = []
        rates.reserveCapacity(Self.hoursPerWeek)
        for day in dayOfWeek {
            for hour in hourOfDay {
                rates.append(baseRatePerMinute * hour * day)
            }
        }
        try self.init(ratesPerMinute: rates)
    }

    /// The same rate in every hour.
    /// - Throws: ``ParameterError`` when the rate is not a finite number > 0.
    public static func constant(ratePerMinute: Double) throws(ParameterError) -> RateProfile {
        guard ratePerMinute.isFinite && ratePerMinute > 0 else {
            throw ParameterError(subject: "rate profile", parameter: "ratePerMinute",
                                 expected: "a finite number > 0", found: "\(ratePerMinute)")
        }
        return try RateProfile(ratesPerMinute: Array(repeating: ratePerMinute, count: hoursPerWeek))
    }

    private static func validate(_ values: [Double], name: String, count: Int) throws(ParameterError) {
        guard values.count == count else {
            throw ParameterError(subject: "rate profile", parameter: name,
                                 expected: "\(count) values", found: "\(values.count)")
        }
        for (index, value) in values.enumerated() where !(value.isFinite && value >= 0) {
            throw ParameterError(subject: "rate profile", parameter: "\(name)[\(index)]",
                                 expected: "a finite number >= 0", found: "\(value)")
        }
        guard values.contains(where: { $0 > 0 }) else {
            throw ParameterError(subject: "rate profile", parameter: name,
                                 expected: "at least one value > 0", found: "all \(count) zero")
        }
    }

    /// Expected arrivals in one week.
    /// - Complexity: O(1).
    public var arrivalsPerWeek: Double { cumulative[Self.hoursPerWeek] }

    /// The hour of the week (0..<168) that contains `minute`; minutes before 0 count back from
    /// the end of the week.
    /// - Complexity: O(1).
    public static func hourOfWeek(at minute: Double) -> Int {
        let hour = Int((minute / minutesPerHour).rounded(.down)) % hoursPerWeek
        return hour < 0 ? hour + hoursPerWeek : hour
    }

    /// The rate per minute at `minute`.
    /// - Complexity: O(1).
    public func rate(at minute: Double) -> Double {
        ratesPerMinute[Self.hourOfWeek(at: minute)]
    }

    /// The exact integral of the rate over [`start`, `end`] (expected arrivals in that interval);
    /// negative when `end < start`.
    /// - Complexity: O(1).
    public func integratedRate(from start: Double, to end: Double) -> Double {
        cumulativeArrivals(at: end) - cumulativeArrivals(at: start)
    }

    /// The integral of the rate from minute 0 to `minute`.
    private func cumulativeArrivals(at minute: Double) -> Double {
        let place = weekPlace(of: minute)
        return place.week * arrivalsPerWeek + place.arrivals
    }

    /// Where `minute` falls: its week (counted from minute 0, whole), its hour of that week, and
    /// the integral of the rate from the start of that week to `minute`.
    func weekPlace(of minute: Double) -> (week: Double, hour: Int, arrivals: Double) {
        // For a quotient in [0, 2^53) (simulated time is never negative) truncation is the floor,
        // without a call to floor (libm): the same week.
        let weeks = minute / Self.minutesPerWeek
        let week = weeks >= 0 && weeks < 0x1p53 ? Double(Int(weeks)) : weeks.rounded(.down)
        let withinWeek = minute - week * Self.minutesPerWeek
        // Rounding can leave withinWeek a hair outside [0, one week): clamp the hour. Truncation
        // differs from the floor only below 0, which the clamp sends to hour 0 either way.
        let hours = withinWeek / Self.minutesPerHour
        let hour = min(max(hours > -1 && hours < 0x1p53 ? Int(hours) : Int(hours.rounded(.down)), 0), Self.hoursPerWeek - 1)
        return (week, hour, cumulative[hour] + ratesPerMinute[hour] * (withinWeek - Double(hour) * Self.minutesPerHour))
    }
}
