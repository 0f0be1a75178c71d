// DispatchModel+Dispatch.swift: a unit sent to a call: its travel, what happens at the call (time
// on scene, outcome, administrative time, backup, more units, a repeat call), and the unit freed
// afterwards, taking the next waiting call or heading home.

import DispatchEngine
import DispatchRandom

extension DispatchModel {
    /// Sends `unit` to `call`: the unit travels from where it is (plus a turnout delay), then
    /// serves the call (a call), joins the unit that asked (a linked request), resumes a call a
    /// more urgent one took a unit from, or does officer-initiated activity.
    /// - Parameters:
    ///   - unitWasListedFree: false for a unit freed this instant, never listed.
    ///   - resume: for a call a more urgent call took its unit from, what it still needs.
    ///   - draws: for a call not yet served, the uniforms that decide its outcome (when the city
    ///     has outcomes).
    mutating func dispatch(unit: UnitID, call: CallInfo, context: inout SimulationContext<DispatchEvent>,
                           unitWasListedFree: Bool = true, resume: ResumeInfo? = nil, draws: OutcomeDraws? = nil) {
        let now = context.now
        let from = units[unit].zone, responder = unitResponder[unit]
        if unitWasListedFree { router.unlistFree(unit, responder: responder, zone: from) }
        cancelHomeTrip(unit, context: &context)
        var travel = tables.travelMinutes(responder, from: from, to: call.zone)
        if let turnout = city.turnout { travel += streams.travel.draw(turnout) }
        units[unit].startCall(at: now, in: call.zone)
        if let link = call.link {
            join(unit: unit, link: link, call: call, travel: travel, context: &context)
        } else if call.activity >= 0 {
            startActivity(unit: unit, activity: call, travel: travel, context: &context)
        } else if let resume {
            self.resume(unit: unit, call: call, resume: resume, travel: travel, context: &context)
        } else {
            serve(unit: unit, responder: responder, call: call, travel: travel, draws: draws, context: &context)
        }
    }

    /// Schedules the end of the unit's dispatch at `end`, plus any administrative time it owes.
    @inline(__always) mutating func scheduleFree(_ unit: UnitID, at end: Double, context: inout SimulationContext<DispatchEvent>) {
        let end = end + units[unit].owedMinutes
        let event = context.schedule(.unitFree(unit: unit), at: end, priority: DispatchEvent.unitFreePriority)
        units[unit].setFreeEvent(event, at: end)
    }

    /// A unit answers a call: time on scene and outcome drawn, more units requested when the call
    /// needs several, maybe a backup request and a repeat call, and the dispatch recorded.
    /// - Parameter responder: the unit's responder type (read once per dispatch).
    private mutating func serve(unit: UnitID, responder: ResponderID, call: CallInfo, travel: Double, draws: OutcomeDraws?,
                                context: inout SimulationContext<DispatchEvent>) {
        let now = context.now
        let trueType = call.trueType
        let k = tables.pair(trueType, responder)
        let onScene = streams.onScene.draw(tables.onScene[k])
        let outcome = drawsOutcomes ? decideOutcome(k, draws ?? OutcomeDraws(streams.outcomes)) : CallOutcome()
        let busy = travel + onScene + outcome.extraMinutes
        let afterCall = tables.hasAfterCall ? tables.afterCall[k].map { streams.afterCall.draw($0) } ?? 0 : 0
        scheduleFree(unit, at: now + busy + afterCall, context: &context)
        if router.hasPreemption { listPreemptible(unit, call: call, arriveAt: now + travel, sceneEnd: now + busy, afterCall: afterCall) }
        if callLog != nil { logDispatch(call, unit: unit, now: now, travel: travel, leaves: now + busy) }
        if tables.hasSeveralUnits || tables.hasBackups || tables.hasRepeats {
            requestFollowUps(unit: unit, responder: responder, call: call, k: k, travel: travel, busy: busy, context: &context)
        }
        if call.arrival >= city.warmupMinutes {
            if call.crisisRoute != .none && !tables.isCrisisResponder[responder] {
                let reason: FunnelCount = switch call.crisisRoute {
                case .notCoded: .notCoded
                case .notEligible: .notEligible
                case .outsideHours: .outsideHours
                default: router.crisisMiss(codedType: call.codedType, waited: now - call.arrival)
                }
                metrics.recordCrisisMiss(call, reason: reason)
            }
            units[unit].dispatches += 1
            metrics.recordDispatch(call, unit: unit, responder: responder, waitMinutes: now - call.arrival,
                                   travelMinutes: travel, onSceneMinutes: onScene, outcome: outcome, expected: tables.expectedOutcomes[k])
        }
    }

    /// What a call served by `unit` may bring on after its dispatch, when the city has them: the
    /// further units a call that needs several requests now, a backup request once the unit is on
    /// scene, a repeat call after the unit leaves. A call of its own, so that `serve` is compiled
    /// without these paths when a city has none of them.
    @inline(never)
    private mutating func requestFollowUps(unit: UnitID, responder: ResponderID, call: CallInfo, k: Int, travel: Double,
                                           busy: Double, context: inout SimulationContext<DispatchEvent>) {
        let now = context.now, trueType = call.trueType
        // A call that needs several units starts with this one; the others are requested now.
        for _ in 1..<(tables.hasSeveralUnits ? max(1, tables.unitsNeeded[trueType]) : 1) {
            request(CallInfo(trueType: call.trueType, codedType: call.codedType, zone: call.zone, arrival: now,
                             isRepeat: false, link: LinkedRequest(unit: unit, serial: units[unit].serial,
                                                                  type: responder, joinUntil: now + busy)),
                    context: &context)
        }
        if tables.hasBackups, let backupModel = tables.backups[k], streams.backup.uniform() < backupModel.probability {
            context.schedule(.backupRequest(unit: unit, serial: units[unit].serial, trueType: call.trueType,
                                            zone: call.zone, backupType: ResponderID(backupModel.responder)),
                             after: travel, priority: DispatchEvent.callPriority)
            if call.arrival >= city.warmupMinutes {
                metrics.recordBackupRequest(crisis: tables.isCrisisType[trueType] && tables.isCrisisResponder[responder])
            }
        }
        if tables.hasRepeats, let repeatModel = tables.repeats[k], streams.repeats.uniform() < repeatModel.probability {
            let at = now + busy + streams.repeats.draw(repeatModel.after)
            if at <= city.horizonMinutes {
                context.schedule(.repeatArrival(trueType: call.trueType, zone: call.zone), at: at,
                                 priority: DispatchEvent.callPriority)
            }
        }
    }

    /// A unit takes up a call a more urgent call took another unit from: it travels there and
    /// does the time on scene that was left, then the call's administrative time.
    private mutating func resume(unit: UnitID, call: CallInfo, resume: ResumeInfo, travel: Double,
                                 context: inout SimulationContext<DispatchEvent>) {
        let now = context.now
        let sceneEnd = now + travel + resume.remainingOnScene
        scheduleFree(unit, at: sceneEnd + resume.afterCall, context: &context)
        listPreemptible(unit, call: call, arriveAt: now + travel, sceneEnd: sceneEnd, afterCall: resume.afterCall)
        if call.arrival >= city.warmupMinutes { metrics.resumedCalls += 1 }
    }

    /// A unit joins the unit that asked for it. An additional unit of a multi-unit call leaves
    /// with the first (or at once, if it arrives later); a backup unit stays until it is done, and
    /// the unit that asked stays at least as long.
    private mutating func join(unit: UnitID, link: LinkedRequest, call: CallInfo, travel: Double,
                               context: inout SimulationContext<DispatchEvent>) {
        let now = context.now
        let end: Double
        if let until = link.joinUntil {
            end = max(now + travel, until)
            metrics.recordAdditionalUnit(responseMinutes: now - call.arrival + travel, at: call.arrival)
        } else {
            let k = tables.pair(call.trueType, unitResponder[unit])
            end = now + travel + streams.onScene.draw(tables.onScene[k])
            let asker = link.unit
            if !units[asker].isFree, units[asker].serial == link.serial, let pending = units[asker].freeEvent {
                _ = context.cancel(pending)
                units[asker].freeEvent = context.schedule(.unitFree(unit: asker), at: max(end, units[asker].callEnd),
                                                          priority: DispatchEvent.unitFreePriority)
                units[asker].callEnd = max(end, units[asker].callEnd)
                units[asker].sceneEnd = max(end, units[asker].sceneEnd)
            }
            metrics.recordBackupDispatch(responseMinutes: now - call.arrival + travel, at: call.arrival)
        }
        scheduleFree(unit, at: end, context: &context)
    }

    /// Dispatches a linked request to the closest free unit of its type, or queues it.
    mutating func request(_ call: CallInfo, context: inout SimulationContext<DispatchEvent>) {
        let type = call.link!.type
        if let helper = router.closestFreeUnitOnly ? router.closestFreeUnit(types: router.alone(type), zone: call.zone)
            : router.unit(types: router.alone(type), zone: call.zone, priority: priority(of: call), waited: 0) {
            dispatch(unit: helper, call: call, context: &context)
        } else {
            enqueue(holdWaiting(call, at: context.now), types: router.alone(type), context: &context)
        }
    }

    /// A unit leaves its call: with a break due, it takes its break; else, on duty, it takes the
    /// next waiting call its type may take, or is listed free where it is and heads home.
    mutating func handleUnitFree(_ unit: UnitID, context: inout SimulationContext<DispatchEvent>) {
        let now = context.now
        let left = units[unit].leaveCall(at: now, observedFrom: city.warmupMinutes)
        if left.wasPreemptible { unlistPreemptible(unit) }
        if left.breakDue > 0 {
            startBreak(unit, minutes: left.breakDue, context: &context)
            return
        }
        becomeAvailable(unit, context: &context)
    }

    /// Gives a free, unlisted unit the most urgent, longest-waiting call its type may take under
    /// its policy: with district first, its own district's first, else the most urgent call of
    /// another district within reach that may cross; with a cutoff, none that must be held.
    /// Returns whether it took one.
    /// - Parameter responder: the unit's responder type.
    @inline(__always) mutating func takeWaitingCall(_ unit: UnitID, responder: ResponderID,
                                                    context: inout SimulationContext<DispatchEvent>) -> Bool {
        // Under the closest-free-unit rule alone a unit takes calls from its type's one queue,
        // which most units freed find empty: that is seen here, inlined, without a call (and
        // without a write, as in popFirst).
        if router.closestFreeUnitOnly && !waitingCalls.hasEntries(inQueue: waitingCalls.queue(responder)) {
            return false
        }
        return takeQueuedCall(unit, responder: responder, context: &context)
    }

    /// ``takeWaitingCall(_:responder:context:)`` when some call is waiting.
    private mutating func takeQueuedCall(_ unit: UnitID, responder: ResponderID,
                                         context: inout SimulationContext<DispatchEvent>) -> Bool {
        let slot: Int32
        if router.closestFreeUnitOnly {
            guard let (first, _) = waitingCalls.popFirst(for: responder) else { return false }
            slot = first
        } else if let policy = router.policies[responder] {
            guard let queue = queueToTake(unit, responder, policy) else { return false }
            slot = waitingCalls.first(inQueue: queue)!.slot
            waitingCalls.dropFirst(inQueue: queue)
        } else if router.takesUnitsTogether[responder] {
            // The first call waits for as many free units as it needs; none after it goes first.
            let queue = waitingCalls.queue(responder)
            guard let first = waitingCalls.first(inQueue: queue),
                  router.mayTake(priority: first.priority, responder, home: router.home(of: unit),
                                 needed: unitsToStart(waitingCalls[first.slot]!.call,
                                                      resumed: waitingCalls.resume(first.slot) != nil)) else { return false }
            slot = first.slot
            waitingCalls.dropFirst(inQueue: queue)
        } else {
            guard let (first, _) = waitingCalls.popFirst(for: responder) else { return false }
            slot = first
        }
        let waitingCall = waitingCalls[slot]!
        if let due = waitingCall.fallbackDue { _ = context.cancel(due) }
        let resume = waitingCalls.resume(slot), draws = waitingCalls.draws(slot)
        releaseWaiting(slot, at: context.now)
        cancelHomeTrip(unit, context: &context)
        dispatch(unit: unit, call: waitingCall.call, context: &context, unitWasListedFree: false, resume: resume, draws: draws)
        return true
    }

    /// The queue whose first call a freed unit takes under its type's policy, or nil.
    private mutating func queueToTake(_ unit: UnitID, _ responder: ResponderID, _ policy: Router.Policy) -> Int? {
        let home = router.home(of: unit)
        guard policy.districtFirst else {
            let queue = waitingCalls.queue(responder)
            guard let first = waitingCalls.first(inQueue: queue),
                  router.mayTake(priority: first.priority, responder, home: home,
                                 needed: unitsToStart(waitingCalls[first.slot]!.call,
                                                      resumed: waitingCalls.resume(first.slot) != nil)) else { return nil }
            return queue
        }
        let own = waitingCalls.districtQueue(responder, home)
        if let first = waitingCalls.first(inQueue: own), router.mayTake(priority: first.priority, responder, home: home) {
            return own
        }
        var best: (entry: QueuedCall, queue: Int)?
        let at = units[unit].zone
        guard waitingCalls.crossingEntries[responder] > 0 else { return nil }
        // Zone `z`'s crossing queue (within reach: checked by the caller): its first live call, if
        // it comes before `best`.
        func consider(_ z: Int) {
            let queue = waitingCalls.crossingQueue(responder, ZoneID(z))
            if let first = waitingCalls.first(inQueue: queue), best.map({ first < $0.entry }) ?? true {
                best = (first, queue)
            }
        }
        if waitingCalls.tracksCrossingZones, let reach = router.reachMask(responder, from: at) {
            // Only the zones within reach whose queue holds a live call, in increasing order as below.
            var zones = waitingCalls.crossingZones[responder.index] & ~(1 << UInt64(home.index)) & reach
            while zones != 0 {
                consider(zones.trailingZeroBitCount)
                zones &= zones - 1
            }
        } else {
            for z in 0..<tables.zoneCount where z != home.index && waitingCalls.mayHoldCrossingCalls(responder, ZoneID(z))
                && router.withinReach(responder, from: at, to: ZoneID(z)) {
                consider(z)
            }
        }
        guard let best, router.mayTake(priority: best.entry.priority, responder, home: home) else { return nil }
        return best.queue
    }

    /// What happens at a call, decided by the call's own uniforms (drawn on its arrival) against
    /// the probabilities of the responder type that answers it; the emergency-department and
    /// booking times, when they apply, are drawn now.
    @inline(__always) private func decideOutcome(_ k: Int, _ u: OutcomeDraws) -> CallOutcome {
        guard tables.hasOutcomeModel[k] else { return CallOutcome() }
        let model = tables.outcomeOdds[k]
        var outcome = CallOutcome()
        if u.disposition < model.arrest {
            outcome.disposition = .arrest
            if u.booking < model.bookingGivenArrest {
                outcome.booked = true
                if let t = tables.bookingTime[k] { outcome.extraMinutes += streams.outcomes.draw(t) }
            }
        } else if u.disposition < model.arrest + model.edTransport {
            outcome.disposition = .edTransport
            if let t = tables.edTime[k] { outcome.extraMinutes += streams.outcomes.draw(t) }
        } else if u.disposition < model.arrest + model.edTransport + model.referral {
            outcome.disposition = .referral
        }
        outcome.useOfForce = u.useOfForce < model.useOfForce
        outcome.civilianInjury = u.civilianInjury < model.civilianInjury
        outcome.responderInjury = u.responderInjury < model.responderInjury
        return outcome
    }
}
