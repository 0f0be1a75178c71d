// ArrivalProcess.swift: when calls arrive: a Poisson process at a constant rate, or at a rate
// that follows hour-of-day and day-of-week profiles (generated exactly by inverting the integrated rate, in DispatchEngine).

import DispatchEngine
import DispatchRandom

struct ArrivalProcess {
    private let constantMeanGap: Double?
    private let profiled: ProfileArrivals?

    init(city: CityConfiguration) {
        self.init(perHour: city.callsPerHour, hourOfDay: city.hourOfDayProfile, dayOfWeek: city.dayOfWeekProfile)
    }

    /// Arrivals at `perHour` on average, following the profiles when given.
    init(perHour: Double, hourOfDay: [Double]?, dayOfWeek: [Double]?) {
        let perMinute = perHour / 60
        if hourOfDay != nil || dayOfWeek != nil {
            constantMeanGap = nil
            // The profiles were validated when the scenario was loaded.
            profiled = ProfileArrivals(profile: try! RateProfile(
                baseRatePerMinute: perMinute, hourOfDay: hourOfDay ?? Array(repeating: 1, count: 24),
                dayOfWeek: dayOfWeek ?? Array(repeating: 1, count: 7)))
        } else {
            constantMeanGap = 1 / perMinute
            profiled = nil
        }
    }

    /// The next arrival time after `time`.
    func next(after time: Double, stream: RandomStream) -> Double {
        if let gap = constantMeanGap { return time + stream.exponential(mean: gap) }
        return profiled!.nextArrival(after: time, using: stream)
    }
}
