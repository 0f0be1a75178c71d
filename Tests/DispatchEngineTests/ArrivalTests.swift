// ArrivalTests.swift: rate profiles (validation, exact integrals) and non-homogeneous Poisson
// arrivals: each gap in the integrated rate is the draw that made it, and counts per hour match
// the integral of the rate.

@testable import DispatchEngine
import DispatchRandom
import Testing

@Suite("Time-varying arrivals")
struct ArrivalTests {
    /// A weekday curve with a dead hour (4 am) and a weekend bump.
    static let hourOfDay: [Double] = [0.6, 0.5, 0.4, 0.35, 0, 0.3, 0.45, 0.7, 0.9, 1.0, 1.05, 1.1,
                                      1.1, 1.1, 1.15, 1.2, 1.3, 1.4, 1.45, 1.4, 1.3, 1.1, 0.9, 0.75]
    static let dayOfWeek: [Double] = [1.0, 0.95, 0.95, 1.0, 1.1, 1.25, 1.2]

    @Test("Profiles from hour-of-day and day-of-week multipliers, and their exact integrals")
    func profile() throws {
        let profile = try RateProfile(baseRatePerMinute: 2, hourOfDay: Self.hourOfDay, dayOfWeek: Self.dayOfWeek)
        #expect(profile.rate(at: 0) == 2 * 0.6)
        #expect(profile.rate(at: 5 * 1_440 + 18 * 60 + 59.9) == 2 * 1.45 * 1.25)
        #expect(profile.rate(at: 10_080 + 30) == profile.rate(at: 30))
        #expect(profile.rate(at: -30) == 2 * 0.75 * 1.2, "the week before minute 0 repeats the profile")
        #expect(profile.maximumRatePerMinute == 2 * 1.45 * 1.25)
        let week = Self.dayOfWeek.reduce(0, +) * Self.hourOfDay.reduce(0, +) * 2 * 60
        #expect(abs(profile.arrivalsPerWeek - week) <= 1e-9 * week)
        // Half of hour 0 and all of hour 1 of day 0.
        #expect(abs(profile.integratedRate(from: 30, to: 120) - (30 * 1.2 + 60 * 1.0)) <= 1e-12)
        // Three weeks and a bit, starting mid-week.
        let start = 3_000.5, end = start + 3 * 10_080 + 200
        let expected = 3 * week + profile.integratedRate(from: start, to: start + 200)
        #expect(abs(profile.integratedRate(from: start, to: end) - expected) <= 1e-9 * expected)
        #expect(abs(profile.integratedRate(from: end, to: start) + expected) <= 1e-9 * expected)
        let constant = try RateProfile.constant(ratePerMinute: 0.25)
        #expect(constant.integratedRate(from: 17, to: 1_017) == 250)
    }

    @Test("A minute's week and hour of the week are those of the floor, at and next to every hour's bounds")
    func weekPlace() throws {
        let profile = try RateProfile(baseRatePerMinute: 2, hourOfDay: Self.hourOfDay, dayOfWeek: Self.dayOfWeek)
        for week in [0.0, 1, 52, 5_200] {
            for hour in 0..<RateProfile.hoursPerWeek {
                let start = week * RateProfile.minutesPerWeek + Double(hour) * RateProfile.minutesPerHour
                // Below 0 (start.nextDown at minute 0) the floor itself is taken.
                for minute in [start.nextDown, start, start.nextUp, start + 30, (start + 60).nextDown] {
                    let place = profile.weekPlace(of: minute)
                    let floorWeek = (minute / RateProfile.minutesPerWeek).rounded(.down)
                    let within = minute - floorWeek * RateProfile.minutesPerWeek
                    let floorHour = min(max(Int((within / RateProfile.minutesPerHour).rounded(.down)), 0), RateProfile.hoursPerWeek - 1)
                    #expect(place.week == floorWeek && place.hour == floorHour, "minute \(minute)")
                }
            }
        }
    }

    @Test("Invalid profiles are rejected with the offending entry named")
    func validation() {
        var negative = Self.hourOfDay
        negative[3] = -2
        #expect(throws: ParameterError(subject: "rate profile", parameter: "hourOfDay[3]",
                                       expected: "a finite number >= 0", found: "-2.0")) {
            try RateProfile(baseRatePerMinute: 1, hourOfDay: negative, dayOfWeek: Self.dayOfWeek)
        }
        var notANumber = Self.dayOfWeek
        notANumber[6] = .nan
        #expect(throws: ParameterError(subject: "rate profile", parameter: "dayOfWeek[6]",
                                       expected: "a finite number >= 0", found: "nan")) {
            try RateProfile(baseRatePerMinute: 1, hourOfDay: Self.hourOfDay, dayOfWeek: notANumber)
        }
        #expect(throws: ParameterError(subject: "rate profile", parameter: "hourOfDay",
                                       expected: "at least one value > 0", found: "all 24 zero")) {
            try RateProfile(baseRatePerMinute: 1, hourOfDay: Array(repeating: 0, count: 24), dayOfWeek: Self.dayOfWeek)
        }
        #expect(throws: ParameterError(subject: "rate profile", parameter: "ratesPerMinute",
                                       expected: "168 values", found: "24")) {
            try RateProfile(ratesPerMinute: Self.hourOfDay)
        }
        #expect(throws: ParameterError(subject: "rate profile", parameter: "baseRatePerMinute",
                                       expected: "a finite number > 0", found: "inf")) {
            try RateProfile(baseRatePerMinute: .infinity, hourOfDay: Self.hourOfDay, dayOfWeek: Self.dayOfWeek)
        }
        let message = ParameterError(subject: "rate profile", parameter: "hourOfDay[3]",
                                     expected: "a finite number >= 0", found: "-2.0").description
        #expect(message == "rate profile: hourOfDay[3] must be a finite number >= 0, found -2.0")
        #expect(throws: ParameterError.self) { try RateProfile.constant(ratePerMinute: 0) }
    }

    /// Time rescaling, checked draw by draw: the integrated rate between two arrivals is the unit
    /// exponential drawn for the second (read from a twin stream), whether the gap stays in one
    /// hour or crosses hours, dead hours (rate 0) and whole weeks; and no arrival falls in a dead
    /// hour.
    @Test("Each arrival's gap in the integrated rate is its unit exponential draw",
          arguments: [0.0001, 0.05, 3.0])
    func inversion(baseRate: Double) throws {
        let profile = try RateProfile(baseRatePerMinute: baseRate, hourOfDay: Self.hourOfDay, dayOfWeek: Self.dayOfWeek)
        let arrivals = ProfileArrivals(profile: profile)
        let stream = StreamSeeder(seed: 21).stream(purpose: 0, replication: 0)
        let twin = StreamSeeder(seed: 21).stream(purpose: 0, replication: 0)
        var time = 1_234.5, weeksCrossed = 0
        for _ in 0..<5_000 {
            let next = arrivals.nextArrival(after: time, using: stream)
            let draw = twin.exponential(mean: 1)
            #expect(next >= time)
            #expect(abs(profile.integratedRate(from: time, to: next) - draw) <= 1e-9 * max(1, draw),
                    "gap from \(time) to \(next): \(profile.integratedRate(from: time, to: next)), drawn \(draw)")
            #expect(profile.rate(at: next) > 0, "arrival at \(next) in a dead hour")
            if Int(next / RateProfile.minutesPerWeek) > Int(time / RateProfile.minutesPerWeek) { weeksCrossed += 1 }
            time = next
        }
        if baseRate < 0.01 { #expect(weeksCrossed > 100, "the slow profile crosses weeks between arrivals") }
    }

    /// Counts arrivals per hour of the week, each arrival an engine event.
    struct ArrivalCounter: DiscreteEventModel {
        typealias Event = Void
        let arrivals: ProfileArrivals
        let stream: RandomStream
        var counts = Array(repeating: 0, count: RateProfile.hoursPerWeek)

        mutating func handle(_ event: Void, context: inout SimulationContext<Void>) {
            counts[RateProfile.hourOfWeek(at: context.now)] += 1
            context.schedule((), at: arrivals.nextArrival(after: context.now, using: stream))
        }
    }

    @Test("Arrivals per hour of the week match the integral of the rate")
    func countsPerHour() throws {
        let weeks = 25.0
        let profile = try RateProfile(baseRatePerMinute: 1, hourOfDay: Self.hourOfDay, dayOfWeek: Self.dayOfWeek)
        let stream = StreamSeeder(seed: 13).stream(purpose: 0, replication: 0)
        let arrivals = ProfileArrivals(profile: profile)
        var simulation = Simulation(model: ArrivalCounter(arrivals: arrivals, stream: stream))
        simulation.context.schedule((), at: arrivals.nextArrival(after: 0, using: stream))
        simulation.run(until: weeks * RateProfile.minutesPerWeek)
        let counts = simulation.model.counts
        // Each count is Poisson with mean `weeks` x the hour's integral. A Bonferroni bound over
        // the nonzero hours keeps the chance of any false alarm under 1e-3.
        let nonzero = (0..<RateProfile.hoursPerWeek).filter { profile.ratesPerMinute[$0] > 0 }
        let z = ReferenceQuantile.standardNormal(1 - 0.001 / (2 * Double(nonzero.count)))
        for hour in 0..<RateProfile.hoursPerWeek {
            let start = Double(hour) * RateProfile.minutesPerHour
            let mean = weeks * profile.integratedRate(from: start, to: start + RateProfile.minutesPerHour)
            if mean == 0 {
                #expect(counts[hour] == 0, "hour \(hour) has rate 0")
            } else {
                #expect(abs(Double(counts[hour]) - mean) <= z * mean.squareRoot(),
                        "hour \(hour): \(counts[hour]) arrivals, expected \(mean)")
            }
        }
        let total = weeks * profile.arrivalsPerWeek
        #expect(abs(Double(counts.reduce(0, +)) - total) <= 4 * total.squareRoot())
    }
}
