// DispatchModel+Shifts.swift: responder types coming on and going off duty, and units getting home.

import DispatchEngine

extension DispatchModel {
    /// Schedules every shift change of the responder types with coverage hours.
    mutating func scheduleShifts(context: inout SimulationContext<DispatchEvent>) {
        for (r, responder) in city.responders.enumerated() {
            guard let coverage = responder.coverage else { continue }
            for interval in coverage.intervals(upTo: city.horizonMinutes) {
                if interval.start > 0 {
                    context.schedule(.shiftStart(responder: ResponderID(r)), at: interval.start,
                                     priority: DispatchEvent.shiftPriority)
                }
                if interval.end <= city.horizonMinutes {
                    context.schedule(.shiftEnd(responder: ResponderID(r)), at: interval.end,
                                     priority: DispatchEvent.shiftPriority)
                }
            }
        }
    }

    /// Units of the type come on duty: free ones are listed where they are and take waiting calls.
    mutating func handleShiftStart(_ responder: ResponderID, context: inout SimulationContext<DispatchEvent>) {
        router.setOnDuty(responder, true)
        for unit in units.indices.lazy.map(UnitID.init) where units[unit].responder == responder && units[unit].isFree {
            if !takeWaitingCall(unit, context: &context) { listFree(unit, zone: units[unit].zone) }
        }
    }

    /// Units of the type go off duty: free ones are unlisted (busy ones finish their call first);
    /// waiting calls that now have no eligible type on duty go to their fallback types at once.
    mutating func handleShiftEnd(_ responder: ResponderID, context: inout SimulationContext<DispatchEvent>) {
        router.setOnDuty(responder, false)
        for unit in units.indices.lazy.map(UnitID.init) where units[unit].responder == responder && units[unit].isFree {
            unlistFree(unit, zone: units[unit].zone)
        }
        for slot in 0..<Int32(waitingCalls.slotCount) {
            guard let waitingCall = waitingCalls[slot], let due = waitingCall.fallbackDue,
                  !router.route(codedType: waitingCall.call.codedType).waitsForFallback else { continue }
            _ = context.cancel(due)
            handleFallback(slot: slot, sequence: waitingCall.sequence, context: &context)
        }
    }

    /// A unit gets home: listed there if its type is on duty.
    mutating func handleUnitHome(_ unit: UnitID) {
        units[unit].homeTrip = nil
        if router.onDuty[units[unit].responder] {
            unlistFree(unit, zone: units[unit].zone)
            units[unit].zone = units[unit].homeZone
            listFree(unit, zone: units[unit].homeZone)
        } else {
            units[unit].zone = units[unit].homeZone
        }
    }
}
