// FutureEventList+Heap.swift: the 4-ary heap operations of the future-event list.

extension FutureEventList {
    /// Children per node. A 4-ary heap is half as deep as a binary one and reads a node's children
    /// from one or two cache lines.
    @usableFromInline static var arity: Int { 4 }

    /// Adds an entry at the bottom of the heap and sifts it up, moving later parents down.
    /// - Complexity: O(log n), amortized over growth.
    @inlinable @inline(__always)
    mutating func push(_ entry: Entry) {
        if entryCount == entryCapacity { growEntries() }
        entryCount += 1
        rise(entry, from: entryCount - 1)
    }

    /// Places `entry` at the hole `start` or above it, moving later parents down.
    /// - Complexity: O(log n).
    @inlinable @inline(__always)
    mutating func rise(_ entry: Entry, from start: Int) {
        var hole = start
        while hole > 0 {
            let parent = (hole &- 1) / Self.arity
            guard entry.precedes(entries[parent]) else { break }
            entries[hole] = entries[parent]
            hole = parent
        }
        entries[hole] = entry
    }

    /// The earliest child of the node at `hole`, or nil for a leaf.
    ///
    /// Index arithmetic here and in ``rise(_:from:)`` wraps instead of checking for overflow: a
    /// heap's indexes are below its entry count, which memory bounds far below `Int.max / 4`.
    @inlinable @inline(__always)
    func earliestChild(of hole: Int) -> Int? {
        let first = hole &* Self.arity &+ 1
        guard first < entryCount else { return nil }
        if Self.arity == 4 && first &+ 3 < entryCount {
            // Four children: two pairs, then their winners. The earliest is the same as the
            // loop's below (entries are totally ordered), found without a loop counter. (The
            // arity test is a constant: it keeps this path right if the arity changes.)
            let second = first &+ 1, third = first &+ 2, fourth = first &+ 3
            let left = entries[second].precedes(entries[first]) ? second : first
            let right = entries[fourth].precedes(entries[third]) ? fourth : third
            return entries[right].precedes(entries[left]) ? right : left
        }
        let end = Swift.min(first &+ Self.arity, entryCount)
        var best = first
        var child = first &+ 1
        while child < end {
            if entries[child].precedes(entries[best]) { best = child }
            child &+= 1
        }
        return best
    }

    /// Removes the root entry. Bottom-up (Wegener's bottom-up heapsort): the root's hole moves
    /// down along the earliest children to a leaf, without comparing them with the entry that
    /// will fill it, and the last entry, which usually belongs near the bottom, fills it and
    /// rises. About half the comparisons of sinking the last entry from the root. The order of
    /// removal is the same either way: entries are totally ordered (no two share a key).
    /// - Precondition: the heap is not empty.
    /// - Complexity: O(log n).
    @inlinable @inline(__always)
    mutating func removeTop() {
        entryCount -= 1
        guard entryCount > 0 else { return }
        var hole = 0
        while let best = earliestChild(of: hole) {
            entries[hole] = entries[best]
            hole = best
        }
        rise(entries[entryCount], from: hole)
    }

    /// Places `entry` in the subtree rooted at the hole `start`, moving earlier children up.
    /// - Complexity: O(log n).
    @inlinable @inline(__always)
    mutating func sink(_ entry: Entry, from start: Int) {
        var hole = start
        while let best = earliestChild(of: hole), entries[best].precedes(entry) {
            entries[hole] = entries[best]
            hole = best
        }
        entries[hole] = entry
    }

    /// Drops every stale entry (whose key no longer matches its slot's) and restores heap order
    /// bottom-up (Floyd).
    /// - Complexity: O(n).
    @usableFromInline
    mutating func compact() {
        var kept = 0
        for index in 0..<entryCount where isLive(entries[index]) {
            entries[kept] = entries[index]
            kept += 1
        }
        entryCount = kept
        staleCount = 0
        guard kept > 1 else { return }
        for index in stride(from: (kept - 2) / Self.arity, through: 0, by: -1) {
            sink(entries[index], from: index)
        }
    }
}
