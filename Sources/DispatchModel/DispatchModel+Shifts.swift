// DispatchModel+Shifts.swift: responder types (or their watches) coming on and going off duty,
// scheduled breaks, and units getting home.

import DispatchEngine

extension DispatchModel {
    /// Schedules every shift change of the responder types with coverage hours, and of every
    /// watch (all watch starts before all watch ends, so that at a change of watch the incoming
    /// units are on duty before the outgoing ones leave), and every break of every daily window
    /// of a watch (windows that touch are one shift for duty, but each has its breaks).
    mutating func scheduleShifts(context: inout SimulationContext<DispatchEvent>) {
        for (r, responder) in city.responders.enumerated() {
            guard let coverage = responder.coverage else { continue }
            for interval in coverage.intervals(upTo: city.horizonMinutes) {
                if interval.start > 0 {
                    context.schedule(.shiftStart(responder: ResponderID(r), watch: -1), at: interval.start,
                                     priority: DispatchEvent.shiftPriority)
                }
                if interval.end <= city.horizonMinutes {
                    context.schedule(.shiftEnd(responder: ResponderID(r), watch: -1), at: interval.end,
                                     priority: DispatchEvent.shiftPriority)
                }
            }
        }
        for starts in [true, false] {
            for (r, responder) in city.responders.enumerated() {
                for (w, watch) in responder.watches.enumerated() {
                    for interval in watch.coverage.intervals(upTo: city.horizonMinutes) {
                        if starts && interval.start > 0 {
                            context.schedule(.shiftStart(responder: ResponderID(r), watch: Int32(w)), at: interval.start,
                                             priority: DispatchEvent.shiftPriority)
                        } else if !starts && interval.end <= city.horizonMinutes {
                            context.schedule(.shiftEnd(responder: ResponderID(r), watch: Int32(w)), at: interval.end,
                                             priority: DispatchEvent.shiftPriority)
                        }
                    }
                }
            }
        }
        // Breaks after shift changes, so that a briefing due as a shift starts finds its units on
        // duty. A shift that has begun by now has its breaks scheduled now; a later one, when it
        // begins (an event that runs after the shift changes of that instant, scheduled before it,
        // and before any of its breaks), so that only the breaks of shifts under way are pending.
        for (r, responder) in city.responders.enumerated() {
            for (w, watch) in responder.watches.enumerated() where !watch.breaks.isEmpty {
                for windowStart in watch.coverage.windowStarts(upTo: city.horizonMinutes) {
                    if windowStart <= context.now {
                        scheduleBreaks(ResponderID(r), watch: Int32(w), shiftStart: windowStart, context: &context)
                    } else {
                        context.schedule(.breakPlan(responder: ResponderID(r), watch: Int32(w)), at: windowStart,
                                         priority: DispatchEvent.shiftPriority)
                    }
                }
            }
        }
    }

    /// The units of the type (of one watch, or all of them for `watch` -1), in unit order.
    @inline(__always) private func unitsOf(_ responder: ResponderID, watch: Int32) -> [UnitID] {
        shiftMembers[responder.index][Int(watch) + 1]
    }

    /// Schedules the breaks of one shift of a watch that starts at `shiftStart`: the k-th of its n
    /// units starts each break `after + spread x k / n` into the shift (breaks due before time 0
    /// are skipped).
    mutating func scheduleBreaks(_ responder: ResponderID, watch: Int32, shiftStart: Double,
                                         context: inout SimulationContext<DispatchEvent>) {
        let members = unitsOf(responder, watch: watch)
        for plan in city.responders[responder.index].watches[Int(watch)].breaks {
            for (k, unit) in members.enumerated() {
                let at = shiftStart + plan.afterMinutes + plan.spreadMinutes * Double(k) / Double(members.count)
                if at >= context.now && at <= city.horizonMinutes {
                    context.schedule(.breakStart(unit: unit, minutes: plan.minutes), at: at, priority: DispatchEvent.shiftPriority)
                }
            }
        }
    }

    /// Units of the type (or of one of its watches) come on duty: free ones take waiting calls or
    /// are listed where they are.
    mutating func handleShiftStart(_ responder: ResponderID, watch: Int32, context: inout SimulationContext<DispatchEvent>) {
        let members = unitsOf(responder, watch: watch)
        router.changeUnitsOnDuty(responder, by: members.count { !units[$0].onDuty })
        for unit in members {
            units[unit].onDuty = true
            if units[unit].isFree && !units[unit].onBreak {
                if !takeWaitingCall(unit, context: &context) { listFree(unit, zone: units[unit].zone) }
            }
        }
    }

    /// Units of the type (or of one of its watches) go off duty: free ones are unlisted (busy ones
    /// finish their call first); waiting calls that now have no eligible type on duty go to their
    /// fallback types at once.
    mutating func handleShiftEnd(_ responder: ResponderID, watch: Int32, context: inout SimulationContext<DispatchEvent>) {
        let members = unitsOf(responder, watch: watch)
        router.changeUnitsOnDuty(responder, by: -members.count { units[$0].onDuty })
        for unit in members {
            units[unit].onDuty = false
            units[unit].breakDue = 0
            if units[unit].isFree && !units[unit].onBreak { unlistFree(unit, zone: units[unit].zone) }
        }
        guard !router.onDuty[responder] else { return }
        for slot in 0..<Int32(waitingCalls.slotCount) {
            guard let waitingCall = waitingCalls[slot], let due = waitingCall.fallbackDue,
                  !router.route(codedType: waitingCall.call.codedType).waitsForFallback else { continue }
            _ = context.cancel(due)
            handleFallback(slot: slot, sequence: waitingCall.sequence, context: &context)
        }
    }

    /// A unit's break is due: a free unit on duty takes it now, where it is; a busy one when its
    /// call ends.
    mutating func handleBreakStart(_ unit: UnitID, minutes: Double, context: inout SimulationContext<DispatchEvent>) {
        guard units[unit].onDuty, !units[unit].onBreak else { return }
        if units[unit].isFree {
            unlistFree(unit, zone: units[unit].zone)
            startBreak(unit, minutes: minutes, context: &context)
        } else {
            units[unit].breakDue = minutes
        }
    }

    /// A free, unlisted unit starts a break of `minutes` where it is.
    mutating func startBreak(_ unit: UnitID, minutes: Double, context: inout SimulationContext<DispatchEvent>) {
        cancelHomeTrip(unit, context: &context)
        units[unit].breakDue = 0
        units[unit].onBreak = true
        units[unit].breakSince = context.now
        context.schedule(.breakEnd(unit: unit), after: minutes, priority: DispatchEvent.shiftPriority)
    }

    /// A unit's break ends: on duty, it takes a waiting call or is listed free and heads home.
    mutating func handleBreakEnd(_ unit: UnitID, context: inout SimulationContext<DispatchEvent>) {
        units[unit].onBreak = false
        units[unit].addBreakTime(from: units[unit].breakSince, to: context.now, observedFrom: city.warmupMinutes)
        becomeAvailable(unit, context: &context)
    }

    /// A free unit not on a break: on duty, it takes the next waiting call its type may take, else
    /// it is listed free where it is; either way, away from home with no call, it heads home.
    mutating func becomeAvailable(_ unit: UnitID, context: inout SimulationContext<DispatchEvent>) {
        if units[unit].onDuty && takeWaitingCall(unit, context: &context) { return }
        let zone = units[unit].zone
        if units[unit].onDuty { listFree(unit, zone: zone) }
        if zone != unitHome[unit] {
            let trip = tables.travelMinutes(unitResponder[unit], from: zone, to: unitHome[unit])
            units[unit].homeTrip = context.schedule(.unitHome(unit: unit), after: trip, priority: DispatchEvent.unitHomePriority)
        }
    }

    /// A unit gets home: listed there if it is on duty and not on a break.
    mutating func handleUnitHome(_ unit: UnitID) {
        units[unit].homeTrip = nil
        if units[unit].onDuty && !units[unit].onBreak {
            unlistFree(unit, zone: units[unit].zone)
            units[unit].zone = unitHome[unit]
            listFree(unit, zone: unitHome[unit])
        } else {
            units[unit].zone = unitHome[unit]
        }
    }
}
