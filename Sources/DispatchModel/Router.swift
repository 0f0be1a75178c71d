// Router.swift: which unit takes which call. The dispatch rules of Scenarios/README.md ("How calls
// are dispatched") that pick a responder type and a unit live here, apart from the events that
// apply them, so that tests can drive them directly (RouterTests) and dispatch policies can be
// added in one place.

/// Where calls go: the responder types a call of a coded type may go to now, and the closest free
/// unit of the first of them that has one. Keeps the index of free units and which types are on
/// duty.
struct Router {
    /// Where a call goes on arrival.
    struct Route {
        /// The responder types it may go to, in order of preference.
        let types: [ResponderID]
        /// Whether it waits for its fallback types (after `fallback.after`).
        let waitsForFallback: Bool
    }

    private let zoneCount: Int
    /// For each destination zone, the origin zones in order of travel time (DispatchTables).
    private let originsByTravel: [Int32]
    /// Per call type: its eligible types and fallback.
    private let eligible: [[ResponderID]]
    private let fallback: [(afterMinutes: Double, to: [ResponderID])?]
    /// Units per responder type.
    private let unitCounts: [Int]
    /// Whether each responder type is on duty now.
    private(set) var onDuty: [Bool]
    /// Free units by responder type and the zone they are in.
    private var freeUnits: FreeUnitIndex

    /// A router for `city` with every unit of a type on duty at time 0 listed free in its zone.
    /// - Parameter units: each unit's responder type and zone, by unit number.
    init(city: CityConfiguration, tables: DispatchTables, units: [(responder: ResponderID, zone: ZoneID)]) {
        zoneCount = tables.zoneCount
        originsByTravel = tables.originsByTravel
        eligible = tables.eligible
        fallback = tables.fallback
        unitCounts = city.responders.map(\.unitCount)
        let duty = city.responders.map { r in r.coverage.map { c in c.intervals(upTo: 1).contains { $0.start <= 0 && $0.end > 0 } } ?? true }
        onDuty = duty
        freeUnits = FreeUnitIndex(responderCount: city.responders.count, zoneCount: city.zones.count,
                                  unitResponders: units.map(\.responder.index))
        for (i, unit) in units.enumerated() where duty[unit.responder] {
            freeUnits.insert(i, responder: unit.responder.index, zone: unit.zone.index)
        }
    }

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

    /// The fallback of a coded type, if it has one.
    @inline(__always) func fallback(codedType: CallTypeID) -> (afterMinutes: Double, to: [ResponderID])? {
        fallback[codedType]
    }

    /// The closest free unit of the first type in `types` that has one: least travel time from the
    /// zone the unit is in to `zone`, ties to the lower zone, then to the lower unit number.
    @inline(__always) func closestFreeUnit(types: [ResponderID], zone: ZoneID) -> UnitID? {
        for responder in types {
            for i in zone.index * zoneCount ..< (zone.index + 1) * zoneCount {
                if let unit = freeUnits.first(responder: responder.index, zone: Int(originsByTravel[i])) {
                    return UnitID(raw: Int(unit))
                }
            }
        }
        return nil
    }

    /// Lists `unit` (of type `responder`) as free in `zone`.
    @inline(__always) mutating func listFree(_ unit: UnitID, responder: ResponderID, zone: ZoneID) {
        freeUnits.insert(unit.index, responder: responder.index, zone: zone.index)
    }

    /// Unlists `unit` (of type `responder`), free in `zone`.
    @inline(__always) mutating func unlistFree(_ unit: UnitID, responder: ResponderID, zone: ZoneID) {
        freeUnits.remove(unit.index, responder: responder.index, zone: zone.index)
    }

    /// A responder type comes on or goes off duty (its units are listed and unlisted by the caller).
    mutating func setOnDuty(_ responder: ResponderID, _ onDuty: Bool) {
        self.onDuty[responder] = onDuty
    }
}
