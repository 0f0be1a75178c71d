// MetricCatalogueTests.swift: the metric catalogue is the one list of summary metrics: columns are
// unique for every scenario, the printed summary shows only declared metrics, and the table in
// Results/README.md is the catalogue's.

import DispatchModel
import DispatchRandom
import DispatchResults
import Foundation
import Testing

/// The metric table of Results/README.md, between its markers.
private func readmeMetricTable() throws -> String {
    let text = try String(contentsOfFile: "Results/README.md", encoding: .utf8)
    let begin = try #require(text.range(of: MetricCatalogue.readmeBeginMarker))
    let end = try #require(text.range(of: MetricCatalogue.readmeEndMarker, range: begin.upperBound..<text.endIndex))
    return String(text[begin.upperBound..<end.lowerBound])
}

/// Two zones, two responder types, priorities 1 and 3, a target for priority 1.
private let city = CityConfiguration(
    zones: [Zone(name: "a", callShare: 0.5), Zone(name: "b", callShare: 0.5)], travelMinutes: [[5, 9], [9, 5]],
    turnout: nil,
    responders: [ResponderType(name: "police", unitsPerZone: [2, 2], costPerUnitHour: nil),
                 ResponderType(name: "team", kind: .crisisTeam, unitsPerZone: [1, 0], costPerUnitHour: nil)],
    // Constant distributions with valid values cannot fail.
    callTypes: [CallType(name: "x", share: 0.5, priority: 1, eligible: [0], fallback: nil, onScene: [try! .constant(30), nil]),
                CallType(name: "y", share: 0.5, priority: 3, eligible: [1, 0], fallback: nil,
                         onScene: [try! .constant(30), try! .constant(40)])],
    callsPerHour: 2, hourOfDayProfile: nil, horizonMinutes: 1440, warmupMinutes: 0, responseTargets: [1: 7])

@Suite("Metric catalogue")
struct MetricCatalogueTests {
    @Test("Results/README.md's summary.csv table is the catalogue's (regenerate it from the message below)")
    func readmeTable() throws {
        let table = try readmeMetricTable()
        let expected = "\n" + MetricCatalogue.readmeTable + "\n"
        #expect(table == expected, "Results/README.md, between the markers, should read:\n\(expected)")
    }

    @Test("Every column name is unique, families expand per priority and responder type, in summary.csv's order")
    func columns() {
        let names = MetricCatalogue.columns(city, baseline: true).map(\.name)
        #expect(Set(names).count == names.count)
        #expect(Array(names.prefix(14)) == [
            "calls", "share_delayed", "mean_wait_min", "mean_response_min", "p50_response_min", "p90_response_min",
            "p1_dispatched", "p1_mean_response_min", "p1_p50_response_min", "p1_p90_response_min",
            "p3_dispatched", "p3_mean_response_min", "p3_p50_response_min", "p3_p90_response_min",
        ])
        #expect(Array(names[14..<18]) == ["calls_police", "calls_team", "utilization_police", "utilization_team"])
        #expect(names.contains("p1_within_target") && !names.contains("p3_within_target"))
        #expect(names.suffix(2) == ["officer_hours_freed_per_week", "officer_fte_freed"])
        #expect(!MetricCatalogue.columns(city, baseline: false).map(\.name).contains("officer_fte_freed"))
    }

    @Test("The printed summary goes responder by responder, with the labels filled in")
    func printed() {
        #expect(MetricCatalogue.printedColumns(city).compactMap(\.printedLabel) == [
            "calls per replication", "mean wait for a unit", "mean response time", "median response time",
            "90th percentile response", "priority 1 mean response", "priority 1 90th percentile",
            "priority 3 mean response", "priority 3 90th percentile", "calls handled by police",
            "utilization of police", "calls handled by team", "utilization of team", "calls waiting at the end",
        ])
    }
}
