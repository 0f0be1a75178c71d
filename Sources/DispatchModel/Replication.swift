// Replication.swift: one replication of a city, from its first event to its result. The one place
// that drives the dispatch model (as SimPy's `Environment.run(until)` drives a SimPy model): the
// runner, the fingerprint tests and the fuzz harness all go through it.

import DispatchEngine
import DispatchRandom

/// One replication of a city: built with its streams and started, run to the horizon (at once or
/// in slices of events), then finished into its ``ReplicationResult``.
///
/// ```swift
/// var run = ReplicationRun(city: city, seeder: seeder, replication: 0)
/// run.run()
/// let result = run.finish()
/// ```
///
/// Noncopyable, as the simulation it holds is: one clock, one list of pending events.
public struct ReplicationRun: ~Copyable {
    private var simulation: Simulation<DispatchModel>
    public let city: CityConfiguration

    /// The model for replication `replication` of `city`, with the streams `seeder` derives for
    /// it, started: the first call and the shift changes are scheduled.
    /// - Parameter traceFingerprint: whether to fingerprint every event run (see
    ///   `Simulation.startTraceFingerprint()`), for tests that pin a replication's sample path.
    /// - Parameter logCalls: whether to keep a row per call (``finishWithCallLog()``); the sample
    ///   path is the same either way.
    public init(city: CityConfiguration, seeder: StreamSeeder, replication: Int, traceFingerprint: Bool = false,
                logCalls: Bool = false) {
        self.city = city
        simulation = Simulation(model: DispatchModel(city: city, seeder: seeder, replication: replication))
        if logCalls { simulation.model.callLog = [] }
        if traceFingerprint { simulation.startTraceFingerprint() }
        simulation.model.start(context: &simulation.context)
    }

    /// Runs the events up to the horizon, or `maxEvents` of them if that comes first.
    @discardableResult
    public mutating func run(maxEvents: Int = .max) -> StopReason {
        simulation.run(until: city.horizonMinutes, maxEvents: maxEvents)
    }

    /// The simulated time, in minutes.
    public var now: Double { simulation.now }

    /// Events run so far.
    public var eventsExecuted: Int { simulation.eventsExecuted }

    /// The fingerprint of the events run so far, when the run traces one.
    public var traceFingerprint: UInt64? { simulation.traceFingerprint }

    /// Closes the books at the current time (the horizon, once ``run(maxEvents:)`` has reached
    /// it): busy time of units still busy, calls still waiting; then what the replication measured.
    public consuming func finish() -> ReplicationResult {
        let now = simulation.now
        simulation.model.finish(at: now)
        return simulation.model.metrics.result(horizon: city.horizonMinutes, events: simulation.eventsExecuted)
    }

    /// As ``finish()``, with the calls of a run started with `logCalls`, in order of arrival
    /// (calls arriving at the same time in the order they were logged); empty without.
    public consuming func finishWithCallLog() -> (result: ReplicationResult, calls: [LoggedCall]) {
        let now = simulation.now
        simulation.model.finish(at: now)
        let result = simulation.model.metrics.result(horizon: city.horizonMinutes, events: simulation.eventsExecuted)
        let log = simulation.model.callLog ?? []
        // A stable sort: the log is appended at dispatch, not arrival.
        let order = log.indices.sorted { (log[$0].received, $0) < (log[$1].received, $1) }
        return (result, order.map { log[$0] })
    }
}

extension CityConfiguration {
    /// Simulates one replication with the streams `seeder` derives for it and returns what it
    /// measured. Deterministic: the same city, seeder and replication give the same result.
    public func runReplication(seeder: StreamSeeder, replication: Int) -> ReplicationResult {
        var run = ReplicationRun(city: self, seeder: seeder, replication: replication)
        run.run()
        return run.finish()
    }
}
