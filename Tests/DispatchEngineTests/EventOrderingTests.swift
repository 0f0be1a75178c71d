// EventOrderingTests.swift: the engine's contract: event order (time, priority, FIFO), cancellation,
// run(until:), stop(), event limits and stepping, and the lifetime of event payloads.

@testable import DispatchEngine
import DispatchRandom
import Testing

/// Records every event it handles, with the clock; optionally schedules follow-ups.
struct Recorder: DiscreteEventModel {
    typealias Event = Int
    var log: [(time: Double, event: Int)] = []
    /// Called for each event to schedule more (event, delay, priority); nil schedules none.
    var followUps: [Int: [(event: Int, delay: Double, priority: Int)]] = [:]
    var stopOn: Int?

    mutating func handle(_ event: Int, context: inout SimulationContext<Int>) {
        log.append((context.now, event))
        for next in followUps[event] ?? [] {
            context.schedule(next.event, after: next.delay, priority: next.priority)
        }
        if event == stopOn { context.stop() }
    }

    var events: [Int] { log.map(\.event) }
}

@Suite("Event order and control")
struct EventOrderingTests {
    // `#expect` cannot call a mutating method of a noncopyable value, such as a simulation's
    // `run(until:)`, inside its expansion: results are bound to constants first.

    @Test("Same-time events run by priority, then in scheduling order")
    func priorityThenFIFO() {
        var simulation = Simulation(model: Recorder())
        simulation.context.schedule(1, at: 5, priority: 2)
        simulation.context.schedule(2, at: 5, priority: 0)
        simulation.context.schedule(3, at: 5, priority: 2)
        simulation.context.schedule(4, at: 4, priority: 9)
        simulation.context.schedule(5, at: 5, priority: -1)
        simulation.context.schedule(6, at: 5, priority: 0)
        simulation.context.schedule(7, at: 5, priority: 2)
        let reason = simulation.run(until: 10)
        #expect(reason == .noEventsLeft)
        #expect(simulation.model.events == [4, 5, 2, 6, 1, 3, 7])
        #expect(simulation.model.log.map(\.time) == [4, 5, 5, 5, 5, 5, 5])
    }

    @Test("Negative times, both zeros and tiny and huge times order as numbers (the heap compares them as integers)")
    func signedTimes() {
        var simulation = Simulation(model: Recorder(), startTime: -1e300)
        let times: [Double] = [3, -0.0, -5, 1e-300, 0, -1e-300, 1e300, -2e299, 5e-324]
        for (event, time) in times.enumerated() { simulation.context.schedule(event, at: time) }
        _ = simulation.run(until: .infinity)
        // -0.0 and 0 are the same time, so the one scheduled first (event 1) runs first.
        #expect(simulation.model.events == [7, 2, 5, 1, 4, 8, 3, 0, 6])
        #expect(simulation.model.log.map(\.time) == [-2e299, -5, -1e-300, 0, 0, 5e-324, 1e-300, 3, 1e300])
    }

    @Test("An event scheduled for now with a lower priority value runs before pending same-time events")
    func scheduledForNow() {
        var model = Recorder()
        model.followUps[1] = [(event: 10, delay: 0, priority: -5), (event: 11, delay: 0, priority: 5)]
        var simulation = Simulation(model: model)
        simulation.context.schedule(1, at: 3)
        simulation.context.schedule(2, at: 3)
        simulation.run(until: 3)
        #expect(simulation.model.events == [1, 10, 2, 11])
    }

    /// A reference future-event list: a plain array searched for its minimum key.
    struct ReferenceList {
        var pending: [(time: Double, priority: Int, sequence: Int, event: Int)] = []
        var sequence = 0

        mutating func schedule(_ event: Int, at time: Double, priority: Int) -> Int {
            sequence += 1
            pending.append((time, priority, sequence, event))
            return sequence
        }

        mutating func cancel(sequence: Int) -> Bool {
            guard let index = pending.firstIndex(where: { $0.sequence == sequence }) else { return false }
            pending.remove(at: index)
            return true
        }

        mutating func popFirst() -> (time: Double, event: Int)? {
            guard let index = pending.indices.min(by: {
                let a = pending[$0], b = pending[$1]
                return (a.time, a.priority, a.sequence) < (b.time, b.priority, b.sequence)
            }) else { return nil }
            let first = pending.remove(at: index)
            return (first.time, first.event)
        }
    }

    /// Handles each event by scheduling up to two follow-ups and cancelling a random pending event,
    /// all chosen from a random stream, and mirrors every action on a ``ReferenceList``.
    struct RandomWorkload: DiscreteEventModel {
        typealias Event = Int
        let stream: RandomStream
        var reference = ReferenceList()
        var handles: [(handle: EventHandle, sequence: Int)] = []
        var nextEvent = 0
        var mismatches = 0
        /// Cancellations of pending events, and attempts on events that had already run or been
        /// cancelled.
        var cancellations = 0
        var refusedCancellations = 0
        var budget: Int
        /// Schedule about half the events with scheduleInOrder, and count those that joined the
        /// lane and those that went to the heap.
        var useLane = false
        var joinedLane = 0, laneToHeap = 0

        mutating func schedule(at time: Double, context: inout SimulationContext<Int>) {
            // Few distinct times and priorities, so that ties are common.
            let priority = Int(stream.uniform() * 3) - 1
            nextEvent += 1
            let handle: EventHandle
            if useLane && stream.uniform() < 0.5 {
                handle = context.scheduleInOrder(nextEvent, at: time, priority: priority)
                if context.events.slots[Int(handle.slot)].inLane { joinedLane += 1 } else { laneToHeap += 1 }
            } else {
                handle = context.schedule(nextEvent, at: time, priority: priority)
            }
            handles.append((handle, reference.schedule(nextEvent, at: time, priority: priority)))
        }

        mutating func handle(_ event: Int, context: inout SimulationContext<Int>) {
            guard let expected = reference.popFirst(), expected.event == event, expected.time == context.now else {
                mismatches += 1
                return
            }
            guard budget > 0 else { return }
            budget -= 1
            for _ in 0..<Int(stream.uniform() * 3) {
                schedule(at: context.now + (stream.uniform() * 4).rounded(.down), context: &context)
            }
            if !handles.isEmpty && stream.uniform() < 0.3 {
                let pick = handles.remove(at: Int(stream.uniform() * Double(handles.count)))
                let cancelled = context.cancel(pick.handle)
                if cancelled != reference.cancel(sequence: pick.sequence) { mismatches += 1 }
                if cancelled { cancellations += 1 } else { refusedCancellations += 1 }
                if context.isPending(pick.handle) { mismatches += 1 }
            }
        }
    }

    /// With `useLane`, events scheduled in order wait in the lane unless earlier than its last
    /// entry; the order must not change, ties, priorities and cancellations included.
    @Test("Random schedules, ties and cancellations run in the reference order, with and without the in-order lane",
          arguments: [false, true])
    func randomAgainstReference(useLane: Bool) {
        let stream = StreamSeeder(seed: 7).stream(purpose: 0, replication: 0)
        var simulation = Simulation(model: RandomWorkload(stream: stream, budget: 10_000, useLane: useLane))
        for _ in 0..<300 {
            simulation.model.schedule(at: (stream.uniform() * 50).rounded(.down), context: &simulation.context)
        }
        let reason = simulation.run(until: .infinity)
        #expect(reason == .noEventsLeft)
        #expect(simulation.model.mismatches == 0)
        #expect(simulation.model.reference.pending.isEmpty)
        #expect(simulation.model.cancellations > 0 && simulation.model.refusedCancellations > 0)
        #expect(simulation.context.pendingEventCount == 0)
        if useLane {
            #expect(simulation.model.joinedLane > 200 && simulation.model.laneToHeap > 200,
                    "lane: \(simulation.model.joinedLane), to the heap: \(simulation.model.laneToHeap)")
        }
    }

    @Test("In-order events: same time and lower priority still run first; a cancelled lane event never runs")
    func laneOrder() {
        var simulation = Simulation(model: Recorder())
        simulation.context.scheduleInOrder(1, at: 5, priority: 2)
        simulation.context.scheduleInOrder(2, at: 5, priority: 1)   // earlier than the lane's last: heap
        let dropped = simulation.context.scheduleInOrder(3, at: 6)
        simulation.context.scheduleInOrder(4, at: 7)
        simulation.context.schedule(5, at: 6.5)
        let pendingBefore = simulation.context.pendingEventCount
        let cancelled = simulation.context.cancel(dropped)
        let stillPending = simulation.context.isPending(dropped)
        let pendingAfter = simulation.context.pendingEventCount
        #expect(pendingBefore == 5 && cancelled && !stillPending && pendingAfter == 4)
        simulation.run(until: .infinity)
        #expect(simulation.model.events == [2, 1, 5, 4])
    }

    @Test("Cancelling: only pending events, once; a handle never touches a later event in its slot")
    func cancellation() {
        var simulation = Simulation(model: Recorder())
        let first = simulation.context.schedule(1, at: 1)
        let second = simulation.context.schedule(2, at: 2)
        #expect(simulation.context.pendingEventCount == 2)
        let cancelledOnce = simulation.context.cancel(second)
        let cancelledTwice = simulation.context.cancel(second)
        #expect(cancelledOnce && !cancelledTwice)
        let secondPending = simulation.context.isPending(second)
        let firstPending = simulation.context.isPending(first)
        #expect(!secondPending && firstPending)
        #expect(simulation.context.pendingEventCount == 1)
        // The freed slot is reused by the next event; the old handle must not cancel it.
        let third = simulation.context.schedule(3, at: 3)
        let cancelledReused = simulation.context.cancel(second)
        #expect(!cancelledReused)
        let thirdPending = simulation.context.isPending(third)
        #expect(thirdPending)
        simulation.run(until: 1.5)
        let cancelledAfterRunning = simulation.context.cancel(first)
        #expect(!cancelledAfterRunning, "an event that ran is no longer pending")
        simulation.run(until: 10)
        #expect(simulation.model.events == [1, 3])
    }

    @Test("Mass cancellation compacts the heap and keeps the order of what is left")
    func massCancellation() {
        var simulation = Simulation(model: Recorder())
        var handles: [EventHandle] = []
        for i in 0..<1_000 {
            handles.append(simulation.context.schedule(i, at: Double((i * 7_919) % 1_000), priority: i % 3))
        }
        var cancelled = 0
        for (i, handle) in handles.enumerated() where i % 10 != 0 {
            if simulation.context.cancel(handle) { cancelled += 1 }
        }
        #expect(cancelled == 900)
        #expect(simulation.context.pendingEventCount == 100)
        simulation.run(until: .infinity)
        let kept = (0..<1_000).filter { $0 % 10 == 0 }
        let expected = kept.sorted { ((($0 * 7_919) % 1_000), $0 % 3, $0) < ((($1 * 7_919) % 1_000), $1 % 3, $1) }
        #expect(simulation.model.events == expected)
    }

    @Test("run(until:) runs events at the horizon, keeps later ones and leaves the clock at the horizon")
    func runUntil() {
        var simulation = Simulation(model: Recorder())
        for (event, time) in [(1, 1.0), (2, 5.0), (3, 5.0), (4, 8.0)] {
            simulation.context.schedule(event, at: time)
        }
        let toFive = simulation.run(until: 5)
        #expect(toFive == .horizonReached)
        #expect(simulation.model.events == [1, 2, 3])
        #expect(simulation.now == 5)
        #expect(simulation.context.pendingEventCount == 1)
        let toSix = simulation.run(until: 6)
        #expect(toSix == .horizonReached)
        #expect(simulation.now == 6)
        let toTwenty = simulation.run(until: 20)
        #expect(toTwenty == .noEventsLeft)
        #expect(simulation.now == 20, "with no events left the clock still moves to a finite horizon")
        #expect(simulation.model.events == [1, 2, 3, 4])
        #expect(simulation.eventsExecuted == 4)
        simulation.context.schedule(5, after: 2.5)
        let toInfinity = simulation.run(until: .infinity)
        #expect(toInfinity == .noEventsLeft)
        #expect(simulation.now == 22.5, "with an infinite horizon the clock stays at the last event")
    }

    @Test("stop() returns after the current event; the next run resumes")
    func stop() {
        var model = Recorder()
        model.stopOn = 2
        var simulation = Simulation(model: model)
        for event in 1...4 {
            simulation.context.schedule(event, at: Double(event))
        }
        let first = simulation.run(until: 100)
        #expect(first == .stopped)
        #expect(simulation.now == 2)
        #expect(simulation.model.events == [1, 2])
        let second = simulation.run(until: 100)
        #expect(second == .noEventsLeft)
        #expect(simulation.model.events == [1, 2, 3, 4])
    }

    @Test("maxEvents bounds a run; step() runs one event whatever its time")
    func eventLimitAndStep() {
        var simulation = Simulation(model: Recorder())
        for event in 1...5 {
            simulation.context.schedule(event, at: Double(event * 10))
        }
        let limited = simulation.run(until: 100, maxEvents: 2)
        #expect(limited == .eventLimitReached)
        #expect(simulation.now == 20)
        let stepped = simulation.step()
        #expect(stepped)
        #expect(simulation.now == 30)
        let none = simulation.run(until: 100, maxEvents: 0)
        #expect(none == .eventLimitReached)
        let rest = simulation.run(until: 100)
        #expect(rest == .noEventsLeft)
        let steppedEmpty = simulation.step()
        #expect(!steppedEmpty)
        #expect(simulation.eventsExecuted == 5)
    }

    /// Counts live instances, to check that the engine releases payloads it no longer holds.
    final class Payload {
        nonisolated(unsafe) static var alive = 0
        init() { Payload.alive += 1 }
        deinit { Payload.alive -= 1 }
    }

    struct PayloadModel: DiscreteEventModel {
        var handled = 0
        mutating func handle(_ event: Payload, context: inout SimulationContext<Payload>) {
            handled += 1
        }
    }

    @Test("Payloads are released when run, when cancelled and when the simulation ends")
    func payloadLifetime() {
        do {
            var simulation = Simulation(model: PayloadModel())
            var handles: [EventHandle] = []
            for i in 0..<100 {
                handles.append(simulation.context.schedule(Payload(), at: Double(i)))
            }
            #expect(Payload.alive == 100)
            for handle in handles.prefix(10) {
                simulation.context.cancel(handle)
            }
            #expect(Payload.alive == 90)
            simulation.run(until: 49.5)
            #expect(Payload.alive == 50)
            #expect(simulation.model.handled == 40)
        }
        #expect(Payload.alive == 0)
    }

    /// A noncopyable model: its state in a buffer it owns and frees once, in `deinit`.
    struct OwningModel: DiscreteEventModel, ~Copyable {
        nonisolated(unsafe) static var freed = 0
        /// Events handled, by value (0, 1, 2). A pointer, not a buffer pointer: a noncopyable struct
        /// holding an `UnsafeMutableBufferPointer` crashes Swift 6.3.1 under --sanitize=thread.
        let counts: UnsafeMutablePointer<Int>

        init() {
            counts = .allocate(capacity: 3)
            counts.initialize(repeating: 0, count: 3)
        }
        deinit {
            counts.deallocate()
            Self.freed += 1
        }

        mutating func handle(_ event: Int, context: inout SimulationContext<Int>) {
            counts[event] += 1
            if event < 2 { context.schedule(event + 1, after: 1) }
        }
    }

    @Test("A noncopyable model runs in place, is read after the run, and is freed once with the simulation")
    func noncopyableModel() {
        OwningModel.freed = 0
        do {
            var simulation = Simulation(model: OwningModel())
            for time in [0.0, 0.5, 3] { simulation.context.schedule(0, at: time) }
            #expect(simulation.run(until: 10) == .noEventsLeft)
            let counts = Array(UnsafeBufferPointer(start: simulation.model.counts, count: 3))
            #expect(counts == [3, 3, 3] && simulation.eventsExecuted == 9 && OwningModel.freed == 0)
        }
        #expect(OwningModel.freed == 1)
    }

    @Test("Scheduling in the past stops the program with the simulated time in the message")
    func schedulingInThePast() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var simulation = Simulation(model: Recorder())
            simulation.context.schedule(1, at: 10)
            simulation.run(until: 10)
            simulation.context.schedule(2, at: 9.5)
        }.map { result in
            let message = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(message.contains("at simulated time 10.0 min: cannot schedule an event at 9.5 min"), "\(message)")
        }
    }
}
