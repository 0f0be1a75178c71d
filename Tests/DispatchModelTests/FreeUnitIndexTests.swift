// FreeUnitIndexTests.swift: the index of free units by responder type and zone, against a plain
// set, through random listings, unlistings and moves.

@testable import DispatchModel
import DispatchRandom
import Testing

@Suite("Free-unit index")
struct FreeUnitIndexTests {
    /// Bitsets for every type, heaps for every type, and a mix: with a budget of 320 words, type 0's
    /// 5000 units (79 words a zone, two summary words, 316 in all) and type 2's 20 have bitsets,
    /// type 1's 6000 (94 a zone, 376 in all) heaps.
    @Test("The lowest-numbered free unit of each type and zone matches a plain set's, after every operation",
          arguments: [(300, Int.max), (300, 0), (11_020, 320)])
    func againstASet(units: Int, budget: Int) {
        let types = 3, zones = 4
        // Interleaved types when small; contiguous blocks (as the model numbers units) when large.
        let responderOf = units < 1000 ? (0..<units).map { $0 % types }
            : (0..<units).map { $0 < 5000 ? 0 : $0 < 11_000 ? 1 : 2 }
        var index = FreeUnitIndex(responderCount: types, zoneCount: zones, unitResponders: responderOf,
                                  bitsetBudgetWords: budget)
        var zoneOf = [Int?](repeating: nil, count: units)
        let stream = StreamSeeder(seed: 7).stream(purpose: 0, replication: 0)
        for step in 0..<20_000 {
            let unit = Int(stream.uniform() * Double(units))
            let r = responderOf[unit]
            if let zone = zoneOf[unit] {
                index.remove(unit, responder: r, zone: zone)
                zoneOf[unit] = nil
                if stream.uniform() < 0.5 {
                    let to = Int(stream.uniform() * Double(zones))
                    index.insert(unit, responder: r, zone: to)
                    zoneOf[unit] = to
                }
            } else {
                let zone = Int(stream.uniform() * Double(zones))
                index.insert(unit, responder: r, zone: zone)
                zoneOf[unit] = zone
            }
            #expect(index.contains(unit) == (zoneOf[unit] != nil))
            if step % (units < 1000 ? 97 : 997) == 0 {
                for t in 0..<types {
                    for z in 0..<zones {
                        let expected = (0..<units).first { responderOf[$0] == t && zoneOf[$0] == z }
                        #expect(index.first(responder: t, zone: z).map(Int.init) == expected, "type \(t), zone \(z), step \(step)")
                    }
                }
            }
        }
        // Unlisting a unit that is not listed does nothing.
        let unlisted = zoneOf.firstIndex { $0 == nil }!
        index.remove(unlisted, responder: responderOf[unlisted], zone: 0)
        let listed = index.contains(unlisted)  // #expect cannot take a noncopyable value as a call's base
        #expect(!listed)
    }
}
