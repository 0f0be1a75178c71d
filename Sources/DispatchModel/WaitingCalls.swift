// WaitingCalls.swift: the calls waiting for a unit, and each responder type's queue of the calls it
// may take, most urgent first.

import DispatchEngine
import HeapModule

/// A call waiting for a unit.
struct WaitingCall {
    /// A number that no other waiting call has had: queue entries of a call that has left are
    /// told apart from those of a later call in the same slot.
    var sequence: UInt64
    var call: CallInfo
    var fallbackDue: EventHandle?
}

/// A queue entry: priority, then arrival, then arrival order.
struct QueuedCall: Comparable {
    let priority: Int
    let arrival: Double
    let sequence: UInt64
    let slot: Int32

    static func < (a: QueuedCall, b: QueuedCall) -> Bool {
        (a.priority, a.arrival, a.sequence) < (b.priority, b.arrival, b.sequence)
    }
}

/// The calls waiting for a unit: each in a slot (slots are reused once their call leaves), and per
/// responder type a queue of the calls it may take, ordered by priority (1 first), then arrival
/// time, then arrival order. A call may be in several types' queues; the first type to take it
/// takes it, and its entries in the other queues are skipped when they come up.
///
/// A type that dispatches district first has a queue per zone instead (the district's calls), and
/// a second queue per zone of the calls there that units of other districts may take.
///
/// Noncopyable: its fixed-size arrays (queues, their sizes, the crossing counts) are `FixedArray`s,
/// written without a check for a shared copy.
struct WaitingCalls: ~Copyable {
    private var slots: [WaitingCall?] = []
    /// Beside each slot: what a call bumped by a more urgent one still needs (nil for others).
    private var resumes: [ResumeInfo?] = []
    /// Beside each slot: the outcome draws of a call not yet served (when the city has outcomes).
    private var outcomeDraws: [OutcomeDraws?] = []
    private var freeSlots: [Int32] = []
    private var nextSequence: UInt64 = 0
    /// Per responder type, then per (type, zone) the district queues, then the crossing queues.
    private var queues: FixedArray<Heap<QueuedCall>>
    /// The number of entries (stale ones included) in each queue, so that an empty queue is seen
    /// without touching its heap (reading a heap in the array retained and released its storage,
    /// and a unit of a district-first type looks at every district's crossing queue).
    private var queueSizes: FixedArray<Int32>
    private let responderCount: Int
    private let zoneCount: Int
    private let districtFirst: [Bool]
    /// Calls waiting now.
    private(set) var count = 0
    /// Per responder type: entries in its crossing queues, stale ones included until they are
    /// dropped (0: a freed unit need not look at other districts).
    private(set) var crossingEntries: FixedArray<Int>
    /// Whether live calls in crossing queues are counted: when some type dispatches district first
    /// and there are at most 64 responder types (a slot's types are bits of one word).
    private let countsLiveCrossing: Bool
    /// Per crossing queue, the live calls in it (calls still waiting): a unit looking for a call of
    /// another district skips a queue that holds only stale entries, and such a queue is emptied.
    private var crossingLive: FixedArray<Int32>
    /// Per slot, the responder types whose crossing queue holds its call (bit r).
    private var crossingTypes: [UInt64] = []
    /// Whether ``crossingZones`` is kept: live calls are counted and there are at most 64 zones.
    let tracksCrossingZones: Bool
    /// Per responder type, the zones whose crossing queue holds a live call (bit z): a unit looks
    /// only at those.
    private(set) var crossingZones: FixedArray<UInt64>

    /// - Parameter districtFirst: per responder type, whether it queues calls by district.
    init(responderCount: Int, zoneCount: Int = 0, districtFirst: [Bool] = []) {
        self.responderCount = responderCount
        self.zoneCount = zoneCount
        self.districtFirst = districtFirst.isEmpty ? Array(repeating: false, count: responderCount) : districtFirst
        let queueCount = self.districtFirst.contains(true) ? responderCount * (1 + 2 * zoneCount) : responderCount
        queues = FixedArray(repeating: Heap<QueuedCall>(), count: queueCount)
        queueSizes = FixedArray(repeating: 0, count: queueCount)
        crossingEntries = FixedArray(repeating: 0, count: responderCount)
        countsLiveCrossing = self.districtFirst.contains(true) && responderCount <= 64
        crossingLive = FixedArray(repeating: 0, count: countsLiveCrossing ? responderCount * zoneCount : 0)
        tracksCrossingZones = countsLiveCrossing && zoneCount <= 64
        crossingZones = FixedArray(repeating: 0, count: responderCount)
    }

    /// The queue of a responder type (types without district queues).
    @inline(__always) func queue(_ responder: ResponderID) -> Int { responder.index }

    /// The district queue of a responder type in a zone.
    @inline(__always) func districtQueue(_ responder: ResponderID, _ zone: ZoneID) -> Int {
        responderCount + responder.index * zoneCount + zone.index
    }

    /// The queue of calls in a zone that units of the type from other districts may take.
    @inline(__always) func crossingQueue(_ responder: ResponderID, _ zone: ZoneID) -> Int {
        responderCount * (1 + zoneCount) + responder.index * zoneCount + zone.index
    }

    /// Whether queue `queue` holds any entry, stale ones included.
    @inline(__always) func hasEntries(inQueue queue: Int) -> Bool { queueSizes[queue] > 0 }

    /// Slots in use or freed so far: every waiting call is in `0..<slotCount`.
    var slotCount: Int { slots.count }

    /// The call in `slot`, if one is waiting there.
    subscript(slot: Int32) -> WaitingCall? { slots[Int(slot)] }

    /// Holds `call` in a slot (queued nowhere yet) and returns the slot.
    mutating func add(_ call: CallInfo) -> Int32 {
        let waiting = WaitingCall(sequence: nextSequence, call: call, fallbackDue: nil)
        nextSequence += 1
        count += 1
        if let slot = freeSlots.popLast() {
            slots[Int(slot)] = waiting
            return slot
        }
        slots.append(waiting)
        if countsLiveCrossing { crossingTypes.append(0) }
        if !resumes.isEmpty { resumes.append(nil) }
        if !outcomeDraws.isEmpty { outcomeDraws.append(nil) }
        return Int32(slots.count - 1)
    }

    /// What the call in `slot` still needs, when a more urgent call took its unit.
    func resume(_ slot: Int32) -> ResumeInfo? {
        resumes.isEmpty ? nil : resumes[Int(slot)]
    }

    /// Records what the call in `slot` still needs (a call bumped by a more urgent one).
    mutating func setResume(_ resume: ResumeInfo, slot: Int32) {
        if resumes.isEmpty { resumes = Array(repeating: nil, count: slots.count) }
        resumes[Int(slot)] = resume
    }

    /// The outcome draws of the call in `slot`, if it has them.
    func draws(_ slot: Int32) -> OutcomeDraws? {
        outcomeDraws.isEmpty ? nil : outcomeDraws[Int(slot)]
    }

    /// Keeps the outcome draws of the call in `slot` until it is served.
    mutating func setDraws(_ draws: OutcomeDraws, slot: Int32) {
        if outcomeDraws.isEmpty { outcomeDraws = Array(repeating: nil, count: slots.count) }
        outcomeDraws[Int(slot)] = draws
    }

    /// The call in `slot` is no longer waiting.
    mutating func remove(_ slot: Int32) {
        if countsLiveCrossing && crossingTypes[Int(slot)] != 0 { leaveCrossingQueues(slot) }
        slots[Int(slot)] = nil
        if !resumes.isEmpty { resumes[Int(slot)] = nil }
        if !outcomeDraws.isEmpty { outcomeDraws[Int(slot)] = nil }
        freeSlots.append(slot)
        count -= 1
    }

    /// Records the pending fallback event of the call in `slot`.
    mutating func setFallbackDue(_ handle: EventHandle?, slot: Int32) {
        slots[Int(slot)]!.fallbackDue = handle
    }

    /// Puts the call in `slot` in the queues of `types` (the district queue of its zone for types
    /// that dispatch district first), at `priority`.
    mutating func enqueue(_ slot: Int32, priority: Int, types: some Sequence<ResponderID>) {
        let waiting = slots[Int(slot)]!
        let entry = QueuedCall(priority: priority, arrival: waiting.call.arrival, sequence: waiting.sequence, slot: slot)
        for responder in types {
            let queue = districtFirst[responder] ? districtQueue(responder, waiting.call.zone) : responder.index
            queues[queue].insert(entry)
            queueSizes[queue] += 1
        }
    }

    /// Lets units of `responder` from other districts take the call in `slot`, at `priority`.
    mutating func allowCrossing(_ slot: Int32, priority: Int, responder: ResponderID) {
        let waiting = slots[Int(slot)]!
        let queue = crossingQueue(responder, waiting.call.zone)
        queues[queue].insert(QueuedCall(priority: priority, arrival: waiting.call.arrival, sequence: waiting.sequence, slot: slot))
        queueSizes[queue] += 1
        if countsLiveCrossing {
            let bit: UInt64 = 1 << UInt64(responder.index)
            if crossingTypes[Int(slot)] & bit == 0 {
                crossingTypes[Int(slot)] |= bit
                crossingLive[responder.index * zoneCount + waiting.call.zone.index] += 1
                if tracksCrossingZones { crossingZones[responder.index] |= 1 << UInt64(waiting.call.zone.index) }
            }
        }
        crossingEntries[responder] += 1
    }

    /// The most urgent, longest-waiting call that `responder` may take, out of its queue (it stays
    /// waiting until ``remove(_:)``); nil when there is none.
    @inline(__always)
    mutating func popFirst(for responder: ResponderID) -> (slot: Int32, call: WaitingCall)? {
        // Most units freed find no call waiting: that is seen here, inlined, before any write.
        guard queueSizes[responder.index] > 0 else { return nil }
        return popFirstQueued(for: responder)
    }

    private mutating func popFirstQueued(for responder: ResponderID) -> (slot: Int32, call: WaitingCall)? {
        while queueSizes[responder.index] > 0, let top = queues[responder].popMin() {
            queueSizes[responder.index] -= 1
            if let waiting = slots[Int(top.slot)], waiting.sequence == top.sequence { return (top.slot, waiting) }
        }
        return nil
    }

    /// Whether the crossing queue of `responder` in `zone` may hold a live call: false when it
    /// holds none (only stale entries, or none at all).
    @inline(__always) func mayHoldCrossingCalls(_ responder: ResponderID, _ zone: ZoneID) -> Bool {
        countsLiveCrossing ? crossingLive[responder.index * zoneCount + zone.index] > 0
            : queueSizes[crossingQueue(responder, zone)] > 0
    }

    /// The call in `slot` stops waiting: it leaves the live counts of the crossing queues that hold
    /// it, and a queue left with only stale entries is emptied (its entries would only be dropped
    /// one by one as they came to the top).
    private mutating func leaveCrossingQueues(_ slot: Int32) {
        let zone = slots[Int(slot)]!.call.zone
        var types = crossingTypes[Int(slot)]
        crossingTypes[Int(slot)] = 0
        while types != 0 {
            let r = types.trailingZeroBitCount
            types &= types - 1
            let live = r * zoneCount + zone.index
            crossingLive[live] -= 1
            if crossingLive[live] == 0 {
                if tracksCrossingZones { crossingZones[r] &= ~(1 << UInt64(zone.index)) }
                let queue = crossingQueue(ResponderID(r), zone)
                crossingEntries[r] -= Int(queueSizes[queue])
                queueSizes[queue] = 0
                queues[queue] = Heap()
            }
        }
    }

    /// The first entry of queue `queue` whose call is still waiting (entries of calls that left
    /// are dropped on the way); nil when there is none.
    mutating func first(inQueue queue: Int) -> QueuedCall? {
        while queueSizes[queue] > 0, let top = queues[queue].min {
            if let waiting = slots[Int(top.slot)], waiting.sequence == top.sequence { return top }
            dropFirst(inQueue: queue)
        }
        return nil
    }

    /// Removes the first entry of queue `queue` (after ``first(inQueue:)`` returned it).
    mutating func dropFirst(inQueue queue: Int) {
        guard queues[queue].popMin() != nil else { return }
        queueSizes[queue] -= 1
        let crossing = responderCount * (1 + zoneCount)
        if queue >= crossing { crossingEntries[(queue - crossing) / zoneCount] -= 1 }
    }

    /// The calls waiting now that no unit has served yet (not those a more urgent call took their
    /// unit from), in slot order.
    var callsNotYetServed: [CallInfo] {
        slots.indices.compactMap { i in resumes.isEmpty || resumes[i] == nil ? slots[i]?.call : nil }
    }

    /// Calls waiting now that arrived at or after `time`.
    func count(arrivedAtOrAfter time: Double) -> Int {
        slots.reduce(0) { $0 + ($1.map { $0.call.arrival >= time ? 1 : 0 } ?? 0) }
    }
}
