// DispatchPolicy.swift: the dispatch policies a responder type may use beyond the closest-free-unit
// rule (district first, cutoff priority, preemption), and officer-initiated activity. Scenario
// loading builds them from the `dispatch` key of a responder type and the `officer_initiated`
// section; the rules are documented for users in Scenarios/README.md ("Dispatch policies").

import DispatchRandom

/// How a responder type's units are assigned to calls beyond the closest-free-unit rule.
public struct DispatchPolicy: Sendable, Hashable {
    /// District first (beat integrity): a call goes to a free unit based in its zone; a unit of
    /// another zone may take it only once it has waited `crossAfter` for its priority, and only
    /// from within `maxTravel`. A freed unit takes its own zone's most urgent waiting call first.
    public struct DistrictFirst: Sendable, Hashable {
        /// Minutes a call waits for its own zone's units before others may take it, by priority
        /// (priorities left out: 0, others may take it at once).
        public let crossAfter: [Int: Double]
        /// The longest trip a unit of another zone makes to a call; nil for no limit.
        public let maxTravel: Double?

        public init(crossAfter: [Int: Double] = [:], maxTravel: Double? = nil) {
            self.crossAfter = crossAfter
            self.maxTravel = maxTravel
        }
    }

    /// Cutoff priority (Schaack & Larson 1986): calls of `priority` or less urgent are held while
    /// no more than `reserve` units are free (in the zone's district with district first, else
    /// anywhere), keeping them for more urgent calls.
    public struct Cutoff: Sendable, Hashable {
        public let priority: Int
        public let reserve: Int

        public init(priority: Int, reserve: Int) {
            self.priority = priority
            self.reserve = reserve
        }
    }

    /// Preemption: a call of priority `by` or more urgent that finds no free unit takes the
    /// closest unit of the type busy on a call of priority `of` or less urgent (or on
    /// officer-initiated activity of such a priority). The bumped call goes back to the queue
    /// with its remaining time on scene.
    public struct Preemption: Sendable, Hashable {
        public let by: Int
        public let of: Int

        public init(by: Int, of: Int) {
            self.by = by
            self.of = of
        }
    }

    public let districtFirst: DistrictFirst?
    public let cutoff: Cutoff?
    public let preemption: Preemption?

    public init(districtFirst: DistrictFirst? = nil, cutoff: Cutoff? = nil, preemption: Preemption? = nil) {
        self.districtFirst = districtFirst
        self.cutoff = cutoff
        self.preemption = preemption
    }
}

/// A kind of officer-initiated activity (traffic stops, premises checks, follow-ups): its own
/// Poisson stream of activities per zone and hour, taken up by a free unit of `responder` based in
/// the activity's zone while more than `reserve` of them are free there.
public struct OfficerInitiatedActivity: Sendable, Hashable {
    public enum WhenNoUnit: String, Sendable, Hashable, CaseIterable {
        /// The activity does not happen (an officer with no spare time initiates nothing).
        case drop
        /// The activity waits, at its priority, for a unit of the type.
        case queue
    }

    public let name: String
    public let responder: Int
    /// Average activities per hour over a day, over the whole city.
    public let perHour: Double
    /// Relative volume by hour of day, normalised to mean 1; nil for constant.
    public let hourOfDayProfile: [Double]?
    /// Share of activities in each zone (sums to 1).
    public let zoneShares: [Double]
    public let duration: Distribution
    /// Free units of the type in the zone that the activity leaves free: it is taken up only
    /// while more than this many are free.
    public let reserve: Int
    public let whenNoUnit: WhenNoUnit
    /// Its priority in the queue and for preemption (10: below every call).
    public let priority: Int

    public init(name: String, responder: Int, perHour: Double, hourOfDayProfile: [Double]?, zoneShares: [Double],
                duration: Distribution, reserve: Int = 0, whenNoUnit: WhenNoUnit = .drop, priority: Int = 10) {
        precondition(perHour > 0 && reserve >= 0 && priority >= 1, "officer-initiated activity \(name): invalid values")
        self.name = name
        self.responder = responder
        self.perHour = perHour
        self.hourOfDayProfile = hourOfDayProfile
        self.zoneShares = zoneShares
        self.duration = duration
        self.reserve = reserve
        self.whenNoUnit = whenNoUnit
        self.priority = priority
    }
}
