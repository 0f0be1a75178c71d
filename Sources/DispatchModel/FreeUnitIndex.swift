// FreeUnitIndex.swift: the free units of each responder type in each zone, so that a dispatch
// finds the lowest-numbered free unit of a type in a zone without scanning the fleet.

/// The free units of each responder type in each zone.
///
/// A responder type's sets are bitsets over its span of unit numbers, with a summary word per 64
/// words, when they fit in `bitsetBudgetWords` words for all zones together: listing or unlisting
/// is a bit operation, and the lowest free unit is found with two trailing-zero counts (one
/// summary word covers 4096 units). A type whose bitsets would be larger (very many units and
/// zones) keeps each set as a binary min-heap of unit numbers instead, with every unit's place in
/// its heap recorded: O(log n) per change in the units of the zone, and memory of one entry per
/// unit. Either way the cost of a dispatch does not grow with the size of the fleet, and both
/// give the same answers (tested against a plain set).
///
/// Noncopyable, as its router and the model are: the bitsets and places are `FixedArray`s, whose
/// writes need no check for a shared copy (three such checks per change with `Array`s).
struct FreeUnitIndex: ~Copyable {
    /// A type's bitsets, over all zones, may take this many 64-bit words (8 MiB).
    static let bitsetBudgetWords = 1 << 20

    let zoneCount: Int
    /// Per responder type: words per set (0 for a heap type).
    let wordsPerSet: [Int]
    /// Per (responder, zone), at `responder * zoneCount + zone`: where its set lives. One read
    /// of one noncopyable array gives a lookup or a change all it needs (four arrays, each read
    /// with its own range check, cost 32 instructions a call more on the reference model).
    let sets: FixedArray<SetLayout>
    private(set) var words: FixedArray<UInt64>
    /// Bit k of summary word j of a set is set when word 64 j + k of the set is not zero.
    private(set) var summary: FixedArray<UInt64>
    /// The heap of (responder, zone), for heap types.
    private(set) var heaps: [[Int32]]
    /// Each unit's place in its heap (heap types) or 0 (bitset types) when listed; -1 when not.
    private(set) var place: FixedArray<Int32>
    /// Where a set of free units lives in the bitsets.
    struct SetLayout {
        /// The responder type's lowest unit number (bit 0 of its sets), or -1 for a heap type.
        let base: Int
        /// Where the set starts in `words` and in `summary`, and its summary words (bitset types).
        let wordStart: Int
        let summaryStart: Int
        let summaryWords: Int
    }
    #if DEBUG
    /// Changes so far, to space out the full invariant checks (FreeUnitIndex+Invariants.swift).
    var changes = 0
    #endif

    /// - Parameters:
    ///   - unitResponders: the responder type of each unit, by unit number.
    ///   - bitsetBudgetWords: the most words a type's bitsets may take (tests lower it to use heaps).
    init(responderCount: Int, zoneCount: Int, unitResponders: [Int], bitsetBudgetWords: Int = Self.bitsetBudgetWords) {
        self.zoneCount = zoneCount
        var low = Array(repeating: Int.max, count: responderCount), high = Array(repeating: -1, count: responderCount)
        for (unit, r) in unitResponders.enumerated() {
            low[r] = min(low[r], unit)
            high[r] = max(high[r], unit)
        }
        var spanStart = Array(repeating: -1, count: responderCount)
        var wordsPerSet = Array(repeating: 0, count: responderCount)
        var summaryWordsPerSet = Array(repeating: 0, count: responderCount)
        for r in 0..<responderCount where high[r] >= low[r] {
            let setWords = (high[r] - low[r]) / 64 + 1
            guard setWords * zoneCount <= bitsetBudgetWords else { continue }
            spanStart[r] = low[r]
            wordsPerSet[r] = setWords
            summaryWordsPerSet[r] = (setWords - 1) / 64 + 1
        }
        var sets: [SetLayout] = []
        var wordCount = 0, summaryCount = 0
        for r in 0..<responderCount {
            for _ in 0..<zoneCount {
                sets.append(SetLayout(base: spanStart[r], wordStart: wordCount, summaryStart: summaryCount,
                                     summaryWords: summaryWordsPerSet[r]))
                wordCount += wordsPerSet[r]
                summaryCount += summaryWordsPerSet[r]
            }
        }
        self.wordsPerSet = wordsPerSet
        self.sets = FixedArray(sets)
        words = FixedArray(repeating: 0, count: wordCount)
        summary = FixedArray(repeating: 0, count: summaryCount)
        heaps = Array(repeating: [], count: responderCount * zoneCount)
        place = FixedArray(repeating: -1, count: unitResponders.count)
    }

    /// The lowest-numbered free unit of the responder type in the zone.
    @inline(__always) func first(responder: Int, zone: Int) -> Int32? {
        // Wrapping arithmetic (here and in firstMatching): every index is within the fleet's
        // bitsets, whose sizes init computed without overflow; each array access checks its range.
        let set = responder &* zoneCount &+ zone
        let layout = sets[set]
        guard layout.base >= 0 else { return heaps[set].first }
        for j in 0..<layout.summaryWords {
            let s = summary[layout.summaryStart &+ j]
            if s != 0 {
                let word = j &<< 6 &+ s.trailingZeroBitCount
                return Int32(truncatingIfNeeded: layout.base &+ word &<< 6 &+ words[layout.wordStart &+ word].trailingZeroBitCount)
            }
        }
        return nil
    }

    /// Whether the unit is listed as free.
    /// The lowest-numbered unit of set (`responder`, `zone`) for which `accept` is true, or nil:
    /// the units are visited in increasing order (bitsets) or all looked at (heaps).
    @inline(__always) func firstMatching(responder: Int, zone: Int, _ accept: (Int32) -> Bool) -> Int32? {
        let set = responder &* zoneCount &+ zone
        let layout = sets[set]
        let base = layout.base
        guard base >= 0 else {
            var best: Int32?
            for unit in heaps[set] where accept(unit) && best.map({ unit < $0 }) ?? true { best = unit }
            return best
        }
        let summaryBase = layout.summaryStart, wordBase = layout.wordStart
        for j in 0..<layout.summaryWords {
            var s = summary[summaryBase &+ j]
            while s != 0 {
                let word = j &<< 6 &+ s.trailingZeroBitCount
                var bits = words[wordBase &+ word]
                while bits != 0 {
                    let unit = Int32(truncatingIfNeeded: base &+ word &<< 6 &+ bits.trailingZeroBitCount)
                    if accept(unit) { return unit }
                    bits &= bits - 1
                }
                s &= s - 1
            }
        }
        return nil
    }

    func contains(_ unit: Int) -> Bool { place[unit] >= 0 }

    /// Lists a unit as free in a zone.
    ///
    /// The bitset path is inlined into its callers and a heap type's path is a call of its own;
    /// measured by callgrind, this costs fewer instructions a call on every benchmark model than
    /// a call for both paths (-1.3% on the reference model), and than inlining ``remove(_:responder:zone:)``
    /// too (which costs more on all three: 2,462 / 3,155 / 6,808 against 2,415 / 3,103 / 6,785).
    /// - Precondition: the unit is not listed.
    @inline(__always) mutating func insert(_ unit: Int, responder: Int, zone: Int) {
        precondition(place[unit] < 0, "unit \(unit) is already listed as free")
        // Wrapping arithmetic, as in first(responder:zone:).
        let set = responder &* zoneCount &+ zone
        let layout = sets[set]
        guard layout.base >= 0 else { return insertInHeap(unit, set: set) }
        place[unit] = 0
        let bit = unit &- layout.base, word = bit &>> 6
        words[layout.wordStart &+ word] |= 1 &<< UInt64(bit & 63)
        summary[layout.summaryStart &+ word &>> 6] |= 1 &<< UInt64(word & 63)
        checkInvariants()
    }

    /// ``insert(_:responder:zone:)`` for a heap type.
    @inline(never) private mutating func insertInHeap(_ unit: Int, set: Int) {
        heaps[set].append(Int32(unit))
        Self.siftUp(&heaps[set], &place, from: heaps[set].count - 1)
        checkInvariants()
    }

    /// Unlists a unit from the zone where it is listed; does nothing if it is not listed.
    mutating func remove(_ unit: Int, responder: Int, zone: Int) {
        let i = Int(place[unit])
        guard i >= 0 else { return }
        place[unit] = -1
        let set = responder &* zoneCount &+ zone
        let layout = sets[set]
        guard layout.base >= 0 else { return removeFromHeap(at: i, set: set) }
        let bit = unit &- layout.base, word = bit &>> 6
        let w = layout.wordStart &+ word
        words[w] &= ~(1 &<< UInt64(bit & 63))
        if words[w] == 0 { summary[layout.summaryStart &+ word &>> 6] &= ~(1 &<< UInt64(word & 63)) }
        checkInvariants()
    }

    /// ``remove(_:responder:zone:)`` for a heap type: the unit was at `i` in its set's heap.
    @inline(never) private mutating func removeFromHeap(at i: Int, set: Int) {
        let last = heaps[set].removeLast()
        defer { checkInvariants() }
        guard i < heaps[set].count else { return }
        heaps[set][i] = last
        place[Int(last)] = Int32(i)
        // The moved unit goes down if it is larger than a child, else up if smaller than its parent
        // (it can do only one of the two).
        if !Self.siftDown(&heaps[set], &place, from: i) { Self.siftUp(&heaps[set], &place, from: i) }
    }

    private static func siftUp(_ heap: inout [Int32], _ place: inout FixedArray<Int32>, from start: Int) {
        var i = start
        let unit = heap[i]
        while i > 0 {
            let parent = (i - 1) / 2
            let above = heap[parent]
            guard unit < above else { break }
            heap[i] = above
            place[Int(above)] = Int32(i)
            i = parent
        }
        heap[i] = unit
        place[Int(unit)] = Int32(i)
    }

    /// Returns whether the unit moved.
    @discardableResult
    private static func siftDown(_ heap: inout [Int32], _ place: inout FixedArray<Int32>, from start: Int) -> Bool {
        let count = heap.count
        var i = start
        let unit = heap[i]
        while true {
            var child = 2 * i + 1
            guard child < count else { break }
            if child + 1 < count && heap[child + 1] < heap[child] { child += 1 }
            let below = heap[child]
            guard below < unit else { break }
            heap[i] = below
            place[Int(below)] = Int32(i)
            i = child
        }
        heap[i] = unit
        place[Int(unit)] = Int32(i)
        return i != start
    }
}
