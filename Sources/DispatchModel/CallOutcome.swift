// CallOutcome.swift: what happened at one call.

/// How a call ended, and what else happened there.
struct CallOutcome {
    enum Disposition: Int, CaseIterable {
        case resolved, arrest, edTransport, referral
    }

    var disposition = Disposition.resolved
    var booked = false
    var useOfForce = false
    var civilianInjury = false
    var responderInjury = false
    /// Minutes the outcome added to the unit's call (emergency-department transport, booking).
    var extraMinutes = 0.0
}
