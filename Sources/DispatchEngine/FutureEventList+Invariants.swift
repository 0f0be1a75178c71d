// FutureEventList+Invariants.swift: the structure the future-event list relies on, checked in debug
// builds (as swift-collections' Heap+Invariants.swift does), so that the test suite, which runs
// debug builds, catches a broken heap, lane or free list near where it breaks rather than as a
// wrong result later. Release builds check nothing.
//
// A full check costs O(n); run after every change it made the debug test suite seven times
// slower (30 s to 221 s), and every `slotCapacity` insertions doubled the ThreadSanitizer run
// (161 to 320 s). So a list checks itself in full once every 4 x `slotCapacity` insertions (64 at
// least): O(1) amortized per event, and a broken list is caught within a few passes over its
// size.

extension FutureEventList {
    /// In debug builds, checks every invariant of the list once every 4 x `slotCapacity`
    /// insertions; does nothing in release builds.
    /// - Complexity: O(1) amortized in debug builds.
    @inlinable @inline(__always)
    func checkInvariants() {
        #if DEBUG
        if nextSequence & UInt64(4 * slotCapacity - 1) == 0 { checkAllInvariants() }
        #endif
    }

    /// - The heap is in order: no entry precedes its parent.
    /// - The lane is in order: no entry precedes the one before it; its capacity is a power of two.
    /// - `staleCount` and `laneStale` count the entries whose slot no longer holds their key.
    /// - Every occupied slot is the slot of exactly one live entry, in the lane when the slot says
    ///   so and in the heap otherwise; `count` counts them.
    /// - The free list links exactly the free slots, once each.
    @usableFromInline
    func checkAllInvariants() {
        precondition(entryCount >= 0 && entryCount <= entryCapacity && laneCount >= 0 && laneCount <= laneCapacity,
                     "event list: counts out of range")
        precondition(laneCapacity > 0 && laneCapacity & (laneCapacity - 1) == 0, "event list: lane capacity \(laneCapacity)")
        var liveEntries = Array(repeating: 0, count: slotCapacity)
        var stale = 0
        for i in 0..<entryCount {
            if i > 0 {
                precondition(!entries[i].precedes(entries[(i - 1) / Self.arity]), "event list: heap entry \(i) precedes its parent")
            }
            if isLive(entries[i]) {
                precondition(!slots[Int(entries[i].slot)].inLane, "event list: heap entry \(i)'s slot says lane")
                liveEntries[Int(entries[i].slot)] += 1
            } else {
                stale += 1
            }
        }
        precondition(stale == staleCount, "event list: \(stale) stale heap entries, counted \(staleCount)")
        stale = 0
        for k in 0..<laneCount {
            let entry = lane[(laneHead + k) & (laneCapacity - 1)]
            if k > 0 {
                precondition(!entry.precedes(lane[(laneHead + k - 1) & (laneCapacity - 1)]),
                             "event list: lane entry \(k) precedes the one before it")
            }
            if isLive(entry) {
                precondition(slots[Int(entry.slot)].inLane, "event list: lane entry \(k)'s slot says heap")
                liveEntries[Int(entry.slot)] += 1
            } else {
                stale += 1
            }
        }
        precondition(stale == laneStale, "event list: \(stale) stale lane entries, counted \(laneStale)")
        var occupied = 0
        for s in 0..<slotCapacity where slots[s].key != 0 {
            occupied += 1
            precondition(liveEntries[s] == 1, "event list: occupied slot \(s) has \(liveEntries[s]) live entries")
        }
        precondition(occupied == count, "event list: \(occupied) occupied slots, count \(count)")
        var free = 0
        var next = firstFree
        while next >= 0 {
            precondition(Int(next) < slotCapacity && slots[Int(next)].key == 0, "event list: free list reaches slot \(next)")
            free += 1
            precondition(free <= slotCapacity, "event list: the free list has a cycle")
            next = slots[Int(next)].nextFree
        }
        precondition(free + occupied == slotCapacity, "event list: \(free) free and \(occupied) occupied of \(slotCapacity) slots")
    }
}
