// UnitState.swift: one unit of the fleet as the dispatch model sees it: its type, home, where it
// is, whether it is free, and what it has done.

import DispatchEngine

/// One unit: its type, home and where it is now.
///
/// The fields are in the order a dispatch and the unit's leaving a call use them, the rarely used
/// (breaks, preemption, its type and home) last: a unit is 280 bytes, and with the hot fields
/// first a call touches two or three of its cache lines instead of four or five.
struct UnitState {
    var zone: ZoneID
    var isFree = true
    /// Whether its type (or its watch) is on duty, and whether it is on a scheduled break.
    var onDuty = true
    var onBreak = false
    /// Whether it is on officer-initiated activity now.
    var onActivity = false
    /// With preemption: whether it is listed as takeable by a more urgent call.
    var isPreemptible = false
    var busySince = 0.0
    /// A break due while it was busy (its minutes, 0 for none).
    var breakDue = 0.0
    /// Administrative time it still owes for a call a more urgent call took it from while it
    /// was writing its report: added to its next dispatch, cleared when a dispatch completes.
    var owedMinutes = 0.0
    /// When its current call ends (a backup unit's arrival may extend it).
    var callEnd = 0.0
    /// A number that changes with every dispatch.
    var serial: UInt64 = 0
    /// The end of its current call, and its trip home.
    var freeEvent: EventHandle?
    var homeTrip: EventHandle?
    /// Its calls and busy minutes after the warm-up, kept here rather than in the metrics so
    /// that a dispatch touches one place per unit (it matters for fleets of thousands); handed
    /// to the metrics when the run finishes.
    var dispatches = 0
    var busyMinutes = 0.0
    /// Of its busy minutes after the warm-up, those on officer-initiated activity.
    var activityMinutes = 0.0
    /// Its watch (-1 for none), when its break started, and its break minutes after the warm-up.
    var watch: Int32 = -1
    var breakSince = 0.0
    var breakMinutes = 0.0
    /// With preemption: the call or activity it is on, when it reaches the scene and when it
    /// leaves it, and the report time after it.
    var current: CallInfo?
    var arriveAt = 0.0
    var sceneEnd = 0.0
    var currentAfterCall = 0.0
    let responder: ResponderID
    let homeZone: ZoneID

    init(responder: ResponderID, homeZone: ZoneID, zone: ZoneID) {
        self.responder = responder
        self.homeZone = homeZone
        self.zone = zone
    }

    /// Adds the part of [from, to] after `observedFrom` to the busy time.
    mutating func addBusyTime(from: Double, to: Double, observedFrom: Double) {
        let start = max(from, observedFrom)
        if to > start {
            busyMinutes += to - start
            if onActivity { activityMinutes += to - start }
        }
    }

    /// Adds the part of [from, to] after `observedFrom` to the break time.
    mutating func addBreakTime(from: Double, to: Double, observedFrom: Double) {
        let start = max(from, observedFrom)
        if to > start { breakMinutes += to - start }
    }

    /// Dispatched at `now` to a call in `zone`: busy, there, with a new serial.
    /// The unit's dispatch ends at `end` with `event`.
    @inline(__always) mutating func setFreeEvent(_ event: EventHandle, at end: Double) {
        freeEvent = event
        callEnd = end
    }

    /// The unit leaves its call at `now`: its busy time is added, it is free, owes no more time
    /// and is no longer on activity. Returns whether it was listed as preemptible and its break due.
    /// (One access to the unit, instead of one per field.)
    @inline(__always) mutating func leaveCall(at now: Double, observedFrom: Double) -> (wasPreemptible: Bool, breakDue: Double) {
        addBusyTime(from: busySince, to: now, observedFrom: observedFrom)
        isFree = true
        freeEvent = nil
        owedMinutes = 0
        onActivity = false
        return (isPreemptible, breakDue)
    }

    mutating func startCall(at now: Double, in zone: ZoneID) {
        isFree = false
        busySince = now
        self.zone = zone
        serial &+= 1
    }
}
