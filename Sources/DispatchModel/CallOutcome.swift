// CallOutcome.swift: what happened at one call, and the draws that decide it.

import DispatchRandom

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

/// The uniforms that decide what happens at a call, drawn when the call arrives, so that a call
/// keeps them whoever answers it: the same call in two scenarios (common random numbers) ends in
/// an arrest under police in both, or under police in one and not under a crisis team in the
/// other only because their probabilities differ (`u < p` with the same `u`).
struct OutcomeDraws {
    var disposition: Double
    var useOfForce: Double
    var civilianInjury: Double
    var responderInjury: Double
    var booking: Double

    /// Five uniforms from `stream`, in the order of the fields.
    init(_ stream: RandomStream) {
        disposition = stream.uniform()
        useOfForce = stream.uniform()
        civilianInjury = stream.uniform()
        responderInjury = stream.uniform()
        booking = stream.uniform()
    }
}
