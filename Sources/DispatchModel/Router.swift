// Router.swift: which unit takes which call. The dispatch rules of Scenarios/README.md ("How calls
// are dispatched", "Dispatch policies") that pick a responder type and a unit live here, apart
// from the events that apply them, so that tests can drive them directly (RouterTests).

/// Where calls go: the responder types a call of a coded type may go to now, and which unit of the
/// first of them that has one takes it, under each type's dispatch policy. Keeps the indexes of
/// free units (and of units on calls that an urgent call may take) and which types are on duty.
/// Noncopyable, as its free-unit indexes are (FreeUnitIndex).
struct Router: ~Copyable {
    /// Where a call goes on arrival.
    struct Route {
        /// The responder types it may go to, in order of preference.
        let types: ResponderList
        /// Whether it waits for its fallback types (after `fallback.after`).
        let waitsForFallback: Bool
    }

    /// A responder type's dispatch policy (DispatchPolicy) as the router applies it: a few plain
    /// values, so that reading it copies 48 bytes and retains nothing (its crossing delays are in
    /// ``crossAfterMinutes``).
    struct Policy {
        let districtFirst: Bool
        /// The longest trip to another district (infinite for no limit).
        let maxTravel: Double
        /// Calls of this priority or less urgent are held while no more than `reserve` units are
        /// free (Int.max: no cutoff).
        let cutoffPriority: Int
        let reserve: Int
        /// Calls of priority `preemptBy` or more urgent may take a unit on a call of priority
        /// `preemptOf` or less urgent (0 and Int.max: no preemption).
        let preemptBy: Int
        let preemptOf: Int
    }

    /// The least urgent priority a waiting call or activity may have.
    static let maxPriority = 10

    private let zoneCount: Int
    /// For each destination zone, the origin zones in order of travel time (DispatchTables).
    private let originsByTravel: [Int32]
    private let travel: [Double]
    private let travelFactor: [Double]
    /// The memory of the responder lists below (``ResponderList``).
    private let lists: ResponderListStorage
    /// Per call type: its eligible types and fallback.
    private let eligible: [ResponderList]
    private let fallback: [(afterMinutes: Double, to: ResponderList)?]
    /// Per call type: the crisis-response types (crisis teams, co-responders) among its eligible types.
    private let crisisEligible: [ResponderList]
    /// Per responder type: the list of that type alone.
    private let alone: [ResponderList]
    /// Units per responder type.
    private let unitCounts: [Int]
    /// Per responder type: its policy, if it has one.
    let policies: [Policy?]
    /// Per (responder type, priority 0...maxPriority): minutes before a call may cross districts.
    private let crossAfterMinutes: [Double]
    /// Per responder type: whether free units are also indexed and counted by district (home
    /// zone): types that dispatch district first or do officer-initiated activity; and whether
    /// they are counted: those and the types with any policy or calls whose units go together.
    let tracksDistricts: [Bool]
    let countsFree: [Bool]
    /// Per responder type: whether it may take calls whose units go together (its queue's first
    /// call may then hold back later ones: see ``DispatchModel/firstUnit(types:zone:priority:waited:needed:)``).
    let takesUnitsTogether: [Bool]
    /// Each unit's home zone.
    private let unitHome: [Int32]
    /// Per (responder type, zone a unit is in), the zones within the type's travel limit (bit z),
    /// when there are at most 64 zones (``withinReach(_:from:to:)`` for every zone at once).
    private let reach: [UInt64]
    /// Whether each responder type has units on duty now, and how many.
    private(set) var onDuty: [Bool]
    private var onDutyUnits: [Int]
    /// Per unit: whether it is on duty at time 0.
    private let unitStartsOnDuty: [Bool]
    /// Free units by responder type and the zone they are in.
    private var freeUnits: FreeUnitIndex
    /// Free units of district-tracking types by district (pool `responder * zones + home`) and the
    /// zone they are in, with counts per type and per pool.
    private var freeByDistrict: FreeUnitIndex
    // Noncopyable arrays, written as units are listed and unlisted: no check for a shared copy.
    private(set) var freeCount: FixedArray<Int>
    private(set) var districtFreeCount: FixedArray<Int>
    /// Per type that tracks districts: how many of its districts have more units free than its
    /// policy's reserve, the only ones a held call may take a unit from across district lines (a
    /// held call's search stops at once when none but its own has), and that reserve per type.
    private var districtsAboveReserve: FixedArray<Int>
    private let reserve: [Int]
    /// Units on calls an urgent call may take (types with preemption), by type and call zone.
    private var preemptible: FreeUnitIndex
    /// Whether any type has preemption.
    let hasPreemption: Bool
    /// Whether every type dispatches by the closest-free-unit rule alone (no policy, no calls whose
    /// units go together): then ``closestFreeUnit(types:zone:)`` is the whole rule.
    let closestFreeUnitOnly: Bool

    /// A router for `city` with every unit of a type on duty at time 0 listed free in its zone.
    /// - Parameter units: each unit's responder type and zone, by unit number.
    init(city: CityConfiguration, tables: DispatchTables, units: [(responder: ResponderID, zone: ZoneID)]) {
        let zones = tables.zoneCount, responders = city.responders.count
        zoneCount = zones
        originsByTravel = tables.originsByTravel
        travel = tables.travel
        travelFactor = tables.travelFactor
        let types = city.callTypes.count
        let crisis = tables.eligible.map { types in types.filter { city.responders[$0.index].kind.isCrisisResponse } }
        let storage = ResponderListStorage(tables.eligible + crisis + tables.fallback.map { $0?.to ?? [] }
                                           + (0..<responders).map { [ResponderID($0)] })
        let all = storage.lists
        lists = storage
        eligible = Array(all[0 ..< types])
        crisisEligible = Array(all[types ..< 2 * types])
        fallback = tables.fallback.indices.map { t in tables.fallback[t].map { ($0.afterMinutes, all[2 * types + t]) } }
        alone = Array(all[(3 * types)...])
        unitCounts = city.responders.map(\.unitCount)
        let policies = city.responders.map { r in r.policy.map(Self.resolve) }
        self.policies = policies
        crossAfterMinutes = city.responders.flatMap { r in
            (0...Self.maxPriority).map { r.policy?.districtFirst?.crossAfter[$0] ?? 0 }
        }
        let activityTypes = Set(city.officerInitiated.map(\.responder))
        let together = city.responders.indices.map { r in city.callTypes.contains { $0.unitsTogether && $0.allEligible.contains(r) } }
        takesUnitsTogether = together
        let tracked = city.responders.indices.map { (policies[$0]?.districtFirst ?? false) || activityTypes.contains($0) }
        tracksDistricts = tracked
        countsFree = city.responders.indices.map { tracked[$0] || policies[$0] != nil || together[$0] }
        unitHome = units.map { Int32($0.zone.index) }
        reach = zones > 64 ? [] : (0..<responders).flatMap { r in
            let limit = policies[r]?.maxTravel ?? .infinity
            return (0..<zones).map { from in
                (0..<zones).reduce(UInt64(0)) { mask, to in
                     tables.travel[from * zones + to] * tables.travelFactor[r] <= limit ? mask | 1 << UInt64(to) : mask
                }
            }
        }
        func onAtZero(_ c: Coverage) -> Bool { c.intervals(upTo: 1).contains { $0.start <= 0 && $0.end > 0 } }
        let duty = city.responders.map { r in r.coverage.map(onAtZero) ?? true }
        let startsOnDuty = zip(units, city.unitWatches).map { unit, watch in
            watch < 0 ? duty[unit.responder] : onAtZero(city.responders[unit.responder.index].watches[watch].coverage)
        }
        unitStartsOnDuty = startsOnDuty
        var counts = Array(repeating: 0, count: city.responders.count)
        for (unit, on) in zip(units, startsOnDuty) where on { counts[unit.responder] += 1 }
        onDutyUnits = counts
        onDuty = counts.map { $0 > 0 }
        let unitResponders = units.map(\.responder.index)
        freeUnits = FreeUnitIndex(responderCount: responders, zoneCount: zones, unitResponders: unitResponders)
        freeByDistrict = FreeUnitIndex(responderCount: tracked.contains(true) ? responders * zones : 0, zoneCount: zones,
                                       unitResponders: tracked.contains(true) ? units.map { $0.responder.index * zones + $0.zone.index } : [])
        freeCount = FixedArray(repeating: 0, count: responders)
        districtFreeCount = FixedArray(repeating: 0, count: tracked.contains(true) ? responders * zones : 0)
        districtsAboveReserve = FixedArray(repeating: 0, count: responders)
        reserve = policies.map { $0?.reserve ?? 0 }
        let preempts = policies.contains { $0.map { $0.preemptBy > 0 } ?? false }
        hasPreemption = preempts
        closestFreeUnitOnly = policies.allSatisfy { $0 == nil } && !together.contains(true)
        preemptible = FreeUnitIndex(responderCount: preempts ? responders : 0, zoneCount: zones,
                                    unitResponders: preempts ? unitResponders : [])
        for (i, unit) in units.enumerated() where startsOnDuty[i] {
            listFree(UnitID(raw: i), responder: unit.responder, zone: unit.zone)
        }
    }

    private static func resolve(_ policy: DispatchPolicy) -> Policy {
        Policy(districtFirst: policy.districtFirst != nil,
              maxTravel: policy.districtFirst?.maxTravel ?? .infinity,
              cutoffPriority: policy.cutoff?.priority ?? .max, reserve: policy.cutoff?.reserve ?? 0,
              preemptBy: policy.preemption?.by ?? 0, preemptOf: policy.preemption?.of ?? .max)
    }

    /// The list of `responder` alone.
    @inline(__always) func alone(_ responder: ResponderID) -> ResponderList { alone[responder.index] }

    /// Where calls of a coded type go on arrival: their eligible types, waiting for the fallback
    /// if they have one; or, when no eligible type has a unit on duty (none bought, or off shift),
    /// straight to the fallback types.
    @inline(__always) func route(codedType: CallTypeID) -> Route {
        let eligible = eligible[codedType], fallback = fallback[codedType]
        if let fallback {
            var anyOnDuty = false
            for responder in eligible where unitCounts[responder] > 0 && onDuty[responder] {
                anyOnDuty = true
                break
            }
            if !anyOnDuty { return Route(types: fallback.to, waitsForFallback: false) }
        }
        return Route(types: eligible, waitsForFallback: fallback != nil)
    }

    /// Where a crisis call coded as `codedType` goes on arrival (the crisis funnel's first steps).
    /// - Parameter codedAsCrisis: whether `codedType` is a crisis type.
    // Inlined: a call into a method of the router that was not inlined copied the whole router.
    @inline(__always) func crisisRoute(codedType: CallTypeID, codedAsCrisis: Bool) -> CrisisRoute {
        let types = crisisEligible[codedType]
        if types.isEmpty { return codedAsCrisis ? .notEligible : .notCoded }
        return types.contains { unitCounts[$0] > 0 && onDuty[$0] } ? .routed : .outsideHours
    }

    /// Why a routed crisis call coded as `codedType` is going to a type that is not a crisis
    /// response after waiting `waited` minutes: its fallback came due, or a crisis unit of its
    /// types is free but may not take it, or none is free.
    @inline(__always) func crisisMiss(codedType: CallTypeID, waited: Double) -> FunnelCount {
        if let fallback = fallback[codedType], waited >= fallback.afterMinutes { return .fellBackToPolice }
        for responder in crisisEligible[codedType] {
            for zone in 0..<zoneCount where freeUnits.first(responder: responder.index, zone: zone) != nil { return .tooFar }
        }
        return .noTeamFree
    }

    /// The fallback of a coded type, if it has one.
    @inline(__always) func fallback(codedType: CallTypeID) -> (afterMinutes: Double, to: ResponderList)? {
        fallback[codedType]
    }

    /// The closest free unit of the first type in `types` that has one: least travel time from the
    /// zone the unit is in to `zone`, ties to the lower zone, then to the lower unit number.
    @inline(__always) func closestFreeUnit(types: some Sequence<ResponderID>, zone: ZoneID) -> UnitID? {
        for responder in types {
            if let unit = closestFreeUnit(responder, zone: zone) { return unit }
        }
        return nil
    }

    @inline(__always) private func closestFreeUnit(_ responder: ResponderID, zone: ZoneID) -> UnitID? {
        closest(in: freeUnits, set: responder.index, to: zone)
    }

    /// The lowest-numbered unit of set `set` of `index` (a responder type, or a district pool) in
    /// the zone nearest `zone`: zones in order of travel time to it, ties to the lower zone.
    @inline(__always) private func closest(in index: borrowing FreeUnitIndex, set: Int, to zone: ZoneID) -> UnitID? {
        for i in zone.index &* zoneCount ..< (zone.index &+ 1) &* zoneCount {
            if let unit = index.first(responder: set, zone: Int(originsByTravel[i])) { return UnitID(raw: Int(unit)) }
        }
        return nil
    }

    /// The unit that takes a call of `priority` in `zone` that has waited `waited` minutes: of the
    /// first type in `types` that has one under its policy (the closest free unit for types
    /// without one).
    /// - Parameter needed: the units of one type that must be free for the call to start (its
    ///   units go together); the first of them is returned.
    @inline(__always) func unit(types: some Sequence<ResponderID>, zone: ZoneID, priority: Int, waited: Double, needed: Int = 1) -> UnitID? {
        for responder in types {
            if let unit = unit(responder, zone: zone, priority: priority, waited: waited, needed: needed) { return unit }
        }
        return nil
    }

    /// The unit of one type that takes the call (see above).
    @inline(__always) func unit(_ responder: ResponderID, zone: ZoneID, priority: Int, waited: Double, needed: Int = 1) -> UnitID? {
        if needed > 1 && freeCount[responder] < needed { return nil }
        if let policy = policies[responder] {
            return unit(responder, policy, zone: zone, priority: priority, waited: waited, needed: needed)
        }
        return closestFreeUnit(responder, zone: zone)
    }

    // Inlined, as are crossingUnit and activityUnit: a call from the model into a method of the
    // router that was not inlined copied the whole router (about 400 bytes) to pass it.
    @inline(__always) private func unit(_ responder: ResponderID, _ policy: Policy, zone: ZoneID, priority: Int, waited: Double,
                      needed: Int) -> UnitID? {
        let held = priority >= policy.cutoffPriority
        guard policy.districtFirst else {
            if held && freeCount[responder] - (needed - 1) <= policy.reserve { return nil }
            return closestFreeUnit(responder, zone: zone)
        }
        let pool = responder.index * zoneCount + zone.index
        if districtFreeCount[pool] > (held ? policy.reserve : 0) {
            return closestInPool(pool, zone: zone)
        }
        guard waited >= crossAfter(responder, priority: priority) else { return nil }
        return crossingUnit(responder, policy, zone: zone, held: held)
    }

    /// The free unit of district pool `pool` closest to `zone`.
    @inline(__always) private func closestInPool(_ pool: Int, zone: ZoneID) -> UnitID? {
        closest(in: freeByDistrict, set: pool, to: zone)
    }

    /// The closest free unit of another district within the policy's travel limit whose district
    /// keeps more than `reserve` units free when the call is `held`; ties to the lower unit number.
    @inline(__always) private func crossingUnit(_ responder: ResponderID, _ policy: Policy, zone: ZoneID, held: Bool) -> UnitID? {
        let r = responder.index
        // A held call takes only units of districts keeping more than the reserve free, other
        // than its own: with none, there is nothing to look for.
        if held && districtsAboveReserve[r] <= (districtFreeCount[r &* zoneCount &+ zone.index] > policy.reserve ? 1 : 0) {
            return nil
        }
        // Wrapping index arithmetic: zone and type numbers are far from overflowing; the array
        // accesses check their ranges.
        for i in zone.index &* zoneCount ..< (zone.index &+ 1) &* zoneCount {
            let origin = Int(originsByTravel[i])
            if travel[origin &* zoneCount &+ zone.index] * travelFactor[r] > policy.maxTravel { return nil }
            // The lowest-numbered free unit here whose district may let it go: the free units of
            // the zone are visited in order (looking at each district's pool instead cost a pass
            // over every district for each zone).
            let unit = freeUnits.firstMatching(responder: r, zone: origin) { unit in
                let home = Int(unitHome[Int(unit)])
                return home != zone.index && (!held || districtFreeCount[r &* zoneCount &+ home] > policy.reserve)
            }
            if let unit { return UnitID(raw: Int(unit)) }
        }
        return nil
    }

    /// The free unit of `responder` based in `zone` that takes up an officer-initiated activity
    /// there: the one closest to the zone, while more than `reserve` are free.
    @inline(__always) func activityUnit(_ responder: ResponderID, zone: ZoneID, reserve: Int) -> UnitID? {
        let pool = responder.index * zoneCount + zone.index
        guard districtFreeCount[pool] > reserve else { return nil }
        return closestInPool(pool, zone: zone)
    }

    /// Whether a freed unit of `responder` based in `home` may take a waiting call of `priority`:
    /// not when the priority is held and no more than `reserve` units would stay free.
    @inline(__always) func mayTake(priority: Int, _ responder: ResponderID, home: ZoneID, needed: Int = 1) -> Bool {
        if needed > 1 && freeCount[responder] + 1 < needed { return false }
        guard let policy = policies[responder], priority >= policy.cutoffPriority else { return true }
        let free = policy.districtFirst ? districtFreeCount[responder.index * zoneCount + home.index] : freeCount[responder]
        return free + 1 - (needed - 1) > policy.reserve
    }

    /// Minutes before a call of `priority` may cross districts for units of `responder`.
    @inline(__always) func crossAfter(_ responder: ResponderID, priority: Int) -> Double {
        crossAfterMinutes[responder.index * (Self.maxPriority + 1) + min(priority, Self.maxPriority)]
    }

    /// Whether zone `to` is within the policy's travel limit of a unit of `responder` in `from`.
    @inline(__always) func withinReach(_ responder: ResponderID, from: ZoneID, to: ZoneID) -> Bool {
        guard let policy = policies[responder] else { return true }
        return travel[from.index * zoneCount + to.index] * travelFactor[responder] <= policy.maxTravel
    }

    /// The zones within reach of a unit of `responder` in `from` (bit z: ``withinReach(_:from:to:)``),
    /// when there are at most 64 zones; nil otherwise.
    @inline(__always) func reachMask(_ responder: ResponderID, from: ZoneID) -> UInt64? {
        reach.isEmpty ? nil : reach[responder.index * zoneCount + from.index]
    }

    /// The home zone of a unit.
    @inline(__always) func home(of unit: UnitID) -> ZoneID { ZoneID(Int(unitHome[unit.index])) }

    /// Whether some unit of `types` is free in `zone` (a unit heading home counts in the zone of
    /// its last call).
    @inline(__always) func hasFreeUnit(_ types: some Sequence<ResponderID>, in zone: ZoneID) -> Bool {
        for responder in types where freeUnits.first(responder: responder.index, zone: zone.index) != nil { return true }
        return false
    }

    /// Lists `unit` (of type `responder`) as free in `zone`.
    @inline(__always) mutating func listFree(_ unit: UnitID, responder: ResponderID, zone: ZoneID) {
        freeUnits.insert(unit.index, responder: responder.index, zone: zone.index)
        if countsFree[responder] {
            freeCount[responder] += 1
            if tracksDistricts[responder] {
                let pool = responder.index * zoneCount + Int(unitHome[unit.index])
                freeByDistrict.insert(unit.index, responder: pool, zone: zone.index)
                districtFreeCount[pool] += 1
                if districtFreeCount[pool] == reserve[responder.index] + 1 { districtsAboveReserve[responder.index] += 1 }
            }
        }
    }

    /// Unlists `unit` (of type `responder`), free in `zone`.
    @inline(__always) mutating func unlistFree(_ unit: UnitID, responder: ResponderID, zone: ZoneID) {
        if countsFree[responder] && freeUnits.contains(unit.index) {
            freeCount[responder] -= 1
            if tracksDistricts[responder] {
                let pool = responder.index * zoneCount + Int(unitHome[unit.index])
                freeByDistrict.remove(unit.index, responder: pool, zone: zone.index)
                if districtFreeCount[pool] == reserve[responder.index] + 1 { districtsAboveReserve[responder.index] -= 1 }
                districtFreeCount[pool] -= 1
            }
        }
        freeUnits.remove(unit.index, responder: responder.index, zone: zone.index)
    }

    /// `count` units of a type come on duty (negative: go off; they are listed and unlisted by the
    /// caller); the type is on duty while any of its units is.
    mutating func changeUnitsOnDuty(_ responder: ResponderID, by count: Int) {
        onDutyUnits[responder] += count
        onDuty[responder] = onDutyUnits[responder] > 0
    }

    /// Whether a unit is on duty at time 0.
    func startsOnDuty(_ unit: UnitID) -> Bool { unitStartsOnDuty[unit.index] }

    // MARK: Preemption

    /// Whether a call of `priority` answered by `responder` may be taken by a more urgent call.
    @inline(__always) func isPreemptible(priority: Int, _ responder: ResponderID) -> Bool {
        guard let policy = policies[responder] else { return false }
        return policy.preemptBy > 0 && priority >= policy.preemptOf
    }

    /// The unit a call of `priority` in `zone` takes from a less urgent call: of the first type in
    /// `types` whose policy lets it, the unit on such a call closest to `zone`.
    // Inlined, as crisisRoute: a call into it that was not inlined copied the whole router, for
    // each call that found no unit free in a city with preemption.
    @inline(__always) func preemptibleUnit(types: some Sequence<ResponderID>, zone: ZoneID, priority: Int) -> UnitID? {
        for responder in types {
            guard let policy = policies[responder], priority <= policy.preemptBy else { continue }
            if let unit = closest(in: preemptible, set: responder.index, to: zone) { return unit }
        }
        return nil
    }

    mutating func listPreemptible(_ unit: UnitID, responder: ResponderID, zone: ZoneID) {
        preemptible.insert(unit.index, responder: responder.index, zone: zone.index)
    }

    mutating func unlistPreemptible(_ unit: UnitID, responder: ResponderID, zone: ZoneID) {
        preemptible.remove(unit.index, responder: responder.index, zone: zone.index)
    }
}
