// FreeUnitIndex+Invariants.swift: the structure the free-unit index relies on, checked in debug
// builds (as swift-collections' Heap+Invariants.swift does). Release builds check nothing. As for
// the event list, a full check, O(words + units), runs once every 4 x (words + units) changes, 256
// at least: O(1) amortized per change.

extension FreeUnitIndex {
    /// In debug builds, counts a change and checks every invariant once every 4 x (words + units)
    /// changes, 256 at least; does nothing in release builds.
    /// - Complexity: O(1) amortized in debug builds.
    @inline(__always)
    mutating func checkInvariants() {
        #if DEBUG
        changes &+= 1
        if changes % (4 * max(64, words.count + place.count)) == 0 { checkAllInvariants() }
        #endif
    }

    /// - Bitset types: a summary bit is set exactly when its word is not zero; every set bit is a
    ///   unit of that type, listed (place 0), in one zone only; every listed unit has a bit.
    /// - Heap types: every heap is in order (no unit below a larger parent), and each unit's
    ///   place is its index in its heap.
    func checkAllInvariants() {
        var seen = Array(repeating: 0, count: place.count)
        for responder in wordsPerSet.indices {
            for zone in 0..<zoneCount {
                let set = responder * zoneCount + zone
                let base = sets[set].base
                if base >= 0 {
                    for word in 0..<wordsPerSet[responder] {
                        let bits = words[sets[set].wordStart + word]
                        let summaryBit = summary[sets[set].summaryStart + word >> 6] >> UInt64(word & 63) & 1
                        precondition((bits != 0) == (summaryBit == 1),
                                     "free units: type \(responder), zone \(zone): summary bit of word \(word) is \(summaryBit), word \(bits)")
                        var rest = bits
                        while rest != 0 {
                            let unit = base + word << 6 + rest.trailingZeroBitCount
                            precondition(unit < place.count && place[unit] == 0,
                                         "free units: unit \(unit) has a bit in type \(responder), zone \(zone) but is not listed")
                            seen[unit] += 1
                            rest &= rest - 1
                        }
                    }
                } else {
                    let heap = heaps[set]
                    for (i, unit) in heap.enumerated() {
                        precondition(i == 0 || heap[(i - 1) / 2] < unit,
                                     "free units: type \(responder), zone \(zone): heap out of order at \(i)")
                        precondition(place[Int(unit)] == Int32(i), "free units: unit \(unit)'s place is not \(i)")
                        seen[Int(unit)] += 1
                    }
                }
            }
        }
        for unit in place.indices {
            precondition(seen[unit] == (place[unit] >= 0 ? 1 : 0),
                         "free units: unit \(unit) is in \(seen[unit]) sets, listed \(place[unit] >= 0)")
        }
    }
}
