// CityConfiguration.swift: the validated description of a city that the dispatch model simulates.
//
// Every time is in minutes, every rate per minute or per hour as its name says. Scenario loading
// (DispatchScenario) builds these values from YAML and checks them with file locations; the
// initializers here only assert invariants that loading has already established.

import DispatchRandom

/// A district or beat: where calls arise and units are based.
public struct Zone: Sendable, Hashable, Codable {
    public let name: String
    /// The share of all calls that arise in this zone; shares sum to 1.
    public let callShare: Double

    public init(name: String, callShare: Double) {
        self.name = name
        self.callShare = callShare
    }
}

/// What a responder type is, for the metrics that count officers and crisis responses.
public enum ResponderKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Sworn officers: their busy hours are officer-hours.
    case police
    /// Civilian crisis teams (clinicians, medics, peer workers).
    case crisisTeam = "crisis_team"
    /// Officer and clinician together: officer-hours, and a crisis response.
    case coResponder = "co_responder"

    public var isPolice: Bool { self != .crisisTeam }
    public var isCrisisResponse: Bool { self != .police }
}

/// A kind of responder (for example `police`, `crisis_team`) and its units.
public struct ResponderType: Sendable, Hashable {
    public let name: String
    public let kind: ResponderKind
    /// Units based in each zone, indexed like ``CityConfiguration/zones``.
    public let unitsPerZone: [Int]
    /// Operating cost of one unit for one hour on duty, in dollars, when the scenario gives it.
    public let costPerUnitHour: Double?
    /// On-duty hours; nil for around the clock.
    public let coverage: Coverage?
    /// Its units' travel times are the travel table's times multiplied by this (1.5: half as long
    /// again, as for a van that drives without lights and sirens). Turnout is not multiplied.
    public let travelFactor: Double
    /// Dispatch policies beyond the closest-free-unit rule; nil for that rule alone.
    public let policy: DispatchPolicy?
    /// Watches (shifts): each unit belongs to one and is on duty only in its hours. Empty: every
    /// unit is on duty in `coverage` hours, or around the clock.
    public let watches: [Watch]
    /// Paid hours per on-duty hour (leave, training, court): operating cost is on-duty hours x
    /// `costPerUnitHour` x this.
    public let reliefFactor: Double
    /// The share of the type's spending that goes to programme overhead (management, training,
    /// supervision, data) rather than unit-hours: each dollar of unit-hours costs 1 / (1 - this).
    public let overhead: Double

    public init(name: String, kind: ResponderKind = .police, unitsPerZone: [Int], costPerUnitHour: Double?,
                coverage: Coverage? = nil, travelFactor: Double = 1, policy: DispatchPolicy? = nil,
                watches: [Watch] = [], reliefFactor: Double = 1, overhead: Double = 0) {
        precondition(travelFactor > 0, "responder type \(name): travel factor must be > 0")
        precondition(reliefFactor >= 1, "responder type \(name): relief factor must be >= 1")
        precondition(overhead >= 0 && overhead < 1, "responder type \(name): overhead must be in [0, 1)")
        self.overhead = overhead
        precondition(watches.isEmpty || (coverage == nil && watches.allSatisfy { $0.unitsPerZone.count == unitsPerZone.count }
                                         && unitsPerZone.indices.allSatisfy { z in watches.reduce(0) { $0 + $1.unitsPerZone[z] } == unitsPerZone[z] }),
                     "responder type \(name): watches must share out the units, without coverage")
        self.travelFactor = travelFactor
        self.policy = policy
        self.watches = watches
        self.reliefFactor = reliefFactor
        self.name = name
        self.kind = kind
        self.unitsPerZone = unitsPerZone
        self.costPerUnitHour = costPerUnitHour
        self.coverage = coverage
    }

    /// Dollars per on-duty unit-hour, all told: `costPerUnitHour` x relief factor / (1 - overhead).
    public var loadedCostPerUnitHour: Double? {
        costPerUnitHour.map { $0 * reliefFactor / (1 - overhead) }
    }

    /// Minutes one unit is on duty within [from, to].
    public func onDutyMinutes(from: Double, to: Double) -> Double {
        coverage?.onDutyMinutes(from: from, to: to) ?? max(0, to - from)
    }

    public var unitCount: Int { unitsPerZone.reduce(0, +) }
}

/// A watch (shift) of a responder type: the hours its units are on duty, how many are based in
/// each zone, and the scheduled unavailability within each of its shifts.
public struct Watch: Sendable, Hashable {
    public let name: String
    public let coverage: Coverage
    public let unitsPerZone: [Int]
    public let breaks: [ScheduledBreak]

    public init(name: String, coverage: Coverage, unitsPerZone: [Int], breaks: [ScheduledBreak] = []) {
        self.name = name
        self.coverage = coverage
        self.unitsPerZone = unitsPerZone
        self.breaks = breaks
    }

    public var unitCount: Int { unitsPerZone.reduce(0, +) }
}

/// Scheduled unavailability in each shift of a watch (a briefing, a meal break): the watch's
/// units start it `afterMinutes` into the shift, spread evenly over `spreadMinutes` by unit, and
/// are unavailable for `minutes`. A unit busy when its break is due takes it when its call ends.
public struct ScheduledBreak: Sendable, Hashable {
    public let afterMinutes: Double
    public let minutes: Double
    public let spreadMinutes: Double

    public init(afterMinutes: Double, minutes: Double, spreadMinutes: Double = 0) {
        precondition(afterMinutes >= 0 && minutes > 0 && spreadMinutes >= 0, "invalid break")
        self.afterMinutes = afterMinutes
        self.minutes = minutes
        self.spreadMinutes = spreadMinutes
    }
}

/// Lets a waiting call be taken by more responder types once it has waited long enough.
public struct Fallback: Sendable, Hashable {
    /// How long the call waits for its eligible types before the fallback types may take it.
    public let afterMinutes: Double
    /// Responder type indices, in order of preference.
    public let to: [Int]

    public init(afterMinutes: Double, to: [Int]) {
        self.afterMinutes = afterMinutes
        self.to = to
    }
}

/// What can happen at a call answered by one responder type. Exactly one disposition per call:
/// arrest, transport to an emergency department, referral to services, or resolved on scene (the
/// rest); use of force and injuries are independent of it and of each other.
public struct OutcomeModel: Sendable, Hashable {
    public let arrest: Double
    /// Probability that an arrest leads to a jail booking.
    public let bookingGivenArrest: Double
    public let edTransport: Double
    public let referral: Double
    public let useOfForce: Double
    public let civilianInjury: Double
    public let responderInjury: Double
    /// Time added to the unit's call by a transport to the emergency department (the trip and the
    /// wait there), and by a booking; nil adds none.
    public let edTime: Distribution?
    public let bookingTime: Distribution?

    public init(arrest: Double = 0, bookingGivenArrest: Double = 1, edTransport: Double = 0, referral: Double = 0,
                useOfForce: Double = 0, civilianInjury: Double = 0, responderInjury: Double = 0,
                edTime: Distribution? = nil, bookingTime: Distribution? = nil) {
        precondition(arrest + edTransport + referral <= 1 + 1e-9, "dispositions must sum to at most 1")
        self.arrest = arrest
        self.bookingGivenArrest = bookingGivenArrest
        self.edTransport = edTransport
        self.referral = referral
        self.useOfForce = useOfForce
        self.civilianInjury = civilianInjury
        self.responderInjury = responderInjury
        self.edTime = edTime
        self.bookingTime = bookingTime
    }
}

/// A repeat call: after a call answered by one responder type ends, the same person calls again
/// with this probability, after a delay drawn from `after`.
public struct RepeatModel: Sendable, Hashable {
    public let probability: Double
    public let after: Distribution

    public init(probability: Double, after: Distribution) {
        self.probability = probability
        self.after = after
    }
}

/// Dollar costs per outcome, for the cost columns.
public struct OutcomeCosts: Sendable, Hashable, Codable {
    public var edVisit = 0.0
    public var jailBooking = 0.0
    public var civilianInjury = 0.0
    public var responderInjury = 0.0
    /// Expected liability (settlements and judgments) per use-of-force incident, and per arrest
    /// (false-arrest claims); liability not tied to calls (wrongful convictions, pursuits), per year.
    public var useOfForceLiability = 0.0
    public var falseArrestLiability = 0.0
    public var otherLiabilityPerYear = 0.0

    public init() {}
}

/// A request for backup: a unit of the keyed responder type on scene asks for a unit of type
/// `responder` with this probability.
public struct BackupModel: Sendable, Hashable {
    public let probability: Double
    public let responder: Int

    public init(probability: Double, responder: Int) {
        self.probability = probability
        self.responder = responder
    }
}

/// A kind of call for service.
public struct CallType: Sendable, Hashable {
    public let name: String
    /// The share of all calls of this type; shares sum to 1.
    public let share: Double
    /// 1 is the most urgent.
    public let priority: Int
    /// Responder type indices that may take the call from its arrival, in order of preference.
    public let eligible: [Int]
    public let fallback: Fallback?
    /// Time on scene for each responder type (indexed like ``CityConfiguration/responders``);
    /// present for every eligible and fallback type.
    public let onScene: [Distribution?]
    /// Whether calls of this type are crisis calls (mental or behavioral health), for the funnel.
    public let isCrisis: Bool
    /// Triage: the probability that a call of this (true) type is coded as each call type
    /// (indexed like ``CityConfiguration/callTypes``); nil when it is always coded correctly.
    /// Routing and priority follow the coded type; time on scene, outcomes and repeat calls
    /// follow the true type.
    public let codedAs: [Double]?
    /// Outcomes per responder type; nil for none.
    public let outcomes: [OutcomeModel?]
    /// Repeat calls per responder type; nil for none.
    public let repeats: [RepeatModel?]
    /// Backup requests per responder type on scene; nil for none.
    public let backups: [BackupModel?]
    /// Units of the same type a call of this type needs. The first unit dispatched starts it; the
    /// others are requested at once (at the call's priority) and leave when the first unit does.
    public let unitsNeeded: Int
    /// Administrative time (reports) after the call, per responder type; nil for none. The unit
    /// that answered the call stays unavailable for it after leaving the scene.
    public let afterCall: [Distribution?]
    /// With `unitsNeeded` > 1: whether the call waits until that many units of one type are free
    /// and they are all sent together (Green 1984), rather than the first starting it alone.
    public let unitsTogether: Bool

    public init(name: String, share: Double, priority: Int, eligible: [Int], fallback: Fallback?,
                onScene: [Distribution?], isCrisis: Bool = false, codedAs: [Double]? = nil,
                outcomes: [OutcomeModel?]? = nil, repeats: [RepeatModel?]? = nil, backups: [BackupModel?]? = nil,
                unitsNeeded: Int = 1, afterCall: [Distribution?]? = nil, unitsTogether: Bool = false) {
        precondition(unitsNeeded >= 1, "call type \(name): needs at least one unit")
        precondition(!unitsTogether || unitsNeeded > 1, "call type \(name): units together needs more than one unit")
        self.unitsTogether = unitsTogether
        self.unitsNeeded = unitsNeeded
        self.afterCall = afterCall ?? Array(repeating: nil, count: onScene.count)
        precondition(priority >= 1, "call type \(name): priority must be >= 1")
        precondition(!eligible.isEmpty, "call type \(name): needs an eligible responder type")
        for r in eligible + (fallback?.to ?? []) {
            precondition(onScene[r] != nil, "call type \(name): no on-scene time for responder \(r)")
        }
        self.name = name
        self.share = share
        self.priority = priority
        self.eligible = eligible
        self.fallback = fallback
        self.onScene = onScene
        self.isCrisis = isCrisis
        self.codedAs = codedAs
        self.outcomes = outcomes ?? Array(repeating: nil, count: onScene.count)
        self.repeats = repeats ?? Array(repeating: nil, count: onScene.count)
        self.backups = backups ?? Array(repeating: nil, count: onScene.count)
        for b in self.backups.compactMap({ $0 }) {
            precondition(onScene[b.responder] != nil, "call type \(name): no on-scene time for backup responder \(b.responder)")
        }
    }

    /// Every responder type that may ever take this call.
    public var allEligible: [Int] { eligible + (fallback?.to ?? []) }
}

/// Everything the dispatch model needs to simulate one city for one replication.
public struct CityConfiguration: Sendable {
    public let zones: [Zone]
    /// Travel minutes from zone i (row) to zone j (column).
    public let travelMinutes: [[Double]]
    /// Delay between dispatch and departure, added to every trip to a call; nil for none.
    public let turnout: Distribution?
    public let responders: [ResponderType]
    public let callTypes: [CallType]
    /// Average calls per hour over a day.
    public let callsPerHour: Double
    /// Relative call volume by hour of day (24 values, hour 0 = midnight to 1 a.m.), normalised so
    /// that their mean is 1; nil for a constant rate.
    public let hourOfDayProfile: [Double]?
    /// Relative call volume by day of the week (7 values, Monday first), normalised to mean 1; nil
    /// for the same every day.
    public let dayOfWeekProfile: [Double]?
    /// Simulated time, from 0, including the warm-up.
    public let horizonMinutes: Double
    /// Statistics ignore calls that arrive before this time.
    public let warmupMinutes: Double
    /// Response-time targets by priority, in minutes.
    public let responseTargets: [Int: Double]
    public let costs: OutcomeCosts
    /// Hours one full-time officer works in a year, to express officer-hours as full-time officers.
    public let hoursPerOfficerYear: Double
    /// Officer-initiated activity, by kind; empty for none.
    public let officerInitiated: [OfficerInitiatedActivity]

    public init(zones: [Zone], travelMinutes: [[Double]], turnout: Distribution?,
                responders: [ResponderType], callTypes: [CallType], callsPerHour: Double,
                hourOfDayProfile: [Double]?, horizonMinutes: Double, warmupMinutes: Double,
                responseTargets: [Int: Double] = [:], costs: OutcomeCosts = OutcomeCosts(),
                hoursPerOfficerYear: Double = 2080, dayOfWeekProfile: [Double]? = nil,
                officerInitiated: [OfficerInitiatedActivity] = []) {
        self.officerInitiated = officerInitiated
        precondition(dayOfWeekProfile.map { $0.count == 7 } ?? true, "day-of-week profile needs 7 values")
        self.dayOfWeekProfile = dayOfWeekProfile
        precondition(!zones.isEmpty && travelMinutes.count == zones.count
                     && travelMinutes.allSatisfy { $0.count == zones.count },
                     "travel matrix must be zones x zones")
        precondition(responders.allSatisfy { $0.unitsPerZone.count == zones.count },
                     "units per zone must list every zone")
        precondition(callsPerHour > 0 && horizonMinutes > warmupMinutes && warmupMinutes >= 0,
                     "rates and times must be positive")
        precondition(hourOfDayProfile.map { $0.count == 24 } ?? true, "hour-of-day profile needs 24 values")
        self.zones = zones
        self.travelMinutes = travelMinutes
        self.turnout = turnout
        self.responders = responders
        self.callTypes = callTypes
        self.callsPerHour = callsPerHour
        self.hourOfDayProfile = hourOfDayProfile
        self.horizonMinutes = horizonMinutes
        self.warmupMinutes = warmupMinutes
        self.responseTargets = responseTargets
        self.costs = costs
        self.hoursPerOfficerYear = hoursPerOfficerYear
    }

    /// Whether any call type has outcomes; when none has, no outcome numbers are drawn.
    public var hasOutcomes: Bool { callTypes.contains { $0.outcomes.contains { $0 != nil } } }

    /// Minutes of statistics collection: horizon less warm-up.
    public var observedMinutes: Double { horizonMinutes - warmupMinutes }

    /// The priorities in use, ascending.
    public var priorities: [Int] { Array(Set(callTypes.map(\.priority))).sorted() }
}

extension CityConfiguration {
    /// The fleet by unit number: each unit's responder type and home zone. Units are numbered by
    /// responder type, then home zone, then order within the zone; the model and the result
    /// tables (`by_unit.csv`) both take the numbering from here.
    public var unitHomes: [(responder: Int, zone: Int)] {
        var homes: [(responder: Int, zone: Int)] = []
        for (r, responder) in responders.enumerated() {
            for (z, count) in responder.unitsPerZone.enumerated() {
                homes += repeatElement((responder: r, zone: z), count: count)
            }
        }
        return homes
    }

    /// Each unit's watch (index in its type's `watches`; -1 for a type without watches), by unit
    /// number: within a zone, the first watch's units come first.
    public var unitWatches: [Int] {
        var out: [Int] = []
        for responder in responders {
            for z in responder.unitsPerZone.indices {
                if responder.watches.isEmpty {
                    out += repeatElement(-1, count: responder.unitsPerZone[z])
                } else {
                    for (w, watch) in responder.watches.enumerated() { out += repeatElement(w, count: watch.unitsPerZone[z]) }
                }
            }
        }
        return out
    }

    /// Minutes each unit is on duty within [from, to], by unit number.
    public func unitOnDutyMinutes(from: Double, to: Double) -> [Double] {
        let perType = responders.map { $0.onDutyMinutes(from: from, to: to) }
        let perWatch = responders.map { $0.watches.map { $0.coverage.onDutyMinutes(from: from, to: to) } }
        return zip(unitHomes, unitWatches).map { home, watch in watch < 0 ? perType[home.responder] : perWatch[home.responder][watch] }
    }
}
