// FingerprintTests.swift: the event-trace fingerprint: off by default, the documented hash of the
// executed (time, priority, sequence) trace, the same however a run is split, blind to nothing
// that changes the trace, and a pinned value for an M/M/1 queue.

import DispatchEngine
import DispatchRandom
import Testing

/// The fingerprint as `Simulation.traceFingerprint` documents it, written out independently: FNV-1a
/// (64-bit) over 16 little-endian bytes per event, its time's bit pattern then
/// `UInt64(priority + 32768) << 48 | sequence`.
func referenceFingerprint(_ events: [(time: Double, priority: Int, sequence: UInt64)]) -> UInt64 {
    var bytes: [UInt8] = []
    for event in events {
        let key = UInt64(event.priority + 32_768) << 48 | event.sequence
        for word in [event.time.bitPattern, key] {
            bytes += (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) }
        }
    }
    var hash: UInt64 = 14_695_981_039_346_656_037
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 1_099_511_628_211
    }
    return hash
}

@Suite("Event-trace fingerprint")
struct FingerprintTests {
    // As in EventOrderingTests, results of mutating calls on a noncopyable simulation are bound to
    // constants before `#expect` sees them.

    @Test("Off by default: no fingerprint, and the run is the same with it on")
    func offByDefault() {
        func simulate(fingerprinted: Bool) -> (log: [Int], fingerprint: UInt64?) {
            var model = Recorder()
            model.followUps[1] = [(event: 2, delay: 1.5, priority: 0), (event: 3, delay: 0, priority: -1)]
            var simulation = Simulation(model: model)
            if fingerprinted { simulation.startTraceFingerprint() }
            simulation.context.schedule(1, at: 2)
            simulation.run(until: 10)
            return (simulation.model.events, simulation.traceFingerprint)
        }
        let off = simulate(fingerprinted: false)
        let on = simulate(fingerprinted: true)
        #expect(off.fingerprint == nil)
        #expect(on.fingerprint != nil)
        #expect(off.log == on.log)
    }

    @Test("No event run: the FNV offset basis")
    func empty() {
        var simulation = Simulation(model: Recorder())
        simulation.startTraceFingerprint()
        let reason = simulation.run(until: 5)
        let fingerprint = simulation.traceFingerprint
        #expect(reason == .noEventsLeft)
        #expect(fingerprint == 0xcbf2_9ce4_8422_2325)
        #expect(fingerprint == referenceFingerprint([]))
    }

    @Test("The documented hash of time, priority and sequence, in the order run; cancelled events take a sequence number but are not hashed")
    func documentedHash() {
        var model = Recorder()
        model.followUps[1] = [(event: 4, delay: 0, priority: -3)]
        var simulation = Simulation(model: model)
        simulation.startTraceFingerprint()
        simulation.context.schedule(1, at: 5, priority: 2)                 // sequence 1
        let cancelled = simulation.context.schedule(2, at: 1)             // sequence 2
        simulation.context.schedule(3, at: 0.1 + 0.2, priority: -32_768)   // sequence 3
        simulation.context.cancel(cancelled)
        simulation.run(until: 10)                                          // event 4 is sequence 4
        let fingerprint = simulation.traceFingerprint
        #expect(simulation.model.events == [3, 1, 4])
        #expect(fingerprint == referenceFingerprint([(0.1 + 0.2, -32_768, 3), (5, 2, 1), (5, -3, 4)]))
    }

    @Test("The same whether run in one go, in pieces, by event limits or step by step")
    func splitRuns() {
        func simulation() -> Simulation<QueueModel> {
            let model = QueueModel(arrivalRatePerMinute: 0.9, service: try! .exponential(mean: 1), servers: 1,
                                   warmUpEnd: 0, arrivalsEnd: 500, seeder: StreamSeeder(seed: 3), replication: 0)
            var simulation = Simulation(model: model)
            simulation.context.schedule(.arrival, at: 0)
            simulation.startTraceFingerprint()
            return simulation
        }
        var whole = simulation()
        whole.run(until: 1_000)
        var pieces = simulation()
        for horizon in stride(from: 50.0, through: 1_000, by: 50) { pieces.run(until: horizon) }
        var limited = simulation()
        while limited.run(until: 1_000, maxEvents: 7) == .eventLimitReached {}
        var stepped = simulation()
        while stepped.step() {}
        let expected = whole.traceFingerprint
        #expect(whole.eventsExecuted > 800)
        #expect(pieces.traceFingerprint == expected)
        #expect(limited.traceFingerprint == expected)
        #expect(stepped.traceFingerprint == expected)
    }

    @Test("Any change to the trace changes it: order of same-time events, one ulp of time, an extra scheduled event")
    func sensitivity() {
        func fingerprint(_ schedule: (inout SimulationContext<Int>) -> Void) -> UInt64? {
            var simulation = Simulation(model: Recorder())
            simulation.startTraceFingerprint()
            schedule(&simulation.context)
            simulation.run(until: 100)
            return simulation.traceFingerprint
        }
        let base = fingerprint { $0.schedule(1, at: 3, priority: 0); $0.schedule(2, at: 3, priority: 1) }
        let swapped = fingerprint { $0.schedule(1, at: 3, priority: 1); $0.schedule(2, at: 3, priority: 0) }
        let ulp = fingerprint { $0.schedule(1, at: 3, priority: 0); $0.schedule(2, at: 3.0.nextUp, priority: 1) }
        let extra = fingerprint { c in
            c.schedule(1, at: 3, priority: 0)
            c.cancel(c.schedule(9, at: 4))
            c.schedule(2, at: 3, priority: 1)
        }
        #expect(Set([base, swapped, ulp, extra]).count == 4)
    }

    @Test("Started during a run, it covers the events from then on; started again, it starts over")
    func startedLater() {
        var simulation = Simulation(model: Recorder())
        for (i, time) in [1.0, 2, 3, 4].enumerated() { simulation.context.schedule(i, at: time) }
        simulation.run(until: 2)
        simulation.startTraceFingerprint()
        simulation.run(until: 10)
        let later = simulation.traceFingerprint
        #expect(later == referenceFingerprint([(3, 0, 3), (4, 0, 4)]))
        simulation.startTraceFingerprint()
        let restarted = simulation.traceFingerprint
        #expect(restarted == referenceFingerprint([]))
    }

    /// A pinned trace: any change to the engine's event order, to the M/M/1 model in QueueModel.swift
    /// or to the random numbers it draws changes this value. Such a change must be deliberate and
    /// explained in the commit that updates the pin.
    @Test("M/M/1, seed 2026, 500 minutes: pinned")
    func pinnedQueue() {
        let model = QueueModel(arrivalRatePerMinute: 0.9, service: try! .exponential(mean: 1), servers: 1,
                               warmUpEnd: 0, arrivalsEnd: 500, seeder: StreamSeeder(seed: 2026), replication: 0)
        var simulation = Simulation(model: model)
        simulation.context.schedule(.arrival, at: 0)
        simulation.startTraceFingerprint()
        simulation.run(until: 1_000)
        let events = simulation.eventsExecuted
        let fingerprint = simulation.traceFingerprint
        #expect(events == 942)
        #expect(fingerprint == 0x80e4_4979_be0f_3e38, "now 0x\(String(fingerprint ?? 0, radix: 16))")
    }
}
