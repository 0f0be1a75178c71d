// FixedArray.swift: a noncopyable array of fixed length, for the model's hot state (its units, the
// free-unit bitsets), whose writes need no check for a shared copy.
//
// Hand-written rather than swift-collections' RigidArray, which does the same: its module
// (BasicContainers) crashes Swift 6.3.1 when built with --sanitize=thread ("Invalid bitcast" in
// its hash tables), and the ThreadSanitizer run is part of the tests (scripts/sanitizers.sh).

/// A fixed number of elements in one buffer the array owns. Noncopyable, so a write is a bounds
/// check and a store: no check for a shared copy, no reference counted (an `Array` checks for a
/// shared buffer on every write that the optimizer does not batch).
struct FixedArray<Element>: ~Copyable {
    // A pointer and a count, not an `UnsafeMutableBufferPointer`: a noncopyable struct holding one
    // crashes Swift 6.3.1 under --sanitize=thread ("Invalid bitcast"), as RigidArray does.
    private let base: UnsafeMutablePointer<Element>
    /// The number of elements.
    let count: Int

    /// An array of `count` copies of `value`.
    init(repeating value: Element, count: Int) {
        precondition(count >= 0, "negative count")
        base = .allocate(capacity: count)
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    /// An array of the elements of `elements`, in order.
    init(_ elements: [Element]) {
        count = elements.count
        base = .allocate(capacity: elements.count)
        elements.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { base.initialize(from: start, count: source.count) }
        }
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// The valid indices, `0 ..< count`.
    var indices: Range<Int> { 0 ..< count }

    /// The element at `index`, read and modified in place.
    /// - Precondition: `0 <= index < count`.
    subscript(index: Int) -> Element {
        @inline(__always) unsafeAddress {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "index out of range")
            return UnsafePointer(base + index)
        }
        @inline(__always) unsafeMutableAddress {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "index out of range")
            return base + index
        }
    }

    /// The element for a typed id.
    subscript<ID: DenseID>(_ id: ID) -> Element {
        @inline(__always) unsafeAddress {
            precondition(UInt(bitPattern: id.index) < UInt(bitPattern: count), "index out of range")
            return UnsafePointer(base + id.index)
        }
        @inline(__always) unsafeMutableAddress {
            precondition(UInt(bitPattern: id.index) < UInt(bitPattern: count), "index out of range")
            return base + id.index
        }
    }

    /// `transform` of each element, in order.
    func map<T>(_ transform: (Element) -> T) -> [T] {
        (0 ..< count).map { transform(base[$0]) }
    }
}
