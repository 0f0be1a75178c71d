// ProfileArrivals.swift: exact non-homogeneous Poisson arrivals for a piecewise-constant rate, by
// inverting the integrated rate.

import DispatchRandom

/// Arrival times of a non-homogeneous Poisson process with a ``RateProfile``'s rate.
///
/// The next arrival after t is the time s at which the integrated rate has grown by a unit
/// exponential draw E: Λ(s) − Λ(t) = E. The gaps in Λ between arrivals are then independent unit
/// exponentials, which is the definition of the process (the time-rescaling theorem; É. Çinlar,
/// *Introduction to Stochastic Processes*, 1975, section 4.7; A. M. Law, *Simulation Modeling
/// and Analysis*, 5th ed., section 8.6.2). The rate is constant within each hour of the week, so
/// Λ is piecewise linear and is inverted exactly: one draw per arrival, where thinning (Lewis and
/// Shedler 1979) needs a candidate draw and an acceptance draw per candidate, and max/mean
/// candidates per arrival.
///
/// Hours with rate 0 receive no arrival. Arithmetic is done within the week, so its precision
/// does not decay with the horizon.
public struct ProfileArrivals: Sendable, Hashable {
    public let profile: RateProfile

    public init(profile: RateProfile) {
        self.profile = profile
    }

    /// The first arrival after `minute` (possibly at `minute` itself, with probability 0 but for
    /// rounding), drawing one unit exponential from `stream`.
    public func nextArrival(after minute: Double, using stream: RandomStream) -> Double {
        let perWeek = profile.arrivalsPerWeek
        var (week, hour, target) = profile.weekPlace(of: minute)
        // Arrivals expected from the start of the week to `minute`, plus the draw.
        target += stream.exponential(mean: 1)
        if target >= perWeek {
            let weeks = (target / perWeek).rounded(.down)
            week += weeks
            target -= weeks * perWeek
            if target >= perWeek {
                week += 1
                target -= perWeek
            }
            hour = 0
        }
        target = max(target, 0)
        // The hour whose share of the integral holds the target: cumulative[hour] <= target <
        // cumulative[hour + 1], which skips hours of rate 0. Usually the hour of `minute`.
        while hour < RateProfile.hoursPerWeek - 1 && profile.cumulative[hour + 1] <= target {
            hour += 1
        }
        let rate = profile.ratesPerMinute[hour]
        let offset = rate > 0 ? min((target - profile.cumulative[hour]) / rate, RateProfile.minutesPerHour) : 0
        let time = week * RateProfile.minutesPerWeek + Double(hour) * RateProfile.minutesPerHour + offset
        return max(time, minute)
    }
}
