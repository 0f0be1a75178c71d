// ScenarioLoader+Outcomes.swift: probabilities, and the outcome model of a call type and responder
// type.

import DispatchModel
import DispatchRandom
import DispatchYAML
import Foundation

extension ScenarioLoader {
    static func probability(_ value: YAMLValue) throws -> Double {
        let p = try value.double()
        guard p >= 0, p <= 1 else { throw error(value, "expected a probability from 0 to 1, found \(formatNumber(p))") }
        return p
    }

    static let outcomeKeys = ["arrest", "booking_given_arrest", "ed_transport", "referral", "use_of_force",
                              "civilian_injury", "responder_injury", "ed_time", "booking_time"]

    /// Outcome probabilities of one call type and responder type (see Scenarios/README.md).
    static func decodeOutcome(_ value: YAMLValue) throws -> OutcomeModel {
        let m = try value.mapping(allowedKeys: outcomeKeys)
        func p(_ key: String, _ otherwise: Double = 0) throws -> Double {
            try m.optional(key).map { try probability($0) } ?? otherwise
        }
        let arrest = try p("arrest"), ed = try p("ed_transport"), referral = try p("referral")
        guard arrest + ed + referral <= 1 + shareTolerance else {
            throw error(value, "expected arrest, ed_transport and referral to sum to at most 1 (one disposition per call), found \(formatNumber(arrest + ed + referral))")
        }
        return OutcomeModel(arrest: arrest, bookingGivenArrest: try p("booking_given_arrest", 1), edTransport: ed,
                            referral: referral, useOfForce: try p("use_of_force"),
                            civilianInjury: try p("civilian_injury"), responderInjury: try p("responder_injury"),
                            edTime: try m.optional("ed_time").map { try decodeDuration(distribution: $0) },
                            bookingTime: try m.optional("booking_time").map { try decodeDuration(distribution: $0) })
    }
}
