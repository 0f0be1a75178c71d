// FutureEventList.swift: the pending events of one simulation: a 4-ary min-heap of small keys, and
// a first-in-first-out lane for events scheduled in time order, over slot storage for the
// payloads, with lazy cancellation.

/// The future-event list: every event scheduled and not yet run or cancelled.
///
/// Events are ordered by the key (time, priority, sequence number): earlier time first, then the
/// lower priority value, then the order in which they were scheduled. Heap order of equal keys is
/// unspecified, so the sequence number, unique within a list, makes the order total and every run
/// reproducible to the bit.
///
/// The heap holds 24-byte entries (time, the priority and sequence number packed into one
/// `UInt64`, and a slot index); the payloads live in slots recycled through an intrusive free list.
/// Both are raw buffers whose addresses and counts sit in this noncopyable struct, one load away
/// from the simulation loop: a list has one owner, so no operation checks for sharing, and
/// `deinit` frees the buffers. Once the buffers have grown to the largest number of pending
/// events, scheduling and running an event allocate nothing.
///
/// Events scheduled with ``insertInOrder(_:at:priority:)`` that are not earlier than the last
/// event in the lane join the lane, a ring buffer kept in order, instead of the heap: O(1) each
/// way. An arrival stream schedules each call just after the previous one is handled, earlier
/// than almost everything in the heap, so through the heap it would rise to the top and sink
/// back, the two most expensive heap operations. The first event is the earlier of the heap's top
/// and the lane's head, so the order of events, and every result, is the same as with the heap
/// alone.
///
/// Cancelling frees the slot at once and leaves the heap or lane entry behind; a stale entry is
/// recognised (its key no longer matches its slot's) and dropped when it reaches the top or the
/// head, and the heap is compacted when stale entries outnumber live ones.
@usableFromInline
struct FutureEventList<Event>: ~Copyable {
    /// One heap entry: where and when, not what. A trivial type, so its buffer needs no
    /// initialization or deinitialization.
    @usableFromInline
    struct Entry {
        /// The time as an unsigned integer that orders as the times do (sign bit flipped for
        /// times >= 0, every bit flipped for times < 0; -0 is stored as +0), so that the heap
        /// compares entries as 128-bit integers, without branches on floating-point compares.
        @usableFromInline var order: UInt64
        /// `(priority + 2^15) << 48 | sequence`: compares as (priority, sequence).
        @usableFromInline var key: UInt64
        @usableFromInline var slot: Int32

        @inlinable
        init(time: Double, key: UInt64, slot: Int32) {
            let bits = (time + 0).bitPattern
            order = bits >> 63 == 0 ? bits | 1 << 63 : ~bits
            self.key = key
            self.slot = slot
        }

        /// The event's time.
        @inlinable
        var time: Double {
            Double(bitPattern: order >> 63 == 1 ? order & ~(1 << 63) : ~order)
        }

        /// Strictly earlier in the total order (time, priority, sequence).
        @inlinable @inline(__always)
        func precedes(_ other: Entry) -> Bool {
            (UInt128(order) << 64 | UInt128(key)) < (UInt128(other.order) << 64 | UInt128(other.key))
        }
    }

    /// Storage for one payload. `key` is the key of the event the slot holds, or 0 when the slot
    /// is free; `inLane` says whether its entry is in the lane or the heap; a free slot's
    /// `nextFree` links the free list (-1 ends it).
    @usableFromInline
    struct Slot {
        @usableFromInline var key: UInt64
        @usableFromInline var nextFree: Int32
        @usableFromInline var inLane = false
        @usableFromInline var event: Event?

        @inlinable
        init(key: UInt64, nextFree: Int32, event: Event?) {
            self.key = key
            self.nextFree = nextFree
            self.event = event
        }
    }

    /// The smallest and largest priority an event may have.
    @usableFromInline static var priorityRange: ClosedRange<Int> { -32_768...32_767 }
    /// Sequence numbers use the low 48 bits of a key.
    @usableFromInline static var sequenceBits: UInt64 { 48 }

    /// Heap entries; `0..<entryCount` are initialized.
    @usableFromInline var entries: UnsafeMutablePointer<Entry>
    @usableFromInline var entryCount = 0
    @usableFromInline var entryCapacity: Int
    /// Payload slots, all `slotCapacity` initialized: each holds a pending event or is free.
    @usableFromInline var slots: UnsafeMutablePointer<Slot>
    @usableFromInline var slotCapacity: Int
    /// The first free slot, or -1.
    @usableFromInline var firstFree: Int32
    /// The next sequence number; starts at 1 so that no live key is 0.
    @usableFromInline var nextSequence: UInt64 = 1
    /// Heap entries whose events were cancelled.
    @usableFromInline var staleCount = 0
    /// The lane: `laneCount` entries in order from `laneHead`, in a ring of `laneCapacity` (a power
    /// of two) entries; `laneStale` of them are stale.
    @usableFromInline var lane: UnsafeMutablePointer<Entry>
    @usableFromInline var laneHead = 0
    @usableFromInline var laneCount = 0
    @usableFromInline var laneCapacity: Int
    @usableFromInline var laneStale = 0

    @inlinable
    init() {
        let capacity = 16
        entryCapacity = capacity
        slotCapacity = capacity
        entries = .allocate(capacity: capacity)
        slots = .allocate(capacity: capacity)
        Self.initializeFreeSlots(slots, 0..<capacity, thenFree: -1)
        firstFree = 0
        laneCapacity = 4
        lane = .allocate(capacity: laneCapacity)
    }

    @inlinable
    deinit {
        slots.deinitialize(count: slotCapacity)
        slots.deallocate()
        entries.deallocate()
        lane.deallocate()
    }

    /// The number of events scheduled and neither run nor cancelled.
    /// - Complexity: O(1).
    @inlinable
    var count: Int { entryCount - staleCount + laneCount - laneStale }

    /// Adds an event.
    /// - Precondition: `priority` is in `priorityRange` and fewer than 2^48 events were scheduled
    ///   on this list.
    /// - Complexity: O(log n) comparisons; amortized O(1) allocations, none once the buffers have
    ///   reached the largest number of pending events.
    @inlinable @inline(__always)
    mutating func insert(_ event: Event, at time: Double, priority: Int) -> EventHandle {
        let key = nextKey(priority: priority)
        let slot = occupySlot(key: key, event: event, inLane: false)
        push(Entry(time: time, key: key, slot: slot))
        checkInvariants()
        return EventHandle(slot: slot, key: key)
    }

    /// Adds an event that is usually not earlier than the last one added this way (the arrivals
    /// of one stream): it joins the lane when it is not earlier than the lane's last entry, and
    /// the heap otherwise. Either way it runs in its place in the total order.
    /// - Precondition: as ``insert(_:at:priority:)``.
    /// - Complexity: O(1) when it joins the lane (amortized, for the lane's growth); else as
    ///   ``insert(_:at:priority:)``.
    @inlinable @inline(__always)
    mutating func insertInOrder(_ event: Event, at time: Double, priority: Int) -> EventHandle {
        let key = nextKey(priority: priority)
        let joinsLane = laneCount == 0
            || !Entry(time: time, key: key, slot: 0).precedes(lane[(laneHead &+ laneCount &- 1) & (laneCapacity &- 1)])
        let slot = occupySlot(key: key, event: event, inLane: joinsLane)
        if joinsLane {
            appendToLane(Entry(time: time, key: key, slot: slot))
        } else {
            push(Entry(time: time, key: key, slot: slot))
        }
        checkInvariants()
        return EventHandle(slot: slot, key: key)
    }

    /// The key of the next event scheduled with `priority`, which takes the next sequence number.
    /// - Precondition: as ``insert(_:at:priority:)``.
    @inlinable @inline(__always)
    mutating func nextKey(priority: Int) -> UInt64 {
        precondition(Self.priorityRange.contains(priority),
                     "event priority \(priority) is outside \(Self.priorityRange)")
        precondition(nextSequence < 1 << Self.sequenceBits, "more than 2^48 events scheduled")
        let key = UInt64(truncatingIfNeeded: priority &- Self.priorityRange.lowerBound) << Self.sequenceBits
            | nextSequence
        nextSequence &+= 1
        return key
    }

    /// Whether the handle's event is still pending.
    /// - Complexity: O(1).
    @inlinable
    func contains(_ handle: EventHandle) -> Bool {
        Int(handle.slot) < slotCapacity && slots[Int(handle.slot)].key == handle.key
    }

    /// Removes the handle's event if it is still pending; returns whether it was.
    /// - Complexity: amortized O(1): the heap entry is dropped later, and compaction, O(n), runs
    ///   only after at least n/2 cancellations.
    @inlinable
    mutating func cancel(_ handle: EventHandle) -> Bool {
        guard contains(handle) else { return false }
        let inLane = slots[Int(handle.slot)].inLane
        _ = releaseSlot(handle.slot)
        if inLane {
            laneStale += 1
        } else {
            staleCount += 1
            if staleCount >= 32 && staleCount > entryCount / 2 {
                compact()
            }
        }
        checkInvariants()
        return true
    }

    /// The first pending entry (its time and key) and whether it is the lane's head (not the heap's
    /// top), or nil when no event is pending. Drops stale entries from the top of the heap and the
    /// head of the lane on the way, which is why it is mutating.
    /// - Complexity: O(1), plus O(log n) for each stale entry dropped from the heap.
    @inlinable @inline(__always)
    mutating func peekFirst() -> (entry: Entry, inLane: Bool)? {
        dropStaleFirsts()
        if firstIsInLane() { return (lane[laneHead], true) }
        guard entryCount > 0 else { return nil }
        return (entries[0], false)
    }

    /// Whether an entry's event is still pending: a cancelled or run event's slot was freed, and
    /// perhaps reused under another key.
    @inlinable @inline(__always)
    func isLive(_ entry: Entry) -> Bool {
        slots[Int(entry.slot)].key == entry.key
    }

    /// Drops stale entries from the top of the heap and the head of the lane. Whether the first of
    /// each is stale is seen here, inlined: usually it is live, though stale entries wait deeper.
    /// (A stale entry is in the heap or the lane, so `staleCount > 0` means the heap is not empty,
    /// and `laneStale > 0` the lane.)
    @inlinable @inline(__always)
    mutating func dropStaleFirsts() {
        if staleCount > 0 && !isLive(entries[0]) { dropStaleTop() }
        if laneStale > 0 && !isLive(lane[laneHead]) { dropStaleHead() }
    }

    /// Drops stale entries from the top of the heap.
    @inlinable
    mutating func dropStaleTop() {
        while entryCount > 0 && !isLive(entries[0]) {
            removeTop()
            staleCount -= 1
        }
    }

    /// Whether the first event is the lane's head rather than the heap's top.
    /// - Precondition: neither has a stale entry first, and the list is not empty.
    @inlinable @inline(__always)
    func firstIsInLane() -> Bool {
        laneCount > 0 && !(entryCount > 0 && entries[0].precedes(lane[laneHead]))
    }

    /// Removes and returns the first event, `inLane` saying where it is, as ``peekFirst()`` found.
    /// - Precondition: ``peekFirst()`` was called since the list last changed, returned an entry,
    ///   and `inLane` is what it returned with it.
    /// - Complexity: O(log n) from the heap, O(1) from the lane.
    @inlinable @inline(__always)
    mutating func removeFirst(inLane: Bool) -> Event {
        let slot: Int32
        if inLane {
            slot = lane[laneHead].slot
            removeLaneHead()
        } else {
            slot = entries[0].slot
            removeTop()
        }
        let event = releaseSlot(slot).unsafelyUnwrapped
        checkInvariants()
        return event
    }
}
