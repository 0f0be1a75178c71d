// ReplicationMetrics.swift: what one replication measures, collected as the model runs, and the
// flat, Sendable result it reduces to.
//
// Only calls that arrive after the warm-up count. A call's wait, travel and time on scene are
// known when it is dispatched, so it is recorded then; calls still waiting at the horizon are
// counted in `waitingAtEnd` and are not in the wait or response statistics (they are censored).

import DispatchEngine
import DispatchRandom

extension Tally {
    /// A tally of per-call times: observations of calls that arrived before `warmUp` are ignored;
    /// median and 90th percentile are estimated.
    static func perCall(warmUp: Double) -> Tally {
        Tally(warmUpEnd: warmUp, quantiles: [0.5, 0.9])
    }

    var summary: QuantitySummary {
        QuantitySummary(count: statistics.count, mean: statistics.mean, p50: quantile(0.5), p90: quantile(0.9))
    }
}

/// Count, mean, median and 90th percentile of one quantity in one replication (NaN when no value
/// was observed).
public struct QuantitySummary: Sendable, Hashable {
    public let count: Int
    public let mean: Double
    public let p50: Double
    public let p90: Double
}

/// Collects one replication's measurements.
public struct ReplicationMetrics {
    let priorities: [Int]
    let priorityIndex: [Int: Int]
    let unitResponders: [Int]
    let responderCount: Int
    let zoneCount: Int
    let callTypePriority: [Int]
    let observedFrom: Double

    var arrivals = 0
    var arrivalsByType: [Int]
    var arrivalsByZone: [Int]
    let wait: Tally
    var delayed = 0
    let travel: Tally
    let response: Tally
    let onScene: Tally
    let responseByPriority: [Tally]
    let responseByZone: [Tally]
    let waitByType: [Tally]
    let responseByType: [Tally]
    var handledByTypeAndResponder: [[Int]]
    var fallbackEligibleByType: [Int]
    var dispatchesByUnit: [Int]
    var busyMinutesByUnit: [Double]
    var dispatchesByUnitAndZone: [[Int]]
    var waitingAtEnd = 0
    var waitingCalls: TimeWeightedStatistic

    init(city: CityConfiguration, unitResponders: [Int], unitHomes: [Int]) {
        priorities = city.priorities
        priorityIndex = Dictionary(uniqueKeysWithValues: priorities.enumerated().map { ($1, $0) })
        self.unitResponders = unitResponders
        responderCount = city.responders.count
        zoneCount = city.zones.count
        callTypePriority = city.callTypes.map(\.priority)
        observedFrom = city.warmupMinutes
        arrivalsByType = Array(repeating: 0, count: city.callTypes.count)
        arrivalsByZone = Array(repeating: 0, count: city.zones.count)
        let warmUp = city.warmupMinutes
        wait = .perCall(warmUp: warmUp)
        travel = .perCall(warmUp: warmUp)
        response = .perCall(warmUp: warmUp)
        onScene = .perCall(warmUp: warmUp)
        responseByPriority = priorities.map { _ in .perCall(warmUp: warmUp) }
        responseByZone = city.zones.map { _ in .perCall(warmUp: warmUp) }
        waitByType = city.callTypes.map { _ in .perCall(warmUp: warmUp) }
        responseByType = city.callTypes.map { _ in .perCall(warmUp: warmUp) }
        handledByTypeAndResponder = Array(repeating: Array(repeating: 0, count: city.responders.count),
                                          count: city.callTypes.count)
        fallbackEligibleByType = Array(repeating: 0, count: city.callTypes.count)
        dispatchesByUnit = Array(repeating: 0, count: unitResponders.count)
        busyMinutesByUnit = Array(repeating: 0, count: unitResponders.count)
        dispatchesByUnitAndZone = Array(repeating: Array(repeating: 0, count: city.zones.count),
                                        count: unitResponders.count)
        waitingCalls = TimeWeightedStatistic(value: 0, at: 0, observationStart: city.warmupMinutes)
    }

    mutating func recordArrival(callType: Int, zone: Int) {
        arrivals += 1
        arrivalsByType[callType] += 1
        arrivalsByZone[zone] += 1
    }

    /// Records the dispatch of a call that arrived at `arrival`, after the warm-up.
    mutating func recordDispatch(callType: Int, zone: Int, unit: Int, responder: Int, arrival: Double,
                                 waitMinutes: Double, travelMinutes: Double, onSceneMinutes: Double) {
        let responseMinutes = waitMinutes + travelMinutes
        wait.record(waitMinutes, at: arrival)
        if waitMinutes > 0 { delayed += 1 }
        travel.record(travelMinutes, at: arrival)
        response.record(responseMinutes, at: arrival)
        onScene.record(onSceneMinutes, at: arrival)
        responseByPriority[priorityIndex[callTypePriority[callType]]!].record(responseMinutes, at: arrival)
        responseByZone[zone].record(responseMinutes, at: arrival)
        waitByType[callType].record(waitMinutes, at: arrival)
        responseByType[callType].record(responseMinutes, at: arrival)
        handledByTypeAndResponder[callType][responder] += 1
        dispatchesByUnit[unit] += 1
        dispatchesByUnitAndZone[unit][zone] += 1
    }

    mutating func recordFallbackEligible(callType: Int) {
        fallbackEligibleByType[callType] += 1
    }

    /// Adds the part of [from, to] after the warm-up to a unit's busy time.
    mutating func addBusyTime(unit: Int, from: Double, to: Double) {
        let start = max(from, observedFrom)
        if to > start { busyMinutesByUnit[unit] += to - start }
    }

    mutating func updateWaitingCount(_ count: Int, at time: Double) {
        waitingCalls.update(to: Double(count), at: time)
    }

    mutating func recordWaitingAtEnd(_ count: Int) {
        waitingAtEnd = count
    }

    /// The flat result of the replication, once the model has finished at `horizon`.
    func result(horizon: Double, events: Int) -> ReplicationResult {
        let observed = horizon - observedFrom
        var busyByResponder = Array(repeating: 0.0, count: responderCount)
        var unitsByResponder = Array(repeating: 0, count: responderCount)
        for (unit, responder) in unitResponders.enumerated() {
            busyByResponder[responder] += busyMinutesByUnit[unit]
            unitsByResponder[responder] += 1
        }
        return ReplicationResult(
            observedMinutes: observed,
            calls: arrivals,
            callsByType: arrivalsByType,
            callsByZone: arrivalsByZone,
            waitingAtEnd: waitingAtEnd,
            delayed: delayed,
            meanCallsWaiting: waitingCalls.average(upTo: horizon),
            wait: wait.summary, travel: travel.summary, response: response.summary, onScene: onScene.summary,
            priorities: priorities,
            responseByPriority: responseByPriority.map(\.summary),
            responseByZone: responseByZone.map(\.summary),
            waitByType: waitByType.map(\.summary),
            responseByType: responseByType.map(\.summary),
            handledByTypeAndResponder: handledByTypeAndResponder,
            fallbackEligibleByType: fallbackEligibleByType,
            utilizationByResponder: (0..<responderCount).map {
                unitsByResponder[$0] > 0 ? busyByResponder[$0] / (Double(unitsByResponder[$0]) * observed) : .nan
            },
            dispatchesByUnit: dispatchesByUnit,
            utilizationByUnit: busyMinutesByUnit.map { $0 / observed },
            dispatchesByUnitAndZone: dispatchesByUnitAndZone,
            events: events)
    }
}

/// Everything one replication measured, as plain numbers (indices follow the city's zones,
/// responder types, call types and units).
public struct ReplicationResult: Sendable, Hashable {
    public let observedMinutes: Double
    /// Calls that arrived after the warm-up.
    public let calls: Int
    public let callsByType: [Int]
    public let callsByZone: [Int]
    /// Calls that arrived after the warm-up and were still waiting at the horizon.
    public let waitingAtEnd: Int
    /// Dispatched calls that waited for a unit (wait > 0).
    public let delayed: Int
    /// Time-average number of calls waiting for a unit, after the warm-up.
    public let meanCallsWaiting: Double
    public let wait: QuantitySummary
    public let travel: QuantitySummary
    public let response: QuantitySummary
    public let onScene: QuantitySummary
    /// The priorities in use, ascending; `responseByPriority` follows this order.
    public let priorities: [Int]
    public let responseByPriority: [QuantitySummary]
    public let responseByZone: [QuantitySummary]
    public let waitByType: [QuantitySummary]
    public let responseByType: [QuantitySummary]
    /// Dispatches by call type (row) and responder type (column).
    public let handledByTypeAndResponder: [[Int]]
    /// Calls of each type that waited long enough to become eligible for their fallback types.
    public let fallbackEligibleByType: [Int]
    /// Busy time over available time (units x observed minutes), per responder type.
    public let utilizationByResponder: [Double]
    public let dispatchesByUnit: [Int]
    public let utilizationByUnit: [Double]
    /// Dispatches by unit (row) and call zone (column).
    public let dispatchesByUnitAndZone: [[Int]]
    /// Events the engine executed.
    public let events: Int

    /// Dispatches handled by each responder type.
    public var callsByResponder: [Int] {
        guard let first = handledByTypeAndResponder.first else { return [] }
        return first.indices.map { r in handledByTypeAndResponder.reduce(0) { $0 + $1[r] } }
    }
}
