// DispatchModel+Shifts.swift: responder types (or their watches) coming on and going off duty,
// scheduled breaks, and units getting home.

import DispatchEngine

extension DispatchModel {
    /// Makes the run's shift calendar (ShiftCalendar: every shift change of the responder types
    /// with coverage hours and of every watch, and every watch's break plans) and schedules its
    /// first change. A shift that has begun by now has its breaks planned now; a later one, when
    /// it begins, so that only the breaks of shifts under way are pending.
    mutating func scheduleShifts(context: inout SimulationContext<DispatchEvent>) {
        let now = context.now
        shiftCalendar = ShiftCalendar(city: city, now: now) { responder, watch in
            Coverage.WindowStarts(city.responders[responder.index].watches[Int(watch)].coverage, upTo: city.horizonMinutes)
                .prefix { $0 <= now }
                .flatMap { plannedBreaks(responder, watch: watch, shiftStart: $0, from: now) }
        }
        scheduleShiftCalendar(context: &context)
    }

    /// Schedules the calendar's next change, if any.
    private func scheduleShiftCalendar(context: inout SimulationContext<DispatchEvent>) {
        if let time = shiftCalendar.nextTime {
            context.schedule(.shiftCalendar, at: time, priority: DispatchEvent.calendarPriority)
        }
    }

    /// Runs the shift calendar's next change, which is due now, and schedules the one after.
    mutating func handleShiftCalendar(context: inout SimulationContext<DispatchEvent>) {
        switch shiftCalendar.removeFirst() {
        case .shiftStart(let responder, let watch):
            handleShiftStart(responder, watch: watch, context: &context)
        case .shiftEnd(let responder, let watch):
            handleShiftEnd(responder, watch: watch, context: &context)
        case .breakPlan(let responder, let watch):
            scheduleBreaks(responder, watch: watch, shiftStart: context.now, context: &context)
        case .breakStart(let unit, let minutes):
            handleBreakStart(unit, minutes: minutes, context: &context)
        }
        scheduleShiftCalendar(context: &context)
    }

    /// The units of the type (of one watch, or all of them for `watch` -1), in unit order.
    @inline(__always) private func unitsOf(_ responder: ResponderID, watch: Int32) -> [UnitID] {
        shiftMembers[responder.index][Int(watch) + 1]
    }

    /// The breaks of one shift of a watch that starts at `shiftStart`, due from `now` to the
    /// horizon, in plan order then unit order: the k-th of its n units starts each break
    /// `after + spread x k / n` into the shift.
    func plannedBreaks(_ responder: ResponderID, watch: Int32, shiftStart: Double, from now: Double) -> [ShiftCalendar.PlannedBreak] {
        let members = unitsOf(responder, watch: watch)
        var breaks: [ShiftCalendar.PlannedBreak] = []
        for plan in city.responders[responder.index].watches[Int(watch)].breaks {
            for (k, unit) in members.enumerated() {
                let at = shiftStart + plan.afterMinutes + plan.spreadMinutes * Double(k) / Double(members.count)
                if at >= now && at <= city.horizonMinutes { breaks.append(.init(at: at, unit: unit, minutes: plan.minutes)) }
            }
        }
        return breaks
    }

    /// Schedules the breaks of one shift of a watch that starts at `shiftStart` (those due before
    /// now are skipped), as ``plannedBreaks(_:watch:shiftStart:from:)`` lists them.
    mutating func scheduleBreaks(_ responder: ResponderID, watch: Int32, shiftStart: Double,
                                 context: inout SimulationContext<DispatchEvent>) {
        for due in plannedBreaks(responder, watch: watch, shiftStart: shiftStart, from: context.now) {
            context.schedule(.breakStart(unit: due.unit, minutes: due.minutes), at: due.at, priority: DispatchEvent.shiftPriority)
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
                if !takeWaitingCall(unit, responder: unitResponder[unit], context: &context) { listFree(unit, zone: units[unit].zone) }
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
    @inline(__always) mutating func becomeAvailable(_ unit: UnitID, context: inout SimulationContext<DispatchEvent>) {
        let onDuty = units[unit].onDuty, responder = unitResponder[unit]
        if onDuty && takeWaitingCall(unit, responder: responder, context: &context) { return }
        let zone = units[unit].zone
        if onDuty { router.listFree(unit, responder: responder, zone: zone) }
        if zone != unitHome[unit] { headHome(unit, from: zone, context: &context) }
    }

    /// A free unit away from home heads home from `zone`.
    @inline(never)
    private mutating func headHome(_ unit: UnitID, from zone: ZoneID, context: inout SimulationContext<DispatchEvent>) {
        let trip = tables.travelMinutes(unitResponder[unit], from: zone, to: unitHome[unit])
        units[unit].homeTrip = context.schedule(.unitHome(unit: unit), after: trip, priority: DispatchEvent.unitHomePriority)
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
