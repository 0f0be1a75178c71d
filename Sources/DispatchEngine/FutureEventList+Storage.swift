// FutureEventList+Storage.swift: the future-event list's memory: slot recycling and growth.

extension FutureEventList {
    /// Initializes `range` of `slots` as free slots linked in order, the last pointing at `next`.
    @inlinable
    static func initializeFreeSlots(_ slots: UnsafeMutablePointer<Slot>, _ range: Range<Int>, thenFree next: Int32) {
        for index in range {
            let link = index + 1 < range.upperBound ? Int32(truncatingIfNeeded: index + 1) : next
            (slots + index).initialize(to: Slot(key: 0, nextFree: link, event: nil))
        }
    }

    /// Puts an event in a free slot, growing the slots when none is free, and returns the slot.
    /// - Complexity: O(1), amortized over growth.
    @inlinable @inline(__always)
    mutating func occupySlot(key: UInt64, event: Event, inLane: Bool) -> Int32 {
        if firstFree < 0 { growSlots() }
        let slot = firstFree
        firstFree = slots[Int(slot)].nextFree
        slots[Int(slot)].key = key
        slots[Int(slot)].inLane = inLane
        slots[Int(slot)].event = event
        return slot
    }

    /// Frees an occupied slot and returns the event it held.
    /// - Complexity: O(1).
    @inlinable @inline(__always)
    mutating func releaseSlot(_ slot: Int32) -> Event? {
        // An event without references (a trivial type) is copied out and left in the free slot,
        // which its key of 0 marks free: writing nil over it cost five stores an event. Any other
        // event is taken out, so that the list holds no reference to what it refers to.
        let event = _isPOD(Event.self) ? slots[Int(slot)].event : slots[Int(slot)].event.take()
        slots[Int(slot)].key = 0
        slots[Int(slot)].nextFree = firstFree
        firstFree = slot
        return event
    }

    /// Doubles the entry buffer.
    /// - Complexity: O(n).
    @usableFromInline
    mutating func growEntries() {
        let capacity = entryCapacity * 2
        let grown = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
        grown.moveInitialize(from: entries, count: entryCount)
        entries.deallocate()
        entries = grown
        entryCapacity = capacity
    }

    /// Doubles the slot buffer; the new slots join the free list.
    /// - Precondition: fewer than 2^30 slots.
    /// - Complexity: O(n).
    @usableFromInline
    mutating func growSlots() {
        precondition(slotCapacity < 1 << 30, "more than 2^30 pending events")
        let capacity = slotCapacity * 2
        let grown = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        grown.moveInitialize(from: slots, count: slotCapacity)
        Self.initializeFreeSlots(grown, slotCapacity..<capacity, thenFree: firstFree)
        firstFree = Int32(truncatingIfNeeded: slotCapacity)
        slots.deallocate()
        slots = grown
        slotCapacity = capacity
    }
}
