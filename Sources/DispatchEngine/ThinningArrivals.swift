// ThinningArrivals.swift: exact non-homogeneous Poisson arrivals by thinning (Lewis and Shedler 1979).

import DispatchRandom

/// Arrival times of a non-homogeneous Poisson process with a ``RateProfile``'s rate, generated
/// exactly by thinning (P. A. W. Lewis and G. S. Shedler, "Simulation of nonhomogeneous Poisson
/// processes by thinning", Naval Research Logistics Quarterly 26(3), 1979).
///
/// Candidates come from a homogeneous process at the profile's maximum rate; a candidate at time
/// t is kept with probability rate(t) / maximum. Unlike drawing the next gap at the current rate,
/// this is exact when the rate changes between two arrivals.
public struct ThinningArrivals: Sendable, Hashable {
    public let profile: RateProfile
    /// Mean gap between candidates, 1 / maximum rate, in minutes.
    let meanCandidateGapMinutes: Double
    /// Probability of keeping a candidate in each hour of the week.
    let acceptance: [Double]

    public init(profile: RateProfile) {
        self.profile = profile
        meanCandidateGapMinutes = 1 / profile.maximumRatePerMinute
        acceptance = profile.ratesPerMinute.map { $0 / profile.maximumRatePerMinute }
    }

    /// The first arrival after `minute`.
    ///
    /// Each candidate draws an exponential gap at the maximum rate (`stream.exponential(mean:)`)
    /// and, in hours whose rate is below the maximum, one uniform (`stream.uniform()`) to decide
    /// whether it is kept; in hours at the maximum rate every candidate is kept without a draw.
    /// - Complexity: expected O(maximum rate / rate) draws per arrival.
    public func nextArrival(after minute: Double, using stream: RandomStream) -> Double {
        var time = minute
        while true {
            time += stream.exponential(mean: meanCandidateGapMinutes)
            let keep = acceptance[RateProfile.hourOfWeek(at: time)]
            if keep == 1 || stream.uniform() < keep {
                return time
            }
        }
    }
}
