// MultiUnitDispatchFormulas.swift: exact mean waits of one- and two-unit calls in one FCFS queue
// with all the units of a call sent together (Green 1984), for the model tests to compare
// simulations against.
//
// Checked numerically (a line-by-line Python port) against Erlang C (no two-unit calls), M/M/1 and
// M/M/2 (no one-unit calls), the unlumped chain that holds the whole ordered queue, and event
// simulations of the blocking queue.

import Foundation

/// Mean waits in queue (arrival to start) of one-unit and two-unit calls in Green's multiple
/// dispatch model (L. Green, "A multiple dispatch queueing model of police patrol operations",
/// Management Science 30(6), 1984; L. Green & P. Kolesar, "The feasibility of one-officer patrol in
/// New York City", Management Science 30(8), 1984): c identical units; Poisson calls that need one
/// unit (rate l1) or two (rate l2); exponential service with rate mu for both, the two units of a
/// call starting and finishing together. One FCFS queue for both classes: calls start from its head
/// while they fit, and a two-unit call at the head that does not fit blocks every call behind it,
/// even a one-unit call that would find a free unit.
///
/// Method: a continuous-time Markov chain, solved exactly, and Little's law,
/// W_i = E[class-i calls waiting] / (l_i (1 - P(queue full))) (PASTA: arrivals to a full queue are lost).
/// The state (calls in service of each class, the ordered queue) has ~2^N queues; it lumps exactly
/// to (n1, n2, L, h): calls in service of each class, the queue length L and the class h of its
/// head. A call's class matters only once it reaches the head, and classes are i.i.d. and
/// independent of arrival times, so the calls behind the head are, given the lumped chain, i.i.d.
/// of class i with odds l_i / (l1 + l2); when a head starts, the next one's class is drawn with
/// those odds. So E[class-i calls waiting] = E[1{h = i} + (L - 1) l_i / (l1 + l2)]. (The unlumped
/// chain at N = 8...12 gives the same waits to 2e-13 relative.) The balance equations are solved by
/// GTH state reduction (Grassmann, Taksar & Heyman 1985), which subtracts nothing and so is exact to
/// rounding (residual |pi Q| ~ 1e-17); ordered by level, the generator is banded (arrivals raise L
/// by one, a completion starts at most three calls), and reduction from the top keeps the fill in
/// the band.
///
/// Truncation: arrivals to a queue of N calls are lost. N = 32, 64, ... doubles until P(full) <
/// 1e-12 and both waits move by < 1e-9 relative from the previous N that also had P(full) < 1e-12.
/// For rho = (l1 + 2 l2) / (c mu) <= 0.5 and c = 2...5 that stops at N <= 256, with P(full) < 1e-23,
/// in well under a second in a debug build. rho < 1 is necessary, not sufficient: blocking idles
/// units (with c = 3 and only two-unit calls, one call is served at a time, so l2 < mu). Loads that
/// need N > 4096 (within about 1% of the capacity blocking leaves, or past it) fail the precondition.
/// A class with rate 0 has no calls; its wait is returned as 0.
/// - Precondition: c >= 2, finite mu > 0, finite l1, l2 >= 0, rho < 1, the queue settles by N = 4096.
func multiUnitFCFSMeanWaits(singleRate l1: Double, doubleRate l2: Double, serviceRate mu: Double,
                            servers c: Int) -> (single: Double, double: Double) {
    precondition(c >= 2, "multiUnitFCFSMeanWaits: need servers >= 2 (a two-unit call never fits in one)")
    precondition(mu > 0 && mu.isFinite && l1 >= 0 && l1.isFinite && l2 >= 0 && l2.isFinite,
                 "multiUnitFCFSMeanWaits: need a finite mu > 0 and finite rates >= 0")
    let rho = (l1 + 2 * l2) / (Double(c) * mu)
    precondition(rho < 1, "multiUnitFCFSMeanWaits: unstable, rho = (l1 + 2 l2) / (c mu) = \(rho) >= 1")
    if l1 + l2 == 0 { return (single: 0, double: 0) }
    var limit = 32
    var previous: (single: Double, double: Double)?
    while true {
        let solved = multiUnitTruncatedChain(l1, l2, mu, c, limit)
        if solved.full < 1e-12 {
            if let last = previous, abs(solved.single - last.single) <= 1e-9 * solved.single,
               abs(solved.double - last.double) <= 1e-9 * solved.double {
                return (single: solved.single, double: solved.double)
            }
            previous = (single: solved.single, double: solved.double)
        }
        precondition(limit < 4096, "multiUnitFCFSMeanWaits: the queue does not settle by N = 4096 (rho = \(rho)): "
                     + "too close to, or past, the capacity that blocking leaves")
        limit *= 2
    }
}

/// The lumped chain of `multiUnitFCFSMeanWaits` truncated at `limit` queued calls: the mean waits
/// (Little's law over accepted calls) and the probability that the queue is full.
private func multiUnitTruncatedChain(_ l1: Double, _ l2: Double, _ mu: Double, _ c: Int, _ limit: Int)
    -> (single: Double, double: Double, full: Double) {
    let lambda = l1 + l2
    let odds = [0, l1 / lambda, l2 / lambda]  // odds[h]: chance that a call not yet at the head is of class h
    // Phases: level 0 (empty queue) has every (n1, n2, 0) with n1 + 2 n2 <= c; a level L >= 1 has
    // (n1, n2, h) whose head h does not fit: h = 1 with no unit free, h = 2 with at most one.
    let pairs = c / 2 + 1
    func key(_ n1: Int, _ n2: Int, _ h: Int) -> Int { (n1 * pairs + n2) * 3 + h }
    var position = [Int](repeating: -1, count: (c + 1) * pairs * 3)
    var phases0: [(n1: Int, n2: Int, h: Int)] = [], phases1: [(n1: Int, n2: Int, h: Int)] = []
    for n2 in 0..<pairs {
        for n1 in 0...(c - 2 * n2) {
            position[key(n1, n2, 0)] = phases0.count
            phases0.append((n1: n1, n2: n2, h: 0))
            let busy = n1 + 2 * n2
            for h in 1...2 where busy == c || (h == 2 && busy == c - 1) {
                position[key(n1, n2, h)] = phases1.count
                phases1.append((n1: n1, n2: n2, h: h))
            }
        }
    }
    let count0 = phases0.count, count1 = phases1.count
    let size = count0 + limit * count1
    func stateIndex(_ length: Int, _ n1: Int, _ n2: Int, _ h: Int) -> Int {
        position[key(n1, n2, h)] + (length == 0 ? 0 : count0 + (length - 1) * count1)
    }

    var moves: [(from: Int, to: Int, rate: Double)] = []
    /// Moves `from` at `rate` to (n1, n2, length, head) after starting calls from the head while
    /// they fit; the class of each new head is drawn. Every state it ends in is a phase above.
    func settle(_ from: Int, _ n1: Int, _ n2: Int, _ length: Int, _ head: Int, _ rate: Double) {
        guard rate > 0 else { return }
        if length > 0 && c - n1 - 2 * n2 >= head {
            let m1 = head == 1 ? n1 + 1 : n1, m2 = head == 2 ? n2 + 1 : n2
            if length == 1 {
                settle(from, m1, m2, 0, 0, rate)
            } else {
                settle(from, m1, m2, length - 1, 1, rate * odds[1])
                settle(from, m1, m2, length - 1, 2, rate * odds[2])
            }
        } else {
            moves.append((from: from, to: stateIndex(length, n1, n2, head), rate: rate))
        }
    }
    for length in 0...limit {
        let phases = length == 0 ? phases0 : phases1
        for phase in phases {
            let from = stateIndex(length, phase.n1, phase.n2, phase.h)
            if length == 0 {  // an arrival to an empty queue starts at once if it fits
                settle(from, phase.n1, phase.n2, 1, 1, l1)
                settle(from, phase.n1, phase.n2, 1, 2, l2)
            } else if length < limit {  // it joins the back, class unseen; lost when the queue is full
                moves.append((from: from, to: from + count1, rate: lambda))
            }
            if phase.n1 > 0 { settle(from, phase.n1 - 1, phase.n2, length, phase.h, Double(phase.n1) * mu) }
            if phase.n2 > 0 { settle(from, phase.n1, phase.n2 - 1, length, phase.h, Double(phase.n2) * mu) }
        }
    }

    // Banded rates: rates[i * width + j - i + below] is the rate from i to j, i - below <= j <= i + above.
    var below = 0, above = 0
    for move in moves {
        below = max(below, move.from - move.to)
        above = max(above, move.to - move.from)
    }
    let width = below + above + 1
    var rates = [Double](repeating: 0, count: size * width)
    for move in moves where move.from != move.to { rates[move.from * width + move.to - move.from + below] += move.rate }

    // GTH: censor out states size - 1, ..., 1 in turn; out[k] is k's rate into 0..<k once k + 1...
    // are censored, positive because every state reaches state 0 (empty) by completions alone.
    var out = [Double](repeating: 0, count: size)
    var pi = [Double](repeating: 0, count: size)
    rates.withUnsafeMutableBufferPointer { a in
        for k in stride(from: size - 1, to: 0, by: -1) {
            let lower = max(0, k - below)
            var total = 0.0
            for j in lower..<k { total += a[k * width + j - k + below] }
            precondition(total > 0, "multiUnitFCFSMeanWaits: state \(k) cannot reach the empty state")
            out[k] = total
            for i in max(0, k - above)..<k {
                let factor = a[i * width + k - i + below] / total
                if factor == 0 { continue }
                for j in lower..<k { a[i * width + j - i + below] += factor * a[k * width + j - k + below] }
            }
        }
        pi[0] = 1
        for k in 1..<size {
            var inflow = 0.0
            for i in max(0, k - above)..<k { inflow += pi[i] * a[i * width + k - i + below] }
            pi[k] = inflow / out[k]
        }
    }

    let mass = pi.reduce(0, +)
    var waiting1 = 0.0, waiting2 = 0.0, full = 0.0
    for length in 1...limit {
        let behind = Double(length - 1)
        for phase in phases1 {
            let p = pi[stateIndex(length, phase.n1, phase.n2, phase.h)] / mass
            let headIsOne: Double = phase.h == 1 ? 1 : 0
            waiting1 += p * (headIsOne + behind * odds[1])
            waiting2 += p * (1 - headIsOne + behind * odds[2])
            if length == limit { full += p }
        }
    }
    let accepted = 1 - full
    return (single: l1 > 0 ? waiting1 / (l1 * accepted) : 0, double: l2 > 0 ? waiting2 / (l2 * accepted) : 0,
            full: full)
}
