// ExportScan.swift: reading export files row by row into an ExportSummary, through a column map:
// headers resolved per file, rows filtered, deduplicated, read, and every problem counted.

import DispatchRandom
import DispatchResults
import Foundation

/// Reads exports into a summary.
public struct ExportScan {
    public let map: ColumnMap
    public let crosswalk: Crosswalk?
    /// Ids remembered for dropping duplicates: duplicates further apart than this many rows are
    /// not recognised (exports list an incident's rows together), so memory stays bounded.
    public static let duplicateWindow = 250_000
    /// Only rows received in [from, to) are used, when given (dates as days since 1970-01-01).
    public var fromDay: Int64?
    public var toDay: Int64?

    private var summary = ExportSummary()
    /// The missing markers, folded (upper case), as bytes.
    private let missingBytes: [[UInt8]]
    private let longestMissing: Int
    private var recentIDs = Set<UInt64>()
    private var idRing: [UInt64] = []
    private var ringNext = 0

    /// The concepts whose columns came from a preset rather than the user's map: an optional
    /// one missing from a file is noted, not an error.
    public var presetConcepts: Set<ColumnMap.Concept> = []

    private func isPreset(_ concept: ColumnMap.Concept) -> Bool { presetConcepts.contains(concept) }

    public init(map: ColumnMap, crosswalk: Crosswalk?) {
        self.map = map
        self.crosswalk = crosswalk
        missingBytes = (ExportValues.defaultMissing + map.missing).map { Array(ExportValues.folded($0).utf8) }
        longestMissing = missingBytes.map(\.count).max() ?? 0
    }

    /// The summary of everything read so far.
    public var result: ExportSummary { summary }

    /// Resolves each concept to a column of `header`: the first of its names present (exact
    /// after trimming, else ignoring case).
    static func resolve(_ names: [String], in header: [String]) -> Int? {
        let trimmed = header.map { $0.trimmingCharacters(in: .whitespaces) }
        for name in names {
            if let i = trimmed.firstIndex(of: name) { return i }
        }
        for name in names {
            if let i = trimmed.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { return i }
        }
        return nil
    }

    /// Reads one export file.
    public mutating func read(file: String) throws(CalibrationError) {
        try read(reader: ExportReader(path: file), file: file)
    }

    /// Reads the records of `reader`; `file` names it in messages.
    mutating func read(reader: consuming ExportReader, file: String) throws(CalibrationError) {
        var reader = reader
        guard try reader.next() else { throw CalibrationError(file: file, message: "is empty: expected a header row") }
        let header = reader.strings
        var column: [ColumnMap.Concept: Int] = [:]
        for concept in ColumnMap.Concept.allCases {
            guard let names = map.columns[concept] else {
                if ColumnMap.Concept.required.contains(concept) {
                    throw CalibrationError(file: file, message: "the column map does not say which column is \(concept.rawValue) (columns.\(concept.rawValue)), which calibration needs")
                }
                continue
            }
            if let i = Self.resolve(names, in: header) { column[concept] = i }
            else if !ColumnMap.Concept.required.contains(concept) && isPreset(concept) {
                summary.notes.append("\(file): no column \(names.map { "'\($0)'" }.joined(separator: " or ")) (\(concept.rawValue)): not used")
            } else {
                let shown = header.prefix(40).map { "'\($0)'" }.joined(separator: ", ")
                throw CalibrationError(file: file, line: reader.line, column: names.joined(separator: "' or '"),
                                       message: "expected a column named \(names.map { "'\($0)'" }.joined(separator: " or ")) (columns.\(concept.rawValue) in the column map) in the header; found \(shown)\(header.count > 40 ? ", ..." : "")")
            }
        }
        func selector(_ s: ColumnMap.Selector?, key: String) throws(CalibrationError) -> (Int, Set<String>)? {
            guard let s else { return nil }
            guard let i = Self.resolve(s.columns, in: header) else {
                throw CalibrationError(file: file, line: reader.line, column: s.columns.joined(separator: "' or '"),
                                       message: "expected the column of \(key).column in the header; found \(header.prefix(40).map { "'\($0)'" }.joined(separator: ", "))")
            }
            return (i, Set(s.values.map { ExportValues.folded($0) }))
        }
        let include = try selector(map.include, key: "include")
        let selfInitiated = try selector(map.selfInitiated, key: "self_initiated")
        let headerFirst = header.first ?? ""
        let received = column[.received]!, callType = column[.callType]!, priority = column[.priority]!
        // Looked up once: a dictionary lookup per field and row costs a tenth of the reading time.
        let idColumn = column[.id], districtColumn = column[.district]
        let dispatchedColumn = column[.dispatched], arrivedColumn = column[.arrived], clearedColumn = column[.cleared]
        let dispatchMinutesColumn = column[.dispatchMinutes], travelMinutesColumn = column[.travelMinutes]
        let onSceneMinutesColumn = column[.onSceneMinutes]
        var rows = 0
        let usedBefore = summary.rowsUsed

        while try reader.next() {
            rows += 1
            summary.rowsRead += 1
            if reader.fieldCount != header.count {
                if reader.fieldCount >= 1 && reader.string(0) == headerFirst && reader.strings == header {
                    summary.drop(.repeatedHeader, file: file, line: reader.line, found: "")
                } else {
                    summary.drop(.wrongFieldCount, file: file, line: reader.line,
                                 found: "\(reader.fieldCount) fields, the header has \(header.count)")
                }
                continue
            }
            if reader.field(received).elementsEqual(header[received].utf8) && reader.field(callType).elementsEqual(header[callType].utf8) {
                summary.drop(.repeatedHeader, file: file, line: reader.line, found: "")
                continue
            }
            if let (i, values) = include, !values.contains(ExportValues.folded(reader.field(i))) {
                summary.drop(.filteredOut, file: file, line: reader.line, found: reader.string(i))
                continue
            }
            if let i = idColumn {
                let id = ExportValues.trim(reader.field(i))
                if !id.isEmpty && !isMissing(id) && isDuplicate(id) {
                    summary.drop(.duplicateID, file: file, line: reader.line, found: String(decoding: id, as: UTF8.self))
                    continue
                }
            }
            let receivedField = reader.field(received)
            if isMissing(receivedField) {
                summary.drop(.missingReceived, file: file, line: reader.line, found: reader.string(received))
                continue
            }
            guard let time = ExportValues.timestamp(receivedField) else {
                summary.drop(.unreadableReceived, file: file, line: reader.line, found: reader.string(received))
                continue
            }
            if let fromDay, time.day < fromDay { summary.drop(.outsideDates, file: file, line: reader.line, found: time.text); continue }
            if let toDay, time.day >= toDay { summary.drop(.outsideDates, file: file, line: reader.line, found: time.text); continue }
            if receivedField.contains(90) || receivedField.contains(122) || receivedField.dropFirst(11).contains(43) {
                summary.timeZoneSuffixes += 1
            }
            var isActivity = false
            if let (i, values) = selfInitiated { isActivity = values.contains(ExportValues.folded(reader.field(i))) }
            var priorityValue = 0
            var typeKey = "", crisis = false
            // The label is the category, or the raw type as first seen (made only for a new type).
            var category: String?, typeField = ArraySlice<UInt8>()
            if !isActivity {
                typeField = ExportValues.trim(reader.field(callType))
                if typeField.isEmpty || isMissing(typeField) {
                    summary.drop(.missingCallType, file: file, line: reader.line, found: reader.string(callType))
                    continue
                }
                let priorityField = reader.field(priority)
                if isMissing(priorityField) {
                    summary.drop(.missingPriority, file: file, line: reader.line, found: reader.string(priority))
                    continue
                }
                guard let p = (map.priorities.isEmpty ? nil : map.priorities[ExportValues.folded(priorityField)]) ?? ExportValues.priority(priorityField) else {
                    summary.drop(.unreadablePriority, file: file, line: reader.line, found: reader.string(priority))
                    continue
                }
                priorityValue = p
                if let crosswalk {
                    let found = crosswalk.category(ofField: typeField)
                    category = found?.name ?? "uncategorized"
                    crisis = found?.crisis ?? false
                    typeKey = category!
                } else {
                    typeKey = ExportValues.folded(typeField)
                }
            }
            // Intervals, in minutes.
            var dispatched: CivilTime?, arrived: CivilTime?, cleared: CivilTime?
            if let i = dispatchedColumn { dispatched = optional(i, reader: reader, file: file, ExportValues.timestamp) }
            if let i = arrivedColumn { arrived = optional(i, reader: reader, file: file, ExportValues.timestamp) }
            if let i = clearedColumn { cleared = optional(i, reader: reader, file: file, ExportValues.timestamp) }
            func minutes(_ a: CivilTime?, _ b: CivilTime?) -> Double? {
                guard let a, let b else { return nil }
                return Double(b.seconds - a.seconds) / 60
            }
            var delay = minutes(time, dispatched)
            var travel = minutes(dispatched, arrived)
            var onScene = minutes(arrived, cleared)
            if let i = dispatchMinutesColumn { delay = optional(i, reader: reader, file: file, ExportValues.durationMinutes) }
            if let i = travelMinutesColumn { travel = optional(i, reader: reader, file: file, ExportValues.durationMinutes) }
            if let i = onSceneMinutesColumn { onScene = optional(i, reader: reader, file: file, ExportValues.durationMinutes) }
            var response: Double? = minutes(time, arrived)
            if response == nil, let delay, let travel { response = delay + travel }
            delay = checked(delay, reader: reader, file: file)
            travel = checked(travel, reader: reader, file: file)
            onScene = checked(onScene, reader: reader, file: file)
            response = checked(response, reader: reader, file: file)
            if let o = onScene, o < 1.0 / 60 {
                summary.drop(.zeroOnScene, file: file, line: reader.line, found: "\(o) min")
                onScene = nil
            }

            // The row is used.
            if summary.first == nil || time < summary.first! { summary.first = time }
            if summary.last == nil || time > summary.last! { summary.last = time }
            // The district's label is made only for a new district.
            var zoneKey: String?, zoneField = ArraySlice<UInt8>()
            if let i = districtColumn {
                let f = ExportValues.trim(reader.field(i))
                if !f.isEmpty && !isMissing(f) {
                    zoneKey = ExportValues.folded(f)
                    zoneField = f
                }
            }
            let busy: Double? = {
                if let travel, let onScene { return travel + onScene }
                return nil
            }()
            if isActivity {
                summary.activities += 1
                summary.activitiesByHour[time.hour] += 1
                if let zoneKey {
                    summary.zones[zoneKey, default: ZoneStats(label: String(decoding: zoneField, as: UTF8.self))].activities += 1
                }
                // An officer's own activity: from arrival (or dispatch, or its start) to clearing.
                let duration = onScene ?? checked(minutes(arrived ?? dispatched ?? time, cleared), reader: reader, file: file)
                if let duration, duration >= 1.0 / 60 {
                    summary.activityDuration.add(duration)
                    if let zoneKey {
                        summary.zones[zoneKey]!.busyMinutes += duration
                        summary.zones[zoneKey]!.busyCount += 1
                    }
                }
                continue
            }
            summary.calls += 1
            summary.callsByHourOfWeek[time.weekday * 24 + time.hour] += 1
            summary.callsByDay[time.day, default: 0] += 1
            summary.callsByPriority[priorityValue, default: 0] += 1
            // Each table is updated in place, with one lookup (a copy out of the dictionary and
            // back would copy its histograms).
            summary.types[typeKey + "\u{1}" + String(priorityValue),
                          default: TypeStats(label: category ?? String(decoding: typeField, as: UTF8.self),
                                             priority: priorityValue, crisis: crisis)]
                .record(onScene: onScene)
            if onScene != nil { summary.hasOnScene = true }
            if let zoneKey {
                summary.zones[zoneKey, default: ZoneStats(label: String(decoding: zoneField, as: UTF8.self))]
                    .record(call: travel, busy: busy)
            } else {
                summary.callsWithoutDistrict += 1
            }
            summary.byPriority[priorityValue, default: ResponseStats()]
                .record(delay: delay, travel: travel, response: response, onScene: onScene)
            if let response {
                summary.hasResponse = true
                summary.responseByWatch[priorityValue, default: Array(repeating: ResponseStats.Measure(), count: ScenarioDraft.watches.count)][
                    ScenarioDraft.watch(ofHour: time.hour)].add(response)
            }
        }
        summary.files.append((file, rows, summary.rowsUsed - usedBefore))
    }

    private func isMissing(_ field: ArraySlice<UInt8>) -> Bool {
        let t = ExportValues.trim(field)
        if t.isEmpty { return true }
        guard t.count <= longestMissing else { return false }
        // Compared byte by byte, ignoring ASCII case: no string is made.
        return missingBytes.contains { marker in
            marker.count == t.count && zip(marker, t).allSatisfy { m, b in m == (b >= 97 && b <= 122 ? b - 32 : b) }
        }
    }

    /// Field `i` read by `parse` (a timestamp or a duration): nil when missing, and nil, counted,
    /// when unreadable.
    private mutating func optional<T>(_ i: Int, reader: borrowing ExportReader, file: String,
                                      _ parse: (ArraySlice<UInt8>) -> T?) -> T? {
        let f = reader.field(i)
        if isMissing(f) { return nil }
        guard let value = parse(f) else {
            summary.drop(.unreadableTime, file: file, line: reader.line, found: reader.string(i))
            return nil
        }
        return value
    }

    private mutating func checked(_ minutes: Double?, reader: borrowing ExportReader, file: String) -> Double? {
        guard let minutes else { return nil }
        if minutes < 0 {
            summary.drop(.negativeInterval, file: file, line: reader.line, found: "\(minutes) min")
            return nil
        }
        if minutes > 24 * 60 {
            summary.drop(.longInterval, file: file, line: reader.line, found: "\(minutes) min")
            return nil
        }
        return minutes
    }

    /// Whether `id` was seen among the last ``duplicateWindow`` ids (FNV-1a 64-bit hashes, so the
    /// result does not depend on the process).
    private mutating func isDuplicate(_ id: ArraySlice<UInt8>) -> Bool {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in id { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        if recentIDs.contains(h) { return true }
        if idRing.count < Self.duplicateWindow {
            idRing.append(h)
        } else {
            recentIDs.remove(idRing[ringNext])
            idRing[ringNext] = h
            ringNext = (ringNext + 1) % Self.duplicateWindow
        }
        recentIDs.insert(h)
        return false
    }
}
