// DispatchModel.swift: the call-routing model as a discrete-event model on DispatchEngine.
//
// Rules (each is documented for users in Scenarios/README.md, "How calls are dispatched"):
// - A call arrives with a type and a zone. It goes to the closest free unit of the first type in
//   its `eligible` list that has a free unit. Closest means least travel time from the zone where
//   the unit is; ties go to the lower zone index, then to the lower unit number (units are
//   numbered by responder type, then home zone, then order within the zone).
// - If no eligible unit is free the call waits. Each responder type keeps a queue of the calls
//   it may take, ordered by priority (1 first), then arrival time, then arrival order.
// - A call with a fallback becomes eligible for the fallback types once it has waited
//   `fallback.after`: it is dispatched to the closest free unit of the first fallback type that
//   has one, or joins those types' queues. When its eligible types have no units at all, it goes
//   straight to its fallback types on arrival.
// - A unit that finishes a call takes the first call in its type's queue, travelling from the
//   zone of the call it finished. With no call waiting it is free at once and heads home; while
//   on the way it is free and counted as being in the zone of its last call, and it is counted
//   at home when the trip home ends.
// - A unit is busy from dispatch until it leaves the scene (travel plus time on scene); the trip
//   home is not busy time.
// - Events at the same time run in this order: units freed, units home, fallbacks, arrivals; equal events run in the order they were scheduled.

import DispatchEngine
import DispatchRandom
import HeapModule

/// The events of the dispatch model.
public enum DispatchEvent: Sendable {
    case unitFree(unit: Int32)
    case unitHome(unit: Int32)
    case fallback(slot: Int32, sequence: UInt64)
    case arrival
    /// A repeat call from the same person: its true type and zone.
    case repeatArrival(trueType: Int32, zone: Int32)
    /// A responder type's units come on or go off duty.
    case shiftStart(responder: Int32)
    case shiftEnd(responder: Int32)
    /// A unit on scene asks for backup of another type (the unit's dispatch serial identifies
    /// the call).
    case backupRequest(unit: Int32, serial: UInt64, trueType: Int32, zone: Int32, backupType: Int32)
}

extension DispatchEvent {
    /// Same-time order, lower first (see the rules above).
    var priority: Int {
        switch self {
        case .unitFree: return 0
        case .unitHome: return 1
        case .shiftEnd, .shiftStart: return 2
        case .fallback: return 3
        case .arrival, .repeatArrival, .backupRequest: return 4
        }
    }
}

/// One unit: its type, home and where it is now.
struct UnitState {
    let responder: Int
    let homeZone: Int
    var zone: Int
    var isFree = true
    var busySince = 0.0
    var homeTrip: EventHandle?
    /// The end of its current call, and a number that changes with every dispatch.
    var freeEvent: EventHandle?
    var serial: UInt64 = 0
    /// Its calls and busy minutes after the warm-up, kept here rather than in the metrics so
    /// that a dispatch touches one place per unit (it matters for fleets of thousands); handed
    /// to the metrics when the run finishes.
    var dispatches = 0
    var busyMinutes = 0.0

    /// Adds the part of [from, to] after `observedFrom` to the busy time.
    mutating func addBusyTime(from: Double, to: Double, observedFrom: Double) {
        let start = max(from, observedFrom)
        if to > start { busyMinutes += to - start }
    }
}

/// What the model knows of a call: its true type, the type it was coded as (which routing
/// follows), where and when it arose, and whether it repeats an earlier call.
struct CallInfo {
    var trueType: Int32
    var codedType: Int32
    var zone: Int32
    var arrival: Double
    var isRepeat: Bool
    /// For a linked request (backup, or another unit for a call that needs several), the unit of
    /// the call it belongs to; nil for a call.
    var link: LinkedRequest? = nil
}

/// A request for a unit on behalf of a unit already at a call.
struct LinkedRequest {
    /// The unit at the call, and the serial of that dispatch.
    var unit: Int32
    var serial: UInt64
    /// The responder type asked for.
    var type: Int32
    /// For an additional unit of a multi-unit call: when the first unit leaves (the additional
    /// unit leaves with it, or at once if it arrives later). Nil for a backup request.
    var joinUntil: Double?
}

/// A call waiting for a unit.
struct WaitingCall {
    var sequence: UInt64
    var call: CallInfo
    var fallbackDue: EventHandle?
}

/// A queue entry: priority, then arrival, then arrival order.
struct QueuedCall: Comparable {
    let priority: Int
    let arrival: Double
    let sequence: UInt64
    let slot: Int32

    static func < (a: QueuedCall, b: QueuedCall) -> Bool {
        (a.priority, a.arrival, a.sequence) < (b.priority, b.arrival, b.sequence)
    }
}

/// The dispatch model for one replication. Build it with its streams, run it in a `Simulation`
/// until the horizon, then read ``metrics``.
public struct DispatchModel: DiscreteEventModel {
    public typealias Event = DispatchEvent

    public let city: CityConfiguration
    public private(set) var metrics: ReplicationMetrics

    // Streams, one per purpose.
    private let arrivalStream: RandomStream
    private let attributeStream: RandomStream
    private let travelStream: RandomStream
    private let onSceneStream: RandomStream
    private let triageStream: RandomStream
    private let outcomeStream: RandomStream
    private let repeatStream: RandomStream
    private let backupStream: RandomStream
    /// Per true call type, the coded-type choice (nil: always coded correctly).
    private let triage: [DiscreteDistribution?]
    private let drawsOutcomes: Bool

    private let callTypeChoice: DiscreteDistribution
    private let zoneChoice: DiscreteDistribution
    private var arrivals: ArrivalProcess

    private var units: [UnitState]
    /// Whether each responder type is on duty now.
    private var onDuty: [Bool]
    private let unitCounts: [Int]
    /// Free units by responder type and the zone they are in.
    private var freeUnits: FreeUnitIndex
    /// The city's figures the model reads on every call, laid out flat.
    private let tables: DispatchTables
    /// Per responder type, the calls it may take.
    private var queues: [Heap<QueuedCall>]
    private var waiting: [WaitingCall?] = []
    private var freeSlots: [Int32] = []
    private var nextSequence: UInt64 = 0
    private var waitingCount = 0
    /// When each unit's current call ends (for backup requests that may extend it).
    private var askerEnds: [Double]

    /// - Parameters:
    ///   - city: the validated city.
    ///   - seeder: the run's stream seeder; the model takes its streams for `replication`.
    public init(city: CityConfiguration, seeder: StreamSeeder, replication: Int) {
        self.city = city
        arrivalStream = seeder.stream(purpose: StreamPurpose.arrivals.rawValue, replication: replication)
        attributeStream = seeder.stream(purpose: StreamPurpose.callAttributes.rawValue, replication: replication)
        travelStream = seeder.stream(purpose: StreamPurpose.travel.rawValue, replication: replication)
        onSceneStream = seeder.stream(purpose: StreamPurpose.onScene.rawValue, replication: replication)
        triageStream = seeder.stream(purpose: StreamPurpose.triage.rawValue, replication: replication)
        outcomeStream = seeder.stream(purpose: StreamPurpose.outcomes.rawValue, replication: replication)
        repeatStream = seeder.stream(purpose: StreamPurpose.repeats.rawValue, replication: replication)
        backupStream = seeder.stream(purpose: StreamPurpose.backup.rawValue, replication: replication)
        // Triage rows were validated when the scenario was loaded.
        triage = city.callTypes.map { type in type.codedAs.map { try! DiscreteDistribution(weights: $0) } }
        drawsOutcomes = city.hasOutcomes
        // Shares were validated when the scenario was loaded.
        callTypeChoice = try! DiscreteDistribution(weights: city.callTypes.map(\.share))
        zoneChoice = try! DiscreteDistribution(weights: city.zones.map(\.callShare))
        arrivals = ArrivalProcess(city: city)

        var units: [UnitState] = []
        for (r, responder) in city.responders.enumerated() {
            for (z, count) in responder.unitsPerZone.enumerated() {
                for _ in 0..<count { units.append(UnitState(responder: r, homeZone: z, zone: z)) }
            }
        }
        self.units = units
        askerEnds = Array(repeating: 0, count: units.count)
        let duty = city.responders.map { r in r.coverage.map { c in c.intervals(upTo: 1).contains { $0.start <= 0 && $0.end > 0 } } ?? true }
        onDuty = duty
        unitCounts = city.responders.map(\.unitCount)
        var free = FreeUnitIndex(responderCount: city.responders.count, zoneCount: city.zones.count,
                                 unitResponders: units.map(\.responder))
        for (i, unit) in units.enumerated() where duty[unit.responder] {
            free.insert(i, responder: unit.responder, zone: unit.zone)
        }
        freeUnits = free
        tables = DispatchTables(city: city)
        queues = Array(repeating: Heap<QueuedCall>(), count: city.responders.count)
        metrics = ReplicationMetrics(city: city, unitResponders: units.map(\.responder))
    }

    /// Schedules the first events of a run: the first call, and every shift change of the
    /// responder types with coverage hours.
    public mutating func start(context: inout SimulationContext<DispatchEvent>) {
        for (r, responder) in city.responders.enumerated() {
            guard let coverage = responder.coverage else { continue }
            for interval in coverage.intervals(upTo: city.horizonMinutes) {
                if interval.start > 0 {
                    context.schedule(.shiftStart(responder: Int32(r)), at: interval.start,
                                     priority: DispatchEvent.shiftStart(responder: 0).priority)
                }
                if interval.end <= city.horizonMinutes {
                    context.schedule(.shiftEnd(responder: Int32(r)), at: interval.end,
                                     priority: DispatchEvent.shiftEnd(responder: 0).priority)
                }
            }
        }
        scheduleNextArrival(after: context.now, context: &context)
    }

    /// Closes the books at the horizon: busy time of units still busy, calls still waiting.
    public mutating func finish(at horizon: Double) {
        for i in units.indices where !units[i].isFree {
            units[i].addBusyTime(from: units[i].busySince, to: horizon, observedFrom: city.warmupMinutes)
        }
        let warmup = city.warmupMinutes
        metrics.recordWaitingAtEnd(waiting.reduce(0) { $0 + ($1.map { $0.call.arrival >= warmup ? 1 : 0 } ?? 0) })
        metrics.updateWaitingCount(waitingCount, at: horizon)
        metrics.dispatchesByUnit = units.map(\.dispatches)
        metrics.busyMinutesByUnit = units.map(\.busyMinutes)
    }

    public mutating func handle(_ event: DispatchEvent, context: inout SimulationContext<DispatchEvent>) {
        switch event {
        case .arrival:
            handleArrival(context: &context)
        case .repeatArrival(let trueType, let zone):
            receive(trueType: Int(trueType), zone: Int(zone), isRepeat: true, context: &context)
        case .unitFree(let unit):
            handleUnitFree(Int(unit), context: &context)
        case .unitHome(let unit):
            let i = Int(unit)
            units[i].homeTrip = nil
            if onDuty[units[i].responder] {
                moveFreeUnit(i, to: units[i].homeZone)
            } else {
                units[i].zone = units[i].homeZone
            }
        case .shiftStart(let responder):
            handleShiftStart(Int(responder), context: &context)
        case .shiftEnd(let responder):
            handleShiftEnd(Int(responder), context: &context)
        case .backupRequest(let unit, let serial, let trueType, let zone, let backupType):
            let call = CallInfo(trueType: trueType, codedType: trueType, zone: zone, arrival: context.now,
                                isRepeat: false, link: LinkedRequest(unit: unit, serial: serial, type: backupType))
            request(call, context: &context)
        case .fallback(let slot, let sequence):
            handleFallback(slot: slot, sequence: sequence, context: &context)
        }
    }

    // MARK: Arrivals

    private mutating func scheduleNextArrival(after time: Double, context: inout SimulationContext<DispatchEvent>) {
        let next = arrivals.next(after: time, stream: arrivalStream)
        if next <= city.horizonMinutes {
            context.scheduleInOrder(.arrival, at: next, priority: DispatchEvent.arrival.priority)
        }
    }

    private mutating func handleArrival(context: inout SimulationContext<DispatchEvent>) {
        let trueType = attributeStream.draw(callTypeChoice)
        let zone = attributeStream.draw(zoneChoice)
        scheduleNextArrival(after: context.now, context: &context)
        receive(trueType: trueType, zone: zone, isRepeat: false, context: &context)
    }

    /// A call arrives: it is coded (triage), then dispatched or queued as its coded type says.
    private mutating func receive(trueType: Int, zone: Int, isRepeat: Bool, context: inout SimulationContext<DispatchEvent>) {
        let now = context.now
        let codedType = triage[trueType].map { triageStream.draw($0) } ?? trueType
        let call = CallInfo(trueType: Int32(trueType), codedType: Int32(codedType), zone: Int32(zone), arrival: now,
                            isRepeat: isRepeat)
        let route = self.route(codedType: codedType)
        if now >= city.warmupMinutes {
            var routedToCrisis = false
            for responder in route.first where tables.isCrisisResponder[responder] {
                routedToCrisis = true
                break
            }
            metrics.recordArrival(call, routedToCrisis: routedToCrisis)
        }
        if let unit = closestFreeUnit(types: route.first, zone: zone) {
            dispatch(unit: unit, call: call, context: &context)
            return
        }
        let slot = allocateSlot(WaitingCall(sequence: nextSequence, call: call, fallbackDue: nil))
        nextSequence += 1
        enqueue(slot: slot, types: route.first)
        if route.waitsForFallback, let fallback = tables.fallback[codedType] {
            let sequence = waiting[Int(slot)]!.sequence
            waiting[Int(slot)]!.fallbackDue = context.schedule(
                .fallback(slot: slot, sequence: sequence), after: fallback.afterMinutes,
                priority: DispatchEvent.fallback(slot: 0, sequence: 0).priority)
        }
    }

    /// Where calls of a coded type go on arrival: their eligible types, waiting for the fallback
    /// if they have one; or, when no eligible type has a unit on duty (none bought, or off shift),
    /// straight to the fallback types.
    @inline(__always) private func route(codedType: Int) -> (first: [Int], waitsForFallback: Bool) {
        let eligible = tables.eligible[codedType], fallback = tables.fallback[codedType]
        if let fallback {
            var anyOnDuty = false
            for responder in eligible where unitCounts[responder] > 0 && onDuty[responder] {
                anyOnDuty = true
                break
            }
            if !anyOnDuty { return (fallback.to, false) }
        }
        return (eligible, fallback != nil)
    }

    private mutating func handleFallback(slot: Int32, sequence: UInt64, context: inout SimulationContext<DispatchEvent>) {
        guard let waitingCall = waiting[Int(slot)], waitingCall.sequence == sequence else { return }
        waiting[Int(slot)]!.fallbackDue = nil
        let call = waitingCall.call
        guard let fallback = tables.fallback[Int(call.codedType)] else { return }
        if call.arrival >= city.warmupMinutes {
            metrics.recordFallbackEligible(callType: Int(call.trueType))
        }
        if let unit = closestFreeUnit(types: fallback.to, zone: Int(call.zone)) {
            releaseSlot(slot, at: context.now)
            dispatch(unit: unit, call: call, context: &context)
        } else {
            enqueue(slot: slot, types: fallback.to)
        }
    }

    // MARK: Units

    private mutating func handleUnitFree(_ unit: Int, context: inout SimulationContext<DispatchEvent>) {
        let now = context.now
        units[unit].addBusyTime(from: units[unit].busySince, to: now, observedFrom: city.warmupMinutes)
        units[unit].isFree = true
        units[unit].freeEvent = nil
        let responder = units[unit].responder
        if onDuty[responder] && takeQueuedCall(unit, context: &context) { return }
        let zone = units[unit].zone
        if onDuty[responder] { insertFree(unit, zone: zone) }
        if zone != units[unit].homeZone {
            let trip = tables.travelMinutes(from: zone, to: units[unit].homeZone)
            units[unit].homeTrip = context.schedule(.unitHome(unit: Int32(unit)), after: trip,
                                                    priority: DispatchEvent.unitHome(unit: 0).priority)
        }
    }

    /// Dispatches a linked request to the closest free unit of its type, or queues it.
    private mutating func request(_ call: CallInfo, context: inout SimulationContext<DispatchEvent>) {
        let type = Int(call.link!.type)
        if let helper = closestFreeUnit(types: [type], zone: Int(call.zone)) {
            dispatch(unit: helper, call: call, context: &context)
        } else {
            let slot = allocateSlot(WaitingCall(sequence: nextSequence, call: call, fallbackDue: nil))
            nextSequence += 1
            enqueue(slot: slot, types: [type])
        }
    }

    /// Gives a free, unlisted unit the most urgent, longest-waiting call its type may take.
    private mutating func takeQueuedCall(_ unit: Int, context: inout SimulationContext<DispatchEvent>) -> Bool {
        let responder = units[unit].responder
        while let top = queues[responder].min {
            _ = queues[responder].popMin()
            guard let waitingCall = waiting[Int(top.slot)], waitingCall.sequence == top.sequence else { continue }
            if let due = waitingCall.fallbackDue { _ = context.cancel(due) }
            releaseSlot(top.slot, at: context.now)
            if let trip = units[unit].homeTrip {
                _ = context.cancel(trip)
                units[unit].homeTrip = nil
            }
            dispatch(unit: unit, call: waitingCall.call, context: &context, unitWasListedFree: false)
            return true
        }
        return false
    }

    /// Units of the type come on duty: free ones are listed where they are and take waiting calls.
    private mutating func handleShiftStart(_ responder: Int, context: inout SimulationContext<DispatchEvent>) {
        onDuty[responder] = true
        for unit in units.indices where units[unit].responder == responder && units[unit].isFree {
            if !takeQueuedCall(unit, context: &context) { insertFree(unit, zone: units[unit].zone) }
        }
    }

    /// Units of the type go off duty: free ones are unlisted (busy ones finish their call first);
    /// waiting calls that now have no eligible type on duty go to their fallback types at once.
    private mutating func handleShiftEnd(_ responder: Int, context: inout SimulationContext<DispatchEvent>) {
        onDuty[responder] = false
        for unit in units.indices where units[unit].responder == responder && units[unit].isFree {
            removeFree(unit, zone: units[unit].zone)
        }
        for slot in waiting.indices {
            guard let waitingCall = waiting[slot], let due = waitingCall.fallbackDue,
                  !route(codedType: Int(waitingCall.call.codedType)).waitsForFallback else { continue }
            _ = context.cancel(due)
            handleFallback(slot: Int32(slot), sequence: waitingCall.sequence, context: &context)
        }
    }

    /// The closest free unit of the first type in `types` that has one.
    @inline(__always) private func closestFreeUnit(types: [Int], zone: Int) -> Int? {
        let zones = tables.zoneCount
        for responder in types {
            for i in zone * zones ..< (zone + 1) * zones {
                if let unit = freeUnits.first(responder: responder, zone: Int(tables.originsByTravel[i])) {
                    return Int(unit)
                }
            }
        }
        return nil
    }

    private mutating func dispatch(unit: Int, call: CallInfo, context: inout SimulationContext<DispatchEvent>,
                                   unitWasListedFree: Bool = true) {
        let now = context.now
        let zone = Int(call.zone), trueType = Int(call.trueType)
        let from = units[unit].zone
        if unitWasListedFree { removeFree(unit, zone: from) }
        if let trip = units[unit].homeTrip {
            _ = context.cancel(trip)
            units[unit].homeTrip = nil
        }
        let responder = units[unit].responder
        let k = trueType * tables.responderCount + responder
        var travel = tables.travelMinutes(from: from, to: zone)
        if let turnout = city.turnout { travel += travelStream.draw(turnout) }
        units[unit].isFree = false
        units[unit].busySince = now
        units[unit].zone = zone
        units[unit].serial &+= 1
        if let link = call.link {
            let end: Double
            if let until = link.joinUntil {
                // An additional unit leaves with the first unit (or at once, if it arrives later).
                end = max(now + travel, until)
                metrics.recordAdditionalUnit(responseMinutes: now - call.arrival + travel, at: call.arrival)
            } else {
                // A backup unit stays until it is done; the unit that asked stays at least as long.
                end = now + travel + onSceneStream.draw(tables.onScene[k])
                let asker = Int(link.unit)
                if !units[asker].isFree, units[asker].serial == link.serial, let pending = units[asker].freeEvent {
                    _ = context.cancel(pending)
                    units[asker].freeEvent = context.schedule(.unitFree(unit: link.unit), at: max(end, askerEnds[asker]),
                                                              priority: DispatchEvent.unitFree(unit: 0).priority)
                    askerEnds[asker] = max(end, askerEnds[asker])
                }
                metrics.recordBackupDispatch(responseMinutes: now - call.arrival + travel, at: call.arrival)
            }
            units[unit].freeEvent = context.schedule(.unitFree(unit: Int32(unit)), at: end,
                                                     priority: DispatchEvent.unitFree(unit: 0).priority)
            askerEnds[unit] = end
            return
        }
        let onScene = onSceneStream.draw(tables.onScene[k])
        let outcome = drawsOutcomes ? drawOutcome(tables.outcomes[k]) : CallOutcome()
        let busy = travel + onScene + outcome.extraMinutes
        units[unit].freeEvent = context.schedule(.unitFree(unit: Int32(unit)), after: busy,
                                                 priority: DispatchEvent.unitFree(unit: 0).priority)
        askerEnds[unit] = now + busy
        // A call that needs several units starts with this one; the others are requested now.
        for _ in 1..<max(1, tables.unitsNeeded[trueType]) {
            request(CallInfo(trueType: call.trueType, codedType: call.codedType, zone: call.zone, arrival: now,
                             isRepeat: false, link: LinkedRequest(unit: Int32(unit), serial: units[unit].serial,
                                                                  type: Int32(responder), joinUntil: now + busy)),
                    context: &context)
        }
        if let backupModel = tables.backups[k], backupStream.uniform() < backupModel.probability {
            context.schedule(.backupRequest(unit: Int32(unit), serial: units[unit].serial, trueType: call.trueType,
                                            zone: call.zone, backupType: Int32(backupModel.responder)),
                             after: travel, priority: DispatchEvent.arrival.priority)
            if call.arrival >= city.warmupMinutes {
                metrics.recordBackupRequest(crisis: tables.isCrisisType[trueType] && tables.isCrisisResponder[responder])
            }
        }
        if let repeatModel = tables.repeats[k], repeatStream.uniform() < repeatModel.probability {
            let at = now + busy + repeatStream.draw(repeatModel.after)
            if at <= city.horizonMinutes {
                context.schedule(.repeatArrival(trueType: call.trueType, zone: call.zone), at: at,
                                 priority: DispatchEvent.arrival.priority)
            }
        }
        if call.arrival >= city.warmupMinutes {
            units[unit].dispatches += 1
            metrics.recordDispatch(call, unit: unit, responder: responder, waitMinutes: now - call.arrival,
                                   travelMinutes: travel, onSceneMinutes: onScene, outcome: outcome)
        }
    }

    /// Draws what happens at a call: always four uniforms (disposition, use of force, civilian
    /// injury, responder injury), so that outcome draws stay aligned across scenarios, then a
    /// booking and extra times only when they apply.
    @inline(__always) private func drawOutcome(_ model: OutcomeModel?) -> CallOutcome {
        let u = (outcomeStream.uniform(), outcomeStream.uniform(), outcomeStream.uniform(), outcomeStream.uniform())
        guard let model else { return CallOutcome() }
        var outcome = CallOutcome()
        if u.0 < model.arrest {
            outcome.disposition = .arrest
            if outcomeStream.uniform() < model.bookingGivenArrest {
                outcome.booked = true
                if let t = model.bookingTime { outcome.extraMinutes += outcomeStream.draw(t) }
            }
        } else if u.0 < model.arrest + model.edTransport {
            outcome.disposition = .edTransport
            if let t = model.edTime { outcome.extraMinutes += outcomeStream.draw(t) }
        } else if u.0 < model.arrest + model.edTransport + model.referral {
            outcome.disposition = .referral
        }
        outcome.useOfForce = u.1 < model.useOfForce
        outcome.civilianInjury = u.2 < model.civilianInjury
        outcome.responderInjury = u.3 < model.responderInjury
        return outcome
    }

    // MARK: Bookkeeping

    private mutating func insertFree(_ unit: Int, zone: Int) {
        freeUnits.insert(unit, responder: units[unit].responder, zone: zone)
    }

    private mutating func removeFree(_ unit: Int, zone: Int) {
        freeUnits.remove(unit, responder: units[unit].responder, zone: zone)
    }

    private mutating func moveFreeUnit(_ unit: Int, to zone: Int) {
        removeFree(unit, zone: units[unit].zone)
        units[unit].zone = zone
        insertFree(unit, zone: zone)
    }

    private mutating func enqueue(slot: Int32, types: [Int]) {
        let waitingCall = waiting[Int(slot)]!
        // A backup request is urgent (priority 1); an additional unit has its call's priority.
        let link = waitingCall.call.link
        let priority = link != nil && link!.joinUntil == nil ? 1 : tables.priority[Int(waitingCall.call.codedType)]
        let entry = QueuedCall(priority: priority,
                               arrival: waitingCall.call.arrival, sequence: waitingCall.sequence, slot: slot)
        for responder in types { queues[responder].insert(entry) }
    }

    private mutating func allocateSlot(_ call: WaitingCall) -> Int32 {
        waitingCount += 1
        metrics.updateWaitingCount(waitingCount, at: call.call.arrival)
        if let slot = freeSlots.popLast() {
            waiting[Int(slot)] = call
            return slot
        }
        waiting.append(call)
        return Int32(waiting.count - 1)
    }

    private mutating func releaseSlot(_ slot: Int32, at now: Double) {
        waiting[Int(slot)] = nil
        freeSlots.append(slot)
        waitingCount -= 1
        metrics.updateWaitingCount(waitingCount, at: now)
    }
}
