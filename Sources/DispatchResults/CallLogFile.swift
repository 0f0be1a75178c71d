// CallLogFile.swift: a replication's calls as a calls-for-service export (`dispatchsim run
// --calls-log`): one row per call, columns documented in Results/README.md ("Calls log").

import DispatchModel

/// The calls log of a replication, as CSV text in the shape of a city's export.
public enum CallLogFile {
    /// The columns, in order. `dispatchsim calibrate` reads them with `--preset dispatchsim`.
    public static let columns = ["id", "received", "dispatched", "arrived", "cleared", "call_type", "true_type",
                                 "priority", "district", "unit", "responder_type", "self_initiated", "repeat_call"]

    /// Simulated time 0 (a Monday at midnight, as the scenario's `day_of_week` has it) is written
    /// as this date.
    public static let start = CivilTime(year: 2024, month: 1, day: 1)!

    /// The CSV text of `calls` (in the order given; ids count from 1). Times are written to the
    /// second, from ``start``; a time the call never reached is empty.
    public static func text(_ calls: [LoggedCall], city: CityConfiguration) -> String {
        let units = unitNames(city)
        var out = columns.joined(separator: ",") + "\n"
        out.reserveCapacity(calls.count * 120)
        func time(_ minutes: Double) -> String {
            guard minutes.isFinite else { return "" }
            return CivilTime(seconds: start.seconds + Int64((minutes * 60).rounded())).text
        }
        for (i, call) in calls.enumerated() {
            let type = call.isSelfInitiated ? city.officerInitiated[call.activity].name : city.callTypes[call.codedType].name
            let trueType = call.isSelfInitiated ? "" : city.callTypes[call.trueType].name
            let unit = call.unit >= 0 ? units[call.unit].name : ""
            let responder = call.unit >= 0 ? city.responders[units[call.unit].responder].name : ""
            out += "\(i + 1),\(time(call.received)),\(time(call.dispatched)),\(time(call.arrived)),\(time(call.cleared)),"
            out += "\(type),\(trueType),\(call.priority),\(city.zones[call.zone].name),\(unit),\(responder),"
            out += call.isSelfInitiated ? "Y," : "N,"
            out += call.isRepeat ? "Y\n" : "N\n"
        }
        return out
    }
}
