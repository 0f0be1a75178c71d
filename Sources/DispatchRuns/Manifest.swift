// Manifest.swift: manifest.json, the record of what a results folder holds: every point's fully
// resolved scenario (defaults filled in, units bought, distributions spelled out), the swept
// values, seed, generator, stream scheme, tool version, and how the runs went.

import DispatchModel
import DispatchRandom
import DispatchScenario
import Foundation

struct Manifest: Encodable {
    struct ResolvedZone: Codable, Equatable, Sendable {
        let name: String
        let callShare: Double
    }

    struct ResolvedResponder: Codable, Equatable, Sendable {
        let name: String
        let kind: String
        let units: Int
        let unitsPerZone: [String: Int]
        let costPerUnitHour: Double?
        let coverage: Coverage?
    }

    struct ResolvedFallback: Codable, Equatable, Sendable {
        let afterMin: Double
        let to: [String]
    }

    struct ResolvedOutcome: Codable, Equatable, Sendable {
        let arrest, bookingGivenArrest, edTransport, referral, useOfForce, civilianInjury, responderInjury: Double
        let edTime: String?
        let bookingTime: String?
    }

    struct ResolvedRepeat: Codable, Equatable, Sendable {
        let probability: Double
        let after: String
    }

    struct ResolvedBackup: Codable, Equatable, Sendable {
        let probability: Double
        let type: String
    }

    struct ResolvedCallType: Codable, Equatable, Sendable {
        let name: String
        let share: Double
        let priority: Int
        let crisis: Bool
        let unitsNeeded: Int
        let eligible: [String]
        let fallback: ResolvedFallback?
        let onScene: [String: String]
        let codedAs: [String: Double]?
        let outcomes: [String: ResolvedOutcome]
        let `repeat`: [String: ResolvedRepeat]
        let backup: [String: ResolvedBackup]
    }

    struct ResolvedScenario: Codable, Equatable, Sendable {
        let name: String
        var sourceFile: String
        let seed: UInt64
        let replications: Int
        let generator: String
        let horizonMin: Double
        let warmupMin: Double
        let callsPerHour: Double
        let hourOfDayProfile: [Double]?
        let zones: [ResolvedZone]
        let travelMinutes: [[Double]]
        let turnout: String?
        let responders: [ResolvedResponder]
        let callTypes: [ResolvedCallType]
        let budget: BudgetAllocation?
        let responseTargets: [String: Double]
        let costs: OutcomeCosts
        let hoursPerOfficerYear: Double
        let dayOfWeekProfile: [Double]?
        /// The baseline's file, when it is one.
        var baselineFile: String?
        /// When there is a baseline, the overrides that made it (see `Scenario.Baseline`).
        let baselineOverrides: [String]?

        init(_ s: Scenario) {
            let city = s.city
            let responderNames = city.responders.map(\.name)
            name = s.name
            sourceFile = s.sourceFile
            seed = s.seed
            replications = s.replications
            generator = s.generator.rawValue
            horizonMin = city.horizonMinutes
            warmupMin = city.warmupMinutes
            callsPerHour = city.callsPerHour
            hourOfDayProfile = city.hourOfDayProfile
            zones = city.zones.map { ResolvedZone(name: $0.name, callShare: $0.callShare) }
            travelMinutes = city.travelMinutes
            turnout = city.turnout?.description
            responders = city.responders.map { r in
                ResolvedResponder(name: r.name, kind: r.kind.rawValue, units: r.unitCount,
                                  unitsPerZone: Dictionary(uniqueKeysWithValues: zip(city.zones.map(\.name), r.unitsPerZone)),
                                  costPerUnitHour: r.costPerUnitHour, coverage: r.coverage)
            }
            callTypes = city.callTypes.map { t in
                func byResponder<T, U>(_ list: [T?], _ f: (T) -> U) -> [String: U] {
                    Dictionary(uniqueKeysWithValues: list.enumerated().compactMap { r, x in x.map { (responderNames[r], f($0)) } })
                }
                return ResolvedCallType(
                    name: t.name, share: t.share, priority: t.priority, crisis: t.isCrisis, unitsNeeded: t.unitsNeeded,
                    eligible: t.eligible.map { responderNames[$0] },
                    fallback: t.fallback.map { ResolvedFallback(afterMin: $0.afterMinutes, to: $0.to.map { responderNames[$0] }) },
                    onScene: byResponder(t.onScene) { $0.description },
                    codedAs: t.codedAs.map { row in
                        Dictionary(uniqueKeysWithValues: zip(city.callTypes.map(\.name), row).filter { $0.1 > 0 })
                    },
                    outcomes: byResponder(t.outcomes) {
                        ResolvedOutcome(arrest: $0.arrest, bookingGivenArrest: $0.bookingGivenArrest, edTransport: $0.edTransport,
                                        referral: $0.referral, useOfForce: $0.useOfForce, civilianInjury: $0.civilianInjury,
                                        responderInjury: $0.responderInjury, edTime: $0.edTime?.description,
                                        bookingTime: $0.bookingTime?.description)
                    },
                    repeat: byResponder(t.repeats) { ResolvedRepeat(probability: $0.probability, after: $0.after.description) },
                    backup: byResponder(t.backups) { ResolvedBackup(probability: $0.probability, type: responderNames[$0.responder]) })
            }
            budget = s.budget
            responseTargets = Dictionary(uniqueKeysWithValues: city.responseTargets.map { ("\($0.key)", $0.value) })
            costs = city.costs
            hoursPerOfficerYear = city.hoursPerOfficerYear
            dayOfWeekProfile = city.dayOfWeekProfile
            baselineFile = s.baseline?.file
            baselineOverrides = s.baseline?.overrides
        }
    }

    struct Streams: Codable, Equatable, Sendable {
        let scheme: String
        let purposes: [String: Int]

        init(_ generator: GeneratorKind) {
            scheme = generator.hasDisjointStreams
                ? "mrg32k3a: base state from SplitMix64(seed); purpose p = stream p (2^127 apart), replication r = substream r (2^76 apart)"
                : "\(generator.rawValue): gsl_rng_set seed = 1 + (low32(SplitMix64(seed)) + 256 * replication + purpose) mod (2^32 - 1)"
            purposes = Dictionary(uniqueKeysWithValues: StreamPurpose.allCases.map { ("\($0)", $0.rawValue) })
        }
    }

    struct Point: Encodable {
        let index: Int
        /// Swept parameter -> value; empty for a plain run.
        let values: [String: String]
        let scenario: ResolvedScenario
    }

    /// What the runs gave, beyond the tables. Only what follows from the plan belongs here: how
    /// the runs were executed (threads, shards, processes, wall time) is printed, not written, so
    /// that a results folder is byte-identical however it was made.
    struct RunInfo: Encodable {
        /// Engine events over all runs.
        let events: Int
        /// True when some point's offered load reached the capacity of some set of responder
        /// types (OfferedLoad.swift), or some run ended with more than 1% of its calls still waiting.
        let overloaded: Bool
    }

    let tool = "dispatchsim"
    let version: String
    /// The plan's fingerprint: equal for runs of the same plan (see PlanHeader).
    let fingerprint: String
    let name: String
    let sourceFile: String
    let overrides: [String]
    let parameters: [String]
    let replications: Int
    let seed: UInt64
    let generator: String
    let streams: Streams
    let points: [Point]
    let warnings: [String]
    let run: RunInfo

    init(header: PlanHeader, run: RunInfo) {
        version = header.toolVersion
        fingerprint = header.fingerprint
        name = header.name
        sourceFile = header.sourceFile
        overrides = header.overrides
        parameters = header.parameters
        replications = header.replications
        seed = header.seed
        generator = header.generator
        streams = header.streams
        points = header.points.map { p in
            Point(index: p.index, values: Dictionary(uniqueKeysWithValues: zip(header.parameters, p.values)), scenario: p.scenario)
        }
        warnings = header.warnings
        self.run = run
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try! encoder.encode(self)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
