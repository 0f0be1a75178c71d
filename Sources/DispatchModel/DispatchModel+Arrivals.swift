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
        receive(trueType: trueType, zone: zone, isRepeat: false, context: &context)
    }

    /// A call arrives: it is coded (triage), then dispatched or queued as its coded type says.
    mutating func receive(trueType: CallTypeID, zone: ZoneID, isRepeat: Bool, context: inout SimulationContext<DispatchEvent>) {
        let now = context.now
        let codedType = triage[trueType].map { CallTypeID(streams.triage.draw($0)) } ?? trueType
        let call = CallInfo(trueType: trueType, codedType: codedType, zone: zone, arrival: now, isRepeat: isRepeat)
        let route = router.route(codedType: codedType)
        if now >= city.warmupMinutes {
            var routedToCrisis = false
            for responder in route.types where tables.isCrisisResponder[responder] {
                routedToCrisis = true
                break
            }
            metrics.recordArrival(call, routedToCrisis: routedToCrisis)
        }
        if let unit = router.closestFreeUnit(types: route.types, zone: zone) {
            dispatch(unit: unit, call: call, context: &context)
            return
        }
        let slot = holdWaiting(call)
        enqueue(slot, types: route.types)
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
        if let unit = router.closestFreeUnit(types: fallback.to, zone: call.zone) {
            releaseWaiting(slot, at: context.now)
            dispatch(unit: unit, call: call, context: &context)
        } else {
            enqueue(slot, types: fallback.to)
        }
    }
}
