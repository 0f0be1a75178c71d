// Simulation.swift: the model protocol and the simulation loop.

/// A discrete-event model: state plus a handler that the simulation calls for each event, in time
/// order.
///
/// `Event` is usually a small enum. The simulation is generic over the model, so with the engine's
/// `@inlinable` loop the compiler specializes it for each model: handling an event costs no
/// allocation, existential or closure.
///
/// A model may be noncopyable (`~Copyable`): the simulation owns it, so a model can keep its state
/// in noncopyable containers, whose writes need no check for a shared copy.
public protocol DiscreteEventModel: ~Copyable {
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
///
/// For regression tests of determinism, ``startTraceFingerprint()`` makes the simulation fold every
/// event it runs into ``traceFingerprint``, a hash of the executed sequence, as OMNeT++'s
/// fingerprints do.
public struct Simulation<Model: DiscreteEventModel & ~Copyable>: ~Copyable {
    /// The model; read its state between runs.
    public var model: Model
    /// The clock and pending events.
    public var context: SimulationContext<Model.Event>
    @usableFromInline var executed = 0
    /// The event-trace fingerprint so far; nil when fingerprinting is off.
    @usableFromInline var fingerprint: UInt64?

    /// A simulation of `model` whose clock starts at `startTime` minutes, with no events.
    @inlinable
    public init(model: consuming Model, startTime: Double = 0) {
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

    /// The event-trace fingerprint: a 64-bit FNV-1a hash of every event run since
    /// ``startTraceFingerprint()``, in order; nil when fingerprinting is off (the default).
    ///
    /// For each event, in the order run, the hash takes 16 bytes, little-endian: the bit pattern of
    /// its time (`Double.bitPattern`), then its key `UInt64(priority + 32768) << 48 | sequence`,
    /// where `sequence` counts the events scheduled on this simulation from 1 (cancelled ones
    /// included). Starting from the FNV offset basis 0xcbf29ce484222325, each byte `b` makes
    /// `hash = (hash ^ b) &* 0x100000001b3`. So the fingerprint changes when any event runs at
    /// another time (to the last bit), with another priority, or in another order, and when the
    /// model schedules or cancels other events; a refactoring that keeps it keeps the run.
    /// The payloads are not hashed (they are the model's).
    /// - Complexity: O(1).
    @inlinable
    public var traceFingerprint: UInt64? { fingerprint }

    /// Turns the event-trace fingerprint on: ``traceFingerprint`` starts from the FNV offset basis,
    /// and every event run from now on is folded into it. Events already run are not. Calling it
    /// again starts over.
    ///
    /// Off (the default), runs do no fingerprint work: ``run(until:maxEvents:)`` checks once whether
    /// it is on, and runs a loop specialized without it. On, each event costs 16 more multiply-xor
    /// steps.
    /// - Complexity: O(1).
    @inlinable
    public mutating func startTraceFingerprint() {
        fingerprint = TraceFingerprint.offsetBasis
    }

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
        // Fingerprinting is decided here, once per run: the loop is specialized for each case,
        // and the one without it does no fingerprint work at all.
        if let start = fingerprint {
            var hash = start
            let reason = loop(until: horizon, maxEvents: maxEvents, TraceFingerprint.On.self, &hash)
            fingerprint = hash
            return reason
        }
        var unused: UInt64 = 0
        return loop(until: horizon, maxEvents: maxEvents, TraceFingerprint.Off.self, &unused)
    }

    /// The run loop, with or without folding each event into `hash`.
    @inlinable @inline(__always)
    mutating func loop<Mode: TraceFingerprintMode>(until horizon: Double, maxEvents: Int, _: Mode.Type,
                                                   _ hash: inout UInt64) -> StopReason {
        var remaining = maxEvents
        // The events run are counted once, on the way out, from `remaining`.
        defer { executed += maxEvents - remaining }
        while true {
            guard let (first, inLane) = context.events.peekFirst() else {
                if horizon.isFinite { context.clock = horizon }
                return .noEventsLeft
            }
            let time = first.time
            guard time <= horizon else {
                context.clock = horizon
                return .horizonReached
            }
            guard remaining > 0 else { return .eventLimitReached }
            remaining -= 1
            if Mode.isOn { hash = TraceFingerprint.fold(hash, time: time, key: first.key) }
            runFirst(inLane: inLane, at: time)
            if context.stopRequested { return .stopped }
        }
    }

    /// Runs the next event, whatever its time. Returns false, and does nothing, when no event is
    /// pending. A ``SimulationContext/stop()`` request from the event is cleared.
    /// - Complexity: O(log n).
    @inlinable
    @discardableResult
    public mutating func step() -> Bool {
        guard let (first, inLane) = context.events.peekFirst() else { return false }
        if let hash = fingerprint {
            fingerprint = TraceFingerprint.fold(hash, time: first.time, key: first.key)
        }
        executed += 1
        runFirst(inLane: inLane, at: first.time)
        context.stopRequested = false
        return true
    }

    /// Removes the first event, which is live, due at `time` and in the lane or not as
    /// `peekFirst()` said, advances the clock and hands the event to the model. The caller counts
    /// it in `executed`.
    @inlinable @inline(__always)
    mutating func runFirst(inLane: Bool, at time: Double) {
        let event = context.events.removeFirst(inLane: inLane)
        context.clock = time
        model.handle(event, context: &context)
    }
}

/// Whether a specialization of the run loop folds events into the trace fingerprint.
@usableFromInline
protocol TraceFingerprintMode {
    static var isOn: Bool { get }
}

/// The event-trace fingerprint's hash (64-bit FNV-1a) and the two loop modes.
@usableFromInline
enum TraceFingerprint {
    @usableFromInline
    enum On: TraceFingerprintMode {
        @inlinable static var isOn: Bool { true }
    }

    @usableFromInline
    enum Off: TraceFingerprintMode {
        @inlinable static var isOn: Bool { false }
    }

    @inlinable static var offsetBasis: UInt64 { 0xcbf2_9ce4_8422_2325 }
    @inlinable static var prime: UInt64 { 0x0000_0100_0000_01b3 }

    /// `hash` with one event folded in: the 8 bytes of `time`'s bit pattern, then the 8 of `key`
    /// (the future-event list's `(priority + 2^15) << 48 | sequence`), least significant first.
    @inlinable @inline(__always)
    static func fold(_ hash: UInt64, time: Double, key: UInt64) -> UInt64 {
        var hash = hash
        var word = time.bitPattern
        for _ in 0..<8 {
            hash = (hash ^ (word & 0xff)) &* prime
            word >>= 8
        }
        word = key
        for _ in 0..<8 {
            hash = (hash ^ (word & 0xff)) &* prime
            word >>= 8
        }
        return hash
    }
}
