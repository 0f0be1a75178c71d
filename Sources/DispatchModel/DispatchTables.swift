// DispatchTables.swift: what the dispatch model reads on every call, laid out flat (one array per
// quantity, indexed by call type, responder type and zone), so that handling a call copies no
// nested arrays; and the index of free units by responder type and zone.

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
    let outcomes: [OutcomeModel?]
    let repeats: [RepeatModel?]
    let backups: [BackupModel?]
    /// Per call type (routing reads these for the coded type).
    let priority: [Int]
    let eligible: [[Int]]
    let fallback: [Fallback?]
    let unitsNeeded: [Int]
    let isCrisisType: [Bool]
    /// Per responder type: whether it is a crisis response (crisis team or co-responder).
    let isCrisisResponder: [Bool]

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
        outcomes = city.callTypes.flatMap(\.outcomes)
        repeats = city.callTypes.flatMap(\.repeats)
        backups = city.callTypes.flatMap(\.backups)
        priority = city.callTypes.map(\.priority)
        eligible = city.callTypes.map(\.eligible)
        fallback = city.callTypes.map(\.fallback)
        unitsNeeded = city.callTypes.map(\.unitsNeeded)
        isCrisisType = city.callTypes.map(\.isCrisis)
        isCrisisResponder = city.responders.map(\.kind.isCrisisResponse)
        precondition(onScene.count == city.callTypes.count * responders
                     && outcomes.count == onScene.count && repeats.count == onScene.count
                     && backups.count == onScene.count, "per-responder lists must cover every responder type")
    }

    /// Travel minutes from one zone to another.
    @inline(__always) func travelMinutes(from: Int, to: Int) -> Double {
        travel[from * zoneCount + to]
    }
}

/// The free units of each responder type in each zone, each set a binary min-heap of unit numbers
/// with every unit's place in its heap recorded, so that the lowest-numbered free unit in a zone
/// is found at once and listing or unlisting a unit takes O(log n) in the units of the zone: the
/// cost of a dispatch does not grow with the size of the fleet. Memory is one entry per unit plus
/// one list per (responder type, zone).
struct FreeUnitIndex {
    private let zoneCount: Int
    /// The heap of (responder, zone) at `responder * zoneCount + zone`.
    private var heaps: [[Int32]]
    /// Each unit's place in its heap; -1 when it is not listed.
    private var place: [Int32]

    init(responderCount: Int, zoneCount: Int, unitCount: Int) {
        self.zoneCount = zoneCount
        heaps = Array(repeating: [], count: responderCount * zoneCount)
        place = Array(repeating: -1, count: unitCount)
    }

    /// The lowest-numbered free unit of the responder type in the zone.
    @inline(__always) func first(responder: Int, zone: Int) -> Int32? {
        heaps[responder * zoneCount + zone].first
    }

    /// Whether the unit is listed as free.
    func contains(_ unit: Int) -> Bool { place[unit] >= 0 }

    /// Lists a unit as free in a zone.
    /// - Precondition: the unit is not listed.
    mutating func insert(_ unit: Int, responder: Int, zone: Int) {
        precondition(place[unit] < 0, "unit \(unit) is already listed as free")
        let h = responder * zoneCount + zone
        heaps[h].append(Int32(unit))
        let last = heaps[h].count - 1
        heaps[h].withUnsafeMutableBufferPointer { heap in
            place.withUnsafeMutableBufferPointer { place in
                Self.siftUp(heap, place, from: last)
            }
        }
    }

    /// Unlists a unit from the zone where it is listed; does nothing if it is not listed.
    mutating func remove(_ unit: Int, responder: Int, zone: Int) {
        let i = Int(place[unit])
        guard i >= 0 else { return }
        let h = responder * zoneCount + zone
        place[unit] = -1
        let last = heaps[h].removeLast()
        guard i < heaps[h].count else { return }
        heaps[h].withUnsafeMutableBufferPointer { heap in
            place.withUnsafeMutableBufferPointer { place in
                heap[i] = last
                place[Int(last)] = Int32(i)
                // The moved unit goes down if it is larger than a child, else up if smaller than
                // its parent (it can do only one of the two).
                if !Self.siftDown(heap, place, from: i) { Self.siftUp(heap, place, from: i) }
            }
        }
    }

    private static func siftUp(_ heap: UnsafeMutableBufferPointer<Int32>, _ place: UnsafeMutableBufferPointer<Int32>,
                               from start: Int) {
        var i = start
        let unit = heap[i]
        while i > 0 {
            let parent = (i - 1) / 2
            let above = heap[parent]
            guard unit < above else { break }
            heap[i] = above
            place[Int(above)] = Int32(i)
            i = parent
        }
        heap[i] = unit
        place[Int(unit)] = Int32(i)
    }

    /// Returns whether the unit moved.
    @discardableResult
    private static func siftDown(_ heap: UnsafeMutableBufferPointer<Int32>, _ place: UnsafeMutableBufferPointer<Int32>,
                                 from start: Int) -> Bool {
        let count = heap.count
        var i = start
        let unit = heap[i]
        while true {
            var child = 2 * i + 1
            guard child < count else { break }
            if child + 1 < count && heap[child + 1] < heap[child] { child += 1 }
            let below = heap[child]
            guard below < unit else { break }
            heap[i] = below
            place[Int(below)] = Int32(i)
            i = child
        }
        heap[i] = unit
        place[Int(unit)] = Int32(i)
        return i != start
    }
}
