// ClosestMatch.swift: "did you mean" suggestions by case-insensitive edit distance.

/// The candidate nearest to `word`, if one is near enough to be a likely typo.
///
/// Distance is the optimal-string-alignment edit distance (insertions, deletions, substitutions and
/// swaps of neighbouring characters each cost 1), ignoring case. A candidate qualifies within
/// `max(1, word.count / 3)` edits; the nearest wins, and ties go to the earlier candidate.
///
/// - Complexity: O(*n* · *m* · *k*) for *k* candidates of length about *m* and a word of length *n*.
public func closestMatch(_ word: String, in candidates: [String]) -> String? {
    let target = Array(word.lowercased())
    let limit = max(1, target.count / 3)
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(target, Array(candidate.lowercased()))
        if distance <= limit, distance < (best?.distance ?? .max) {
            best = (candidate, distance)
        }
    }
    return best?.candidate
}

/// Optimal-string-alignment distance between two strings.
private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    // Rows i-2, i-1 and i of the dynamic-programming table.
    var twoBack = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var distance = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                distance = min(distance, twoBack[j - 2] + 1)
            }
            current[j] = distance
        }
        (twoBack, previous, current) = (previous, current, twoBack)
    }
    return previous[b.count]
}
