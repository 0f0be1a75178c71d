// Simulation.swift: the model protocol and the simulation loop.

/// A discrete-event model: state plus a handler that the simulation calls for each event, in time
/// order.
///
/// `Event` is usually a small enum. The simulation is generic over the model, so with the engine's
/// `@inlinable` loop the compiler specializes it for each model: handling an event costs no
/// allocation, existential or closure.
public protocol DiscreteEventModel {
    associatedtype Event

    /// Handles one event at `context.now`; may schedule and cancel events and stop the run.
    mutating func handle(_ event: Event, context: inout SimulationContext<Event>)
}

/// Why a run returned.
public enum StopReason: Sendable, Hashable {
    /// Every event up to the horizon ran and later events remain; the clock is at the horizon.
    case horizonReached
    /// No event is left; the clock is at the horizon when it is finite, else at the last event.
    case noEventsLeft
    /// The model called ``SimulationContext/stop()``; the clock is at the stopping event.
    case stopped
    /// The run executed its maximum number of events; the clock is at the last event run.
    case eventLimitReached
}

/// A model, its clock and its future-event list.
///
/// Schedule the first events through ``context``, then ``run(until:)``:
///
/// ```swift
/// var simulation = Simulation(model: Queue())
/// simulation.context.schedule(.arrival, at: 0)
/// simulation.run(until: 10_080)
/// ```
///
/// A simulation is noncopyable, as its ``context`` is: there is one clock and one list of pending
/// events, and models usually hold random streams, which are references anyway.
public struct Simulation<Model: DiscreteEventModel>: ~Copyable {
    /// The model; read its state between runs.
    public var model: Model
    /// The clock and pending events.
    public var context: SimulationContext<Model.Event>
    @usableFromInline var executed = 0

    /// A simulation of `model` whose clock starts at `startTime` minutes, with no events.
    @inlinable
    public init(model: Model, startTime: Double = 0) {
        self.model = model
        self.context = SimulationContext(startTime: startTime)
    }

    /// The simulated time in minutes.
    /// - Complexity: O(1).
    @inlinable
    public var now: Double { context.clock }

    /// The number of events run so far, over all runs.
    /// - Complexity: O(1).
    @inlinable
    public var eventsExecuted: Int { executed }

    /// Runs every event up to and including time `horizon` (minutes), stopping before the first
    /// event later than the horizon, and sets the clock to the horizon.
    ///
    /// Returns early when the model calls ``SimulationContext/stop()``.
    /// - Precondition: `horizon` is not earlier than ``now`` and not NaN.
    /// - Complexity: O(k log n) for k events run with n pending.
    @inlinable
    @discardableResult
    public mutating func run(until horizon: Double) -> StopReason {
        run(until: horizon, maxEvents: .max)
    }

    /// Runs as ``run(until:)`` but returns after `maxEvents` events at most, with the clock at the
    /// last event run.
    /// - Precondition: `horizon` is not earlier than ``now`` and not NaN; `maxEvents >= 0`.
    /// - Complexity: O(k log n) for k events run with n pending.
    @inlinable
    @discardableResult
    public mutating func run(until horizon: Double, maxEvents: Int) -> StopReason {
        precondition(horizon >= context.clock,
                     "at simulated time \(context.clock) min: cannot run until \(horizon) min (in the past)")
        precondition(maxEvents >= 0, "maxEvents must be >= 0, found \(maxEvents)")
        context.stopRequested = false
        var remaining = maxEvents
        while true {
            guard let time = context.events.firstTime() else {
                if horizon.isFinite { context.clock = horizon }
                return .noEventsLeft
            }
            guard time <= horizon else {
                context.clock = horizon
                return .horizonReached
            }
            guard remaining > 0 else { return .eventLimitReached }
            remaining -= 1
            runFirst(at: time)
            if context.stopRequested { return .stopped }
        }
    }

    /// Runs the next event, whatever its time. Returns false, and does nothing, when no event is
    /// pending. A ``SimulationContext/stop()`` request from the event is cleared.
    /// - Complexity: O(log n).
    @inlinable
    @discardableResult
    public mutating func step() -> Bool {
        guard let time = context.events.firstTime() else { return false }
        runFirst(at: time)
        context.stopRequested = false
        return true
    }

    /// Removes the first event, which is live and due at `time`, advances the clock and hands the
    /// event to the model.
    @inlinable @inline(__always)
    mutating func runFirst(at time: Double) {
        let event = context.events.removeFirst()
        context.clock = time
        executed += 1
        model.handle(event, context: &context)
    }
}
