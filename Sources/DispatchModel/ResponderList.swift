// ResponderList.swift: lists of responder types (a call type's eligible types, its fallback types,
// one type alone) that the hot path reads without reference counting.

/// A list of responder types in order of preference, viewing storage that a
/// ``ResponderListStorage`` owns. Reading one out of an array copies a pointer and a count: no
/// retain and release, which reading a `[ResponderID]` out of an array of arrays cost on every call.
///
/// A list is valid while the storage it came from lives; the router keeps its storage for as long
/// as it lives, and lists never leave the model.
struct ResponderList: RandomAccessCollection {
    let base: UnsafePointer<ResponderID>?
    let count: Int

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    @inline(__always) subscript(position: Int) -> ResponderID {
        precondition(position >= 0 && position < count, "responder list index out of range")
        return base.unsafelyUnwrapped[position]
    }

    /// Iterates the types in order. Its positions stay below `count` by construction, so it reads
    /// them without the subscript's range check (which the loops of each call checked per type).
    @inline(__always) func makeIterator() -> Iterator { Iterator(base: base, count: count) }

    struct Iterator: IteratorProtocol {
        let base: UnsafePointer<ResponderID>?
        let count: Int
        var position = 0

        @inline(__always) mutating func next() -> ResponderID? {
            guard position < count else { return nil }
            defer { position &+= 1 }
            return base.unsafelyUnwrapped[position]
        }
    }
}

/// Owns the memory of a set of ``ResponderList``s, made once from arrays of responder types.
final class ResponderListStorage {
    private let memory: UnsafeMutableBufferPointer<ResponderID>
    /// The lists, in the order of the arrays they were made from.
    let lists: [ResponderList]

    init(_ arrays: [[ResponderID]]) {
        let total = arrays.reduce(0) { $0 + $1.count }
        memory = .allocate(capacity: max(total, 1))
        var lists: [ResponderList] = []
        var offset = 0
        for array in arrays {
            _ = UnsafeMutableBufferPointer(rebasing: memory[offset ..< offset + array.count]).initialize(from: array)
            lists.append(ResponderList(base: UnsafePointer(memory.baseAddress! + offset), count: array.count))
            offset += array.count
        }
        self.lists = lists
    }

    deinit {
        memory.deallocate()
    }
}
