// StreamPurpose.swift: which random stream each kind of draw uses. Part of the reproducibility
// contract: a purpose's number never changes, and new purposes take new numbers.

/// The purposes the dispatch model draws for; each has its own stream per replication (see
/// `StreamSeeder`), so two scenarios run with the same seed see the same calls (common random
/// numbers), and a change in how one purpose draws does not shift another's numbers.
public enum StreamPurpose: Int, CaseIterable, Sendable {
    /// Times between calls (one draw per call, for constant and time-varying rates alike).
    case arrivals = 0
    /// Each call's type and zone, two draws per call in that order.
    case callAttributes = 1
    /// Turnout delays.
    case travel = 2
    /// Time on scene.
    case onScene = 3
    /// Triage: the type each call is coded as, one draw per call of a type with a triage row.
    case triage = 4
    /// Outcomes: when the city has outcomes, a repeat call's five uniforms (as `callOutcomes`) on
    /// its arrival, and the emergency-department and booking times of dispatches that have them.
    case outcomes = 5
    /// Repeat calls: one draw per call whose type and responder have a repeat model, plus the
    /// delay when it repeats.
    case repeats = 6
    /// Backup requests: one draw per dispatch whose call type and responder have a backup model.
    case backup = 7
    /// Administrative time after a call: one draw per dispatch whose call type and responder have
    /// one.
    case afterCall = 8
    /// Officer-initiated activity: times between activities, every kind from this stream.
    case activityArrivals = 9
    /// Officer-initiated activity: each activity's zone, then its duration when it starts.
    case activityAttributes = 10
    /// Outcomes paired by call: when the city has outcomes, five uniforms per call on its arrival
    /// (disposition, use of force, civilian injury, responder injury, booking), which decide its
    /// outcome whoever answers it. Repeat calls draw theirs from `outcomes`, so that a repeat in one
    /// scenario and not in another shifts no other call's draws.
    case callOutcomes = 11
}
