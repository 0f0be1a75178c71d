// MM1.swift: the benchmark's M/M/1 queue, once as an engine model and once as a hand-written loop.

import DispatchEngine
import DispatchRandom

/// What one M/M/1 run measured.
struct QueueRun {
    var customers = 0
    var events = 0
    var totalWaitMinutes = 0.0

    var meanWaitMinutes: Double { totalWaitMinutes / Double(customers) }
}

/// The M/M/1 parameters and the two streams every variant draws from (purpose 0: interarrival
/// gaps, purpose 1: service times; replication 0), so both variants see the same numbers.
struct QueueSetup {
    let customers: Int
    let meanInterarrivalMinutes: Double
    let meanServiceMinutes: Double
    let seed: UInt64

    func streams() -> (arrivals: RandomStream, services: RandomStream) {
        let seeder = StreamSeeder(seed: seed)
        return (seeder.stream(purpose: 0, replication: 0), seeder.stream(purpose: 1, replication: 0))
    }
}

/// First-in first-out arrival times of the waiting customers: a ring buffer of doubling capacity.
struct ArrivalTimeQueue {
    private var storage = ContiguousArray<Double>(repeating: 0, count: 64)
    private var head = 0
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    // Both variants' handlers inline `append` and `removeFirst` (the engine's did not, unasked:
    // 30 instructions per event of call and uniqueness checks that the hand loop did not pay).
    @inline(__always)
    mutating func append(_ time: Double) {
        if count == storage.count { grow() }
        storage[(head + count) & (storage.count - 1)] = time
        count += 1
    }

    /// Doubles the ring, its customers in order from index 0.
    @inline(never)
    private mutating func grow() {
        storage = ContiguousArray((0..<count).map { storage[(head + $0) & (storage.count - 1)] })
            + ContiguousArray(repeating: 0, count: count)
        head = 0
    }

    @inline(__always)
    mutating func removeFirst() -> Double {
        let time = storage[head]
        head = (head + 1) & (storage.count - 1)
        count -= 1
        return time
    }
}

/// M/M/1 through the engine's public API.
struct EngineQueue: DiscreteEventModel {
    enum Event { case arrival, departure }

    let setup: QueueSetup
    let arrivals: RandomStream
    let services: RandomStream
    var arrived = 0
    var serverBusy = false
    var waiting = ArrivalTimeQueue()
    var result = QueueRun()

    @inline(__always)
    mutating func handle(_ event: Event, context: inout SimulationContext<Event>) {
        result.events += 1
        switch event {
        case .arrival:
            arrived += 1
            if arrived < setup.customers {
                context.schedule(.arrival, after: arrivals.exponential(mean: setup.meanInterarrivalMinutes))
            }
            if serverBusy {
                waiting.append(context.now)
            } else {
                serverBusy = true
                result.customers += 1
                context.schedule(.departure, after: services.exponential(mean: setup.meanServiceMinutes))
            }
        case .departure:
            if waiting.isEmpty {
                serverBusy = false
            } else {
                result.totalWaitMinutes += context.now - waiting.removeFirst()
                result.customers += 1
                context.schedule(.departure, after: services.exponential(mean: setup.meanServiceMinutes))
            }
        }
    }

    static func run(_ setup: QueueSetup) -> QueueRun {
        let (arrivals, services) = setup.streams()
        var simulation = Simulation(model: EngineQueue(setup: setup, arrivals: arrivals, services: services))
        simulation.context.schedule(.arrival, at: arrivals.exponential(mean: setup.meanInterarrivalMinutes))
        simulation.run(until: .infinity)
        return simulation.model.result
    }
}

/// The same M/M/1 as a specialised loop: the next arrival and departure times and a queue.
enum HandLoopQueue {
    static func run(_ setup: QueueSetup) -> QueueRun {
        let (arrivals, services) = setup.streams()
        var result = QueueRun()
        var waiting = ArrivalTimeQueue()
        var arrived = 0
        var nextArrival = arrivals.exponential(mean: setup.meanInterarrivalMinutes)
        var nextDeparture = Double.infinity
        while nextArrival < .infinity || nextDeparture < .infinity {
            result.events += 1
            if nextArrival < nextDeparture {
                let now = nextArrival
                arrived += 1
                nextArrival = arrived < setup.customers
                    ? now + arrivals.exponential(mean: setup.meanInterarrivalMinutes) : .infinity
                if nextDeparture < .infinity {
                    waiting.append(now)
                } else {
                    result.customers += 1
                    nextDeparture = now + services.exponential(mean: setup.meanServiceMinutes)
                }
            } else {
                let now = nextDeparture
                if waiting.isEmpty {
                    nextDeparture = .infinity
                } else {
                    result.totalWaitMinutes += now - waiting.removeFirst()
                    result.customers += 1
                    nextDeparture = now + services.exponential(mean: setup.meanServiceMinutes)
                }
            }
        }
        return result
    }
}
