// Identifiers.swift: typed numbers for the dispatch model's units, zones, responder types and call
// types, so that a zone cannot be passed where a unit is meant. Each wraps the 32-bit number the
// model stores (events and calls stay small) and reads as an array index with `index`.

/// A number that indexes one kind of thing, 0-based and dense.
protocol DenseID: Hashable, Comparable, Sendable {
    var raw: Int32 { get }
    init(raw: Int32)
}

extension DenseID {
    /// The id of the thing at `index`.
    @inline(__always) init(_ index: Int) { self.init(raw: Int32(truncatingIfNeeded: index)) }
    /// The array index.
    @inline(__always) var index: Int { Int(raw) }
    @inline(__always) static func < (a: Self, b: Self) -> Bool { a.raw < b.raw }
}

/// A unit, numbered by responder type, then home zone, then order within the zone
/// (`CityConfiguration.unitHomes`).
struct UnitID: DenseID { let raw: Int32 }
/// A zone, in the scenario's order.
struct ZoneID: DenseID { let raw: Int32 }
/// A responder type, in the scenario's order.
struct ResponderID: DenseID { let raw: Int32 }
/// A call type, in the scenario's order.
struct CallTypeID: DenseID { let raw: Int32 }

extension Array {
    /// The element for a typed id. Modified in place (`_modify`, as the standard library's own
    /// subscript): with `get` and `set`, `units[unit].zone = z` copied the whole element out and
    /// back, 6% more instructions a call on Chicago.
    subscript<ID: DenseID>(_ id: ID) -> Element {
        @inline(__always) get { self[id.index] }
        @inline(__always) _modify { yield &self[id.index] }
    }
}
