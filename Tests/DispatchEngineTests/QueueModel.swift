// QueueModel.swift: a G/G/c FIFO queue written against the engine's public API, the model the
// queueing validation and determinism tests simulate.

import DispatchEngine
import DispatchRandom

/// A queue with Poisson arrivals, `servers` identical servers and service times from a
/// distribution: M/M/c with exponential service, M/G/1 with one server. Arrivals stop at
/// `arrivalsEnd`; customers arriving before `warmUpEnd` are not counted.
struct QueueModel: DiscreteEventModel {
    enum Event {
        case arrival
        /// A service completion for a customer who arrived at `arrivalTime`.
        case departure(arrivalTime: Double)
    }

    let arrivalRatePerMinute: Double
    let service: Distribution
    let servers: Int
    let warmUpEnd: Double
    let arrivalsEnd: Double
    let arrivalStream: RandomStream
    let serviceStream: RandomStream

    var busyServers = 0
    var waitingArrivalTimes = FIFOQueue()
    /// Waits in queue of customers who arrived after the warm-up.
    var waits = RunningStatistics()
    /// Of those, how many waited at all.
    var customersWhoWaited = 0
    /// Times in system of customers who arrived after the warm-up.
    var sojourns = RunningStatistics()
    /// Arrivals in [warmUpEnd, arrivalsEnd].
    var countedArrivals = 0
    /// Customers in system, observed from the warm-up end.
    var numberInSystem: TimeWeightedStatistic

    init(arrivalRatePerMinute: Double, service: Distribution, servers: Int, warmUpEnd: Double,
         arrivalsEnd: Double, seeder: StreamSeeder, replication: Int) {
        self.arrivalRatePerMinute = arrivalRatePerMinute
        self.service = service
        self.servers = servers
        self.warmUpEnd = warmUpEnd
        self.arrivalsEnd = arrivalsEnd
        arrivalStream = seeder.stream(purpose: 0, replication: replication)
        serviceStream = seeder.stream(purpose: 1, replication: replication)
        numberInSystem = TimeWeightedStatistic(value: 0, at: 0, observationStart: warmUpEnd)
    }

    mutating func handle(_ event: Event, context: inout SimulationContext<Event>) {
        let now = context.now
        switch event {
        case .arrival:
            let next = now + arrivalStream.exponential(mean: 1 / arrivalRatePerMinute)
            if next <= arrivalsEnd {
                context.schedule(.arrival, at: next)
            }
            if now >= warmUpEnd { countedArrivals += 1 }
            numberInSystem.add(1, at: now)
            if busyServers < servers {
                busyServers += 1
                startService(arrivalTime: now, context: &context)
            } else {
                waitingArrivalTimes.append(now)
            }
        case .departure(let arrivalTime):
            numberInSystem.add(-1, at: now)
            if arrivalTime >= warmUpEnd { sojourns.add(now - arrivalTime) }
            if let next = waitingArrivalTimes.popFirst() {
                startService(arrivalTime: next, context: &context)
            } else {
                busyServers -= 1
            }
        }
    }

    private mutating func startService(arrivalTime: Double, context: inout SimulationContext<Event>) {
        let wait = context.now - arrivalTime
        if arrivalTime >= warmUpEnd {
            waits.add(wait)
            if wait > 0 { customersWhoWaited += 1 }
        }
        context.schedule(.departure(arrivalTime: arrivalTime), after: serviceStream.draw(service))
    }
}

/// First-in first-out doubles (arrival times of waiting customers).
struct FIFOQueue {
    private var items: [Double] = []
    private var head = 0

    mutating func append(_ value: Double) { items.append(value) }

    mutating func popFirst() -> Double? {
        guard head < items.count else { return nil }
        let value = items[head]
        head += 1
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return value
    }
}

/// What one replication of a queue measured, all over customers arriving in the observation
/// window [warm-up end, arrivals end] (every one of them is followed to its departure).
struct QueueReplication: Equatable {
    var meanWaitMinutes: Double
    var fractionWaiting: Double
    var meanSojournMinutes: Double
    /// The time average of the number in system over the window.
    var meanNumberInSystem: Double
    /// Arrivals per minute in the window.
    var observedArrivalRate: Double
    var eventsExecuted: Int

    init(arrivalRatePerMinute: Double, service: Distribution, servers: Int, warmUpEnd: Double,
         arrivalsEnd: Double, seeder: StreamSeeder, replication: Int) {
        var simulation = Simulation(model: QueueModel(
            arrivalRatePerMinute: arrivalRatePerMinute, service: service, servers: servers,
            warmUpEnd: warmUpEnd, arrivalsEnd: arrivalsEnd, seeder: seeder, replication: replication))
        let first = simulation.model.arrivalStream.exponential(mean: 1 / arrivalRatePerMinute)
        simulation.context.schedule(.arrival, at: first)
        simulation.run(until: arrivalsEnd)
        meanNumberInSystem = simulation.model.numberInSystem.average(upTo: arrivalsEnd)
        simulation.run(until: .infinity)
        let model = simulation.model
        meanWaitMinutes = model.waits.mean
        fractionWaiting = Double(model.customersWhoWaited) / Double(model.waits.count)
        meanSojournMinutes = model.sojourns.mean
        observedArrivalRate = Double(model.countedArrivals) / (arrivalsEnd - warmUpEnd)
        eventsExecuted = simulation.eventsExecuted
    }
}
