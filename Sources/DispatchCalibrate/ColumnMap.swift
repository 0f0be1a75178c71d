// ColumnMap.swift: which column of an export is what (`--columns MAP.yaml`), the presets for
// published exports (`--preset`), and their merging. The map's keys are a user contract
// (Scenarios/README.md, "Calibrating from an export"): add to them, never rename.

import DispatchYAML
import Foundation

/// Which column of an export holds each concept, and how rows are chosen and read.
public struct ColumnMap: Sendable, Equatable {
    /// The concepts a column can hold. Each may name several columns (a column renamed between
    /// years): the first present in a file's header is used.
    public enum Concept: String, Sendable, CaseIterable {
        case received, callType = "call_type", priority, dispatched, arrived, cleared
        case onSceneMinutes = "on_scene_minutes", dispatchMinutes = "dispatch_minutes", travelMinutes = "travel_minutes"
        case district, id

        public static let required: [Concept] = [.received, .callType, .priority]
    }

    /// A column and the values that select rows (compared trimmed, ignoring case).
    public struct Selector: Sendable, Equatable {
        public var columns: [String]
        public var values: [String]
    }

    public var columns: [Concept: [String]] = [:]
    /// Only rows whose column holds one of the values are used.
    public var include: Selector?
    /// Rows whose column holds one of the values are officer-initiated.
    public var selfInitiated: Selector?
    /// Markers of a missing value, besides an empty field and ``ExportValues/defaultMissing``.
    public var missing: [String] = []
    /// Raw call type -> category: a CSV file's path, or `vera-<city>` for a built-in crosswalk.
    public var categories: String?
    /// Raw priority -> 1-9, for exports whose priorities are not numbers or the letters A-I.
    public var priorities: [String: Int] = [:]

    public init() {}

    /// The keys of a map file, in the order the documentation gives them.
    public static let keys = ["columns", "include", "self_initiated", "missing", "categories", "priorities"]

    /// Loads a map file. A relative `categories` path is taken relative to the map file.
    public static func load(file: String) throws -> ColumnMap {
        let root = try YAMLValue.load(file: file).mapping(allowedKeys: keys)
        var map = ColumnMap()
        let collector = DiagnosticCollector(file: file)
        if let columns = root.optional("columns") {
            collector.attempt(at: columns) {
                let m = try columns.mapping(allowedKeys: Concept.allCases.map(\.rawValue))
                for entry in m.entries {
                    guard let concept = Concept(rawValue: entry.key), !entry.value.isNull else { continue }
                    if let names = collector.attempt(at: entry.value, { try names(entry.value) }) {
                        map.columns[concept] = names
                    }
                }
            }
        }
        for (key, keyPath) in [("include", \ColumnMap.include), ("self_initiated", \ColumnMap.selfInitiated)] {
            guard let value = root.optional(key) else { continue }
            collector.attempt(at: value) {
                let m = try value.mapping(allowedKeys: ["column", "values"])
                let column = try names(m.required("column"))
                let values = try m.required("values").sequence().map { try $0.string() }
                guard !values.isEmpty else { throw try m.required("values").expected("at least one value") }
                map[keyPath: keyPath] = Selector(columns: column, values: values)
            }
        }
        if let value = root.optional("missing") {
            collector.attempt(at: value) { map.missing = try value.sequence().map { try $0.string() } }
        }
        if let value = root.optional("categories") {
            collector.attempt(at: value) {
                let text = try value.string()
                if text.hasPrefix("vera-") {
                    guard Crosswalk.builtIn(text) != nil else {
                        throw value.expected("a CSV file or one of \(Crosswalk.builtInNames.joined(separator: ", "))")
                    }
                    map.categories = text
                } else {
                    map.categories = text.hasPrefix("/") ? text
                        : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(text).path
                }
            }
        }
        if let value = root.optional("priorities") {
            collector.attempt(at: value) {
                for entry in try value.mapping().entries {
                    if let p = collector.attempt(at: entry.value, { try entry.value.int(atLeast: 1, atMost: 9) }) {
                        map.priorities[ExportValues.folded(entry.key)] = p
                    }
                }
            }
        }
        try collector.finish()
        return map
    }

    /// A column name, or a list of names (the first present in a file is used).
    private static func names(_ value: YAMLValue) throws -> [String] {
        if let list = try? value.sequence() {
            let names = try list.map { try $0.string() }
            guard !names.isEmpty else { throw value.expected("a column name, or a list of column names") }
            return names
        }
        return [try value.string()]
    }

    /// `other`'s entries over this map's: columns concept by concept, the rest key by key.
    public func overridden(by other: ColumnMap) -> ColumnMap {
        var merged = self
        for (concept, names) in other.columns { merged.columns[concept] = names }
        if other.include != nil { merged.include = other.include }
        if other.selfInitiated != nil { merged.selfInitiated = other.selfInitiated }
        merged.missing += other.missing
        if other.categories != nil { merged.categories = other.categories }
        merged.priorities.merge(other.priorities) { $1 }
        return merged
    }
}

extension ColumnMap {
    /// The presets for published exports, by name: their columns (Scenarios/README.md,
    /// "Calibrating from an export", tables them side by side).
    public static let presets: [String: ColumnMap] = {
        func make(_ columns: [Concept: String], selfInitiated: (String, [String])? = nil, categories: String? = nil) -> ColumnMap {
            var map = ColumnMap()
            map.columns = columns.mapValues { [$0] }
            map.selfInitiated = selfInitiated.map { Selector(columns: [$0.0], values: $0.1) }
            map.categories = categories
            return map
        }
        return [
            "new-orleans": make([.received: "TimeCreate", .dispatched: "TimeDispatch", .arrived: "TimeArrive",
                                 .cleared: "TimeClosed", .callType: "InitialTypeText", .priority: "InitialPriority",
                                 .district: "PoliceDistrict", .id: "NOPD_Item"],
                                selfInitiated: ("SelfInitiated", ["Y"]), categories: "vera-new-orleans"),
            "seattle": make([.received: "Original Time Queued", .arrived: "Arrived Time", .callType: "Initial Call Type",
                             .priority: "Priority", .district: "Precinct", .id: "CAD Event Number"],
                            selfInitiated: ("Call Type", ["ONVIEW", "PROACTIVE (OFFICER INITIATED)"]),
                            categories: "vera-seattle"),
            "cincinnati": make([.received: "create_time_incident", .dispatched: "dispatch_time_primary_unit",
                                .arrived: "arrival_time_primary_unit", .cleared: "closed_time_incident",
                                .callType: "incident_type_desc", .priority: "priority", .district: "district",
                                .id: "event_number"]),
            "san-francisco": make([.received: "received_datetime", .dispatched: "dispatch_datetime",
                                   .arrived: "onscene_datetime", .cleared: "close_datetime",
                                   .callType: "call_type_original_desc", .priority: "priority_original",
                                   .district: "police_district", .id: "cad_number"],
                                  selfInitiated: ("onview_flag", ["Y"])),
            "detroit": make([.received: "call_timestamp", .dispatchMinutes: "dispatchtime", .travelMinutes: "traveltime",
                             .onSceneMinutes: "time_on_scene", .callType: "calldescription", .priority: "priority",
                             .district: "precinct_sca", .id: "incident_id"],
                            selfInitiated: ("officerinitiated", ["Yes"]), categories: "vera-detroit"),
            // A run's calls log (`dispatchsim run --calls-log`).
            "dispatchsim": make([.received: "received", .dispatched: "dispatched", .arrived: "arrived",
                                 .cleared: "cleared", .callType: "call_type", .priority: "priority",
                                 .district: "district", .id: "id"],
                                selfInitiated: ("self_initiated", ["Y"])),
        ]
    }()

    public static var presetNames: [String] { presets.keys.sorted() }
}
