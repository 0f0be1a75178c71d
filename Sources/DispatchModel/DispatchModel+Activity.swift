// DispatchModel+Activity.swift: officer-initiated activity (arising, taken up by a free unit of its
// district, dropped or queued), and preemption (an urgent call taking a unit from a less urgent
// call or activity, the bumped call going back to the queue).

import DispatchEngine
import DispatchRandom

/// What the events of one kind of officer-initiated activity read of it (OfficerInitiatedActivity).
struct ActivityRule {
    let responder: ResponderID
    /// Units of its type based in its zone that must stay free.
    let reserve: Int
    /// Whether it waits for a unit when none may take it up (else it is dropped).
    let queues: Bool
    let priority: Int
    let duration: Distribution
}

extension DispatchModel {
    // MARK: Officer-initiated activity

    mutating func scheduleNextActivity(_ kind: Int32, after time: Double, context: inout SimulationContext<DispatchEvent>) {
        let next = activityArrivals[Int(kind)].next(after: time, stream: streams.activityArrivals)
        if next <= city.horizonMinutes {
            context.schedule(.activity(kind: kind), at: next, priority: DispatchEvent.callPriority)
        }
    }

    /// An activity arises in a zone: a free unit of its type based there takes it up where it is
    /// while more than `reserve` of them are free; else it is dropped, or waits at its priority.
    mutating func handleActivity(kind: Int32, context: inout SimulationContext<DispatchEvent>) {
        let now = context.now
        let rule = activityRules[Int(kind)]
        let zone = ZoneID(streams.activityAttributes.draw(activityZoneChoice[Int(kind)]))
        scheduleNextActivity(kind, after: now, context: &context)
        let responder = rule.responder, counted = now >= city.warmupMinutes
        if counted { metrics.activities += 1 }
        if router.onDuty[responder], let unit = router.activityUnit(responder, zone: zone, reserve: rule.reserve) {
            let at = units[unit].zone
            unlistFree(unit, zone: at)
            cancelHomeTrip(unit, context: &context)
            units[unit].startCall(at: now, in: at)
            var activity = CallInfo(trueType: CallTypeID(0), codedType: CallTypeID(0), zone: at, arrival: now, isRepeat: false)
            activity.activity = kind
            startActivity(unit: unit, activity: activity, travel: 0, context: &context)
        } else if rule.queues && router.onDuty[responder] {
            var activity = CallInfo(trueType: CallTypeID(0), codedType: CallTypeID(0), zone: zone, arrival: now, isRepeat: false)
            activity.activity = kind
            enqueue(holdWaiting(activity, at: now), types: router.alone(responder), context: &context)
        } else if counted {
            metrics.activitiesDropped += 1
        }
    }

    /// A unit (already marked busy and placed) starts an activity after `travel`.
    mutating func startActivity(unit: UnitID, activity: CallInfo, travel: Double, context: inout SimulationContext<DispatchEvent>) {
        let now = context.now
        let duration = streams.activityAttributes.draw(activityRules[Int(activity.activity)].duration)
        units[unit].onActivity = true
        scheduleFree(unit, at: now + travel + duration, context: &context)
        if callLog != nil { logDispatch(activity, unit: unit, now: now, travel: travel, leaves: now + travel + duration) }
        if router.hasPreemption {
            listPreemptible(unit, call: activity, arriveAt: now + travel, sceneEnd: now + travel + duration, afterCall: 0)
        }
        if activity.arrival >= city.warmupMinutes {
            metrics.activitiesStarted += 1
            metrics.activityWaitMinutes += now - activity.arrival
        }
    }

    // MARK: Preemption

    /// Lists a unit that has just started `call` as takeable by a more urgent call, when its
    /// type's policy lets calls of that priority be preempted.
    mutating func listPreemptible(_ unit: UnitID, call: CallInfo, arriveAt: Double, sceneEnd: Double, afterCall: Double) {
        let responder = unitResponder[unit]
        guard call.link == nil, router.isPreemptible(priority: priority(of: call), responder) else { return }
        units[unit].current = call
        units[unit].currentAfterCall = afterCall
        units[unit].arriveAt = arriveAt
        units[unit].sceneEnd = sceneEnd
        units[unit].isPreemptible = true
        router.listPreemptible(unit, responder: responder, zone: units[unit].zone)
    }

    mutating func unlistPreemptible(_ unit: UnitID) {
        router.unlistPreemptible(unit, responder: unitResponder[unit], zone: units[unit].zone)
        units[unit].isPreemptible = false
        units[unit].current = nil
    }

    /// Takes a unit off its call or activity for a more urgent call. A call goes back to the queue
    /// of the unit's type, keeping its place (arrival time) and the time on scene it had left (all
    /// of it if the unit had not arrived; the travel is lost); a unit writing its report owes the
    /// rest after its next dispatch; an activity is dropped.
    mutating func preempt(_ unit: UnitID, context: inout SimulationContext<DispatchEvent>) {
        let now = context.now
        let bumped = units[unit].current!, arriveAt = units[unit].arriveAt, sceneEnd = units[unit].sceneEnd
        let afterCall = units[unit].currentAfterCall
        let callEnd = units[unit].callEnd, wasActivity = units[unit].onActivity
        unlistPreemptible(unit)
        if let pending = units[unit].freeEvent { _ = context.cancel(pending) }
        units[unit].freeEvent = nil
        units[unit].addBusyTime(from: units[unit].busySince, to: now, observedFrom: city.warmupMinutes)
        units[unit].onActivity = false
        let counted = bumped.arrival >= city.warmupMinutes
        if wasActivity {
            if counted { metrics.activitiesInterrupted += 1 }
        } else if now < sceneEnd {
            let slot = holdWaiting(bumped, at: now)
            waitingCalls.setResume(ResumeInfo(remainingOnScene: sceneEnd - max(now, arriveAt), afterCall: afterCall), slot: slot)
            enqueue(slot, types: router.alone(unitResponder[unit]), context: &context)
            if counted { metrics.preemptedCalls += 1 }
        } else {
            units[unit].owedMinutes = callEnd - now
            if counted { metrics.preemptedCalls += 1 }
        }
    }
}
