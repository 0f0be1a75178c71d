// DispatchModel+Arrivals.swift: calls arriving, coded by triage, dispatched at once or left
// waiting; and a waiting call's fallback coming due.

import DispatchEngine
import DispatchRandom

extension DispatchModel {
    mutating func scheduleNextArrival(after time: Double, context: inout SimulationContext<DispatchEvent>) {
        let next = arrivals.next(after: time, stream: streams.arrivals)
        if next <= city.horizonMinutes {
            context.scheduleInOrder(.arrival, at: next, priority: DispatchEvent.callPriority)
        }
    }

    mutating func handleArrival(context: inout SimulationContext<DispatchEvent>) {
        let trueType = CallTypeID(streams.callAttributes.draw(callTypeChoice))
        let zone = ZoneID(streams.callAttributes.draw(zoneChoice))
        scheduleNextArrival(after: context.now, context: &context)
        receive(trueType: trueType, zone: zone, isRepeat: false,
                draws: drawsOutcomes ? OutcomeDraws(streams.callOutcomes) : nil, context: &context)
    }

    /// A call arrives: it is coded (triage), then dispatched or queued as its coded type says.
    /// - Parameter draws: the uniforms that decide its outcome (when the city has outcomes).
    mutating func receive(trueType: CallTypeID, zone: ZoneID, isRepeat: Bool, draws: OutcomeDraws?,
                          context: inout SimulationContext<DispatchEvent>) {
        let now = context.now
        let codedType = hasTriage ? triage[trueType].map { CallTypeID(streams.triage.draw($0)) } ?? trueType : trueType
        var call = CallInfo(trueType: trueType, codedType: codedType, zone: zone, arrival: now, isRepeat: isRepeat)
        if tables.isCrisisType[trueType] {
            call.crisisRoute = router.crisisRoute(codedType: codedType, codedAsCrisis: tables.isCrisisType[codedType])
        }
        let route = router.route(codedType: codedType)
        if router.closestFreeUnitOnly {
            let unit = router.closestFreeUnit(types: route.types, zone: zone)
            if now >= city.warmupMinutes {
                // Whether a unit of its types was free in its zone: yes when the closest free unit
                // is there (a unit is listed free in the zone it is in), without looking again.
                let noUnitFree = unit.map { units[$0].zone != zone && !router.hasFreeUnit(route.types, in: zone) } ?? true
                assert(noUnitFree == !router.hasFreeUnit(route.types, in: zone))
                metrics.recordArrival(call, noUnitFree: noUnitFree)
            }
            if let unit {
                dispatch(unit: unit, call: call, context: &context, draws: draws)
                return
            }
        } else {
            if now >= city.warmupMinutes {
                metrics.recordArrival(call, noUnitFree: !router.hasFreeUnit(route.types, in: zone))
            }
            let priority = tables.priority[codedType], needed = tables.unitsToStart[trueType]
            if let unit = firstUnit(types: route.types, zone: zone, priority: priority, waited: 0, needed: needed) {
                dispatch(unit: unit, call: call, context: &context, draws: draws)
                return
            }
            if router.hasPreemption, needed == 1,
               let unit = router.preemptibleUnit(types: route.types, zone: zone, priority: priority) {
                preempt(unit, context: &context)
                dispatch(unit: unit, call: call, context: &context, unitWasListedFree: false, draws: draws)
                return
            }
        }
        let slot = holdWaiting(call, at: now, draws: draws)
        enqueue(slot, types: route.types, context: &context)
        if route.waitsForFallback, let fallback = router.fallback(codedType: codedType) {
            let sequence = waitingCalls[slot]!.sequence
            waitingCalls.setFallbackDue(context.schedule(.fallback(slot: slot, sequence: sequence), after: fallback.afterMinutes,
                                                         priority: DispatchEvent.fallbackPriority),
                                        slot: slot)
        }
    }

    /// A waiting call's fallback is due: it goes to the closest free unit of its fallback types,
    /// or joins their queues.
    mutating func handleFallback(slot: Int32, sequence: UInt64, context: inout SimulationContext<DispatchEvent>) {
        guard let waitingCall = waitingCalls[slot], waitingCall.sequence == sequence else { return }
        waitingCalls.setFallbackDue(nil, slot: slot)
        let call = waitingCall.call
        guard let fallback = router.fallback(codedType: call.codedType) else { return }
        if call.arrival >= city.warmupMinutes {
            metrics.recordFallbackEligible(callType: call.trueType)
        }
        if let unit = firstUnit(types: fallback.to, zone: call.zone, priority: priority(of: call),
                                waited: context.now - call.arrival, needed: unitsToStart(call, resumed: false)) {
            let draws = waitingCalls.draws(slot)
            releaseWaiting(slot, at: context.now)
            dispatch(unit: unit, call: call, context: &context, draws: draws)
        } else {
            enqueue(slot, types: fallback.to, context: &context)
        }
    }

    /// A waiting call may now be taken by units of another district of `responder`: it goes to
    /// the closest one within reach, or waits in the queue they take calls from.
    mutating func handleCrossDistrict(slot: Int32, sequence: UInt64, responder: ResponderID,
                                      context: inout SimulationContext<DispatchEvent>) {
        guard let waitingCall = waitingCalls[slot], waitingCall.sequence == sequence else { return }
        let call = waitingCall.call, priority = priority(of: call)
        if let unit = router.unit(types: router.alone(responder), zone: call.zone, priority: priority, waited: context.now - call.arrival) {
            if let due = waitingCall.fallbackDue { _ = context.cancel(due) }
            let resume = waitingCalls.resume(slot), draws = waitingCalls.draws(slot)
            releaseWaiting(slot, at: context.now)
            dispatch(unit: unit, call: call, context: &context, resume: resume, draws: draws)
        } else {
            waitingCalls.allowCrossing(slot, priority: priority, responder: responder)
        }
    }

    /// The unit that takes a call needing `needed` units of one type to start: the router's
    /// choice, except that a type that takes calls whose units go together serves its queue first
    /// come, first served: while the first call in its queue comes before this one (as urgent or
    /// more, and earlier), this call does not take that type's free units (they wait for it).
    @inline(__always) mutating func firstUnit(types: ResponderList, zone: ZoneID, priority: Int, waited: Double,
                                              needed: Int) -> UnitID? {
        // The closest-free-unit rule alone, as a direct call: through the general path, the
        // handlers copied the whole router to the stack (369 bytes, 6% more instructions a call).
        if router.closestFreeUnitOnly { return router.closestFreeUnit(types: types, zone: zone) }
        guard tables.hasUnitsTogether else {
            return router.unit(types: types, zone: zone, priority: priority, waited: waited, needed: needed)
        }
        for responder in types {
            if router.takesUnitsTogether[responder], let first = waitingCalls.first(inQueue: waitingCalls.queue(responder)),
               first.priority <= priority { continue }
            if let unit = router.unit(responder, zone: zone, priority: priority, waited: waited, needed: needed) { return unit }
        }
        return nil
    }

    /// The units of one type a waiting call needs free to start: its true type's `units_needed`
    /// when they go together, else 1 (linked requests, activity and resumed calls need one).
    @inline(__always) func unitsToStart(_ call: CallInfo, resumed: Bool) -> Int {
        call.link == nil && call.activity < 0 && !resumed ? tables.unitsToStart[call.trueType] : 1
    }
}
