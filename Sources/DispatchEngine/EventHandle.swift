// EventHandle.swift: the receipt for one scheduled event, used to cancel it.

/// Identifies one scheduled event so that it can be cancelled (``SimulationContext/cancel(_:)``)
/// or asked about (``SimulationContext/isPending(_:)``).
///
/// A handle names the slot that holds the event's payload and the event's unique scheduling key,
/// so a handle to an event that has already run or been cancelled never touches the event that
/// later reuses the same slot.
public struct EventHandle: Hashable, Sendable {
    @usableFromInline let slot: Int32
    @usableFromInline let key: UInt64

    @inlinable
    init(slot: Int32, key: UInt64) {
        self.slot = slot
        self.key = key
    }
}
