// ScenarioLoader+Geography.swift: the `zones` and `travel` sections: zone names and call shares,
// and travel minutes from a matrix or from coordinates.

import DispatchModel
import DispatchRandom
import DispatchYAML
import Foundation

extension ScenarioLoader {
    static func decodeGeography(_ parts: inout ScenarioParts, _ d: DiagnosticCollector) {
        let top = parts.top
        let zones = d.attempt { try decodeZones(top.required("zones"), d) }
        parts.zones = zones
        parts.travel = zones.flatMap { zones in d.attempt { try decodeTravel(top.required("travel"), zones: zones, d) } }
    }

    struct ZoneSpec {
        var zone: Zone
        var value: YAMLValue
        var xKm: Double?
        var yKm: Double?
    }

    static let zoneKeys = ["name", "call_share", "x_km", "y_km"]

    static func decodeZones(_ value: YAMLValue, _ d: DiagnosticCollector) throws -> [ZoneSpec] {
        let items = try value.sequence()
        guard !items.isEmpty else { throw error(value, "expected at least one zone, found an empty list") }
        // Travel times and the model's nearest-first zone orderings are zones x zones tables: at
        // the limit, 2000 zones take about 64 MB; unbounded, a 4 MiB file could ask for 80 GB.
        guard items.count <= maximumZones else {
            throw error(value, "expected at most \(maximumZones) zones (travel tables grow with the square of the count), found \(items.count)")
        }
        var names: [(String, YAMLValue)] = []
        var shares: [Double?] = []
        var coordinates: [(Double?, Double?)] = []
        for item in items {
            let m = try item.mapping(allowedKeys: zoneKeys)
            let nameValue = try m.required("name")
            names.append((try nameValue.string(), nameValue))
            if let s = m.optional("call_share") {
                let share = try s.double()
                guard share >= 0, share <= 1 else { throw error(s, "expected a share from 0 to 1, found \(formatNumber(share))") }
                shares.append(share)
            } else {
                shares.append(nil)
            }
            coordinates.append((try m.optional("x_km")?.double(), try m.optional("y_km")?.double()))
        }
        try checkNames(names, what: "zone")
        let given = shares.compactMap { $0 }
        var finalShares: [Double]
        if given.isEmpty {
            finalShares = Array(repeating: 1 / Double(items.count), count: items.count)
        } else {
            guard given.count == shares.count else {
                let missing = items[shares.firstIndex(where: { $0 == nil })!]
                throw error(missing, "expected call_share on every zone once one zone has it, found none here")
            }
            let total = given.reduce(0, +)
            guard abs(total - 1) <= shareTolerance else {
                throw error(value, "expected zone call_share values that sum to 1, found a sum of \(formatNumber(total))")
            }
            finalShares = given
        }
        return items.indices.map {
            ZoneSpec(zone: Zone(name: names[$0].0, callShare: finalShares[$0]), value: items[$0],
                     xKm: coordinates[$0].0, yKm: coordinates[$0].1)
        }
    }

    struct Travel {
        var minutes: [[Double]]
        var turnout: Distribution?
    }

    static func decodeTravel(_ value: YAMLValue, zones: [ZoneSpec], _ d: DiagnosticCollector) throws -> Travel {
        let m = try value.mapping(allowedKeys: ["minutes", "coordinates", "turnout"])
        let n = zones.count
        var minutes: [[Double]]
        switch (m.optional("minutes"), m.optional("coordinates")) {
        case (let matrix?, nil):
            let rows = try matrix.sequence()
            guard rows.count == n else {
                throw error(matrix, "expected a \(n) x \(n) matrix (one row per zone), found \(rows.count) rows")
            }
            minutes = try rows.map { row in
                let cells = try row.sequence()
                guard cells.count == n else {
                    throw error(row, "expected \(n) travel times (one per zone), found \(cells.count)")
                }
                return try cells.map { try $0.duration() }
            }
        case (nil, let coordinates?):
            minutes = try decodeCoordinates(coordinates, zones: zones)
        case (.some, .some):
            throw error(value, "expected either 'minutes' or 'coordinates', found both")
        case (nil, nil):
            throw error(value, "expected 'minutes' (a zone x zone matrix) or 'coordinates', found neither")
        }
        let turnout = try m.optional("turnout").map { try decodeDuration(distribution: $0) }
        return Travel(minutes: minutes, turnout: turnout)
    }

    /// Travel minutes from zone coordinates: distance (right-angle or straight-line) over speed;
    /// a zone to itself takes `within_zone`.
    static func decodeCoordinates(_ value: YAMLValue, zones: [ZoneSpec]) throws -> [[Double]] {
        let m = try value.mapping(allowedKeys: ["speed_kmh", "metric", "within_zone"])
        let speedValue = try m.required("speed_kmh")
        let speed = try speedValue.double()
        guard speed > 0 else { throw error(speedValue, "expected a speed in km/h > 0, found \(formatNumber(speed))") }
        let manhattan = try m.optional("metric").map { try $0.choice(from: ["manhattan", "euclidean"]) == "manhattan" } ?? true
        let within = try m.optional("within_zone")?.duration() ?? 0
        var points: [(Double, Double)] = []
        for zone in zones {
            guard let x = zone.xKm, let y = zone.yKm else {
                throw error(zone.value, "expected x_km and y_km on every zone when travel uses coordinates, found \(zone.xKm == nil ? "no x_km" : "no y_km")")
            }
            points.append((x, y))
        }
        let matrix = points.indices.map { i in
            points.indices.map { j in
                if i == j { return within }
                let dx = abs(points[i].0 - points[j].0), dy = abs(points[i].1 - points[j].1)
                let km = manhattan ? dx + dy : (dx * dx + dy * dy).squareRoot()
                return km / speed * 60
            }
        }
        if let longest = matrix.joined().max(), !(longest <= 1e7) {
            throw error(value, "expected zone coordinates and a speed that give travel times under 1e7 minutes, found \(formatNumber(longest)) minutes")
        }
        return matrix
    }
}
