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
struct WaitingCalls {
    private var slots: [WaitingCall?] = []
    private var freeSlots: [Int32] = []
    private var nextSequence: UInt64 = 0
    private var queues: [Heap<QueuedCall>]
    /// Calls waiting now.
    private(set) var count = 0

    init(responderCount: Int) {
        queues = Array(repeating: Heap<QueuedCall>(), count: responderCount)
    }

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
        return Int32(slots.count - 1)
    }

    /// The call in `slot` is no longer waiting.
    mutating func remove(_ slot: Int32) {
        slots[Int(slot)] = nil
        freeSlots.append(slot)
        count -= 1
    }

    /// Records the pending fallback event of the call in `slot`.
    mutating func setFallbackDue(_ handle: EventHandle?, slot: Int32) {
        slots[Int(slot)]!.fallbackDue = handle
    }

    /// Puts the call in `slot` in the queues of `types`, at `priority`.
    mutating func enqueue(_ slot: Int32, priority: Int, types: [ResponderID]) {
        let waiting = slots[Int(slot)]!
        let entry = QueuedCall(priority: priority, arrival: waiting.call.arrival, sequence: waiting.sequence, slot: slot)
        for responder in types { queues[responder].insert(entry) }
    }

    /// The most urgent, longest-waiting call that `responder` may take, out of its queue (it stays
    /// waiting until ``remove(_:)``); nil when there is none.
    mutating func popFirst(for responder: ResponderID) -> (slot: Int32, call: WaitingCall)? {
        while let top = queues[responder].popMin() {
            if let waiting = slots[Int(top.slot)], waiting.sequence == top.sequence { return (top.slot, waiting) }
        }
        return nil
    }

    /// Calls waiting now that arrived at or after `time`.
    func count(arrivedAtOrAfter time: Double) -> Int {
        slots.reduce(0) { $0 + ($1.map { $0.call.arrival >= time ? 1 : 0 } ?? 0) }
    }
}
