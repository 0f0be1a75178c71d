// CallInfo.swift: what the dispatch model knows of a call, and of a request for a unit on behalf of
// a unit already at a call (backup, or another unit for a call that needs several).

/// What the model knows of a call: its true type, the type it was coded as (which routing
/// follows), where and when it arose, and whether it repeats an earlier call.
///
/// It is copied on every dispatch and every queue operation: keep it small (under 80 bytes, the
/// size above which copies go through `memcpy`). What a call a more urgent call took its unit
/// from still needs is kept beside it, in ``ResumeInfo``.
struct CallInfo {
    var trueType: CallTypeID
    var codedType: CallTypeID
    var zone: ZoneID
    var arrival: Double
    var isRepeat: Bool
    /// For a crisis call (true type a crisis type): how triage and team hours routed it on
    /// arrival; `.none` for other calls. (In `isRepeat`'s padding.)
    var crisisRoute = CrisisRoute.none
    /// For officer-initiated activity: its kind (index in `CityConfiguration.officerInitiated`);
    /// -1 for a call. An activity's types are unused. (Next to `isRepeat`, in its padding.)
    var activity: Int32 = -1
    /// For a linked request (backup, or another unit for a call that needs several), the unit of
    /// the call it belongs to; nil for a call.
    var link: LinkedRequest? = nil

    init(trueType: CallTypeID, codedType: CallTypeID, zone: ZoneID, arrival: Double, isRepeat: Bool,
         link: LinkedRequest? = nil) {
        self.trueType = trueType
        self.codedType = codedType
        self.zone = zone
        self.arrival = arrival
        self.isRepeat = isRepeat
        self.link = link
    }
}

/// Where triage and team hours sent a crisis call on arrival: the first steps of the crisis funnel.
enum CrisisRoute: UInt8 {
    /// Not a crisis call.
    case none
    /// Coded as a type that is not a crisis type, and that no crisis response takes.
    case notCoded
    /// Coded as a crisis type that no crisis response takes (eligibility rules).
    case notEligible
    /// Coded as a type a crisis response takes, but none of those types had a unit on duty.
    case outsideHours
    /// Coded as a type a crisis response takes, with units of such a type on duty.
    case routed
}

/// What a call a more urgent call took its unit from still needs: the time on scene left and its
/// administrative time after the call.
struct ResumeInfo {
    var remainingOnScene: Double
    var afterCall: Double
}

/// A request for a unit on behalf of a unit already at a call.
struct LinkedRequest {
    /// The unit at the call, and the serial of that dispatch.
    var unit: UnitID
    var serial: UInt64
    /// The responder type asked for.
    var type: ResponderID
    /// For an additional unit of a multi-unit call: when the first unit leaves (the additional
    /// unit leaves with it, or at once if it arrives later). Nil for a backup request.
    var joinUntil: Double?

    /// A backup request is urgent (priority 1); an additional unit has its call's priority.
    var isBackup: Bool { joinUntil == nil }
}
