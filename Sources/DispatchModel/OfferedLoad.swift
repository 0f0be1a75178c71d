// OfferedLoad.swift: the offered load of a city on its responder types, for the overload warnings
// of `validate` and `run` (and so for the manifest's `overloaded` flag). It lives beside the
// routing rules (Router.swift) because it restates them in the large: which types may take which
// calls.
//
// A call may be taken by any of its eligible and fallback types that have units, so a type that
// cannot keep up alone may still be relieved by another. The city is overloaded when some set S of
// responder types cannot serve the calls that only S may take (the calls whose eligible and
// fallback types with units all lie in S), however the calls shared within S are split. Since time
// on scene depends on the responder type, the least load at which S can serve them is a small
// linear program (the min-max utilization over all splits), solved here by the simplex method. When
// every call only S may take has a single type in S, it is each type's work over its units.
//
// The estimate counts, per call, on-scene time plus turnout and within-zone travel and the
// expected emergency-department and booking time of the true type, routed by the coded type. It
// ignores coverage hours, extra units and backups; a type with watches counts each unit for the
// share of the week it is on duty and off its breaks.

import DispatchRandom

package struct OfferedLoad {
    /// The calls of one coded call type: the responder types with units that may take them, and
    /// for each, the load in Erlangs (busy units on average) if that type took all of them.
    struct CallClass {
        var responders: [Int]
        var erlangs: [Double]
    }

    /// A set of responder types and the least utilization at which they can serve the calls only
    /// they may take: with the best split of the calls they share, each of them is busy `load` of
    /// the time (1 = 100%).
    package struct Group: Equatable {
        package var responders: [Int]
        package var load: Double
    }

    /// With at most this many responder types that take calls, every set of them is checked
    /// (255 sets, each a linear program of a few dozen variables). With more, only each type alone
    /// and all of them together are: the overload verdict stays exact (a set that is overloaded
    /// makes the whole city overloaded), but an overloaded set of several types is reported as the
    /// whole city.
    static let maxEnumeratedTypes = 8

    let units: [Int]
    let classes: [CallClass]
    /// Units available on average per responder type: the unit count, or for types with watches
    /// each unit's share of the week on duty and off its breaks.
    let capacity: [Double]

    init(units: [Int], classes: [CallClass], capacity: [Double]? = nil) {
        self.units = units
        self.classes = classes
        self.capacity = capacity ?? units.map(Double.init)
    }

    package init(city: CityConfiguration) {
        let units = city.responders.map(\.unitCount)
        let withinZone = city.zones.indices.reduce(0.0) { acc, z in
            acc + city.zones[z].callShare * city.travelMinutes[z][z]
        }
        let meanTravel = withinZone + (city.turnout?.mean ?? 0)
        // A type whose travel times are scaled travels longer within zones (turnout is not scaled).
        let travelByResponder = city.responders.map { r in
            r.travelFactor == 1 ? meanTravel : withinZone * r.travelFactor + (city.turnout?.mean ?? 0)
        }
        // Routing follows the coded type; time on scene and outcomes the true type.
        var classes = city.callTypes.map { coded in
            var responders: [Int] = []
            for r in coded.allEligible where units[r] > 0 && !responders.contains(r) { responders.append(r) }
            return CallClass(responders: responders, erlangs: Array(repeating: 0, count: responders.count))
        }
        for (t, trueType) in city.callTypes.enumerated() {
            for c in city.callTypes.indices {
                let p = trueType.codedAs?[c] ?? (c == t ? 1 : 0)
                guard p > 0 else { continue }
                let callsPerMinute = city.callsPerHour / 60 * trueType.share * p
                for (k, r) in classes[c].responders.enumerated() {
                    guard let onScene = trueType.onScene[r] else { continue }
                    var minutes = onScene.mean + travelByResponder[r]
                    if let after = trueType.afterCall[r] { minutes += after.mean }
                    if let o = trueType.outcomes[r] {
                        minutes += o.edTransport * (o.edTime?.mean ?? 0) + o.arrest * o.bookingGivenArrest * (o.bookingTime?.mean ?? 0)
                    }
                    classes[c].erlangs[k] += callsPerMinute * minutes
                }
            }
        }
        // Activity that waits for a unit when none is free is load like a call's.
        for activity in city.officerInitiated where activity.whenNoUnit == .queue && units[activity.responder] > 0 {
            classes.append(CallClass(responders: [activity.responder],
                                     erlangs: [activity.perHour / 60 * (activity.duration.mean + travelByResponder[activity.responder])]))
        }
        self.init(units: units, classes: classes, capacity: city.responders.map(Self.availableUnits))
    }

    /// A type's units available on average: with watches, each watch's units x its share of the
    /// week on duty, less its breaks; else the unit count.
    static func availableUnits(_ responder: ResponderType) -> Double {
        guard !responder.watches.isEmpty else { return Double(responder.unitCount) }
        return responder.watches.reduce(0.0) { total, watch in
            let windows = Double(watch.coverage.days.count)
            let onDuty = Double(watch.coverage.windowMinutes) * windows
            let breaks = watch.breaks.reduce(0.0) { $0 + $1.minutes } * windows
            return total + Double(watch.unitCount) * max(0, onDuty - breaks) / 10_080
        }
    }

    /// The least utilization at which the responder types in `set` can serve the calls only they
    /// may take: 0 when there are none, infinite when some such call has only infinite work.
    func load(of set: [Int]) -> Double {
        let confined = classes.filter { c in
            !c.responders.isEmpty && c.responders.allSatisfy(set.contains) && !c.erlangs.contains(0)
        }
        if confined.isEmpty { return 0 }
        // Each class's load, as a share of each type's capacity, if that type took all of it.
        let shares = confined.map { c in zip(c.responders, c.erlangs).map { (r, e) in (r, e / capacity[r]) } }
        if shares.allSatisfy({ $0.count == 1 }) {
            var work = Array(repeating: 0.0, count: units.count)
            for c in confined { work[c.responders[0]] += c.erlangs[0] }
            return confined.map { work[$0.responders[0]] / capacity[$0.responders[0]] }.max()!
        }
        return Self.minMaxUtilization(shares)
    }

    /// The inclusion-minimal sets of responder types (among those checked, see
    /// ``maxEnumeratedTypes``) whose load is at least `threshold`, smaller sets first.
    package func minimalGroups(atLeast threshold: Double) -> [Group] {
        var types: [Int] = []
        for c in classes { for r in c.responders where !types.contains(r) { types.append(r) } }
        types.sort()
        guard !types.isEmpty else { return [] }
        var sets: [[Int]]
        if types.count <= Self.maxEnumeratedTypes {
            sets = (1..<(1 << types.count)).map { mask in types.indices.filter { mask & (1 << $0) != 0 }.map { types[$0] } }
            sets.sort { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }
        } else {
            sets = types.map { [$0] } + [types]
        }
        var found: [Group] = []
        for set in sets where !found.contains(where: { $0.responders.allSatisfy(set.contains) }) {
            let load = load(of: set)
            if load >= threshold { found.append(Group(responders: set, load: load)) }
        }
        return found
    }

    /// The least, over all splits of each class among its types, of the busiest type's
    /// utilization. `shares[i]` lists class i's types with the utilization of each if it took all
    /// of class i. Solved as: maximize theta such that every class gets at least theta of its
    /// calls served (as fractions x[i][r] of it) within each type's capacity; the answer is 1/theta.
    static func minMaxUtilization(_ shares: [[(Int, Double)]]) -> Double {
        // An infinitely long route carries nothing; a class with only such routes cannot be served.
        var classes = shares.map { $0.filter { $0.1.isFinite } }
        if classes.contains(where: \.isEmpty) { return .infinity }
        // Scale so that the largest cheapest route is 1, and leave out what is negligible at that
        // scale (classes costing < 1e-12 of it, routes costing > 1e12 times it), so that the
        // simplex works on numbers of moderate size.
        let scale = classes.map { $0.map(\.1).min()! }.max()!
        guard scale > 0 else { return 0 }
        classes = classes.compactMap { routes in
            let scaled = routes.map { ($0.0, $0.1 / scale) }.filter { $0.1 <= 1e12 }
            return scaled.contains { $0.1 < 1e-12 } ? nil : scaled
        }
        let types = Array(Set(classes.flatMap { $0.map(\.0) })).sorted()
        // Variables: theta, then one x per route. Rows: one per type (capacity), one per class.
        let routeCount = classes.reduce(0) { $0 + $1.count }
        var a = Array(repeating: Array(repeating: 0.0, count: 1 + routeCount), count: types.count + classes.count)
        var column = 1
        for (i, routes) in classes.enumerated() {
            a[types.count + i][0] = 1
            for (r, share) in routes {
                a[types.firstIndex(of: r)!][column] = share
                a[types.count + i][column] = -1
                column += 1
            }
        }
        let b = Array(repeating: 1.0, count: types.count) + Array(repeating: 0.0, count: classes.count)
        let objective = [1.0] + Array(repeating: 0.0, count: routeCount)
        let theta = maximize(objective, a, b)
        return theta > 0 ? scale / theta : .infinity
    }

    /// The largest value of objective . x subject to a x <= b and x >= 0, where b >= 0 (so x = 0
    /// is feasible) and the optimum is bounded: the simplex method on a dense tableau with Bland's
    /// rule, which cannot cycle. The iteration cap only guards against rounding; stopping early
    /// returns a feasible value, which is below the optimum (so the load is overstated).
    static func maximize(_ objective: [Double], _ a: [[Double]], _ b: [Double]) -> Double {
        let m = a.count, n = objective.count, rhs = n + m
        var t = (0..<m).map { i in a[i] + (0..<m).map { $0 == i ? 1.0 : 0.0 } + [b[i]] }
        var z = objective.map { -$0 } + Array(repeating: 0.0, count: m + 1)
        var basis = Array(n..<(n + m))
        let eps = 1e-12
        for _ in 0..<10_000 {
            guard let j = (0..<rhs).first(where: { z[$0] < -eps }) else { break }
            var pivot: Int?
            for i in 0..<m where t[i][j] > eps {
                guard let p = pivot else { pivot = i; continue }
                let ratio = t[i][rhs] / t[i][j], best = t[p][rhs] / t[p][j]
                if ratio < best || (ratio == best && basis[i] < basis[p]) { pivot = i }
            }
            guard let p = pivot else { return .infinity }
            let scale = t[p][j]
            for k in 0...rhs { t[p][k] /= scale }
            t[p][rhs] = max(t[p][rhs], 0)
            for i in 0..<m where i != p && t[i][j] != 0 {
                let f = t[i][j]
                for k in 0...rhs { t[i][k] -= f * t[p][k] }
                t[i][rhs] = max(t[i][rhs], 0)
            }
            let f = z[j]
            for k in 0...rhs { z[k] -= f * t[p][k] }
            basis[p] = j
        }
        return z[rhs]
    }
}
