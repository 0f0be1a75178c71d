// HypercubeSolver.swift: an exact solver for Larson's hypercube queueing model with an infinite FCFS queue.
//
// R. C. Larson, "A hypercube queuing model for facility location and redistricting in urban
// emergency services", Computers & Operations Research 1(1), 1974. N distinguishable units, zones
// with Poisson call rates, each zone with a fixed preference order over all units; a call goes to
// the first free unit in its zone's order. Every unit serves at the same exponential rate mu. With
// all units busy calls wait in one FCFS queue and a freed unit takes the longest-waiting call, so a
// queued call is served by each unit with probability 1/N (the unit that frees first is uniform).
//
// The continuous-time Markov chain has the 2^N - 1 busy sets that leave a unit free, and the states
// "all busy, k calls waiting" for k = 0...K. The queue is truncated at K: above the busy sets the
// chain is a birth-death chain with ratio r = lambda / (N mu), so the probability beyond K is
// r^(K+1) times the all-busy probability; K is chosen so that r^K < 1e-14, which is below every
// tolerance the tests use by many orders of magnitude. The balance equations pi Q = 0, sum pi = 1,
// are solved by Gaussian elimination with partial pivoting.

/// A hypercube model: rates per minute.
struct HypercubeModel {
    let unitCount: Int
    /// Poisson call rate of each zone.
    let arrivalRatesPerMinute: [Double]
    /// Service rate of every unit.
    let serviceRatePerMinute: Double
    /// For each zone, every unit in order of preference.
    let preferences: [[Int]]

    init(unitCount: Int, arrivalRatesPerMinute: [Double], serviceRatePerMinute: Double, preferences: [[Int]]) {
        precondition(unitCount >= 1 && unitCount <= 16, "hypercube: 1 to 16 units")
        precondition(preferences.count == arrivalRatesPerMinute.count, "hypercube: one preference list per zone")
        precondition(preferences.allSatisfy { $0.sorted() == Array(0..<unitCount) },
                     "hypercube: each preference list orders every unit once")
        self.unitCount = unitCount
        self.arrivalRatesPerMinute = arrivalRatesPerMinute
        self.serviceRatePerMinute = serviceRatePerMinute
        self.preferences = preferences
    }

    var totalArrivalRate: Double { arrivalRatesPerMinute.reduce(0, +) }

    /// lambda / (N mu), the ratio of the queue's birth-death chain; < 1 for a stable queue.
    var queueRatio: Double { totalArrivalRate / (Double(unitCount) * serviceRatePerMinute) }

    /// The smallest K with r^K < 1e-14.
    var queueLimit: Int {
        precondition(queueRatio < 1, "hypercube: unstable queue, lambda / (N mu) = \(queueRatio)")
        var limit = 0, tail = 1.0
        while tail >= 1e-14 {
            tail *= queueRatio
            limit += 1
        }
        return limit
    }

    /// The first free unit in `zone`'s order when the units in `busy` are busy.
    func dispatchedUnit(zone: Int, busy: Int) -> Int? {
        preferences[zone].first { busy & (1 << $0) == 0 }
    }

    /// Solves the truncated chain.
    /// - Complexity: O((2^N + K)^3).
    func solve() -> HypercubeSolution {
        let n = unitCount, full = (1 << n) - 1, limit = queueLimit
        let stateCount = full + limit + 1
        // Busy sets 0..<full are their own index; "all busy, k waiting" is full + k.
        func index(busy: Int, waiting: Int) -> Int { busy == full ? full + waiting : busy }

        // transposed[to][from] = rate from -> to; diagonal = -(total rate out of `from`).
        var transposed = [[Double]](repeating: [Double](repeating: 0, count: stateCount), count: stateCount)
        func add(_ rate: Double, from: Int, to: Int) {
            transposed[to][from] += rate
            transposed[from][from] -= rate
        }
        let mu = serviceRatePerMinute
        for busy in 0..<full {
            for (zone, rate) in arrivalRatesPerMinute.enumerated() where rate > 0 {
                let unit = dispatchedUnit(zone: zone, busy: busy)!
                add(rate, from: busy, to: index(busy: busy | (1 << unit), waiting: 0))
            }
            for unit in 0..<n where busy & (1 << unit) != 0 {
                add(mu, from: busy, to: busy & ~(1 << unit))
            }
        }
        for waiting in 0...limit {
            let state = full + waiting
            if waiting < limit { add(totalArrivalRate, from: state, to: state + 1) }
            if waiting == 0 {
                for unit in 0..<n { add(mu, from: state, to: full & ~(1 << unit)) }
            } else {
                add(Double(n) * mu, from: state, to: state - 1)
            }
        }
        // pi Q = 0 is Q^T pi = 0; one equation is redundant: replace the last by sum pi = 1.
        transposed[stateCount - 1] = [Double](repeating: 1, count: stateCount)
        var rhs = [Double](repeating: 0, count: stateCount)
        rhs[stateCount - 1] = 1
        let pi = solveLinearSystem(transposed, rhs)

        let allBusy = pi[full...].reduce(0, +)
        let lambda = totalArrivalRate
        var workloads = [Double](repeating: allBusy, count: n)
        var fractions = [[Double]](repeating: arrivalRatesPerMinute.map { $0 / lambda * allBusy / Double(n) },
                                   count: n)
        for busy in 0..<full {
            for unit in 0..<n where busy & (1 << unit) != 0 { workloads[unit] += pi[busy] }
            for (zone, rate) in arrivalRatesPerMinute.enumerated() {
                fractions[dispatchedUnit(zone: zone, busy: busy)!][zone] += rate / lambda * pi[busy]
            }
        }
        let meanQueueLength = (0...limit).reduce(0.0) { $0 + Double($1) * pi[full + $1] }
        return HypercubeSolution(workloads: workloads, dispatchFractions: fractions, probabilityAllBusy: allBusy,
                                 meanQueueLength: meanQueueLength, queueLimit: limit,
                                 probabilityAtLimit: pi[full + limit])
    }
}

/// The steady state of a ``HypercubeModel``.
struct HypercubeSolution {
    /// Fraction of time each unit is busy.
    let workloads: [Double]
    /// `dispatchFractions[unit][zone]`: the fraction of all dispatches that send `unit` to `zone`.
    let dispatchFractions: [[Double]]
    /// The probability that every unit is busy (that a call waits).
    let probabilityAllBusy: Double
    /// The mean number of calls waiting.
    let meanQueueLength: Double
    /// K, the longest queue the truncated chain holds.
    let queueLimit: Int
    /// The probability of the truncated chain's last state.
    let probabilityAtLimit: Double
}

/// Solves a x = b by Gaussian elimination with partial pivoting.
/// - Precondition: `a` is square, non-singular, and matches `b`.
/// - Complexity: O(n^3).
func solveLinearSystem(_ a: [[Double]], _ b: [Double]) -> [Double] {
    let n = b.count
    precondition(a.count == n && a.allSatisfy { $0.count == n }, "solveLinearSystem: a must be \(n) x \(n)")
    var x = b
    // Row-major copy; the unsafe buffer keeps the O(n^3) loop quick in debug builds.
    var flat = ContiguousArray(a.joined())
    flat.withUnsafeMutableBufferPointer { m in
        for column in 0..<n {
            var pivot = column
            for row in column + 1..<n where abs(m[row * n + column]) > abs(m[pivot * n + column]) { pivot = row }
            precondition(m[pivot * n + column] != 0, "singular system at column \(column)")
            if pivot != column {
                for k in 0..<n { m.swapAt(pivot * n + k, column * n + k) }
                x.swapAt(pivot, column)
            }
            let diagonal = m[column * n + column]
            for row in column + 1..<n {
                let factor = m[row * n + column] / diagonal
                if factor == 0 { continue }
                for k in column..<n { m[row * n + k] -= factor * m[column * n + k] }
                x[row] -= factor * x[column]
            }
        }
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = x[row]
            for k in row + 1..<n { sum -= m[row * n + k] * x[k] }
            x[row] = sum / m[row * n + row]
        }
    }
    return x
}
