// DispatchTables.swift: what the dispatch model reads on every call, laid out flat (one array per
// quantity, indexed by call type, responder type and zone), so that handling a call copies no
// nested arrays. The index of free units is in FreeUnitIndex.swift.

import DispatchRandom

/// The city's per-call-type, per-responder-type and per-zone figures that the model reads on
/// every call, as flat arrays of plain values. Built once per replication from the
/// ``CityConfiguration``, which stays the description users see.
struct DispatchTables {
    let zoneCount: Int
    let responderCount: Int
    /// Travel minutes from zone `from` to zone `to` at `from * zoneCount + to`.
    let travel: [Double]
    /// For each destination zone, the origin zones in order of travel time, then zone index: the
    /// origins for `destination` are at `destination * zoneCount ..< (destination + 1) * zoneCount`.
    let originsByTravel: [Int32]
    /// Per (true call type, responder type), at `type * responderCount + responder`: time on scene
    /// (a placeholder where the type may not take the call: never drawn), outcomes, repeat calls
    /// and backup requests.
    let onScene: [Distribution]
    /// Per (call type, responder type): the outcome probabilities, whether there is an outcome
    /// model, and its emergency-department and booking times, apart, so that deciding an outcome
    /// reads 56 bytes instead of copying the whole optional model (136 bytes, through memcpy).
    let outcomeOdds: [OutcomeOdds]
    let hasOutcomeModel: [Bool]
    let edTime: [Distribution?]
    let bookingTime: [Distribution?]
    /// Per (call type, responder type): what one dispatch adds to the expected outcome counts.
    let expectedOutcomes: [ExpectedOutcomes]
    let repeats: [RepeatModel?]
    let backups: [BackupModel?]
    /// Whether any (call type, responder type) has a repeat or a backup model, or any call type
    /// needs several units: a dispatch looks these up only then.
    let hasRepeats: Bool
    let hasBackups: Bool
    let hasSeveralUnits: Bool
    /// Per call type (routing reads these for the coded type): priority, eligible responder types,
    /// and the fallback's wait and types.
    let priority: [Int]
    let eligible: [[ResponderID]]
    let fallback: [(afterMinutes: Double, to: [ResponderID])?]
    let unitsNeeded: [Int]
    /// Per true call type: the units to find free before dispatching it (`units_needed` when they
    /// go together, else 1); and whether any call type's units go together.
    let unitsToStart: [Int]
    let hasUnitsTogether: Bool
    let isCrisisType: [Bool]
    /// Per responder type: whether it is a crisis response (crisis team or co-responder).
    let isCrisisResponder: [Bool]
    /// Per responder type: the factor on its units' travel times.
    let travelFactor: [Double]
    /// Per (true call type, responder type), like `onScene`: administrative time after the call;
    /// and whether any pair has one (else no dispatch looks).
    let afterCall: [Distribution?]
    let hasAfterCall: Bool

    init(city: CityConfiguration) {
        let zones = city.zones.count, responders = city.responders.count
        zoneCount = zones
        responderCount = responders
        travel = city.travelMinutes.flatMap { $0 }
        originsByTravel = city.zones.indices.flatMap { destination in
            city.zones.indices.sorted {
                (city.travelMinutes[$0][destination], $0) < (city.travelMinutes[$1][destination], $1)
            }.map { Int32($0) }
        }
        // A constant is always valid; it stands where no time on scene was given and is never drawn.
        let none = try! Distribution.constant(0)
        onScene = city.callTypes.flatMap { type in type.onScene.map { $0 ?? none } }
        let outcomes = city.callTypes.flatMap(\.outcomes)
        expectedOutcomes = outcomes.map(ExpectedOutcomes.init(dispatchWith:))
        outcomeOdds = outcomes.map { $0.map(OutcomeOdds.init) ?? OutcomeOdds() }
        hasOutcomeModel = outcomes.map { $0 != nil }
        edTime = outcomes.map { $0?.edTime }
        bookingTime = outcomes.map { $0?.bookingTime }
        repeats = city.callTypes.flatMap(\.repeats)
        backups = city.callTypes.flatMap(\.backups)
        hasRepeats = repeats.contains { $0 != nil }
        hasBackups = backups.contains { $0 != nil }
        hasSeveralUnits = city.callTypes.contains { $0.unitsNeeded > 1 }
        priority = city.callTypes.map(\.priority)
        eligible = city.callTypes.map { $0.eligible.map(ResponderID.init) }
        fallback = city.callTypes.map { $0.fallback.map { ($0.afterMinutes, $0.to.map(ResponderID.init)) } }
        unitsNeeded = city.callTypes.map(\.unitsNeeded)
        unitsToStart = city.callTypes.map { $0.unitsTogether ? $0.unitsNeeded : 1 }
        hasUnitsTogether = city.callTypes.contains(where: \.unitsTogether)
        isCrisisType = city.callTypes.map(\.isCrisis)
        isCrisisResponder = city.responders.map(\.kind.isCrisisResponse)
        travelFactor = city.responders.map(\.travelFactor)
        afterCall = city.callTypes.flatMap(\.afterCall)
        hasAfterCall = afterCall.contains { $0 != nil }
        precondition(onScene.count == city.callTypes.count * responders
                     && outcomes.count == onScene.count && repeats.count == onScene.count
                     && backups.count == onScene.count && afterCall.count == onScene.count, "per-responder lists must cover every responder type")
    }

    // The indexes below wrap instead of checking for overflow: each is a product and sum of ids
    // and counts of the city's zones, call types and responder types, far below Int.max; the
    // array read still checks its range.

    /// Travel minutes from one zone to another.
    @inline(__always) func travelMinutes(from: ZoneID, to: ZoneID) -> Double {
        travel[from.index &* zoneCount &+ to.index]
    }

    /// Travel minutes of a unit of `responder` from one zone to another.
    @inline(__always) func travelMinutes(_ responder: ResponderID, from: ZoneID, to: ZoneID) -> Double {
        travel[from.index &* zoneCount &+ to.index] * travelFactor[responder.index]
    }

    /// The index of a (true call type, responder type) pair in `onScene`, the outcome tables, `repeats`
    /// and `backups`.
    @inline(__always) func pair(_ callType: CallTypeID, _ responder: ResponderID) -> Int {
        callType.index &* responderCount &+ responder.index
    }
}

/// The probabilities of an ``OutcomeModel``, without its times.
struct OutcomeOdds {
    var arrest = 0.0, bookingGivenArrest = 0.0, edTransport = 0.0, referral = 0.0
    var useOfForce = 0.0, civilianInjury = 0.0, responderInjury = 0.0

    init() {}

    init(_ model: OutcomeModel) {
        arrest = model.arrest
        bookingGivenArrest = model.bookingGivenArrest
        edTransport = model.edTransport
        referral = model.referral
        useOfForce = model.useOfForce
        civilianInjury = model.civilianInjury
        responderInjury = model.responderInjury
    }
}
