// CallLog.swift: one row per call of a replication, in the shape of a city's calls-for-service
// export (when received, dispatched, arrived, cleared; type, priority, zone, unit), for
// `dispatchsim run --calls-log` and for reading a run as one would read a real export.

/// A call (or a unit's officer-initiated activity) as an export would list it. Times are minutes
/// from the start of the simulation; a time the call never reached is NaN.
public struct LoggedCall: Sendable, Equatable {
    /// When the call arose (for activity: when the officer came upon it).
    public var received: Double
    /// When its first unit was sent; NaN for a call still waiting at the horizon.
    public var dispatched: Double
    /// When that unit reached the scene (dispatch plus turnout and travel).
    public var arrived: Double
    /// When that unit left the scene (time on scene, emergency-department and booking time
    /// included; administrative time after the call not). For a call a more urgent call took its
    /// unit from, when that first unit would have left.
    public var cleared: Double
    /// The call type it was coded as (routing and priority follow it), index in
    /// `CityConfiguration.callTypes`; for activity, -1.
    public var codedType: Int
    /// The call's true type; for activity, -1.
    public var trueType: Int
    /// For officer-initiated activity, its kind (index in `CityConfiguration.officerInitiated`);
    /// -1 for a call.
    public var activity: Int
    public var priority: Int
    public var zone: Int
    /// The first unit sent (index in `CityConfiguration.unitHomes`), -1 for none.
    public var unit: Int
    /// Whether the call repeats an earlier one from the same person.
    public var isRepeat: Bool

    public var isSelfInitiated: Bool { activity >= 0 }
}

extension DispatchModel {
    /// Logs a call, or activity, that a unit has just been sent to, when the run keeps a log and
    /// it arose after the warm-up.
    @inline(__always) mutating func logDispatch(_ call: CallInfo, unit: UnitID, now: Double, travel: Double, leaves: Double) {
        guard callLog != nil, call.arrival >= city.warmupMinutes else { return }
        callLog!.append(LoggedCall(received: call.arrival, dispatched: now, arrived: now + travel, cleared: leaves,
                                   codedType: call.activity >= 0 ? -1 : call.codedType.index,
                                   trueType: call.activity >= 0 ? -1 : call.trueType.index,
                                   activity: Int(call.activity), priority: priority(of: call),
                                   zone: call.zone.index, unit: unit.index, isRepeat: call.isRepeat))
    }

    /// Logs the calls still waiting at the horizon that no unit has served.
    mutating func logCallsNeverServed() {
        guard callLog != nil else { return }
        for call in waitingCalls.callsNotYetServed where call.link == nil && call.arrival >= city.warmupMinutes {
            callLog!.append(LoggedCall(received: call.arrival, dispatched: .nan, arrived: .nan, cleared: .nan,
                                       codedType: call.activity >= 0 ? -1 : call.codedType.index,
                                       trueType: call.activity >= 0 ? -1 : call.trueType.index,
                                       activity: Int(call.activity), priority: priority(of: call),
                                       zone: call.zone.index, unit: -1, isRepeat: call.isRepeat))
        }
    }
}
