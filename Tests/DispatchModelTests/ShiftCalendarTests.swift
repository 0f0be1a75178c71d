// ShiftCalendarTests.swift: the shift calendar gives a run's shift changes and break plans in
// exactly the order in which scheduling them all at the run's start ran them.

@testable import DispatchModel
import DispatchRandom
import Testing

@Suite("Shift calendar")
struct ShiftCalendarTests {
    /// Two responder types: one with coverage hours (weekdays, 08:00 to 18:00), one with three
    /// watches whose shifts touch (a night watch already under way at time 0, and changes at the
    /// coverage type's hours, so that changes of different streams fall at the same time), two of
    /// them with breaks.
    static func city(days: Double) -> CityConfiguration {
        let onScene = try! Distribution.constant(10)
        let night = Watch(name: "night", coverage: Coverage(fromMinute: 22 * 60, toMinute: 8 * 60), unitsPerZone: [2],
                          breaks: [ScheduledBreak(afterMinutes: 60, minutes: 30, spreadMinutes: 120),
                                   ScheduledBreak(afterMinutes: 0, minutes: 15)])
        let day = Watch(name: "day", coverage: Coverage(fromMinute: 8 * 60, toMinute: 18 * 60, days: [0, 1, 2, 3, 4]),
                        unitsPerZone: [1], breaks: [ScheduledBreak(afterMinutes: 600, minutes: 20)])
        let evening = Watch(name: "evening", coverage: Coverage(fromMinute: 18 * 60, toMinute: 22 * 60), unitsPerZone: [1])
        return CityConfiguration(
            zones: [Zone(name: "city", callShare: 1)], travelMinutes: [[0]], turnout: nil,
            responders: [ResponderType(name: "clinicians", kind: .crisisTeam, unitsPerZone: [1], costPerUnitHour: nil,
                                       coverage: Coverage(fromMinute: 8 * 60, toMinute: 18 * 60, days: [0, 1, 2, 3, 4])),
                         ResponderType(name: "police", unitsPerZone: [4], costPerUnitHour: nil, watches: [night, day, evening])],
            callTypes: [CallType(name: "call", share: 1, priority: 1, eligible: [1], fallback: nil, onScene: [onScene, onScene])],
            callsPerHour: 1, hourOfDayProfile: nil, horizonMinutes: days * 1440, warmupMinutes: 0)
    }

    /// Breaks due in shifts under way at time 0, made up per watch (unsorted, with a tie).
    static func initialBreaks(_ responder: ResponderID, _ watch: Int32) -> [ShiftCalendar.PlannedBreak] {
        watch == 0 ? [.init(at: 90, unit: UnitID(raw: 2), minutes: 30), .init(at: 30, unit: UnitID(raw: 1), minutes: 30),
                      .init(at: 90, unit: UnitID(raw: 1), minutes: 15)] : []
    }

    /// Every change as a run once scheduled them all at its start, in that order, then sorted by
    /// time stably (the future-event list's order for events of one priority scheduled then).
    static func eager(_ city: CityConfiguration) -> [(Double, ShiftCalendar.Change)] {
        var events: [(Double, ShiftCalendar.Change)] = []
        let horizon = city.horizonMinutes
        for (r, responder) in city.responders.enumerated() {
            guard let coverage = responder.coverage else { continue }
            for interval in coverage.intervals(upTo: horizon) {
                if interval.start > 0 { events.append((interval.start, .shiftStart(responder: ResponderID(raw: r), watch: -1))) }
                if interval.end <= horizon { events.append((interval.end, .shiftEnd(responder: ResponderID(raw: r), watch: -1))) }
            }
        }
        for starts in [true, false] {
            for (r, responder) in city.responders.enumerated() {
                for (w, watch) in responder.watches.enumerated() {
                    for interval in watch.coverage.intervals(upTo: horizon) {
                        if starts && interval.start > 0 {
                            events.append((interval.start, .shiftStart(responder: ResponderID(raw: r), watch: Int32(w))))
                        } else if !starts && interval.end <= horizon {
                            events.append((interval.end, .shiftEnd(responder: ResponderID(raw: r), watch: Int32(w))))
                        }
                    }
                }
            }
        }
        for (r, responder) in city.responders.enumerated() {
            for (w, watch) in responder.watches.enumerated() where !watch.breaks.isEmpty {
                events += initialBreaks(ResponderID(raw: r), Int32(w)).map { ($0.at, .breakStart(unit: $0.unit, minutes: $0.minutes)) }
                for start in watch.coverage.windowStarts(upTo: horizon) where start > 0 {
                    events.append((start, .breakPlan(responder: ResponderID(raw: r), watch: Int32(w))))
                }
            }
        }
        return events.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
    }

    @Test("changes come in the order of scheduling them all at the start, ties included", arguments: [1.0, 9.5, 60])
    func sameOrderAsEager(days: Double) {
        let city = Self.city(days: days)
        var calendar = ShiftCalendar(city: city, now: 0, initialBreaks: Self.initialBreaks)
        var lazy: [(Double, ShiftCalendar.Change)] = []
        while let time = calendar.nextTime { lazy.append((time, calendar.removeFirst())) }
        let expected = Self.eager(city)
        #expect(lazy.count == expected.count)
        for (k, (got, want)) in zip(lazy, expected).enumerated() {
            guard got.0 == want.0 && got.1 == want.1 else {
                Issue.record("change \(k): \(got) instead of \(want)")
                return
            }
        }
        // The test city has ties across streams (changes at 08:00 of the coverage type and of two
        // watches), so it checks their order and not only times.
        let times = expected.map(\.0)
        #expect(Set(times).count < times.count)
    }

    @Test("coverage intervals, one at a time: windows overlapping the run, merged where they touch")
    func intervals() {
        let night = Coverage(fromMinute: 22 * 60, toMinute: 8 * 60)
        let listed = night.intervals(upTo: 2880)
        #expect(listed.map(\.start) == [-120, 1320, 2760] && listed.map(\.end) == [480, 1920, 3360])
        #expect(night.windowStarts(upTo: 2880) == [-120, 1320, 2760])
        let allDay = Coverage(fromMinute: 0, toMinute: 0).intervals(upTo: 2880)
        #expect(allDay.map(\.start) == [0] && allDay.map(\.end) == [2880])
        let weekdays = Coverage(fromMinute: 600, toMinute: 600, days: [0, 1]).intervals(upTo: 7 * 1440)
        #expect(weekdays.map(\.start) == [600] && weekdays.map(\.end) == [3480])
    }
}
