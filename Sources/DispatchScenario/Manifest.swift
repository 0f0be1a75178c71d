// Manifest.swift: manifest.json, the record of what a results folder holds: the fully resolved
// scenario (every default filled in, units bought, distributions spelled out), seeds, generator,
// stream scheme, tool version, wall time and events.

import DispatchModel
import DispatchRandom
import Foundation

struct Manifest: Encodable {
    struct ResolvedZone: Encodable {
        let name: String
        let callShare: Double
    }

    struct ResolvedResponder: Encodable {
        let name: String
        let units: Int
        let unitsPerZone: [String: Int]
        let costPerUnitHour: Double?
    }

    struct ResolvedFallback: Encodable {
        let afterMin: Double
        let to: [String]
    }

    struct ResolvedCallType: Encodable {
        let name: String
        let share: Double
        let priority: Int
        let eligible: [String]
        let fallback: ResolvedFallback?
        let onScene: [String: String]
    }

    struct ResolvedScenario: Encodable {
        let name: String
        let sourceFile: String
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
    }

    struct Streams: Encodable {
        let scheme: String
        let purposes: [String: Int]
    }

    struct RunInfo: Encodable {
        let jobs: Int
        let wallSeconds: Double
        let events: Int
        let overloaded: Bool
    }

    let tool: String
    let version: String
    let overrides: [String]
    let scenario: ResolvedScenario
    let streams: Streams
    let warnings: [String]
    let run: RunInfo

    init(run: ScenarioRun, version: String, overrides: [String]) {
        let s = run.scenario
        let city = s.city
        let responderNames = city.responders.map(\.name)
        tool = "dispatchsim"
        self.version = version
        self.overrides = overrides
        scenario = ResolvedScenario(
            name: s.name, sourceFile: s.sourceFile, seed: s.seed, replications: s.replications,
            generator: s.generator.rawValue, horizonMin: city.horizonMinutes, warmupMin: city.warmupMinutes,
            callsPerHour: city.callsPerHour, hourOfDayProfile: city.hourOfDayProfile,
            zones: city.zones.map { ResolvedZone(name: $0.name, callShare: $0.callShare) },
            travelMinutes: city.travelMinutes, turnout: city.turnout?.description,
            responders: city.responders.map { r in
                ResolvedResponder(name: r.name, units: r.unitCount,
                                  unitsPerZone: Dictionary(uniqueKeysWithValues: zip(city.zones.map(\.name), r.unitsPerZone)),
                                  costPerUnitHour: r.costPerUnitHour)
            },
            callTypes: city.callTypes.map { t in
                ResolvedCallType(
                    name: t.name, share: t.share, priority: t.priority, eligible: t.eligible.map { responderNames[$0] },
                    fallback: t.fallback.map { ResolvedFallback(afterMin: $0.afterMinutes, to: $0.to.map { responderNames[$0] }) },
                    onScene: Dictionary(uniqueKeysWithValues: t.onScene.enumerated().compactMap { r, d in
                        d.map { (responderNames[r], $0.description) }
                    }))
            },
            budget: s.budget)
        streams = Streams(
            scheme: s.generator.hasDisjointStreams
                ? "mrg32k3a: base state from SplitMix64(seed); purpose p = stream p (2^127 apart), replication r = substream r (2^76 apart)"
                : "\(s.generator.rawValue): gsl_rng_set seed = 1 + (low32(SplitMix64(seed)) + 256 * replication + purpose) mod (2^32 - 1)",
            purposes: Dictionary(uniqueKeysWithValues: StreamPurpose.allCases.map { ("\($0)", $0.rawValue) }))
        warnings = s.warnings.map(\.description)
        self.run = RunInfo(jobs: run.jobs, wallSeconds: (run.wallSeconds * 1000).rounded() / 1000, events: run.events,
                           overloaded: s.warnings.contains { $0.message.contains("queues grow without bound") }
                               || run.replications.contains { $0.waitingAtEnd > 0 && Double($0.waitingAtEnd) > 0.01 * Double($0.calls) })
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
