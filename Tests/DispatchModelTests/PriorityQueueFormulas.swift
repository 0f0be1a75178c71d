// PriorityQueueFormulas.swift: exact mean waits of priority queues (M/M/c non-preemptive, M/G/1
// preemptive-resume, M/M/c cutoff priority) for the model tests to compare simulations against.
//
// Classes are numbered from 0, the most urgent; FCFS within a class; Poisson arrivals. Rates are
// per unit time and results are in the same unit. Every function was checked numerically against
// limiting cases, an independent truncated-chain solution and event simulations.

import Foundation

/// Erlang C, the probability that an arrival to M/M/c waits, from the Erlang B recursion
/// B(0) = 1, B(j) = a B(j-1) / (j + a B(j-1)) and C = B / (1 - rho (1 - B)), rho = a / c < 1.
/// (`MMcQueue.probabilityOfWaiting` in DispatchEngine is the same quantity, but it throws for
/// a = 0 and would import more than Foundation.)
private func priorityErlangC(servers c: Int, offeredLoad a: Double) -> Double {
    var blocking = 1.0
    for j in stride(from: 1, through: c, by: 1) { blocking = a * blocking / (Double(j) + a * blocking) }
    return blocking / (1 - a / Double(c) * (1 - blocking))
}

/// Mean waits in queue of M/M/c with non-preemptive priority classes that all have the same
/// exponential service rate mu (Cobham 1954; Gross & Harris, Fundamentals of Queueing Theory,
/// section 3.4; Kleinrock, Queueing Systems vol. 2, section 3.6):
///
///     W_k = W_0 / ((1 - sigma_{k-1}) (1 - sigma_k)),   W_0 = C(c, a) / (c mu),
///     sigma_k = sum_{i <= k} lambda_i / (c mu),   a = sum_i lambda_i / mu,
///
/// where W_0 is the mean time until some server frees (its residual 1 / (c mu) times the chance,
/// C, that all are busy). With one class this is the Erlang C wait C / (c mu - lambda).
/// - Precondition: c >= 1, mu > 0, every rate >= 0 and finite, and sum lambda < c mu.
func cobhamMeanWaits(arrivalRates: [Double], serviceRate mu: Double, servers c: Int) -> [Double] {
    precondition(c >= 1 && mu > 0 && mu.isFinite, "cobhamMeanWaits: need servers >= 1 and a finite mu > 0")
    precondition(!arrivalRates.isEmpty && arrivalRates.allSatisfy { $0 >= 0 && $0.isFinite },
                 "cobhamMeanWaits: need at least one class and finite rates >= 0")
    let capacity = Double(c) * mu
    let total = arrivalRates.reduce(0, +)
    precondition(total < capacity, "cobhamMeanWaits: unstable, sum lambda = \(total) >= c mu = \(capacity)")
    let base = priorityErlangC(servers: c, offeredLoad: total / mu) / capacity
    var waits: [Double] = []
    var above = 0.0  // sigma_{k-1}
    for rate in arrivalRates {
        let through = above + rate / capacity  // sigma_k
        waits.append(base / ((1 - above) * (1 - through)))
        above = through
    }
    return waits
}

/// Mean time from arrival until a job FIRST enters service in M/G/1 with preemptive-resume
/// priority (Kleinrock, Queueing Systems vol. 2, section 3.7; Conway, Maxwell & Miller 1967):
///
///     W_k = R_k / ((1 - sigma_{k-1}) (1 - sigma_k)),
///     R_k = sum_{i <= k} lambda_i E[S_i^2] / 2,   sigma_k = sum_{i <= k} lambda_i E[S_i].
///
/// Classes below k are invisible to a class-k job. By PASTA it finds on average the class-0...k
/// work R_k / (1 - sigma_k) (the M/G/1 work of those classes, which preemption leaves as in FCFS),
/// all ahead of it; it starts when that work and the class-0...k-1 work arriving meanwhile are
/// done, a delay busy period of classes 0...k-1 with mean (initial work) / (1 - sigma_{k-1}).
/// This is not T_k - E[S_k], which also holds the preemptions after the job first starts.
/// - Precondition: equal non-empty counts, rates >= 0, means > 0, E[S^2] >= E[S]^2, sigma < 1.
func preemptiveResumeFirstWaits(arrivalRates: [Double], meanService: [Double], secondMoment: [Double]) -> [Double] {
    checkPreemptiveArguments(arrivalRates, meanService, secondMoment)
    var waits: [Double] = []
    var residual = 0.0  // R_k
    var above = 0.0  // sigma_{k-1}
    for k in arrivalRates.indices {
        residual += arrivalRates[k] * secondMoment[k] / 2
        let through = above + arrivalRates[k] * meanService[k]
        waits.append(residual / ((1 - above) * (1 - through)))
        above = through
    }
    return waits
}

/// Mean sojourn (arrival to departure) in M/G/1 with preemptive-resume priority, same model and
/// sources as `preemptiveResumeFirstWaits`: E[T_k] = E[S_k] / (1 - sigma_{k-1}) + W_k, since after
/// it first starts a job's own work E[S_k] is stretched by the class-0...k-1 busy periods that
/// preempt it.
/// - Precondition: as for `preemptiveResumeFirstWaits`.
func preemptiveResumeSojourns(arrivalRates: [Double], meanService: [Double], secondMoment: [Double]) -> [Double] {
    let waits = preemptiveResumeFirstWaits(arrivalRates: arrivalRates, meanService: meanService,
                                           secondMoment: secondMoment)
    var sojourns: [Double] = []
    var above = 0.0  // sigma_{k-1}
    for k in arrivalRates.indices {
        sojourns.append(meanService[k] / (1 - above) + waits[k])
        above += arrivalRates[k] * meanService[k]
    }
    return sojourns
}

private func checkPreemptiveArguments(_ rates: [Double], _ means: [Double], _ seconds: [Double]) {
    precondition(!rates.isEmpty && rates.count == means.count && rates.count == seconds.count,
                 "preemptive-resume: need one rate, mean and second moment per class")
    for k in rates.indices {
        precondition(rates[k] >= 0 && rates[k].isFinite && means[k] > 0 && means[k].isFinite && seconds[k].isFinite
                     && seconds[k] >= means[k] * means[k] * (1 - 1e-12),
                     "preemptive-resume: class \(k) needs rate >= 0, mean > 0 and E[S^2] >= E[S]^2")
    }
    let load = zip(rates, means).reduce(0.0) { $0 + $1.0 * $1.1 }
    precondition(load < 1, "preemptive-resume: unstable, total load \(load) >= 1")
}

/// Mean waits in queue of M/M/c with two classes and cutoff priority (Taylor & Templeton 1980,
/// Operations Research 28(5); Schaack & Larson 1986, Operations Research 34(2)): both classes
/// exponential with rate mu; a high call takes any free server; a low call starts only if more
/// than k servers are free (counting the one that would take it), i.e. fewer than c - k are busy;
/// a freed server takes the oldest high call, else the oldest low call if more than k servers
/// (itself included) are then free, else stays idle. Low calls can wait while servers are idle.
///
/// The chain is solved exactly, and the waits follow by Little's law, W = L / lambda. Its state is
/// (s, n): s = busy servers + high calls waiting, n = low calls waiting. With n >= 1, s >= c - k and
/// s is birth-death (up lambda_h, down mu min(s, c)), except that a completion in s = c - k starts a
/// low call (n - 1, s unchanged); low arrivals raise n. This is a quasi-birth-death process in the
/// level n (Neuts 1981; Latouche & Ramaswami 1999) whose only way down is from phase c - k to phase
/// c - k, so G = 1 e^T and the rate matrix is R = lambda_l (-U)^-1 with U = A1 + lambda_l 1 e^T;
/// level 0 (phases s = 0...) follows from its own balance equations, pi_0 = -pi_1 B10 B00^-1, and
/// pi_1 = (pi_0 on phases s >= c - k) R. The low queue is not truncated: sum_n pi_n = pi_1 (I - R)^-1
/// and sum_n n pi_n = pi_1 (I - R)^-2, with (I - R)^-1 = (-U - lambda_l I)^-1 (-U).
/// Truncation: only the high queue, at N. Its law is exactly P(q_h = j) = P(s = c) r^j for j >= 0,
/// r = lambda_h / (c mu) (the cut between j and j + 1 is crossed only by high arrivals and high
/// starts), so N is the least with r^(N+1) / (1 - r) < 1e-15, a bound on the mass left out; the
/// means then move by ~1e-14 relative when N grows (the rest is rounding).
/// Stability: with the low queue never empty, s is M/M/c reflected at c - k, so the low calls
/// need lambda_l < (c - k) mu P(s = c - k) in that chain.
/// - Precondition: c >= 1, 0 <= k < c, finite positive rates, a stable queue.
/// - Complexity: four dense solves (`solveLinearSystem`, HypercubeSolver.swift) of order about
///   c + N; N is about 220 at r = 0.85, well under a second in a debug build.
func cutoffPriorityMeanWaits(highRate: Double, lowRate: Double, serviceRate mu: Double, servers c: Int,
                             reserve k: Int) -> (high: Double, low: Double) {
    precondition(c >= 1 && k >= 0 && k < c, "cutoffPriorityMeanWaits: need servers >= 1 and 0 <= reserve < servers")
    precondition([highRate, lowRate, mu].allSatisfy { $0 > 0 && $0.isFinite },
                 "cutoffPriorityMeanWaits: rates must be finite and > 0")
    let (lh, ll) = (highRate, lowRate)
    let r = lh / (Double(c) * mu)
    precondition(r < 1, "cutoffPriorityMeanWaits: unstable, high rate \(lh) >= c mu")
    var weight = 1.0, weights = 1.0  // M/M/c weights from s = c - k, relative to it
    for s in stride(from: c - k + 1, through: c, by: 1) {
        weight *= lh / (mu * Double(s))
        weights += weight
    }
    weights += weight * r / (1 - r)
    let lowCapacity = Double(c - k) * mu / weights
    precondition(ll < lowCapacity, "cutoffPriorityMeanWaits: unstable, low rate \(ll) >= \(lowCapacity)")
    var limit = 1
    while pow(r, Double(limit + 1)) / (1 - r) >= 1e-15 { limit += 1 }

    let top = c + limit  // the largest s
    let first = c - k  // the lowest phase with low calls waiting
    let m0 = top + 1, m = top - first + 1
    func up(_ s: Int) -> Double { s < top ? lh : 0 }
    func down(_ s: Int) -> Double { mu * Double(min(s, c)) }

    // Level 0, transposed (column = from): v B00 = -(c - k) mu e_{c-k}, pi_0 = v when pi_1[0] = 1.
    var b00t = [[Double]](repeating: [Double](repeating: 0, count: m0), count: m0)
    for s in 0...top {
        b00t[s][s] = -(up(s) + ll + down(s))
        if s < top { b00t[s + 1][s] = up(s) + (s < first ? ll : 0) }
        if s > 0 { b00t[s - 1][s] = down(s) }
    }
    var rhs = [Double](repeating: 0, count: m0)
    rhs[first] = -down(first)
    let level0 = solveLinearSystem(b00t, rhs)

    // Levels >= 1, phase i is s = first + i: minusU = -(A1 + lambda_l 1 e_0^T).
    var minusU = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
    for i in 0..<m {
        let s = first + i
        minusU[i][i] = up(s) + ll + down(s)
        if i + 1 < m { minusU[i][i + 1] = -up(s) }
        if i > 0 { minusU[i][i - 1] = -down(s) }
        minusU[i][0] -= ll
    }
    let shifted: [[Double]] = (0..<m).map { i in (0..<m).map { j in minusU[i][j] - (i == j ? ll : 0) } }
    func transposed(_ a: [[Double]]) -> [[Double]] { (0..<m).map { j in (0..<m).map { i in a[i][j] } } }
    let minusUT = transposed(minusU), shiftedT = transposed(shifted)
    /// x (I - R)^-1 = (x (-U - lambda_l I)^-1) (-U).
    func timesSum(_ x: [Double]) -> [Double] {
        let y = solveLinearSystem(shiftedT, x)
        return (0..<m).map { j in (0..<m).reduce(0.0) { $0 + y[$1] * minusU[$1][j] } }
    }
    let level1 = solveLinearSystem(minusUT, (0..<m).map { ll * level0[first + $0] })  // pi_0 B01 (-U)^-1
    let upper = timesSum(level1)  // sum over n >= 1 of pi_n
    let weighted = timesSum(upper)  // sum over n >= 1 of n pi_n

    let mass = level0.reduce(0, +) + upper.reduce(0, +)
    var highWaiting = 0.0
    for s in c...top { highWaiting += Double(s - c) * (level0[s] + upper[s - first]) }
    return (high: highWaiting / mass / lh, low: weighted.reduce(0, +) / mass / ll)
}
