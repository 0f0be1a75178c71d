// ScenarioLoader+CallTypes.swift: the `call_types` section: shares, priorities, who may take each
// type, fallback, time on scene, triage coding, outcomes, repeat calls, backup and units needed.

import DispatchModel
import DispatchRandom
import DispatchYAML
import Foundation

extension ScenarioLoader {
    static func decodeCallTypesSection(_ parts: inout ScenarioParts, _ d: DiagnosticCollector) {
        let top = parts.top
        parts.callTypes = parts.responderItems.flatMap { items in
            d.attempt { try decodeCallTypes(top.required("call_types"), responders: items.map(\.name), d) }
        }
    }

    static let callTypeKeys = ["name", "share", "priority", "crisis", "eligible", "fallback", "on_scene", "coded_as",
                               "outcomes", "repeat", "backup", "units_needed", "after_call", "units_together"]

    // MARK: Call types

    static func decodeCallTypes(_ value: YAMLValue, responders: [String],
                                _ d: DiagnosticCollector) throws -> [(type: CallType, value: YAMLValue)] {
        let items = try value.sequence()
        guard !items.isEmpty else { throw error(value, "expected at least one call type, found an empty list") }
        var names: [(String, YAMLValue)] = []
        var decoded: [(CallType, YAMLValue)] = []
        let typeNames = items.map { (try? $0.mapping().optional("name")?.string()) ?? nil ?? "" }
        for item in items {
            guard let type = d.attempt({ try decodeCallType(item, responders: responders, callTypes: typeNames) }) else { continue }
            names.append((type.name, item))
            decoded.append((type, item))
        }
        try checkNames(names, what: "call type")
        guard decoded.count == items.count else { return decoded }
        let total = decoded.reduce(0) { $0 + $1.0.share }
        guard abs(total - 1) <= shareTolerance else {
            throw error(value, "expected call type shares that sum to 1, found a sum of \(formatNumber(total))")
        }
        // A call coded as another type is routed as that type: its own on-scene times must cover
        // every responder type the coded type may go to.
        for (type, item) in decoded {
            guard let row = type.codedAs else { continue }
            for (c, p) in row.enumerated() where p > 0 {
                for r in decoded[c].0.allEligible where type.onScene[r] == nil {
                    let onScene = (try? item.mapping().optional("on_scene")) ?? nil
                    throw error(onScene ?? item, "expected an on-scene time for '\(responders[r])', which may take calls of type '\(type.name)' coded as '\(decoded[c].0.name)', found none")
                }
            }
        }
        return decoded
    }

    static func responderList(_ value: YAMLValue, responders: [String]) throws -> [Int] {
        let items = try value.sequence()
        guard !items.isEmpty else { throw error(value, "expected at least one responder type, found an empty list") }
        var seen = Set<Int>()
        return try items.map { v in
            let s = try v.string()
            guard let index = responders.firstIndex(of: s) else {
                throw error(v, "expected a responder type (\(responders.joined(separator: ", "))), found '\(s)'",
                            suggestion: closestMatch(s, in: responders))
            }
            guard seen.insert(index).inserted else { throw error(v, "expected each responder type once, found '\(s)' twice") }
            return index
        }
    }

    static func decodeCallType(_ item: YAMLValue, responders: [String], callTypes: [String]) throws -> CallType {
        let m = try item.mapping(allowedKeys: callTypeKeys)
        let name = try m.required("name").string()
        let shareValue = try m.required("share")
        let share = try shareValue.double()
        guard share >= 0, share <= 1 else { throw error(shareValue, "expected a share from 0 to 1, found \(formatNumber(share))") }
        let priorityValue = try m.required("priority")
        let priority = try priorityValue.int()
        guard priority >= 1, priority <= 9 else {
            throw error(priorityValue, "expected a priority from 1 (most urgent) to 9, found \(priority)")
        }
        let eligible = try responderList(m.required("eligible"), responders: responders)
        let fallback = try m.optional("fallback").map { try decodeFallback($0, eligible: eligible, responders: responders) }
        let onScene = try decodeOnScene(m.required("on_scene"), takers: eligible + (fallback?.to ?? []), responders: responders)
        let isCrisis = try m.optional("crisis")?.bool() ?? false
        let codedAs = try m.optional("coded_as").map { try decodeCoding($0, callTypes: callTypes) }
        let outcomes = try byResponder(m.optional("outcomes"), responders) { try decodeOutcome($0) }
        let repeats = try byResponder(m.optional("repeat"), responders) { try decodeRepeat($0) }
        let backups = try byResponder(m.optional("backup"), responders) {
            try decodeBackup($0, onScene: onScene, responders: responders)
        }
        let afterCall = try byResponder(m.optional("after_call"), responders) { try decodeDuration(distribution: $0) }
        let unitsNeeded = try m.optional("units_needed")?.int(atLeast: 1, atMost: 20) ?? 1
        let together = try m.optional("units_together").map { v in
            let flag = try v.bool()
            guard !flag || unitsNeeded > 1 else {
                throw error(v, "expected units_together only with units_needed of 2 or more, found units_needed \(unitsNeeded)")
            }
            return flag
        } ?? false
        return CallType(name: name, share: share, priority: priority, eligible: eligible, fallback: fallback,
                        onScene: onScene, isCrisis: isCrisis, codedAs: codedAs, outcomes: outcomes, repeats: repeats,
                        backups: backups, unitsNeeded: unitsNeeded, afterCall: afterCall, unitsTogether: together)
    }

    /// `{ after: DURATION, to: [types] }`: types not already eligible.
    static func decodeFallback(_ value: YAMLValue, eligible: [Int], responders: [String]) throws -> Fallback {
        let m = try value.mapping(allowedKeys: ["after", "to"])
        let after = try m.required("after").duration()
        let toValue = try m.required("to")
        let to = try responderList(toValue, responders: responders)
        if let overlap = to.first(where: eligible.contains) {
            throw error(toValue, "expected fallback responder types that are not already eligible, found '\(responders[overlap])'")
        }
        return Fallback(afterMinutes: after, to: to)
    }

    /// Time on scene per responder type, which must cover every type in `takers`.
    static func decodeOnScene(_ value: YAMLValue, takers: [Int], responders: [String]) throws -> [Distribution?] {
        let onScene = try byResponder(value, responders) { try decodeDuration(distribution: $0) }
        for r in takers where onScene[r] == nil {
            throw error(value, "expected an on-scene time for every responder type that may take the call, found none for '\(responders[r])'")
        }
        return onScene
    }

    /// Triage: the probability that a call of this type is coded as each type (sums to 1).
    static func decodeCoding(_ value: YAMLValue, callTypes: [String]) throws -> [Double] {
        let row = try value.mapping(allowedKeys: callTypes)
        var probabilities = Array(repeating: 0.0, count: callTypes.count)
        for entry in row.entries {
            probabilities[callTypes.firstIndex(of: entry.key)!] = try probability(entry.value)
        }
        let total = probabilities.reduce(0, +)
        guard abs(total - 1) <= shareTolerance else {
            throw error(value, "expected coding probabilities that sum to 1, found a sum of \(formatNumber(total))")
        }
        return probabilities
    }

    /// `{ probability: P, after: DISTRIBUTION }`: P below 1.
    static func decodeRepeat(_ value: YAMLValue) throws -> RepeatModel {
        let m = try value.mapping(allowedKeys: ["probability", "after"])
        let p = try m.required("probability")
        guard try probability(p) < 1 else {
            throw error(p, "expected a probability below 1 (a call that always repeats never ends), found 1")
        }
        return RepeatModel(probability: try probability(p), after: try decodeDuration(distribution: m.required("after")))
    }

    /// `{ probability: P, type: RESPONDER }`: a type with an on-scene time for this call type.
    static func decodeBackup(_ value: YAMLValue, onScene: [Distribution?], responders: [String]) throws -> BackupModel {
        let m = try value.mapping(allowedKeys: ["probability", "type"])
        let typeValue = try m.required("type")
        let typeName = try typeValue.string()
        guard let backupType = responders.firstIndex(of: typeName) else {
            throw error(typeValue, "expected a responder type (\(responders.joined(separator: ", "))), found '\(typeName)'",
                        suggestion: closestMatch(typeName, in: responders))
        }
        guard onScene[backupType] != nil else {
            throw error(typeValue, "expected an on-scene time for '\(typeName)' in on_scene, since it may come as backup, found none")
        }
        return BackupModel(probability: try probability(m.required("probability")), responder: backupType)
    }

    /// A mapping keyed by responder type names, as one optional value per responder type (nil
    /// for the types it leaves out, and for all of them when `value` is nil).
    static func byResponder<T>(_ value: YAMLValue?, _ responders: [String],
                               _ decode: (YAMLValue) throws -> T) throws -> [T?] {
        var out = [T?](repeating: nil, count: responders.count)
        guard let value else { return out }
        for entry in try value.mapping(allowedKeys: responders).entries {
            out[responders.firstIndex(of: entry.key)!] = try decode(entry.value)
        }
        return out
    }
}
