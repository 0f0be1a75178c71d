// Identifiers.swift: typed numbers for the dispatch model's units, zones, responder types and call
// types, so that a zone cannot be passed where a unit is meant. Each wraps an `Int`, the array
// index itself: wrapping an `Int32` (smaller events) cost a conversion at every use, 3,794
// instructions a call on Chicago against 3,763 (callgrind, 21 minus 7 days).

/// A number that indexes one kind of thing, 0-based and dense.
protocol DenseID: Hashable, Comparable, Sendable {
    var raw: Int { get }
    init(raw: Int)
}

extension DenseID {
    /// The id of the thing at `index`.
    @inline(__always) init(_ index: Int) { self.init(raw: index) }
    /// The array index.
    @inline(__always) var index: Int { raw }
    @inline(__always) static func < (a: Self, b: Self) -> Bool { a.raw < b.raw }
}

/// A unit, numbered by responder type, then home zone, then order within the zone
/// (`CityConfiguration.unitHomes`).
struct UnitID: DenseID { let raw: Int }
/// A zone, in the scenario's order.
struct ZoneID: DenseID { let raw: Int }
/// A responder type, in the scenario's order.
struct ResponderID: DenseID { let raw: Int }
/// A call type, in the scenario's order.
struct CallTypeID: DenseID { let raw: Int }

extension Array {
    /// The element for a typed id. Read and modified in place (`_read` and `_modify`, as the
    /// standard library's own subscript): with `get` and `set`, `units[unit].zone = z` copied the
    /// whole element out and back, 6% more instructions a call on Chicago, and with `get`,
    /// reading `units[unit].zone` copied the whole unit (through `memcpy` once it passed 80 bytes).
    subscript<ID: DenseID>(_ id: ID) -> Element {
        @inline(__always) _read { yield self[id.index] }
        @inline(__always) _modify { yield &self[id.index] }
    }
}
