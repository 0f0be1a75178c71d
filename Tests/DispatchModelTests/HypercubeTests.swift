// HypercubeTests.swift: the exact hypercube solver checked against M/M/N, then the model's unit workloads and dispatch fractions against it.

import DispatchEngine
import DispatchModel
import DispatchRandom
import Testing

/// |a - b| <= tolerance x max(1, |b|): for exact arithmetic compared with exact arithmetic.
func expectClose(_ a: Double, _ b: Double, tolerance: Double = 1e-9, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(abs(a - b) <= tolerance * max(1, abs(b)), "\(what): \(a) vs \(b)", sourceLocation: sourceLocation)
}

@Suite("Hypercube solver")
struct HypercubeSolverTests {
    @Test("one zone reduces to M/M/N (Erlang C)", arguments: [(1, 0.5), (2, 0.8), (3, 0.6), (4, 0.9)])
    func reducesToErlangC(units: Int, utilization: Double) throws {
        let mu = 1.0 / 60, lambda = utilization * Double(units) * mu
        let model = HypercubeModel(unitCount: units, arrivalRatesPerMinute: [lambda], serviceRatePerMinute: mu,
                                   preferences: [Array(0..<units)])
        let solution = model.solve()
        let exact = try MMcQueue(arrivalRatePerMinute: lambda, serviceRatePerMinute: mu, servers: units)
        #expect(solution.probabilityAtLimit < 1e-14)
        expectClose(solution.probabilityAllBusy, exact.probabilityOfWaiting, "M/M/\(units) P(all busy)")
        expectClose(solution.meanQueueLength, exact.meanQueueLength, "M/M/\(units) mean queue length")
        expectClose(solution.workloads.reduce(0, +), lambda / mu, "M/M/\(units) sum of workloads")
        // Units earlier in the order work more.
        #expect(solution.workloads == solution.workloads.sorted(by: >))
        expectDispatchBalance(model, solution)
    }

    @Test("mirror-image zones give mirror-image units")
    func symmetry() {
        let mu = 1.0 / 60
        let model = HypercubeModel(unitCount: 2, arrivalRatesPerMinute: [0.01, 0.01], serviceRatePerMinute: mu,
                                   preferences: [[0, 1], [1, 0]])
        let solution = model.solve()
        expectClose(solution.workloads[0], solution.workloads[1], tolerance: 1e-12, "workloads")
        expectClose(solution.dispatchFractions[0][0], solution.dispatchFractions[1][1], tolerance: 1e-12, "own zone")
        expectClose(solution.dispatchFractions[0][1], solution.dispatchFractions[1][0], tolerance: 1e-12, "other zone")
        expectDispatchBalance(model, solution)
    }

    /// Dispatch fractions sum to 1 and to each zone's share, and each unit's workload is its
    /// dispatch rate times the mean service time (Little's law for the unit).
    func expectDispatchBalance(_ model: HypercubeModel, _ solution: HypercubeSolution,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let lambda = model.totalArrivalRate
        expectClose(solution.dispatchFractions.joined().reduce(0, +), 1, "sum of dispatch fractions",
                    sourceLocation: sourceLocation)
        for (zone, rate) in model.arrivalRatesPerMinute.enumerated() {
            expectClose(solution.dispatchFractions.reduce(0) { $0 + $1[zone] }, rate / lambda,
                        "zone \(zone) share of dispatches", sourceLocation: sourceLocation)
        }
        for unit in 0..<model.unitCount {
            expectClose(lambda * solution.dispatchFractions[unit].reduce(0, +) / model.serviceRatePerMinute,
                        solution.workloads[unit], "unit \(unit) workload from its dispatch rate",
                        sourceLocation: sourceLocation)
        }
    }
}

@Suite("Hypercube: the model against Larson's exact model")
struct HypercubeModelTests {
    /// Three zones, one unit based in each, travel 0.0001 min per unit of distance (row: from,
    /// column: to): every trip takes milliseconds, so travel adds nothing measurable
    /// to busy time and a unit is home again almost at once, yet travel times order the units
    /// differently for each zone. The matrix is not symmetric: read by rows instead of columns
    /// it would give other orders ([0, 1, 2], [1, 2, 0], [2, 0, 1]).
    static let distances: [[Double]] = [[0, 1, 3], [2, 0, 1], [1, 3, 0]]
    static let callShares = [0.5, 0.3, 0.2]
    static let callsPerHour = 1.8
    static let meanOnSceneMinutes = 60.0

    static func city(warmupMinutes: Double, observedMinutes: Double, distances: [[Double]] = distances,
                     unitsPerZone: [Int] = [1, 1, 1]) throws -> CityConfiguration {
        CityConfiguration(
            zones: callShares.enumerated().map { Zone(name: "zone\($0.offset)", callShare: $0.element) },
            travelMinutes: distances.map { $0.map { 0.0001 * $0 } }, turnout: nil,
            responders: [responder("police", units: unitsPerZone)],
            callTypes: [CallType(name: "call", share: 1, priority: 1, eligible: [0], fallback: nil,
                                 onScene: [try Distribution.exponential(mean: meanOnSceneMinutes)])],
            callsPerHour: callsPerHour, hourOfDayProfile: nil, horizonMinutes: warmupMinutes + observedMinutes,
            warmupMinutes: warmupMinutes)
    }

    /// The model's preference order for calls in each zone when every unit is at home (units are
    /// numbered by home zone, one responder type): least travel from the unit's zone, then lower
    /// zone index, then lower unit number (DispatchModel.swift, "Rules").
    static func preferences(_ city: CityConfiguration) -> [[Int]] {
        let homes = city.responders[0].unitsPerZone.enumerated().flatMap { zone, count in
            Array(repeating: zone, count: count)
        }
        return city.zones.indices.map { zone in
            homes.indices.sorted {
                (city.travelMinutes[homes[$0]][zone], homes[$0], $0) < (city.travelMinutes[homes[$1]][zone], homes[$1], $1)
            }
        }
    }

    static func exactModel(_ city: CityConfiguration) -> HypercubeModel {
        let lambda = city.callsPerHour / 60
        return HypercubeModel(unitCount: city.responders[0].unitCount,
                              arrivalRatesPerMinute: city.zones.map { $0.callShare * lambda },
                              serviceRatePerMinute: 1 / meanOnSceneMinutes, preferences: preferences(city))
    }

    /// Zone 0 holds unit 0 and zone 1 units 1 and 2; zone 2 has none and is as far from zone 0
    /// as from zone 1. So the ties decide: zone 1 calls take unit 1 before unit 2 (lower unit
    /// number), zone 2 calls take unit 0 before units 1 and 2 (lower zone index).
    static let tiedDistances: [[Double]] = [[0, 1, 2], [1, 0, 2], [2, 2, 0]]
    static let tiedUnitsPerZone = [1, 2, 0]

    @Test("each zone has its own preference order; ties go to the lower zone, then the lower unit")
    func preferenceOrders() throws {
        let order = Self.preferences(try Self.city(warmupMinutes: 0, observedMinutes: 1))
        #expect(order == [[0, 2, 1], [1, 0, 2], [2, 1, 0]])
        let tied = Self.preferences(try Self.city(warmupMinutes: 0, observedMinutes: 1, distances: Self.tiedDistances,
                                                  unitsPerZone: Self.tiedUnitsPerZone))
        #expect(tied == [[0, 1, 2], [1, 2, 0], [0, 1, 2]])
    }

    @Test("unit workloads and unit-to-zone dispatch fractions match the exact hypercube")
    func againstExact() throws {
        let city = try Self.city(warmupMinutes: 3_000, observedMinutes: 100_000)
        try expectMatchesExact(city, seed: 2_024, print: true)
    }

    @Test("with tied travel times, workloads and dispatch fractions match the exact hypercube")
    func tiesAgainstExact() throws {
        let city = try Self.city(warmupMinutes: 3_000, observedMinutes: 60_000, distances: Self.tiedDistances,
                                 unitsPerZone: Self.tiedUnitsPerZone)
        try expectMatchesExact(city, seed: 2_025, print: false)
    }

    func expectMatchesExact(_ city: CityConfiguration, seed: UInt64, print shouldPrint: Bool,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let exact = Self.exactModel(city).solve()
        #expect(exact.probabilityAtLimit < 1e-14)
        let runs = replicate(city, seed: seed, count: 16)
        for unit in 0..<3 {
            expectWithinStandardErrors(runs.map { $0.utilizationByUnit[unit] }, of: exact.workloads[unit],
                                       "unit \(unit) workload", sourceLocation: sourceLocation)
            for zone in 0..<3 {
                expectWithinStandardErrors(
                    runs.map { Double($0.dispatchesByUnitAndZone[unit][zone]) / Double($0.wait.count) },
                    of: exact.dispatchFractions[unit][zone], "unit \(unit) to zone \(zone) dispatch fraction",
                    sourceLocation: sourceLocation)
            }
        }
        // The number of busy units is an M/M/N queue whatever the preferences, so every zone's
        // calls wait as in Erlang C (travel adds milliseconds to response).
        let erlang = try MMcQueue(arrivalRatePerMinute: Self.exactModel(city).totalArrivalRate,
                                  serviceRatePerMinute: 1 / Self.meanOnSceneMinutes, servers: 3)
        expectClose(exact.probabilityAllBusy, erlang.probabilityOfWaiting, "P(all busy)", sourceLocation: sourceLocation)
        for zone in 0..<3 {
            expectWithinStandardErrors(runs.map { $0.responseByZone[zone].mean }, of: erlang.meanWaitMinutes,
                                       "zone \(zone) mean response", sourceLocation: sourceLocation)
        }
        if shouldPrint { report(city: city, exact: exact, runs: runs) }
    }

    /// Prints exact and simulated values side by side (shown with `swift test`).
    func report(city: CityConfiguration, exact: HypercubeSolution, runs: [ReplicationResult]) {
        func line(_ what: String, _ exactValue: Double, _ estimates: [Double]) -> String {
            let s = RunningStatistics(estimates)
            return "\(what): exact \(exactValue), simulated \(s.mean) +- \(s.standardError) (z = \((s.mean - exactValue) / s.standardError))"
        }
        var lines = ["hypercube, K = \(exact.queueLimit), P(all busy) = \(exact.probabilityAllBusy)"]
        for unit in 0..<3 {
            lines.append(line("workload[\(unit)]", exact.workloads[unit], runs.map { $0.utilizationByUnit[unit] }))
        }
        for unit in 0..<3 {
            for zone in 0..<3 {
                lines.append(line("fraction[\(unit)][\(zone)]", exact.dispatchFractions[unit][zone],
                                  runs.map { Double($0.dispatchesByUnitAndZone[unit][zone]) / Double($0.wait.count) }))
            }
        }
        print(lines.joined(separator: "\n"))
    }
}

/// Larson's hypercube as a loss system: a call that finds every unit busy is lost (it goes to
/// another responder type). States are the 2^N busy sets; solved like ``HypercubeModel``.
/// Returns each unit's workload and `fractions[unit][zone]`, the fraction of all calls that send
/// `unit` to `zone`.
func solveLossHypercube(_ model: HypercubeModel) -> (workloads: [Double], fractions: [[Double]]) {
    let n = model.unitCount, states = 1 << n, mu = model.serviceRatePerMinute
    var transposed = [[Double]](repeating: [Double](repeating: 0, count: states), count: states)
    func add(_ rate: Double, from: Int, to: Int) {
        transposed[to][from] += rate
        transposed[from][from] -= rate
    }
    for busy in 0..<states {
        for (zone, rate) in model.arrivalRatesPerMinute.enumerated() where rate > 0 {
            if let unit = model.dispatchedUnit(zone: zone, busy: busy) { add(rate, from: busy, to: busy | (1 << unit)) }
        }
        for unit in 0..<n where busy & (1 << unit) != 0 { add(mu, from: busy, to: busy & ~(1 << unit)) }
    }
    transposed[states - 1] = [Double](repeating: 1, count: states)
    var rhs = [Double](repeating: 0, count: states)
    rhs[states - 1] = 1
    let pi = solveLinearSystem(transposed, rhs)
    let lambda = model.totalArrivalRate
    var workloads = [Double](repeating: 0, count: n)
    var fractions = [[Double]](repeating: [Double](repeating: 0, count: model.arrivalRatesPerMinute.count), count: n)
    for busy in 0..<states {
        for unit in 0..<n where busy & (1 << unit) != 0 { workloads[unit] += pi[busy] }
        for (zone, rate) in model.arrivalRatesPerMinute.enumerated() {
            if let unit = model.dispatchedUnit(zone: zone, busy: busy) { fractions[unit][zone] += rate / lambda * pi[busy] }
        }
    }
    return (workloads, fractions)
}

@Suite("Hypercube: district-first dispatch against Larson's exact model")
struct DistrictFirstHypercubeTests {
    /// Zone 1 is large (2 units of distance within it) and zone 0 is next to it (1 unit): its
    /// calls' closest unit is zone 0's, but district first sends zone 1's own unit first.
    static let distances: [[Double]] = [[0, 1, 3], [2, 2, 1], [1, 3, 0]]

    /// Three police units, one based in each zone, district first; a call that finds none free
    /// goes at once to a reserve of 40 units (a fallback after 0 minutes), so police is a loss
    /// system, as Larson's model without a queue.
    static func city(districtFirst: Bool) throws -> CityConfiguration {
        let onScene = try Distribution.exponential(mean: HypercubeModelTests.meanOnSceneMinutes)
        return CityConfiguration(
            zones: HypercubeModelTests.callShares.enumerated().map { Zone(name: "zone\($0.offset)", callShare: $0.element) },
            travelMinutes: distances.map { $0.map { 0.0001 * $0 } }, turnout: nil,
            responders: [ResponderType(name: "police", unitsPerZone: [1, 1, 1], costPerUnitHour: nil,
                                       policy: districtFirst ? DispatchPolicy(districtFirst: .init()) : nil),
                         responder("reserve", units: [40, 0, 0])],
            callTypes: [CallType(name: "call", share: 1, priority: 1, eligible: [0], fallback: Fallback(afterMinutes: 0, to: [1]),
                                 onScene: [onScene, onScene])],
            callsPerHour: HypercubeModelTests.callsPerHour, hourOfDayProfile: nil, horizonMinutes: 63_000, warmupMinutes: 3_000)
    }

    static func model(preferences: [[Int]]) -> HypercubeModel {
        HypercubeModel(unitCount: 3, arrivalRatesPerMinute: HypercubeModelTests.callShares.map { $0 * HypercubeModelTests.callsPerHour / 60 },
                       serviceRatePerMinute: 1 / HypercubeModelTests.meanOnSceneMinutes, preferences: preferences)
    }

    @Test("district first: workloads and dispatch fractions match the loss hypercube with own-district units first",
          arguments: [true, false])
    func againstExact(districtFirst: Bool) throws {
        // Closest first, zone 1's order is [0, 1, 2]; district first, [1, 0, 2]. Zones 0 and 2 agree.
        let exact = solveLossHypercube(Self.model(preferences: [[0, 2, 1], districtFirst ? [1, 0, 2] : [0, 1, 2], [2, 1, 0]]))
        let other = solveLossHypercube(Self.model(preferences: [[0, 2, 1], districtFirst ? [0, 1, 2] : [1, 0, 2], [2, 1, 0]]))
        let runs = replicate(try Self.city(districtFirst: districtFirst), seed: 2_030, count: 16)
        for unit in 0..<3 {
            expectWithinStandardErrors(runs.map { $0.utilizationByUnit[unit] }, of: exact.workloads[unit], "unit \(unit) workload")
            for zone in 0..<3 {
                expectWithinStandardErrors(runs.map { Double($0.dispatchesByUnitAndZone[unit][zone]) / Double($0.calls) },
                                           of: exact.fractions[unit][zone], "unit \(unit) to zone \(zone) fraction of calls")
            }
        }
        // The two rules differ by far more than the intervals: unit 1's share of zone 1's calls.
        let simulated = RunningStatistics(runs.map { Double($0.dispatchesByUnitAndZone[1][1]) / Double($0.calls) })
        #expect(abs(exact.fractions[1][1] - other.fractions[1][1]) > 10 * simulated.standardError)
    }
}
