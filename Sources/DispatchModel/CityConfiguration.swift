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

/// A kind of responder (for example `police`, `crisis_team`) and its units.
public struct ResponderType: Sendable, Hashable {
    public let name: String
    /// Units based in each zone, indexed like ``CityConfiguration/zones``.
    public let unitsPerZone: [Int]
    /// Operating cost of one unit for one hour on duty, in dollars, when the scenario gives it.
    public let costPerUnitHour: Double?

    public init(name: String, unitsPerZone: [Int], costPerUnitHour: Double?) {
        self.name = name
        self.unitsPerZone = unitsPerZone
        self.costPerUnitHour = costPerUnitHour
    }

    public var unitCount: Int { unitsPerZone.reduce(0, +) }
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

    public init(name: String, share: Double, priority: Int, eligible: [Int], fallback: Fallback?,
                onScene: [Distribution?]) {
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
    /// Simulated time, from 0, including the warm-up.
    public let horizonMinutes: Double
    /// Statistics ignore calls that arrive before this time.
    public let warmupMinutes: Double

    public init(zones: [Zone], travelMinutes: [[Double]], turnout: Distribution?,
                responders: [ResponderType], callTypes: [CallType], callsPerHour: Double,
                hourOfDayProfile: [Double]?, horizonMinutes: Double, warmupMinutes: Double) {
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
    }

    /// Minutes of statistics collection: horizon less warm-up.
    public var observedMinutes: Double { horizonMinutes - warmupMinutes }

    /// The priorities in use, ascending.
    public var priorities: [Int] { Array(Set(callTypes.map(\.priority))).sorted() }
}
