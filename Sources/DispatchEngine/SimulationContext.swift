// SimulationContext.swift: the clock and the future-event list, as a model sees them.

/// What a model may do while it handles an event: read the clock, schedule and cancel events, and
/// ask the run to stop.
///
/// Time is in minutes, the engine's one time unit; convert at the edges. Events are run in the
/// order of the key (time, priority, sequence number): earlier time first, then the lower
/// `priority` value, then first scheduled first (FIFO). Ties are never broken at random, so a run
/// is reproducible to the bit from its seed.
///
/// A context is noncopyable: it owns its future-event list, so no operation has to check whether
/// a copy shares it.
public struct SimulationContext<Event>: ~Copyable {
    @usableFromInline var clock: Double
    @usableFromInline var events = FutureEventList<Event>()
    @usableFromInline var stopRequested = false

    /// A context whose clock starts at `startTime` minutes, with no events.
    /// - Precondition: `startTime` is finite.
    @inlinable
    public init(startTime: Double = 0) {
        precondition(startTime.isFinite, "simulation start time must be finite, found \(startTime)")
        clock = startTime
    }

    /// The simulated time in minutes: the time of the event being handled, or where the last run
    /// left the clock.
    /// - Complexity: O(1).
    @inlinable
    public var now: Double { clock }

    /// The number of events scheduled and neither run nor cancelled.
    /// - Complexity: O(1).
    @inlinable
    public var pendingEventCount: Int { events.count }

    /// The smallest and largest `priority` an event may have.
    public static var priorityRange: ClosedRange<Int> { FutureEventList<Event>.priorityRange }

    /// Schedules `event` at the absolute time `time` (minutes).
    ///
    /// Among events at the same time, lower `priority` values run first; among events with equal
    /// time and priority, the one scheduled first runs first.
    /// - Precondition: `time` is finite and not earlier than ``now``; `priority` is in
    ///   ``priorityRange``.
    /// - Complexity: O(log n) for n pending events; no allocation once the list's storage has
    ///   grown to the largest number of pending events.
    @inlinable @inline(__always)
    @discardableResult
    public mutating func schedule(_ event: Event, at time: Double, priority: Int = 0) -> EventHandle {
        requireSchedulable(time)
        return events.insert(event, at: time, priority: priority)
    }

    /// Stops the program unless `time` is finite and not earlier than ``now``.
    @inlinable @inline(__always)
    func requireSchedulable(_ time: Double) {
        // One comparison each way; NaN fails both.
        precondition(time >= clock && time <= .greatestFiniteMagnitude,
                     "at simulated time \(clock) min: cannot schedule an event at \(time) min (in the past or not finite)")
    }

    /// Schedules `event` at the absolute time `time`, as ``schedule(_:at:priority:)``, for events
    /// that usually come no earlier than the previous event scheduled this way, such as the
    /// arrivals of one stream. Those wait in a first-in-first-out lane instead of the event heap,
    /// O(1) instead of O(log n) each way; an event earlier than the lane's last goes to the heap.
    /// Events run in the same order either way: the method changes the speed, never the results.
    /// - Precondition: as ``schedule(_:at:priority:)``.
    @inlinable @inline(__always)
    @discardableResult
    public mutating func scheduleInOrder(_ event: Event, at time: Double, priority: Int = 0) -> EventHandle {
        requireSchedulable(time)
        return events.insertInOrder(event, at: time, priority: priority)
    }

    /// Schedules `event` `delay` minutes from ``now``.
    /// - Precondition: `delay` is >= 0 and `now + delay` is finite; `priority` is in
    ///   ``priorityRange``.
    /// - Complexity: O(log n), as ``schedule(_:at:priority:)``.
    @inlinable @inline(__always)
    @discardableResult
    public mutating func schedule(_ event: Event, after delay: Double, priority: Int = 0) -> EventHandle {
        let time = clock + delay
        precondition(delay >= 0 && time <= .greatestFiniteMagnitude,
                     "at simulated time \(clock) min: cannot schedule an event after a delay of \(delay) min (negative or not finite)")
        return events.insert(event, at: time, priority: priority)
    }

    /// Cancels a pending event. Returns true when the event was pending and is now cancelled,
    /// false when it had already run or been cancelled.
    /// - Complexity: amortized O(1).
    @inlinable
    @discardableResult
    public mutating func cancel(_ handle: EventHandle) -> Bool {
        events.cancel(handle)
    }

    /// Whether the handle's event is still pending (scheduled, neither run nor cancelled).
    /// - Complexity: O(1).
    @inlinable
    public func isPending(_ handle: EventHandle) -> Bool {
        events.contains(handle)
    }

    /// Asks the current run to return after the event being handled; pending events stay
    /// scheduled, and the next run resumes with them.
    /// - Complexity: O(1).
    @inlinable
    public mutating func stop() {
        stopRequested = true
    }
}
