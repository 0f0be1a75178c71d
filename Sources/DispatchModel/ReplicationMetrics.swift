// ReplicationMetrics.swift: what one replication measures, collected as the model runs, and the
// flat, Sendable result it reduces to.
//
// Only calls that arrive after the warm-up count. A call's wait, travel and time on scene are
// known when it is dispatched, so it is recorded then; calls still waiting at the horizon are
// counted in `waitingAtEnd` and are not in the wait or response statistics (they are censored).

import DispatchEngine
import DispatchRandom

extension Tally {
    /// A tally of per-call times: observations of calls that arrived before `warmUp` are ignored.
    /// Quantiles are kept only for the tallies whose quantiles the results report; the others
    /// read as NaN.
    static func perCall(warmUp: Double, quantiles: [Double] = []) -> Tally {
        Tally(warmUpEnd: warmUp, quantiles: quantiles)
    }

    var summary: QuantitySummary {
        QuantitySummary(statistics, keeping: quantileProbabilities, quantile: quantile)
    }
}

/// Count, mean, median and 90th percentile of one quantity in one replication (NaN when no value
/// was observed).
public struct QuantitySummary: Sendable, Hashable {
    public let count: Int
    public let mean: Double
    public let p50: Double
    public let p90: Double

    /// The summary of a tally's `statistics`, reading the median and 90th percentile through
    /// `quantile` when the tally keeps them (`kept`), else NaN.
    init(_ statistics: RunningStatistics, keeping kept: [Double], quantile: (Double) -> Double) {
        count = statistics.count
        mean = statistics.mean
        p50 = kept.contains(0.5) ? quantile(0.5) : .nan
        p90 = kept.contains(0.9) ? quantile(0.9) : .nan
    }

    init(count: Int, mean: Double, p50: Double, p90: Double) {
        self.count = count
        self.mean = mean
        self.p50 = p50
        self.p90 = p90
    }

    /// Equal when every number is the same to the bit, so that two summaries of no value (NaN)
    /// are equal: a replication compared with its rerun must be equal to itself.
    public static func == (a: QuantitySummary, b: QuantitySummary) -> Bool {
        a.count == b.count && a.mean.bitPattern == b.mean.bitPattern && a.p50.bitPattern == b.p50.bitPattern
            && a.p90.bitPattern == b.p90.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        hasher.combine(mean.bitPattern)
        hasher.combine(p50.bitPattern)
        hasher.combine(p90.bitPattern)
    }
}

/// Collects one replication's measurements.
struct ReplicationMetrics: ~Copyable {
    let priorities: [Int]
    let unitResponders: [Int]
    let responderCount: Int
    let zoneCount: Int
    /// Per call type: the index of its priority in `priorities`, and its priority's response
    /// target (nil for none).
    let priorityIndexByType: [Int]
    let responseTargetByType: [Double?]
    let callTypeIsCrisis: [Bool]
    let responderKinds: [ResponderKind]
    let costPerUnitHour: [Double]
    let costs: OutcomeCosts
    let hoursPerOfficerYear: Double
    let observedFrom: Double

    var arrivals = 0
    var repeatArrivals = 0
    /// Crisis calls handled by police (the rest of the crisis funnel is in `counts`, by hour).
    var crisisHandledByPolice = 0
    var bookings = 0, forceIncidents = 0, civilianInjuries = 0, responderInjuries = 0
    /// The outcome counts' conditional expectations: per dispatch, the probabilities of the
    /// responder type that answered (`OutcomeModel`), summed.
    var expected = ExpectedOutcomes()
    var backupRequests = 0, crisisBackupRequests = 0
    var backupResponse: Tally
    var additionalUnitResponse: Tally
    /// On-duty minutes of one unit of each responder type after the warm-up.
    let onDutyMinutes: [Double]
    /// With watches: each unit's on-duty minutes after the warm-up, and per responder type the
    /// total (nil for types without watches, whose units share `onDutyMinutes`).
    let unitOnDutyMinutes: [Double]
    let watchOnDutyTotal: [Double?]
    /// Minutes (after the warm-up) each unit spent on scheduled breaks, set when the run finishes.
    var breakMinutesByUnit: [Double]
    var delayed = 0
    /// The per-call times, one tally each, numbered as `layout` says: wait, travel, response, time
    /// on scene, then response by priority, response by zone, wait by call type, response by
    /// call type, response by responder type, and wait, travel and response per cell of responder
    /// type x priority x zone.
    var times: TallyBank
    /// The counts kept per call type, zone, priority, disposition and unit, in one array so that
    /// a dispatch checks one buffer; `layout` says where each is. A `FixedArray`: a write is a
    /// bounds check and a store, with no check for a shared copy.
    var counts: FixedArray<Int>
    let layout: Layout
    var fallbackEligibleByType: [Int]
    /// Set by the model when the run finishes (units keep their own during the run).
    var dispatchesByUnit: [Int]
    var busyMinutesByUnit: [Double]
    var waitingAtEnd = 0
    var waitingCalls: TimeWeightedStatistic
    /// Officer-initiated activity after the warm-up: arisen, started, dropped for want of a free
    /// unit, interrupted by an urgent call; total minutes from arising to start; and each unit's
    /// busy minutes on activity (set when the run finishes).
    var activities = 0, activitiesStarted = 0, activitiesDropped = 0, activitiesInterrupted = 0
    var activityWaitMinutes = 0.0
    var activityMinutesByUnit: [Double]
    /// Calls (after the warm-up) an urgent call took a unit from, and dispatches resuming them.
    var preemptedCalls = 0, resumedCalls = 0

    /// Where each tally of `times` and each count of `counts` is.
    struct Layout {
        static let wait = 0, travel = 1, response = 2, onScene = 3
        /// First tally of each group: response by priority (in the order of `priorities`), by
        /// zone, wait by call type, response by call type, response by responder type.
        let responseByPriority: Int, responseByZone: Int, waitByType: Int, responseByType: Int
        let responseByResponder: Int
        /// The first of three tallies (wait, travel, response) per cell of responder type x
        /// priority x call zone, cell `(responder * priorities + priority) * zones + zone`.
        let responseCells: Int
        let tallies: Int
        /// First count of each group: calls by type, by zone; dispositions (by
        /// CallOutcome.Disposition); dispatches within target by priority; dispatches by call type
        /// and responder type (at `type * responders + responder`); dispatches by unit and call
        /// zone (at `unit * zones + zone`).
        let arrivalsByType: Int, arrivalsByZone: Int, dispositions: Int, withinTarget: Int
        let handledByTypeAndResponder: Int, dispatchesByUnitAndZone: Int
        /// Calls by priority (the coded type's), and those that found no unit free in their zone.
        let arrivalsByPriority: Int, noUnitFreeByPriority: Int
        /// The crisis funnel by hour of day of arrival: `FunnelCount.allCases.count` counts per hour.
        let crisisByHour: Int
        let counts: Int

        init(priorities: Int, zones: Int, callTypes: Int, responders: Int, units: Int) {
            responseByPriority = 4
            responseByZone = responseByPriority + priorities
            waitByType = responseByZone + zones
            responseByType = waitByType + callTypes
            responseByResponder = responseByType + callTypes
            responseCells = responseByResponder + responders
            tallies = responseCells + 3 * responders * priorities * zones
            arrivalsByType = 0
            arrivalsByZone = arrivalsByType + callTypes
            dispositions = arrivalsByZone + zones
            withinTarget = dispositions + CallOutcome.Disposition.allCases.count
            handledByTypeAndResponder = withinTarget + priorities
            dispatchesByUnitAndZone = handledByTypeAndResponder + callTypes * responders
            arrivalsByPriority = dispatchesByUnitAndZone + units * zones
            noUnitFreeByPriority = arrivalsByPriority + priorities
            crisisByHour = noUnitFreeByPriority + priorities
            counts = crisisByHour + 24 * FunnelCount.allCases.count
        }

        /// The wait tally of a cell; travel and response follow it.
        @inline(__always) func cell(responder: Int, priority: Int, zone: Int, priorities: Int, zones: Int) -> Int {
            responseCells &+ 3 &* ((responder &* priorities &+ priority) &* zones &+ zone)
        }
    }

    init(city: CityConfiguration, unitResponders: [Int]) {
        priorities = city.priorities
        let index = Dictionary(uniqueKeysWithValues: city.priorities.enumerated().map { ($1, $0) })
        self.unitResponders = unitResponders
        responderCount = city.responders.count
        zoneCount = city.zones.count
        priorityIndexByType = city.callTypes.map { index[$0.priority]! }
        let targets = city.responseTargets
        responseTargetByType = city.callTypes.map { targets[$0.priority] }
        callTypeIsCrisis = city.callTypes.map(\.isCrisis)
        responderKinds = city.responders.map(\.kind)
        costPerUnitHour = city.responders.map { $0.loadedCostPerUnitHour ?? 0 }
        backupResponse = .perCall(warmUp: city.warmupMinutes)
        additionalUnitResponse = .perCall(warmUp: city.warmupMinutes)
        onDutyMinutes = city.responders.map { $0.onDutyMinutes(from: city.warmupMinutes, to: city.horizonMinutes) }
        let unitOnDuty = city.unitOnDutyMinutes(from: city.warmupMinutes, to: city.horizonMinutes)
        unitOnDutyMinutes = unitOnDuty
        watchOnDutyTotal = city.responders.indices.map { r in
            city.responders[r].watches.isEmpty ? nil
                : zip(unitResponders, unitOnDuty).reduce(0.0) { $0 + ($1.0 == r ? $1.1 : 0) }
        }
        breakMinutesByUnit = Array(repeating: 0, count: unitResponders.count)
        costs = city.costs
        hoursPerOfficerYear = city.hoursPerOfficerYear
        observedFrom = city.warmupMinutes
        let layout = Layout(priorities: priorities.count, zones: city.zones.count, callTypes: city.callTypes.count,
                            responders: city.responders.count, units: unitResponders.count)
        self.layout = layout
        var quantiles = Array(repeating: [Double](), count: layout.tallies)
        quantiles[Layout.wait] = [0.9]
        quantiles[Layout.response] = [0.5, 0.9]
        for i in 0..<priorities.count { quantiles[layout.responseByPriority + i] = [0.5, 0.9] }
        for i in 0..<city.zones.count { quantiles[layout.responseByZone + i] = [0.5, 0.9] }
        for i in 0..<city.callTypes.count { quantiles[layout.responseByType + i] = [0.9] }
        for cell in stride(from: layout.responseCells, to: layout.tallies, by: 3) {
            quantiles[cell] = [0.5, 0.9]
            quantiles[cell + 2] = [0.5, 0.9]
        }
        times = TallyBank(quantiles: quantiles)
        counts = FixedArray(repeating: 0, count: layout.counts)
        fallbackEligibleByType = Array(repeating: 0, count: city.callTypes.count)
        dispatchesByUnit = Array(repeating: 0, count: unitResponders.count)
        busyMinutesByUnit = Array(repeating: 0, count: unitResponders.count)
        activityMinutesByUnit = Array(repeating: 0, count: unitResponders.count)
        waitingCalls = TimeWeightedStatistic(value: 0, at: 0, observationStart: city.warmupMinutes)
    }

    /// The first count of the crisis funnel of the hour of day `arrival` falls in.
    @inline(__always) private func funnelBase(_ arrival: Double) -> Int {
        layout.crisisByHour + (Int(arrival / 60) % 24) * FunnelCount.allCases.count
    }

    /// Inlined into `receive`, its only caller: a call copied the call's
    /// information to the stack (29 instructions a call).
    @inline(__always) mutating func recordArrival(_ call: CallInfo, noUnitFree: Bool) {
        arrivals += 1
        if call.isRepeat { repeatArrivals += 1 }
        // The indexes are read one by one: `let layout = layout` copied the whole layout (136 bytes).
        let p = priorityIndexByType[call.codedType]
        // Wrapping arithmetic, as in recordDispatch.
        let byPriority = layout.arrivalsByPriority &+ p, noneFree = layout.noUnitFreeByPriority &+ p
        let byType = layout.arrivalsByType &+ call.trueType.index, byZone = layout.arrivalsByZone &+ call.zone.index
        counts[byPriority] &+= 1
        if noUnitFree { counts[noneFree] &+= 1 }
        counts[byType] &+= 1
        counts[byZone] &+= 1
        if call.crisisRoute != .none {
            let base = funnelBase(call.arrival)
            counts[base + FunnelCount.calls.rawValue] += 1
            if callTypeIsCrisis[call.codedType] { counts[base + FunnelCount.coded.rawValue] += 1 }
            if call.crisisRoute == .routed { counts[base + FunnelCount.routed.rawValue] += 1 }
        }
    }

    /// A crisis call (arrived after the warm-up) that a crisis response did not reach, for
    /// `reason` (one of `FunnelCount.reasons`).
    mutating func recordCrisisMiss(_ call: CallInfo, reason: FunnelCount) {
        counts[funnelBase(call.arrival) + reason.rawValue] += 1
    }

    /// Records the dispatch of a call that arrived after the warm-up. Per-type figures follow the
    /// true type; priority figures the coded type's priority (the one dispatch used).
    mutating func recordDispatch(_ call: CallInfo, unit unitID: UnitID, responder responderID: ResponderID, waitMinutes: Double,
                                 travelMinutes: Double, onSceneMinutes: Double, outcome: CallOutcome, expected one: ExpectedOutcomes) {
        let callType = call.trueType.index, zone = call.zone.index, coded = call.codedType.index
        let unit = unitID.index, responder = responderID.index
        let priority = priorityIndexByType[coded]
        let responseMinutes = waitMinutes + travelMinutes
        let withinTarget = responseTargetByType[coded].map { responseMinutes <= $0 } ?? false
        if callTypeIsCrisis[callType] {
            if responderKinds[responder].isCrisisResponse { counts[funnelBase(call.arrival) + FunnelCount.reached.rawValue] += 1 }
            if responderKinds[responder] == .police { crisisHandledByPolice += 1 }
        }
        if outcome.booked { bookings += 1 }
        if outcome.useOfForce { forceIncidents += 1 }
        if outcome.civilianInjury { civilianInjuries += 1 }
        if outcome.responderInjury { responderInjuries += 1 }
        expected.add(one)
        if waitMinutes > 0 { delayed += 1 }
        // The indexes are read one by one: `let layout = layout` copied the whole layout (136 bytes).
        // Their arithmetic and the counts' increments wrap instead of checking for overflow: each
        // index is a sum of products of small numbers (call types, zones, units, priorities), and
        // a count cannot reach 2^63.
        let responders = responderCount, zones = zoneCount
        let cell = layout.cell(responder: responder, priority: priority, zone: zone, priorities: priorities.count, zones: zones)
        let disposition = layout.dispositions &+ outcome.disposition.rawValue
        let targetMet = layout.withinTarget &+ priority
        let handled = layout.handledByTypeAndResponder &+ callType &* responders &+ responder
        let byUnitAndZone = layout.dispatchesByUnitAndZone &+ unit &* zones &+ zone
        let byPriority = layout.responseByPriority &+ priority, byZone = layout.responseByZone &+ zone
        let waitByType = layout.waitByType &+ callType, responseByType = layout.responseByType &+ callType
        let byResponder = layout.responseByResponder &+ responder
        counts[disposition] &+= 1
        if withinTarget { counts[targetMet] &+= 1 }
        counts[handled] &+= 1
        counts[byUnitAndZone] &+= 1
        // Each value's histogram bucket is found once, not once per tally it goes to; which
        // tallies keep a histogram is fixed by their kind (init).
        let wait = TallyBank.Observation(waitMinutes), travel = TallyBank.Observation(travelMinutes)
        let response = TallyBank.Observation(responseMinutes)
        times.withRecorder { times in
            times.record(wait, in: Layout.wait, keepsHistogram: true)
            times.record(travel, in: Layout.travel, keepsHistogram: false)
            times.record(response, in: Layout.response, keepsHistogram: true)
            times.record(TallyBank.Observation(onSceneMinutes), in: Layout.onScene, keepsHistogram: false)
            times.record(response, in: byPriority, keepsHistogram: true)
            times.record(response, in: byZone, keepsHistogram: true)
            times.record(wait, in: waitByType, keepsHistogram: false)
            times.record(response, in: responseByType, keepsHistogram: true)
            times.record(response, in: byResponder, keepsHistogram: false)
            times.record(wait, in: cell, keepsHistogram: true)
            times.record(travel, in: cell &+ 1, keepsHistogram: false)
            times.record(response, in: cell &+ 2, keepsHistogram: true)
        }
    }

    mutating func recordBackupRequest(crisis: Bool) {
        backupRequests += 1
        if crisis { crisisBackupRequests += 1 }
    }

    /// A backup unit dispatched for a request made at `at`.
    mutating func recordBackupDispatch(responseMinutes: Double, at requestTime: Double) {
        backupResponse.record(responseMinutes, at: requestTime)
    }

    /// An additional unit of a multi-unit call dispatched, requested at `at`.
    mutating func recordAdditionalUnit(responseMinutes: Double, at requestTime: Double) {
        additionalUnitResponse.record(responseMinutes, at: requestTime)
    }

    mutating func recordFallbackEligible(callType: CallTypeID) {
        fallbackEligibleByType[callType] += 1
    }

    mutating func updateWaitingCount(_ count: Int, at time: Double) {
        waitingCalls.update(to: Double(count), at: time)
    }

    mutating func recordWaitingAtEnd(_ count: Int) {
        waitingAtEnd = count
    }

    /// Count, mean, median and 90th percentile of tally `tally` of `times` (NaN for a quantile
    /// it does not keep).
    func summary(_ tally: Int) -> QuantitySummary {
        QuantitySummary(times.statistics(of: tally), keeping: times.quantileProbabilities[tally]) {
            times.quantile($0, of: tally)
        }
    }

    /// The flat result of the replication, once the model has finished at `horizon`.
    func result(horizon: Double, events: Int) -> ReplicationResult {
        let observed = horizon - observedFrom
        var busyByResponder = Array(repeating: 0.0, count: responderCount)
        var activityByResponder = Array(repeating: 0.0, count: responderCount)
        var unitsByResponder = Array(repeating: 0, count: responderCount)
        for (unit, responder) in unitResponders.enumerated() {
            busyByResponder[responder] += busyMinutesByUnit[unit]
            activityByResponder[responder] += activityMinutesByUnit[unit]
            unitsByResponder[responder] += 1
        }
        let busyHours = busyByResponder.map { $0 / 60 }
        // Officer-hours on calls leave out officer-initiated activity.
        let callHours = zip(busyByResponder, activityByResponder).map { ($0 - $1) / 60 }
        let officerHours = zip(callHours, responderKinds).reduce(0.0) { $0 + ($1.1.isPolice ? $1.0 : 0) }
        let activityHours = zip(activityByResponder, responderKinds).reduce(0.0) { $0 + ($1.1.isPolice ? $1.0 / 60 : 0) }
        // Police and co-responder unit-hours on duty, and on scheduled breaks.
        var officerHoursOnDuty = 0.0, officerBreakHours = 0.0
        for (unit, responder) in unitResponders.enumerated() where responderKinds[responder].isPolice {
            officerHoursOnDuty += unitOnDutyMinutes[unit] / 60
            officerBreakHours += breakMinutesByUnit[unit] / 60
        }
        // Unit-hours on duty x cost per unit-hour x relief factor (paid hours per on-duty hour) /
        // (1 - overhead).
        var operating = 0.0
        for r in 0..<responderCount {
            let unitMinutes: Double = watchOnDutyTotal[r] ?? Double(unitsByResponder[r]) * onDutyMinutes[r]
            operating = operating + unitMinutes / 60 * costPerUnitHour[r]
        }
        let layout = layout
        func counts(_ start: Int, _ count: Int) -> [Int] { (start ..< start + count).map { self.counts[$0] } }
        func summaries(_ start: Int, _ count: Int) -> [QuantitySummary] { (start ..< start + count).map { summary($0) } }
        let dispositions = counts(layout.dispositions, CallOutcome.Disposition.allCases.count)
        let callTypes = layout.responseByType - layout.waitByType
        let responseByZone = summaries(layout.responseByZone, zoneCount)
        let edTransports = dispositions[CallOutcome.Disposition.edTransport.rawValue]
        // Costs of outcomes and liability are expected costs: the expected counts (no outcome-draw
        // noise) at the scenario's prices; liability not tied to calls accrues by observed time.
        let e = expected
        let outcomeCost = e.edTransports * costs.edVisit + e.jailBookings * costs.jailBooking
            + e.civilianInjuries * costs.civilianInjury + e.responderInjuries * costs.responderInjury
        let liability = LiabilityCosts(useOfForce: e.useOfForce * costs.useOfForceLiability,
                                       arrests: e.arrests * costs.falseArrestLiability,
                                       other: costs.otherLiabilityPerYear * observed / 525_600)
        let zoneMeans = responseByZone.filter { $0.count > 0 }.map(\.mean)
        let funnelWidth = FunnelCount.allCases.count
        let funnelByHour = (0..<24).map { counts(layout.crisisByHour + $0 * funnelWidth, funnelWidth) }
        let funnel = (0..<funnelWidth).map { c in funnelByHour.reduce(0) { $0 + $1[c] } }
        // Wait, travel and response per cell; wait and travel by priority and by responder type
        // from the cells they cover.
        let P = priorities.count
        func cell(_ r: Int, _ p: Int, _ z: Int) -> Int {
            layout.cell(responder: r, priority: p, zone: z, priorities: P, zones: zoneCount)
        }
        func merged(_ tallies: [Int], quantiles: Bool) -> QuantitySummary {
            let statistics = times.mergedStatistics(of: tallies)
            return QuantitySummary(count: statistics.count, mean: statistics.mean,
                                   p50: quantiles ? times.mergedQuantile(0.5, of: tallies) : .nan,
                                   p90: quantiles ? times.mergedQuantile(0.9, of: tallies) : .nan)
        }
        let cellsByPriority = (0..<P).map { p in (0..<responderCount).flatMap { r in (0..<zoneCount).map { cell(r, p, $0) } } }
        let cellsByResponder = (0..<responderCount).map { r in (0..<P).flatMap { p in (0..<zoneCount).map { cell(r, p, $0) } } }
        return ReplicationResult(
            observedMinutes: observed,
            repeatCalls: repeatArrivals,
            crisisFunnel: CrisisFunnel(trueCalls: funnel[FunnelCount.calls.rawValue], coded: funnel[FunnelCount.coded.rawValue],
                                       routed: funnel[FunnelCount.routed.rawValue], reached: funnel[FunnelCount.reached.rawValue],
                                       handledByPolice: crisisHandledByPolice, neededBackup: crisisBackupRequests,
                                       notReached: FunnelCount.reasons.map { funnel[$0.rawValue] }, byHour: funnelByHour),
            backupRequests: backupRequests,
            backupResponse: backupResponse.summary,
            additionalUnitResponse: additionalUnitResponse.summary,
            withinTargetByPriority: counts(layout.withinTarget, priorities.count),
            outcomes: OutcomeCounts(
                arrests: dispositions[CallOutcome.Disposition.arrest.rawValue], edTransports: edTransports,
                referrals: dispositions[CallOutcome.Disposition.referral.rawValue],
                resolvedOnScene: dispositions[CallOutcome.Disposition.resolved.rawValue], jailBookings: bookings,
                useOfForce: forceIncidents, civilianInjuries: civilianInjuries, responderInjuries: responderInjuries),
            expectedOutcomes: expected,
            busyHoursByResponder: busyHours,
            officerHoursOnCalls: officerHours,
            officerFTEOnCalls: officerHours * (525_600 / observed) / hoursPerOfficerYear,
            operatingCostDollars: operating,
            outcomeCostDollars: outcomeCost,
            liability: liability,
            zoneResponseSpreadMinutes: (zoneMeans.max() ?? .nan) - (zoneMeans.min() ?? .nan),
            zoneResponseRatio: (zoneMeans.max() ?? .nan) / (zoneMeans.min() ?? .nan),
            calls: arrivals,
            callsByType: counts(layout.arrivalsByType, callTypes),
            callsByZone: counts(layout.arrivalsByZone, zoneCount),
            waitingAtEnd: waitingAtEnd,
            delayed: delayed,
            meanCallsWaiting: waitingCalls.average(upTo: horizon),
            wait: summary(Layout.wait), travel: summary(Layout.travel), response: summary(Layout.response),
            onScene: summary(Layout.onScene),
            priorities: priorities,
            responseByPriority: summaries(layout.responseByPriority, priorities.count),
            responseByZone: responseByZone,
            waitByType: summaries(layout.waitByType, callTypes),
            responseByType: summaries(layout.responseByType, callTypes),
            responseByResponder: summaries(layout.responseByResponder, responderCount),
            waitByPriority: cellsByPriority.map { merged($0, quantiles: true) },
            travelByPriority: cellsByPriority.map { merged($0.map { $0 + 1 }, quantiles: false) },
            waitByResponder: cellsByResponder.map { merged($0, quantiles: false) },
            travelByResponder: cellsByResponder.map { merged($0.map { $0 + 1 }, quantiles: false) },
            responseCells: (0..<responderCount * P * zoneCount).map { i in
                let first = layout.responseCells + 3 * i
                return ResponseCell(wait: summary(first), travel: summary(first + 1), response: summary(first + 2))
            },
            handledByTypeAndResponder: (0..<callTypes).map {
                counts(layout.handledByTypeAndResponder + $0 * responderCount, responderCount)
            },
            fallbackEligibleByType: fallbackEligibleByType,
            utilizationByResponder: (0..<responderCount).map {
                let onDuty = watchOnDutyTotal[$0] ?? Double(unitsByResponder[$0]) * onDutyMinutes[$0]
                return unitsByResponder[$0] > 0 && onDuty > 0 ? busyByResponder[$0] / onDuty : .nan
            },
            dispatchesByUnit: dispatchesByUnit,
            utilizationByUnit: busyMinutesByUnit.enumerated().map { unit, busy in
                let onDuty = unitOnDutyMinutes[unit]
                return onDuty > 0 ? busy / onDuty : .nan
            },
            dispatchesByUnitAndZone: (0..<unitResponders.count).map {
                counts(layout.dispatchesByUnitAndZone + $0 * zoneCount, zoneCount)
            },
            officerInitiated: ActivityCounts(arisen: activities, started: activitiesStarted, dropped: activitiesDropped,
                                             interrupted: activitiesInterrupted, officerHours: activityHours,
                                             waitMinutes: activityWaitMinutes),
            officerHoursOnBreaks: zip(unitResponders, breakMinutesByUnit).reduce(0.0) {
                $0 + (responderKinds[$1.0].isPolice ? $1.1 / 60 : 0)
            },
            officerHoursOnDuty: officerHoursOnDuty,
            uncommittedOfficerHours: officerHoursOnDuty - officerHours - activityHours - officerBreakHours,
            arrivalsByPriority: counts(layout.arrivalsByPriority, priorities.count),
            noUnitFreeByPriority: counts(layout.noUnitFreeByPriority, priorities.count),
            preemptedCalls: preemptedCalls,
            resumedCalls: resumedCalls,
            events: events)
    }
}

/// Everything one replication measured, as plain numbers (indices follow the city's zones,
/// responder types, call types and units).
/// The counts of the crisis funnel, kept per hour of day of the call's arrival. Every crisis call
/// (true type a crisis type, arrived after the warm-up) counts in `calls`; `coded`, `routed` and
/// `reached` are the steps down the funnel; and each crisis call that no crisis response reached
/// counts in exactly one reason (`reasons`), so that `calls = reached + the reasons`.
public enum FunnelCount: Int, CaseIterable, Sendable {
    /// Crisis calls; of those, coded as a crisis type; routed to a crisis response (coded as a type
    /// a crisis team or co-responder takes, with such units on duty); reached by one (dispatched
    /// to a crisis team or co-responder).
    case calls, coded, routed, reached
    /// Why a crisis call was not reached: coded as a type that is not a crisis type and that no
    /// crisis response takes; coded as a crisis type that no crisis response takes; coded for a
    /// crisis response, but none on duty when it arrived; routed, and given to another type
    /// without waiting for its fallback with no crisis unit of its types free; the same with one
    /// free but not allowed to take it (beyond `max_travel`, another district's); routed, waited
    /// until its fallback came due and then went to another type; still waiting at the horizon.
    case notCoded, notEligible, outsideHours, noTeamFree, tooFar, fellBackToPolice, neverAnswered

    /// The reasons, in column order.
    public static let reasons: [FunnelCount] = [.notCoded, .notEligible, .outsideHours, .noTeamFree, .tooFar,
                                                 .fellBackToPolice, .neverAnswered]

    /// The column name in crisis_funnel.csv.
    public var column: String {
        switch self {
        case .calls: "crisis_calls"
        case .coded: "coded"
        case .routed: "routed"
        case .reached: "reached"
        case .notCoded: "not_coded"
        case .notEligible: "not_eligible"
        case .outsideHours: "outside_hours"
        case .noTeamFree: "no_team_free"
        case .tooFar: "too_far"
        case .fellBackToPolice: "fell_back_to_police"
        case .neverAnswered: "never_answered"
        }
    }
}

/// The crisis-call funnel: calls whose true type is a crisis type, how many were coded as one,
/// routed to a crisis response, reached by one (dispatched to a crisis team or co-responder), and
/// handled by police; why the others were not reached; and all of it by hour of day.
public struct CrisisFunnel: Sendable, Hashable {
    public let trueCalls: Int
    public let coded: Int
    public let routed: Int
    public let reached: Int
    public let handledByPolice: Int
    /// Crisis calls where a crisis team or co-responder on scene asked for backup.
    public let neededBackup: Int
    /// Crisis calls not reached, per reason (order of `FunnelCount.reasons`).
    public let notReached: [Int]
    /// Per hour of day of arrival (0-23), every count of `FunnelCount` in its order.
    public let byHour: [[Int]]
}

/// Wait (dispatch delay), travel (turnout plus travel) and response of the calls of one cell of
/// responder type x priority x zone.
public struct ResponseCell: Sendable, Hashable {
    public let wait: QuantitySummary
    public let travel: QuantitySummary
    public let response: QuantitySummary
}

/// Officer-initiated activity after the warm-up.
public struct ActivityCounts: Sendable, Hashable {
    /// Activities that arose, were started by a unit, were dropped for want of a free unit, and
    /// were interrupted by an urgent call.
    public let arisen: Int
    public let started: Int
    public let dropped: Int
    public let interrupted: Int
    /// Busy hours of police and co-responder units on activity.
    public let officerHours: Double
    /// Total minutes from arising to start, over started activities (0 for those taken up at once).
    public let waitMinutes: Double
}

/// The expected outcome counts over dispatched calls: for each dispatch, the probability of each
/// outcome under the responder type that answered, summed (a call answered by a type without an
/// outcome model is resolved on scene). Given who answered each call these are the counts'
/// conditional expectations, so they estimate the same means as the drawn counts with less
/// variance (conditional Monte Carlo).
public struct ExpectedOutcomes: Sendable, Hashable {
    public var arrests = 0.0
    public var jailBookings = 0.0
    public var edTransports = 0.0
    public var referrals = 0.0
    public var resolvedOnScene = 0.0
    public var useOfForce = 0.0
    public var civilianInjuries = 0.0
    public var responderInjuries = 0.0

    init() {}

    /// What one dispatch whose outcome follows `model` adds (nil: resolved on scene).
    init(dispatchWith model: OutcomeModel?) {
        guard let m = model else {
            resolvedOnScene = 1
            return
        }
        arrests = m.arrest
        jailBookings = m.arrest * m.bookingGivenArrest
        edTransports = m.edTransport
        referrals = m.referral
        resolvedOnScene = max(0, 1 - m.arrest - m.edTransport - m.referral)
        useOfForce = m.useOfForce
        civilianInjuries = m.civilianInjury
        responderInjuries = m.responderInjury
    }

    /// Adds one dispatch's expected counts (``init(dispatchWith:)``); the same sums, to the bit, as
    /// adding the model's probabilities one dispatch at a time.
    @inline(__always) mutating func add(_ one: ExpectedOutcomes) {
        arrests += one.arrests
        jailBookings += one.jailBookings
        edTransports += one.edTransports
        referrals += one.referrals
        resolvedOnScene += one.resolvedOnScene
        useOfForce += one.useOfForce
        civilianInjuries += one.civilianInjuries
        responderInjuries += one.responderInjuries
    }
}

/// Expected liability (settlements and judgments) by cause, in dollars: tied to use-of-force
/// incidents, tied to arrests (false arrest), and not tied to calls (accruing by time).
public struct LiabilityCosts: Sendable, Hashable {
    public let useOfForce: Double
    public let arrests: Double
    public let other: Double

    public var total: Double { useOfForce + arrests + other }
}

/// Outcome counts over dispatched calls.
public struct OutcomeCounts: Sendable, Hashable {
    public let arrests: Int
    public let edTransports: Int
    public let referrals: Int
    public let resolvedOnScene: Int
    public let jailBookings: Int
    public let useOfForce: Int
    public let civilianInjuries: Int
    public let responderInjuries: Int
}

public struct ReplicationResult: Sendable, Hashable {
    public let observedMinutes: Double
    /// Calls (after the warm-up) that repeated an earlier call.
    public let repeatCalls: Int
    public let crisisFunnel: CrisisFunnel
    /// Backup requests made at calls that arrived after the warm-up, and the response time of the
    /// backup units dispatched (from request to arrival on scene).
    public let backupRequests: Int
    public let backupResponse: QuantitySummary
    /// Additional units of multi-unit calls: count dispatched and their response time (from the
    /// first unit's dispatch to their arrival).
    public let additionalUnitResponse: QuantitySummary
    /// Dispatched calls answered within their priority's response target, per priority (order of
    /// `priorities`; 0 where the priority has no target).
    public let withinTargetByPriority: [Int]
    public let outcomes: OutcomeCounts
    public let expectedOutcomes: ExpectedOutcomes
    /// Busy hours per responder type (travel, on scene and outcome time), after the warm-up.
    public let busyHoursByResponder: [Double]
    /// Busy hours of police and co-responder units, less their officer-initiated activity.
    public let officerHoursOnCalls: Double
    /// Officer-hours on calls per year over the hours one full-time officer works in a year.
    public let officerFTEOnCalls: Double
    /// Units x on-duty hours after the warm-up x cost per unit-hour.
    public let operatingCostDollars: Double
    /// Emergency-department visits, bookings and injuries, at the scenario's costs.
    public let outcomeCostDollars: Double
    /// Expected liability by cause.
    public let liability: LiabilityCosts
    /// Worst zone's mean response minus the best zone's, and their ratio.
    public let zoneResponseSpreadMinutes: Double
    public let zoneResponseRatio: Double
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
    /// Response of the calls dispatched to each responder type.
    public let responseByResponder: [QuantitySummary]
    /// Wait (with median and 90th percentile) and travel by priority; wait and travel by
    /// responder type.
    public let waitByPriority: [QuantitySummary]
    public let travelByPriority: [QuantitySummary]
    public let waitByResponder: [QuantitySummary]
    public let travelByResponder: [QuantitySummary]
    /// Per responder type x priority x zone, cell `(responder * priorities + priority) * zones + zone`.
    public let responseCells: [ResponseCell]
    /// Dispatches by call type (row) and responder type (column).
    public let handledByTypeAndResponder: [[Int]]
    /// Calls of each type that waited long enough to become eligible for their fallback types.
    public let fallbackEligibleByType: [Int]
    /// Busy time over on-duty time (units x on-duty minutes after the warm-up), per responder type.
    public let utilizationByResponder: [Double]
    public let dispatchesByUnit: [Int]
    public let utilizationByUnit: [Double]
    /// Dispatches by unit (row) and call zone (column).
    public let dispatchesByUnitAndZone: [[Int]]
    public let officerInitiated: ActivityCounts
    /// Hours police and co-responder units spent on scheduled breaks (on duty, unavailable).
    public let officerHoursOnBreaks: Double
    /// Unit-hours police and co-responder units were on duty, and of those the hours uncommitted:
    /// not on calls, officer-initiated activity or breaks.
    public let officerHoursOnDuty: Double
    public let uncommittedOfficerHours: Double
    /// Per priority (order of `priorities`, the coded type's priority): calls that arrived, and
    /// those that found no unit of the types they may go to free in their zone.
    public let arrivalsByPriority: [Int]
    public let noUnitFreeByPriority: [Int]
    /// Calls an urgent call took a unit from, and dispatches that resumed them.
    public let preemptedCalls: Int
    public let resumedCalls: Int
    /// Events the engine executed.
    public let events: Int

    /// Dispatches handled by each responder type.
    public var callsByResponder: [Int] {
        guard let first = handledByTypeAndResponder.first else { return [] }
        return first.indices.map { r in handledByTypeAndResponder.reduce(0) { $0 + $1[r] } }
    }
}
