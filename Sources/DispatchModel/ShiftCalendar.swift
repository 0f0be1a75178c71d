// ShiftCalendar.swift: a run's shift changes and break plans, known from the scenario before the
// run starts, produced one at a time in the order they run, so that only the next one is pending
// as an event (not a run's worth: memory and the event heap's depth grew with the horizon).

/// The shift changes of the responder types with coverage hours and of every watch, and the break
/// plans of every watch with breaks, in the order the model runs them: by time, and at the same
/// time in the order of their streams (below), each stream in its own order.
///
/// The streams, in order (the order in which a run once scheduled all of these events at its
/// start, so that events at the same time run as they did then):
/// 1. per responder type with coverage hours: each on-duty interval's start (after time 0) and
///    end (at the horizon or before);
/// 2. per watch (by responder type, then watch): each interval's start after time 0;
/// 3. per watch: each interval's end at the horizon or before;
/// 4. per watch with breaks: the breaks due in a shift already under way at the run's start
///    (in the order given), then, as each later shift begins, its break plan.
///
/// The model keeps one event pending for the calendar, at ``nextTime``, with a priority of its
/// own between units home and the other shift events: so calendar changes at one time run after
/// the units freed and units home of that time, before the breaks and breaks ended that runs
/// schedule, and in calendar order among themselves.
struct ShiftCalendar {
    /// One change of the calendar.
    enum Change: Equatable {
        /// A responder type's units (all of them, for watch -1, or those of one watch) come on duty.
        case shiftStart(responder: ResponderID, watch: Int32)
        /// They go off duty.
        case shiftEnd(responder: ResponderID, watch: Int32)
        /// A watch's shift begins: the breaks of its units in this shift are planned now.
        case breakPlan(responder: ResponderID, watch: Int32)
        /// A break due in a shift under way at the run's start.
        case breakStart(unit: UnitID, minutes: Double)
    }

    /// A unit's break as planned: when it is due and how long it lasts (the calendar holds those
    /// of shifts under way at the run's start; a break plan makes those of a later shift).
    struct PlannedBreak {
        let at: Double
        let unit: UnitID
        let minutes: Double
    }

    /// One stream of changes in time order; `head` is its next change.
    private struct Stream {
        enum Source {
            /// The starts (after time 0), the ends (at the horizon or before), or both, of on-duty
            /// intervals.
            case intervals(Coverage.Intervals, starts: Bool, ends: Bool)
            /// The initial breaks (sorted by time, stably), then a break plan per later window.
            case breaks(initial: [PlannedBreak], next: Int, windows: Coverage.WindowStarts, nextWindow: Double?)
        }

        let responder: ResponderID
        let watch: Int32
        let horizon: Double
        var source: Source
        /// Changes computed but not yet returned (a coverage interval gives two), in order.
        var ahead: [(time: Double, change: Change)] = []
        var head: (time: Double, change: Change)?

        init(responder: ResponderID, watch: Int32, horizon: Double, source: Source) {
            self.responder = responder
            self.watch = watch
            self.horizon = horizon
            self.source = source
            advance()
        }

        /// Moves `head` to the stream's next change, or nil when it has none left.
        mutating func advance() {
            if !ahead.isEmpty {
                head = ahead.removeFirst()
                return
            }
            head = nil
            switch source {
            case .intervals(var intervals, let starts, let ends):
                while ahead.isEmpty, let interval = intervals.next() {
                    if starts && interval.start > 0 { ahead.append((interval.start, .shiftStart(responder: responder, watch: watch))) }
                    if ends && interval.end <= horizon { ahead.append((interval.end, .shiftEnd(responder: responder, watch: watch))) }
                }
                source = .intervals(intervals, starts: starts, ends: ends)
            case .breaks(let initial, let next, var windows, let nextWindow):
                // An initial break first at equal times: it came first in its stream.
                if next < initial.count && (nextWindow.map { initial[next].at <= $0 } ?? true) {
                    let due = initial[next]
                    head = (due.at, .breakStart(unit: due.unit, minutes: due.minutes))
                    source = .breaks(initial: initial, next: next + 1, windows: windows, nextWindow: nextWindow)
                } else if let window = nextWindow {
                    head = (window, .breakPlan(responder: responder, watch: watch))
                    let following = windows.next()
                    source = .breaks(initial: initial, next: next, windows: windows, nextWindow: following)
                }
                return
            }
            if !ahead.isEmpty { head = ahead.removeFirst() }
        }
    }

    private var streams: [Stream] = []
    /// The stream whose head runs first (earliest, then first stream), or nil when none is left.
    private var first: Int?

    /// A calendar with no changes.
    init() {}

    /// The calendar of a run from `now` to the city's horizon. `initialBreaks(responder, watch)`
    /// gives the breaks due from `now` in the watch's shifts that began by `now`, in the order
    /// they were planned.
    init(city: CityConfiguration, now: Double, initialBreaks: (ResponderID, Int32) -> [PlannedBreak]) {
        let horizon = city.horizonMinutes
        for (r, responder) in city.responders.enumerated() {
            guard let coverage = responder.coverage else { continue }
            streams.append(Stream(responder: ResponderID(r), watch: -1, horizon: horizon,
                                  source: .intervals(Coverage.Intervals(coverage, upTo: horizon), starts: true, ends: true)))
        }
        for starts in [true, false] {
            for (r, responder) in city.responders.enumerated() {
                for (w, watch) in responder.watches.enumerated() {
                    let intervals = Coverage.Intervals(watch.coverage, upTo: horizon)
                    streams.append(Stream(responder: ResponderID(r), watch: Int32(w), horizon: horizon,
                                          source: .intervals(intervals, starts: starts, ends: !starts)))
                }
            }
        }
        for (r, responder) in city.responders.enumerated() {
            for (w, watch) in responder.watches.enumerated() where !watch.breaks.isEmpty {
                var windows = Coverage.WindowStarts(watch.coverage, upTo: horizon)
                var nextWindow = windows.next()
                while let start = nextWindow, start <= now { nextWindow = windows.next() }
                // Stable: breaks due at the same time keep the order they were planned in.
                let initial = initialBreaks(ResponderID(r), Int32(w)).enumerated()
                    .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
                streams.append(Stream(responder: ResponderID(r), watch: Int32(w), horizon: horizon,
                                      source: .breaks(initial: initial, next: 0, windows: windows, nextWindow: nextWindow)))
            }
        }
        findFirst()
    }

    /// The time of the next change, or nil when none is left.
    var nextTime: Double? { first.map { streams[$0].head!.time } }

    /// Removes and returns the next change.
    /// - Precondition: ``nextTime`` is not nil.
    mutating func removeFirst() -> Change {
        let s = first!
        let change = streams[s].head!.change
        streams[s].advance()
        findFirst()
        return change
    }

    /// Sets `first` to the stream whose head runs first.
    private mutating func findFirst() {
        first = nil
        for s in streams.indices {
            guard let head = streams[s].head else { continue }
            if let f = first, streams[f].head!.time <= head.time { continue }
            first = s
        }
    }
}
