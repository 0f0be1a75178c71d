// RouterTests.swift: the Router driven directly: which responder types a call may go to, and which
// free unit is the closest, with calls placed by hand rather than drawn.

import DispatchRandom
import Testing
@testable import DispatchModel

/// Three zones on a line, a and c 10 minutes from b, 20 from each other; "police" with one unit in
/// a and two in c (units 0, 1, 2), "team" with one unit in b (unit 3). Call type 0 is eligible for
/// the team with a 5-minute fallback to police; type 1 for police only.
private func lineCity(teamUnits: Int = 1, teamCoverage: Coverage? = nil) throws -> CityConfiguration {
    let onScene = try Distribution.constant(30)
    return CityConfiguration(
        zones: ["a", "b", "c"].map { Zone(name: $0, callShare: 1.0 / 3) },
        travelMinutes: [[2, 10, 20], [10, 2, 10], [20, 10, 2]], turnout: nil,
        responders: [ResponderType(name: "police", unitsPerZone: [1, 0, 2], costPerUnitHour: nil),
                     ResponderType(name: "team", kind: .crisisTeam, unitsPerZone: [0, teamUnits, 0], costPerUnitHour: nil,
                                   coverage: teamCoverage)],
        callTypes: [CallType(name: "crisis", share: 0.5, priority: 2, eligible: [1],
                             fallback: Fallback(afterMinutes: 5, to: [0]), onScene: [onScene, onScene]),
                    CallType(name: "theft", share: 0.5, priority: 3, eligible: [0], fallback: nil, onScene: [onScene, nil])],
        callsPerHour: 1, hourOfDayProfile: nil, horizonMinutes: 1440, warmupMinutes: 0)
}

private func router(_ city: CityConfiguration) -> Router {
    Router(city: city, tables: DispatchTables(city: city),
           units: city.unitHomes.map { (ResponderID($0.responder), ZoneID($0.zone)) })
}

private let police = ResponderID(0), team = ResponderID(1)
private let a = ZoneID(0), b = ZoneID(1), c = ZoneID(2)
private let crisis = CallTypeID(0), theft = CallTypeID(1)
private let unit = (0...3).map(UnitID.init)

@Suite("Router")
struct RouterTests {
    @Test("Units are numbered by type, then home zone")
    func numbering() throws {
        #expect(try lineCity().unitHomes.map { [$0.responder, $0.zone] } == [[0, 0], [0, 2], [0, 2], [1, 1]])
    }

    @Test("The closest free unit of the first type that has one; ties to the lower zone, then the lower unit")
    func closest() throws {
        var r = router(try lineCity())
        #expect(r.closestFreeUnit(types: [police], zone: a) == unit[0])
        #expect(r.closestFreeUnit(types: [police], zone: c) == unit[1])
        // From b, a and c are both 10 minutes away: zone a first.
        #expect(r.closestFreeUnit(types: [police], zone: b) == unit[0])
        #expect(r.closestFreeUnit(types: [team, police], zone: a) == unit[3])
        r.unlistFree(unit[0], responder: police, zone: a)
        #expect(r.closestFreeUnit(types: [police], zone: b) == unit[1])
        r.unlistFree(unit[1], responder: police, zone: c)
        r.unlistFree(unit[2], responder: police, zone: c)
        #expect(r.closestFreeUnit(types: [police], zone: b) == nil)
        // A freed unit is listed in the zone of its last call.
        r.listFree(unit[2], responder: police, zone: b)
        #expect(r.closestFreeUnit(types: [police], zone: a) == unit[2])
        r.unlistFree(unit[3], responder: team, zone: b)
        #expect(r.closestFreeUnit(types: [team, police], zone: b) == unit[2])
    }

    @Test("A call waits for its eligible types and their fallback; with none on duty or bought, it goes straight to the fallback")
    func routes() throws {
        var r = router(try lineCity())
        #expect(Array(r.route(codedType: crisis).types) == [team] && r.route(codedType: crisis).waitsForFallback)
        #expect(Array(r.route(codedType: theft).types) == [police] && !r.route(codedType: theft).waitsForFallback)
        r.changeUnitsOnDuty(team, by: -1)
        #expect(Array(r.route(codedType: crisis).types) == [police] && !r.route(codedType: crisis).waitsForFallback)
        let none = router(try lineCity(teamUnits: 0))
        #expect(Array(none.route(codedType: crisis).types) == [police] && !none.route(codedType: crisis).waitsForFallback)
    }

    @Test("A type whose hours start later is off duty at time 0, and its units are not listed; one whose night shift started the day before is on")
    func offDutyAtStart() throws {
        // 09:00 to 01:00: Sunday's window runs to Monday 01:00, so the type is on duty at time 0.
        #expect(router(try lineCity(teamCoverage: Coverage(fromMinute: 540, toMinute: 60))).onDuty[team])
        let r = router(try lineCity(teamCoverage: Coverage(fromMinute: 540, toMinute: 1020)))
        #expect(!r.onDuty[team] && r.onDuty[police])
        #expect(r.closestFreeUnit(types: [team], zone: b) == nil)
        #expect(Array(r.route(codedType: crisis).types) == [police])
    }
}

/// The line city with one police unit based in each zone (units 0, 1, 2 in a, b, c) under `policy`.
private func districtCity(_ policy: DispatchPolicy) throws -> CityConfiguration {
    let onScene = try Distribution.constant(30)
    return CityConfiguration(
        zones: ["a", "b", "c"].map { Zone(name: $0, callShare: 1.0 / 3) },
        travelMinutes: [[2, 10, 20], [10, 2, 10], [20, 10, 2]], turnout: nil,
        responders: [ResponderType(name: "police", unitsPerZone: [1, 1, 1], costPerUnitHour: nil, policy: policy)],
        callTypes: [CallType(name: "theft", share: 1, priority: 3, eligible: [0], fallback: nil, onScene: [onScene])],
        callsPerHour: 1, hourOfDayProfile: nil, horizonMinutes: 1440, warmupMinutes: 0)
}

@Suite("Router: dispatch policies")
struct RouterPolicyTests {
    @Test("District first: the call's own district unit, even when another is closer; others only after cross_after and within max_travel")
    func districtFirst() throws {
        let plainCity = try districtCity(DispatchPolicy(cutoff: .init(priority: 9, reserve: 0)))
        var plain = router(plainCity)
        var district = router(try districtCity(DispatchPolicy(districtFirst: .init(crossAfter: [2: 5], maxTravel: 12))))
        // Unit 1 (based in b) is free in a, where its last call was.
        plain.unlistFree(unit[1], responder: police, zone: b)
        plain.listFree(unit[1], responder: police, zone: a)
        district.unlistFree(unit[1], responder: police, zone: b)
        district.listFree(unit[1], responder: police, zone: a)
        // A call in b: units 0 and 1 are both 10 minutes away in a; the lower number wins, unless
        // the district comes first.
        #expect(plain.unit(types: [police], zone: b, priority: 2, waited: 0) == unit[0])
        #expect(district.unit(types: [police], zone: b, priority: 2, waited: 0) == unit[1])
        district.unlistFree(unit[1], responder: police, zone: a)
        // With b's unit busy, a priority-2 call waits 5 minutes before unit 0 (10 minutes away) may come.
        #expect(district.unit(types: [police], zone: b, priority: 2, waited: 4.9) == nil)
        #expect(district.unit(types: [police], zone: b, priority: 2, waited: 5) == unit[0])
        // Priorities not listed cross at once; a is beyond the 12-minute limit from c.
        #expect(district.unit(types: [police], zone: b, priority: 1, waited: 0) == unit[0])
        district.unlistFree(unit[2], responder: police, zone: c)
        district.unlistFree(unit[0], responder: police, zone: a)
        district.listFree(unit[2], responder: police, zone: c)
        #expect(district.unit(types: [police], zone: a, priority: 1, waited: 100) == nil)
        #expect(district.withinReach(police, from: c, to: b) && !district.withinReach(police, from: c, to: a))
    }

    @Test("Cutoff: calls of the cutoff priority or less urgent wait while no more than reserve units are free")
    func cutoff() throws {
        var city = router(try districtCity(DispatchPolicy(cutoff: .init(priority: 3, reserve: 1))))
        #expect(city.unit(types: [police], zone: a, priority: 3, waited: 0) == unit[0])
        city.unlistFree(unit[0], responder: police, zone: a)
        city.unlistFree(unit[1], responder: police, zone: b)
        // One unit free, reserve 1: priority 3 is held, priority 2 is not.
        #expect(city.unit(types: [police], zone: a, priority: 3, waited: 0) == nil)
        #expect(city.unit(types: [police], zone: a, priority: 2, waited: 0) == unit[2])
        // A freed unit counts itself: with one other free, it may take a held call.
        let mayTakeHeld = city.mayTake(priority: 3, police, home: a)
        #expect(mayTakeHeld)
        city.unlistFree(unit[2], responder: police, zone: c)
        #expect(!city.mayTake(priority: 3, police, home: a) && city.mayTake(priority: 2, police, home: a))
        // With district first, the reserve is counted in the district.
        var district = router(try districtCity(DispatchPolicy(districtFirst: .init(), cutoff: .init(priority: 3, reserve: 1))))
        #expect(district.unit(types: [police], zone: a, priority: 3, waited: 0) == nil)
        #expect(district.unit(types: [police], zone: a, priority: 1, waited: 0) == unit[0])
        let districtMayTakeHeld = district.mayTake(priority: 3, police, home: a)
        #expect(districtMayTakeHeld)
        district.unlistFree(unit[0], responder: police, zone: a)
        let districtMayTakeHeldNow = district.mayTake(priority: 3, police, home: a)
        #expect(!districtMayTakeHeldNow)
    }

    @Test("Officer-initiated activity is taken by a unit based in its zone while more than reserve are free there")
    func activityReserve() throws {
        var city = router(try districtCity(DispatchPolicy(districtFirst: .init())))
        #expect(city.activityUnit(police, zone: b, reserve: 0) == unit[1])
        #expect(city.activityUnit(police, zone: b, reserve: 1) == nil)
        city.unlistFree(unit[1], responder: police, zone: b)
        #expect(city.activityUnit(police, zone: b, reserve: 0) == nil)
    }

    @Test("Preemption: the closest unit on a preemptible call, only for urgent enough calls")
    func preemption() throws {
        var city = router(try districtCity(DispatchPolicy(preemption: .init(by: 1, of: 3))))
        #expect(city.isPreemptible(priority: 3, police) && !city.isPreemptible(priority: 2, police))
        city.listPreemptible(unit[2], responder: police, zone: c)
        city.listPreemptible(unit[0], responder: police, zone: a)
        #expect(city.preemptibleUnit(types: [police], zone: b, priority: 1) == unit[0])
        #expect(city.preemptibleUnit(types: [police], zone: c, priority: 1) == unit[2])
        #expect(city.preemptibleUnit(types: [police], zone: c, priority: 2) == nil)
        city.unlistPreemptible(unit[2], responder: police, zone: c)
        #expect(city.preemptibleUnit(types: [police], zone: c, priority: 1) == unit[0])
    }
}
