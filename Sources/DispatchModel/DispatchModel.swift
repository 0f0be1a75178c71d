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
// - Events at the same time run in this order: units freed, units home, shift changes and break
//   plans (the shift calendar, in its order), breaks due and ended, fallbacks and cross-district
//   waits, arrivals; equal events run in the order they were scheduled.
// - Patrol operations change these rules per responder type when a scenario asks for them
//   (Scenarios/README.md, "Patrol operations"): watches and breaks (DispatchModel+Shifts.swift),
//   district first, cutoff priority and units sent together (Router.swift, takeWaitingCall),
//   preemption and officer-initiated activity (DispatchModel+Activity.swift), report time after
//   calls and travel factors (DispatchModel+Dispatch.swift).

import DispatchEngine
import DispatchRandom

/// The events of the dispatch model.
enum DispatchEvent: Sendable {
    case unitFree(unit: UnitID)
    case unitHome(unit: UnitID)
    case fallback(slot: Int32, sequence: UInt64)
    case arrival
    /// A repeat call from the same person: its true type and zone.
    case repeatArrival(trueType: CallTypeID, zone: ZoneID)
    /// The shift calendar's next change is due: a shift change or a break plan (ShiftCalendar;
    /// one such event is pending at a time, not a run's worth).
    case shiftCalendar
    /// A unit's scheduled break is due, and ends.
    case breakStart(unit: UnitID, minutes: Double)
    case breakEnd(unit: UnitID)
    /// A unit on scene asks for backup of another type (the unit's dispatch serial identifies
    /// the call).
    case backupRequest(unit: UnitID, serial: UInt64, trueType: CallTypeID, zone: ZoneID, backupType: ResponderID)
    /// A waiting call has waited long enough for units of other districts of a type that
    /// dispatches district first.
    case crossDistrict(slot: Int32, sequence: UInt64, responder: ResponderID)
    /// Officer-initiated activity of a kind arises.
    case activity(kind: Int32)
}

extension DispatchEvent {
    /// The same-time order of each kind of event, lower first (see the rules above).
    static let unitFreePriority = 0, unitHomePriority = 1, calendarPriority = 2, shiftPriority = 3, fallbackPriority = 4,
               callPriority = 5

    /// Same-time order, lower first (see the rules above).
    var priority: Int {
        switch self {
        case .unitFree: return Self.unitFreePriority
        case .unitHome: return Self.unitHomePriority
        case .shiftCalendar: return Self.calendarPriority
        case .breakStart, .breakEnd: return Self.shiftPriority
        case .fallback, .crossDistrict: return Self.fallbackPriority
        case .arrival, .repeatArrival, .backupRequest, .activity: return Self.callPriority
        }
    }
}

/// The dispatch model's random streams, one per purpose (StreamPurpose).
struct ModelStreams {
    let arrivals: RandomStream
    let callAttributes: RandomStream
    let travel: RandomStream
    let onScene: RandomStream
    let triage: RandomStream
    let outcomes: RandomStream
    let repeats: RandomStream
    let backup: RandomStream
    let afterCall: RandomStream
    let activityArrivals: RandomStream
    let activityAttributes: RandomStream
    let callOutcomes: RandomStream

    init(seeder: StreamSeeder, replication: Int) {
        func stream(_ purpose: StreamPurpose) -> RandomStream {
            seeder.stream(purpose: purpose.rawValue, replication: replication)
        }
        arrivals = stream(.arrivals)
        callAttributes = stream(.callAttributes)
        travel = stream(.travel)
        onScene = stream(.onScene)
        triage = stream(.triage)
        outcomes = stream(.outcomes)
        repeats = stream(.repeats)
        backup = stream(.backup)
        afterCall = stream(.afterCall)
        activityArrivals = stream(.activityArrivals)
        activityAttributes = stream(.activityAttributes)
        callOutcomes = stream(.callOutcomes)
    }
}

/// The dispatch model for one replication, driven by ``ReplicationRun``. Its events are handled
/// by concern: arrivals, triage and fallbacks (DispatchModel+Arrivals.swift), dispatching units
/// and what happens at calls (DispatchModel+Dispatch.swift), shifts and trips home
/// (DispatchModel+Shifts.swift). Which unit takes a call is the ``Router``'s decision.
struct DispatchModel: DiscreteEventModel, ~Copyable {
    typealias Event = DispatchEvent

    let city: CityConfiguration
    var metrics: ReplicationMetrics
    let streams: ModelStreams
    /// The city's figures the model reads on every call, laid out flat.
    let tables: DispatchTables
    /// Per true call type, the coded-type choice (nil: always coded correctly).
    let triage: [DiscreteDistribution?]
    /// Whether any call type has a triage row.
    let hasTriage: Bool
    let drawsOutcomes: Bool
    let callTypeChoice: DiscreteDistribution
    let zoneChoice: DiscreteDistribution
    var arrivals: ArrivalProcess
    /// Per kind of officer-initiated activity: its arrivals and its choice of zone.
    let activityArrivals: [ArrivalProcess]
    let activityZoneChoice: [DiscreteDistribution]
    /// Per kind of officer-initiated activity, what its events read: apart from the city's list,
    /// whose elements also hold a name and arrays (reading one retained and released them).
    let activityRules: [ActivityRule]

    /// Each unit's state. A noncopyable array: the model is noncopyable, so a write needs no
    /// check for a shared copy (an `Array` checked on every write, several times a call).
    var units: FixedArray<UnitState>
    /// Each unit's responder type and home zone, apart from ``units`` so that reading them on the
    /// hot path copies nothing (a read of one field of a `UnitState`, 136 bytes, could copy it all).
    let unitResponder: [ResponderID]
    let unitHome: [ZoneID]
    /// Per responder type: its units, then those of each of its watches, in unit order (the units a
    /// shift change or a watch's breaks concern).
    let shiftMembers: [[[UnitID]]]
    /// The run's shift changes and break plans still to come (made when the run starts).
    var shiftCalendar = ShiftCalendar()
    var router: Router
    var waitingCalls: WaitingCalls
    /// The calls of the run, when it keeps a log (`ReplicationRun(logCalls:)`); nil otherwise.
    var callLog: [LoggedCall]? = nil

    /// - Parameters:
    ///   - city: the validated city.
    ///   - seeder: the run's stream seeder; the model takes its streams for `replication`.
    init(city: CityConfiguration, seeder: StreamSeeder, replication: Int) {
        self.city = city
        streams = ModelStreams(seeder: seeder, replication: replication)
        // Triage rows were validated when the scenario was loaded.
        triage = city.callTypes.map { type in type.codedAs.map { try! DiscreteDistribution(weights: $0) } }
        hasTriage = triage.contains { $0 != nil }
        drawsOutcomes = city.hasOutcomes
        // Shares were validated when the scenario was loaded.
        callTypeChoice = try! DiscreteDistribution(weights: city.callTypes.map(\.share))
        zoneChoice = try! DiscreteDistribution(weights: city.zones.map(\.callShare))
        arrivals = ArrivalProcess(city: city)
        activityArrivals = city.officerInitiated.map {
            ArrivalProcess(perHour: $0.perHour, hourOfDay: $0.hourOfDayProfile, dayOfWeek: nil)
        }
        // Zone shares were validated when the scenario was loaded.
        activityZoneChoice = city.officerInitiated.map { try! DiscreteDistribution(weights: $0.zoneShares) }
        activityRules = city.officerInitiated.map {
            ActivityRule(responder: ResponderID($0.responder), reserve: $0.reserve, queues: $0.whenNoUnit == .queue,
                         priority: $0.priority, duration: $0.duration)
        }
        let homes = city.unitHomes
        units = FixedArray(homes.map {
            UnitState(responder: ResponderID($0.responder), homeZone: ZoneID($0.zone), zone: ZoneID($0.zone))
        })
        for (u, watch) in city.unitWatches.enumerated() { units[u].watch = Int32(watch) }
        unitResponder = units.map(\.responder)
        unitHome = units.map(\.homeZone)
        let watches = city.unitWatches
        shiftMembers = city.responders.indices.map { r in
            let all = homes.indices.filter { homes[$0].responder == r }
            return [all.map(UnitID.init)] + city.responders[r].watches.indices.map { w in
                all.filter { watches[$0] == w }.map(UnitID.init)
            }
        }
        tables = DispatchTables(city: city)
        router = Router(city: city, tables: tables, units: units.map { ($0.responder, $0.zone) })
        for u in units.indices { units[u].onDuty = router.startsOnDuty(UnitID(raw: u)) }
        waitingCalls = WaitingCalls(responderCount: city.responders.count, zoneCount: city.zones.count,
                                    districtFirst: router.policies.map { $0?.districtFirst ?? false })
        metrics = ReplicationMetrics(city: city, unitResponders: units.map(\.responder.index))
    }

    /// Schedules the first events of a run: the first call, and every shift change of the
    /// responder types with coverage hours.
    mutating func start(context: inout SimulationContext<DispatchEvent>) {
        scheduleShifts(context: &context)
        scheduleNextArrival(after: context.now, context: &context)
        for kind in activityArrivals.indices { scheduleNextActivity(Int32(kind), after: context.now, context: &context) }
    }

    /// Closes the books at `horizon`: busy time of units still busy, calls still waiting.
    mutating func finish(at horizon: Double) {
        for i in units.indices where !units[i].isFree {
            units[i].addBusyTime(from: units[i].busySince, to: horizon, observedFrom: city.warmupMinutes)
        }
        metrics.recordWaitingAtEnd(waitingCalls.count(arrivedAtOrAfter: city.warmupMinutes))
        logCallsNeverServed()
        for call in waitingCalls.callsNotYetServed where call.crisisRoute != .none && call.link == nil && call.arrival >= city.warmupMinutes {
            metrics.recordCrisisMiss(call, reason: .neverAnswered)
        }
        metrics.updateWaitingCount(waitingCalls.count, at: horizon)
        metrics.dispatchesByUnit = units.map(\.dispatches)
        metrics.busyMinutesByUnit = units.map(\.busyMinutes)
        metrics.activityMinutesByUnit = units.map(\.activityMinutes)
        for i in units.indices where units[i].onBreak {
            units[i].addBreakTime(from: units[i].breakSince, to: horizon, observedFrom: city.warmupMinutes)
        }
        metrics.breakMinutesByUnit = units.map(\.breakMinutes)
    }

    mutating func handle(_ event: DispatchEvent, context: inout SimulationContext<DispatchEvent>) {
        switch event {
        case .arrival:
            handleArrival(context: &context)
        case .repeatArrival(let trueType, let zone):
            receive(trueType: trueType, zone: zone, isRepeat: true,
                    draws: drawsOutcomes ? OutcomeDraws(streams.outcomes) : nil, context: &context)
        case .unitFree(let unit):
            handleUnitFree(unit, context: &context)
        case .unitHome(let unit):
            handleUnitHome(unit)
        case .shiftCalendar:
            handleShiftCalendar(context: &context)
        case .breakStart(let unit, let minutes):
            handleBreakStart(unit, minutes: minutes, context: &context)
        case .breakEnd(let unit):
            handleBreakEnd(unit, context: &context)
        case .backupRequest(let unit, let serial, let trueType, let zone, let backupType):
            let call = CallInfo(trueType: trueType, codedType: trueType, zone: zone, arrival: context.now,
                                isRepeat: false, link: LinkedRequest(unit: unit, serial: serial, type: backupType))
            request(call, context: &context)
        case .fallback(let slot, let sequence):
            handleFallback(slot: slot, sequence: sequence, context: &context)
        case .crossDistrict(let slot, let sequence, let responder):
            handleCrossDistrict(slot: slot, sequence: sequence, responder: responder, context: &context)
        case .activity(let kind):
            handleActivity(kind: kind, context: &context)
        }
    }

    // MARK: Waiting calls

    /// Holds `call` as waiting from `now` (queued nowhere yet), with its outcome draws, and
    /// returns its slot.
    mutating func holdWaiting(_ call: CallInfo, at now: Double, draws: OutcomeDraws? = nil) -> Int32 {
        let slot = waitingCalls.add(call)
        if let draws { waitingCalls.setDraws(draws, slot: slot) }
        metrics.updateWaitingCount(waitingCalls.count, at: now)
        return slot
    }

    /// The call in `slot` stops waiting at `now`.
    mutating func releaseWaiting(_ slot: Int32, at now: Double) {
        waitingCalls.remove(slot)
        metrics.updateWaitingCount(waitingCalls.count, at: now)
    }

    /// A waiting call's priority: its coded type's, a backup request's 1, an activity's own.
    @inline(__always) func priority(of call: CallInfo) -> Int {
        if call.activity >= 0 { return activityRules[Int(call.activity)].priority }
        return call.link?.isBackup == true ? 1 : tables.priority[call.codedType]
    }

    /// Queues the call in `slot` for `types`, at its priority. For types that dispatch district
    /// first, units of other districts may take it once it has waited long enough: now, or at an
    /// event then.
    mutating func enqueue(_ slot: Int32, types: ResponderList, context: inout SimulationContext<DispatchEvent>) {
        let waiting = waitingCalls[slot]!
        let priority = priority(of: waiting.call)
        waitingCalls.enqueue(slot, priority: priority, types: types)
        for responder in types {
            guard let policy = router.policies[responder], policy.districtFirst else { continue }
            let due = waiting.call.arrival + router.crossAfter(responder, priority: priority)
            if due <= context.now {
                waitingCalls.allowCrossing(slot, priority: priority, responder: responder)
            } else {
                context.schedule(.crossDistrict(slot: slot, sequence: waiting.sequence, responder: responder), at: due,
                                 priority: DispatchEvent.fallbackPriority)
            }
        }
    }

    // MARK: Free units

    @inline(__always) mutating func listFree(_ unit: UnitID, zone: ZoneID) {
        router.listFree(unit, responder: unitResponder[unit], zone: zone)
    }

    @inline(__always) mutating func unlistFree(_ unit: UnitID, zone: ZoneID) {
        router.unlistFree(unit, responder: unitResponder[unit], zone: zone)
    }

    /// Cancels the unit's trip home, if it is on one.
    @inline(__always) mutating func cancelHomeTrip(_ unit: UnitID, context: inout SimulationContext<DispatchEvent>) {
        if let trip = units[unit].homeTrip {
            _ = context.cancel(trip)
            units[unit].homeTrip = nil
        }
    }
}
