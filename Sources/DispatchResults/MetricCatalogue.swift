// MetricCatalogue.swift: every summary metric, declared once. summary.csv's columns and values,
// aggregate.csv, the printed summary of a run and the metric table of Results/README.md (checked
// by a test) all read this list, so adding a metric is one declaration here. Changing a column is
// a change to the user contract.

import DispatchModel
import Foundation

/// The summary metrics, in the order of summary.csv's columns.
public enum MetricCatalogue {
    /// Minutes in a week: officer time freed is given per week of observed time.
    static let minutesPerWeek = 10_080.0

    /// The outcome counts, each with its column, unit, meaning, drawn value and expected value;
    /// each also gives a rate per 1,000 dispatched calls.
    static let outcomes: [(column: String, unit: String, meaning: String, count: @Sendable (OutcomeCounts) -> Int,
                           expected: @Sendable (ExpectedOutcomes) -> Double)] = [
        ("arrests", "calls", "dispatched calls whose disposition was an arrest", { $0.arrests }, { $0.arrests }),
        ("jail_bookings", "calls", "arrests booked into jail", { $0.jailBookings }, { $0.jailBookings }),
        ("ed_transports", "calls", "dispatched calls whose disposition was a transport to an emergency department",
         { $0.edTransports }, { $0.edTransports }),
        ("referrals", "calls", "dispatched calls whose disposition was a referral to services", { $0.referrals }, { $0.referrals }),
        ("resolved_on_scene", "calls", "dispatched calls resolved on scene", { $0.resolvedOnScene }, { $0.resolvedOnScene }),
        ("use_of_force", "incidents", "use-of-force incidents at dispatched calls", { $0.useOfForce }, { $0.useOfForce }),
        ("civilian_injuries", "incidents", "civilians injured at dispatched calls", { $0.civilianInjuries }, { $0.civilianInjuries }),
        ("responder_injuries", "incidents", "responders injured at dispatched calls", { $0.responderInjuries },
         { $0.responderInjuries }),
    ]

    /// Calls in the observed time; with `callsWaitingAtEnd`, tells an overloaded run.
    public static let calls = Metric("calls", unit: "calls", "calls that arrived after the warm-up",
                                     printed: PrintedForm("calls per replication", digits: 0)) { Double($0.result.calls) }
    public static let callsWaitingAtEnd = Metric("calls_waiting_at_end", unit: "calls", "calls still waiting at the horizon",
                                                 printed: PrintedForm("calls waiting at the end", digits: 1)) {
        Double($0.result.waitingAtEnd)
    }

    public static let groups: [MetricGroup] = [
        MetricGroup(.run, [
            calls,
            Metric("share_delayed", unit: "fraction", "share of dispatched calls that waited for a unit (wait > 0)") {
                $0.perDispatched(Double($0.result.delayed))
            },
            Metric("mean_wait_min", unit: "min", "mean time from arrival to dispatch, over dispatched calls",
                   printed: PrintedForm("mean wait for a unit", digits: 2, suffix: " min")) { $0.result.wait.mean },
            Metric("mean_response_min", unit: "min", "mean time from arrival to arrival on scene (wait + turnout + travel)",
                   printed: PrintedForm("mean response time", digits: 2, suffix: " min")) { $0.result.response.mean },
            Metric("p50_response_min", unit: "min", "median response time",
                   printed: PrintedForm("median response time", digits: 2, suffix: " min")) { $0.result.response.p50 },
            Metric("p90_response_min", unit: "min", "90th percentile response time",
                   printed: PrintedForm("90th percentile response", digits: 2, suffix: " min")) { $0.result.response.p90 },
        ]),
        MetricGroup(.priority, [
            Metric("p<k>_dispatched", unit: "calls", "dispatched calls of priority k (one set of four columns per priority in use)") {
                Double($0.result.responseByPriority[$1].count)
            },
            Metric("p<k>_mean_response_min", unit: "min", "mean response time of priority k",
                   printed: PrintedForm("priority <k> mean response", digits: 2, suffix: " min")) {
                $0.result.responseByPriority[$1].mean
            },
            Metric("p<k>_p50_response_min", unit: "min", "median response time of priority k") {
                $0.result.responseByPriority[$1].p50
            },
            Metric("p<k>_p90_response_min", unit: "min", "90th percentile response time of priority k",
                   printed: PrintedForm("priority <k> 90th percentile", digits: 2, suffix: " min")) {
                $0.result.responseByPriority[$1].p90
            },
        ]),
        MetricGroup(.responder, order: .byMetric, [
            Metric("calls_<responder>", unit: "calls", "dispatches to units of that responder type",
                   printed: PrintedForm("calls handled by <responder>", digits: 0)) {
                Double($0.result.callsByResponder[$1])
            },
            Metric("utilization_<responder>", unit: "fraction",
                   "busy time of that type's units over their on-duty time observed (all of it, unless the type has coverage hours; a unit finishes a call that runs past the end of its shift, so with coverage hours this can exceed 1)",
                   printed: PrintedForm("utilization of <responder>", digits: 1, scale: 100, suffix: "%")) {
                $0.result.utilizationByResponder[$1]
            },
            Metric("mean_response_min_<responder>", unit: "min",
                   "mean response time (wait + turnout + travel) of the calls dispatched to that responder type; backup and additional units not counted") {
                $0.result.responseByResponder[$1].mean
            },
            Metric("mean_wait_min_<responder>", unit: "min",
                   "of that response, the mean dispatch delay (time from arrival to dispatch)") {
                $0.result.waitByResponder[$1].mean
            },
            Metric("mean_travel_min_<responder>", unit: "min", "of that response, the mean turnout plus travel time") {
                $0.result.travelByResponder[$1].mean
            },
        ]),
        MetricGroup(.run, [
            Metric("mean_travel_min", unit: "min", "mean turnout plus travel time") { $0.result.travel.mean },
            Metric("mean_on_scene_min", unit: "min", "mean time on scene") { $0.result.onScene.mean },
            Metric("mean_calls_waiting", unit: "calls", "time-average number of calls waiting for a unit") {
                $0.result.meanCallsWaiting
            },
            callsWaitingAtEnd,
        ]),
        MetricGroup(.priorityWithTarget, [
            Metric("p<k>_within_target", unit: "fraction",
                   "share of dispatched priority-k calls answered within the scenario's `response_targets` (only priorities with a target)") {
                let dispatched = $0.result.responseByPriority[$1].count
                return dispatched > 0 ? Double($0.result.withinTargetByPriority[$1]) / Double(dispatched) : .nan
            },
        ]),
        MetricGroup(.run, [
            Metric("repeat_calls", unit: "calls", "calls that repeat an earlier call") { Double($0.result.repeatCalls) },
            Metric("share_repeat", unit: "fraction", "repeat calls' share of `calls`") {
                $0.result.calls > 0 ? Double($0.result.repeatCalls) / Double($0.result.calls) : .nan
            },
            Metric("crisis_calls", unit: "calls", "calls whose true type is a crisis type") {
                Double($0.result.crisisFunnel.trueCalls)
            },
            Metric("crisis_coded", unit: "calls", "of those, coded as a crisis type") { Double($0.result.crisisFunnel.coded) },
            Metric("crisis_routed_to_crisis_response", unit: "calls",
                   "of those, whose coded type is first eligible for a crisis team or co-responder with units on duty when the call arrives (calls arriving outside team hours go to the fallback types and are not counted)") {
                Double($0.result.crisisFunnel.routed)
            },
            Metric("crisis_reached_by_crisis_response", unit: "calls", "crisis calls dispatched to a crisis team or co-responder") {
                Double($0.result.crisisFunnel.reached)
            },
            Metric("crisis_handled_by_police", unit: "calls", "crisis calls dispatched to police") {
                Double($0.result.crisisFunnel.handledByPolice)
            },
            Metric("crisis_needed_backup", unit: "calls", "crisis calls where a crisis team or co-responder on scene asked for backup") {
                Double($0.result.crisisFunnel.neededBackup)
            },
        ]),
        MetricGroup(.crisis, FunnelCount.reasons.enumerated().map { i, reason in
            Metric("crisis_\(reason.column)", unit: "calls", reasonMeanings[i]) { Double($0.result.crisisFunnel.notReached[i]) }
        }),
        MetricGroup(.run, [
            Metric("backup_requests", unit: "requests", "backup requests at calls of any type") { Double($0.result.backupRequests) },
            Metric("mean_backup_response_min", unit: "min", "mean time from a backup request to the backup unit's arrival") {
                $0.result.backupResponse.mean
            },
            Metric("additional_units_dispatched", unit: "units", "additional units sent to calls that need several (`units_needed`)") {
                Double($0.result.additionalUnitResponse.count)
            },
            Metric("mean_additional_unit_response_min", unit: "min", "mean time from the first unit's dispatch to an additional unit's arrival") {
                $0.result.additionalUnitResponse.mean
            },
        ]),
        MetricGroup(.run, outcomes.map { outcome in
            Metric(outcome.column, unit: outcome.unit, outcome.meaning) { Double(outcome.count($0.result.outcomes)) }
        } + outcomes.map { outcome in
            Metric("\(outcome.column)_per_1000", unit: "per 1,000 calls", "`\(outcome.column)` per 1,000 dispatched calls") {
                $0.perDispatched(Double(outcome.count($0.result.outcomes)), scale: 1000)
            }
        } + outcomes.enumerated().map { i, outcome in
            Metric("expected_\(outcome.column)", unit: outcome.unit, i == 0
                   ? "the expected count of `arrests`: per dispatched call, the arrest probability of the responder type that answered it, summed. The same mean as the drawn count with less noise (its conditional expectation given who answered each call): compare scenarios with these. One column per outcome, as below"
                   : "the expected count of `\(outcome.column)`") {
                outcome.expected($0.result.expectedOutcomes)
            }
        }),
        MetricGroup(.run, [
            Metric("officer_hours_on_calls", unit: "hours",
                   "busy hours of police and co-responder units over the observed time (horizon minus warm-up), less officer-initiated activity") {
                $0.result.officerHoursOnCalls
            },
            Metric("officer_fte_on_calls", unit: "officers", "officer-hours on calls per year / `hours_per_officer_year`") {
                $0.result.officerFTEOnCalls
            },
            Metric("officer_hours_on_duty", unit: "hours",
                   "unit-hours police and co-responder units were on duty over the observed time (their coverage or watch hours)") {
                $0.result.officerHoursOnDuty
            },
            Metric("uncommitted_officer_hours", unit: "hours",
                   "of those, the hours not on calls, officer-initiated activity or scheduled breaks: the patrol time left (slightly below zero is possible when units finish calls after their shift)") {
                $0.result.uncommittedOfficerHours
            },
            Metric("uncommitted_share", unit: "fraction", "`uncommitted_officer_hours` / `officer_hours_on_duty`") {
                $0.result.officerHoursOnDuty > 0 ? $0.result.uncommittedOfficerHours / $0.result.officerHoursOnDuty : .nan
            },
            Metric("uncommitted_officer_fte", unit: "officers",
                   "`uncommitted_officer_hours` per year / `hours_per_officer_year`: the patrol time left in full-time officers") {
                $0.result.uncommittedOfficerHours * (525_600 / $0.result.observedMinutes) / $0.city.hoursPerOfficerYear
            },
            Metric("operating_cost_usd", unit: "dollars", "units x on-duty hours observed x `cost_per_unit_hour`") {
                $0.result.operatingCostDollars
            },
            Metric("outcome_cost_usd", unit: "dollars",
                   "expected ED visits, bookings and injuries (`expected_*`) at the scenario's `costs`") {
                $0.result.outcomeCostDollars
            },
            Metric("liability_force_usd", unit: "dollars", "`expected_use_of_force` x `use_of_force_liability_usd`") {
                $0.result.liability.useOfForce
            },
            Metric("liability_arrest_usd", unit: "dollars", "`expected_arrests` x `false_arrest_liability_usd`") {
                $0.result.liability.arrests
            },
            Metric("liability_other_usd", unit: "dollars",
                   "`other_liability_usd_per_year` x the observed share of a year: liability the calls do not drive (wrongful convictions, pursuits), the same in every scenario of the city") {
                $0.result.liability.other
            },
            Metric("liability_usd", unit: "dollars", "the three liability columns together") { $0.result.liability.total },
            Metric("total_cost_usd", unit: "dollars", "operating, outcome and liability costs") { totalCost($0.result) },
            Metric("cost_per_call_usd", unit: "dollars", "`total_cost_usd` per dispatched call") {
                $0.perDispatched(totalCost($0.result))
            },
            Metric("zone_response_spread_min", unit: "min", "worst zone's mean response minus the best zone's (equity across zones)") {
                $0.result.zoneResponseSpreadMinutes
            },
            Metric("zone_response_ratio", unit: "ratio", "worst zone's mean response over the best zone's") {
                $0.result.zoneResponseRatio
            },
        ]),
        MetricGroup(.priority, order: .byMetric, [
            Metric("p<k>_no_unit_free_share", unit: "fraction",
                   "share of priority-k calls (the coded type's priority) that arrived when no unit of the types they may go to was free in their zone (a unit heading home counts in the zone of its last call): the figure CPD publishes as calls with no police available") {
                let r = $0.result
                return r.arrivalsByPriority[$1] > 0 ? Double(r.noUnitFreeByPriority[$1]) / Double(r.arrivalsByPriority[$1]) : .nan
            },
            Metric("p<k>_mean_wait_min", unit: "min",
                   "mean dispatch delay (time from arrival to dispatch) of dispatched priority-k calls; with `p<k>_mean_travel_min` it makes up `p<k>_mean_response_min`") {
                $0.result.waitByPriority[$1].mean
            },
            Metric("p<k>_p50_wait_min", unit: "min", "median dispatch delay of priority k (the figure published as median dispatch time)") {
                $0.result.waitByPriority[$1].p50
            },
            Metric("p<k>_mean_travel_min", unit: "min", "mean turnout plus travel time of priority k") {
                $0.result.travelByPriority[$1].mean
            },
        ]),
        MetricGroup(.officerInitiated, [
            Metric("officer_initiated", unit: "activities",
                   "only with `officer_initiated`: officer-initiated activities that arose after the warm-up") {
                Double($0.result.officerInitiated.arisen)
            },
            Metric("officer_initiated_dropped_share", unit: "fraction",
                   "share of them dropped because no unit of their zone was free (beyond its `reserve`)") {
                let a = $0.result.officerInitiated
                return a.arisen > 0 ? Double(a.dropped) / Double(a.arisen) : .nan
            },
            Metric("officer_initiated_interrupted", unit: "activities", "activities an urgent call took the unit from (preemption)") {
                Double($0.result.officerInitiated.interrupted)
            },
            Metric("officer_initiated_hours", unit: "hours",
                   "busy hours of police and co-responder units on officer-initiated activity (not in `officer_hours_on_calls`)") {
                $0.result.officerInitiated.officerHours
            },
            Metric("officer_initiated_mean_wait_min", unit: "min",
                   "mean time from an activity arising to its start, over started activities (0 when taken up at once)") {
                let a = $0.result.officerInitiated
                return a.started > 0 ? a.waitMinutes / Double(a.started) : .nan
            },
        ]),
        MetricGroup(.preemption, [
            Metric("calls_preempted", unit: "calls",
                   "only with `preempt`: calls (arrived after the warm-up) whose unit a more urgent call took; they go back to the queue") {
                Double($0.result.preemptedCalls)
            },
        ]),
        MetricGroup(.breaks, [
            Metric("officer_hours_on_breaks", unit: "hours",
                   "only with watch `breaks`: hours police and co-responder units spent on scheduled breaks and briefings, on duty but unavailable") {
                $0.result.officerHoursOnBreaks
            },
        ]),
        MetricGroup(.baseline, [
            Metric("uncommitted_hours_change_per_week", unit: "hours a week",
                   "only with a `baseline`: per replication, `uncommitted_officer_hours` per week of observed time here minus the baseline's. Negative: the policy leaves patrol that much less time (a split that removes cars shows its cost in capacity here, while `officer_hours_freed_per_week` counts only call workload)") {
                uncommittedChangePerWeek($0)
            },
            Metric("uncommitted_fte_change", unit: "officers",
                   "`uncommitted_hours_change_per_week` x (525600 / 10080) / `hours_per_officer_year`") {
                uncommittedChangePerWeek($0) * (525_600 / minutesPerWeek) / $0.city.hoursPerOfficerYear
            },
            Metric("officer_hours_freed_per_week", unit: "hours a week",
                   "only when the scenario has a `baseline` (on the same footing: `Scenarios/README.md`, Baselines): per replication, with the same random numbers, `H_b x 10080 / T_b - H x 10080 / T`, where `H` is `officer_hours_on_calls` and `T` the observed minutes (horizon minus warm-up) of this run and `H_b`, `T_b` those of its baseline. Positive: the policy leaves officers that much less time on calls") {
                hoursFreedPerWeek($0)
            },
            Metric("officer_fte_freed", unit: "officers",
                   "`officer_hours_freed_per_week` x (525600 / 10080) / `hours_per_officer_year`: the same figure in full-time officers") {
                hoursFreedPerWeek($0) * (525_600 / minutesPerWeek) / $0.city.hoursPerOfficerYear
            },
        ]),
    ]

    /// What each reason a crisis call was not reached means (order of `FunnelCount.reasons`).
    static let reasonMeanings = [
        "only when some call type is a crisis type: crisis calls not reached by a crisis response because triage coded them as a type that is not a crisis type and that no crisis response takes",
        "crisis calls not reached by a crisis response because they were coded as a crisis type that no crisis team or co-responder takes (eligibility rules; in a police-only city, every crisis call coded as one)",
        "crisis calls not reached by a crisis response because no crisis response type their coded type may go to had a unit on duty when they arrived (outside team hours)",
        "crisis calls not reached by a crisis response because they went at once to another type (listed after the crisis response in `eligible`) while no unit of their crisis response types was free",
        "crisis calls not reached by a crisis response because they went at once to another type while a unit of their crisis response types was free but could not take them (beyond its `max_travel`, or another district's before `cross_after`)",
        "crisis calls not reached by a crisis response because they waited until their `fallback` came due and then went to the fallback type",
        "crisis calls not reached by a crisis response because they were still waiting at the horizon",
    ]

    static func totalCost(_ r: ReplicationResult) -> Double {
        r.operatingCostDollars + r.outcomeCostDollars + r.liability.total
    }

    /// This run's uncommitted officer-hours per week of its observed time, minus the baseline's.
    static func uncommittedChangePerWeek(_ input: MetricInput) -> Double {
        guard let b = input.baseline else { return .nan }
        let r = input.result
        return r.uncommittedOfficerHours * (minutesPerWeek / r.observedMinutes)
            - b.uncommittedOfficerHours * (minutesPerWeek / b.observedMinutes)
    }

    /// The baseline's officer-hours on calls per week of its observed time, minus this run's.
    static func hoursFreedPerWeek(_ input: MetricInput) -> Double {
        guard let b = input.baseline else { return .nan }
        let r = input.result
        return b.officerHoursOnCalls * (minutesPerWeek / b.observedMinutes)
            - r.officerHoursOnCalls * (minutesPerWeek / r.observedMinutes)
    }

    /// The summary's metric columns for `city`, in order: each group's metrics for each item of
    /// its scope. `baseline`: whether the scenario has a baseline.
    public static func columns(_ city: CityConfiguration, baseline: Bool) -> [MetricColumn] {
        // The columns depend only on these features of the city; a sweep or an uncertainty analysis
        // asks for the same ones at every point, so they are made once per shape.
        let key = ColumnsKey(
            priorities: city.priorities, targets: city.priorities.filter { city.responseTargets[$0] != nil },
            responders: city.responders.map(\.name), officerInitiated: !city.officerInitiated.isEmpty,
            preemption: city.responders.contains { $0.policy?.preemption != nil },
            breaks: city.responders.contains { $0.watches.contains { !$0.breaks.isEmpty } },
            crisis: city.callTypes.contains(where: \.isCrisis), baseline: baseline)
        if let known = columnsCache.withLock({ $0[key] }) { return known }
        let made = groups.flatMap { expand($0, city: city, baseline: baseline) }
        columnsCache.withLock { cache in
            if cache.count > 64 { cache.removeAll() }
            cache[key] = made
        }
        return made
    }

    /// What `columns` depends on.
    private struct ColumnsKey: Hashable {
        let priorities: [Int]
        let targets: [Int]
        let responders: [String]
        let officerInitiated, preemption, breaks, crisis, baseline: Bool
    }

    private static let columnsCache = LockedCache<[ColumnsKey: [MetricColumn]]>([:])

    /// The printed summary's metrics for `city`, in order: the printed metrics of each group,
    /// item by item.
    public static func printedColumns(_ city: CityConfiguration) -> [MetricColumn] {
        groups.flatMap { group in
            let printed = expand(group, city: city, baseline: false).filter { $0.printedLabel != nil }
            // Sorting by item is stable: within an item, the group's metrics keep their order.
            return group.order == .byMetric ? printed.enumerated().sorted {
                ($0.element.item, $0.offset) < ($1.element.item, $1.offset)
            }.map(\.element) : printed
        }
    }

    /// The columns of one group.
    private static func expand(_ group: MetricGroup, city: CityConfiguration, baseline: Bool) -> [MetricColumn] {
        typealias Item = (index: Int, priority: Int?, responder: String?)
        let items: [Item]
        switch group.scope {
        case .run: items = [(0, nil, nil)]
        case .baseline: items = baseline ? [(0, nil, nil)] : []
        case .priority: items = city.priorities.enumerated().map { ($0, $1, nil) }
        case .priorityWithTarget:
            items = city.priorities.enumerated().filter { city.responseTargets[$1] != nil }.map { ($0, $1, nil) }
        case .responder: items = city.responders.enumerated().map { ($0, nil, $1.name) }
        case .officerInitiated: items = city.officerInitiated.isEmpty ? [] : [(0, nil, nil)]
        case .preemption: items = city.responders.contains { $0.policy?.preemption != nil } ? [(0, nil, nil)] : []
        case .breaks: items = city.responders.contains { $0.watches.contains { !$0.breaks.isEmpty } } ? [(0, nil, nil)] : []
        case .crisis: items = city.callTypes.contains(where: \.isCrisis) ? [(0, nil, nil)] : []
        }
        func column(_ metric: Metric, _ item: Item) -> MetricColumn {
            func fill(_ text: String) -> String {
                var text = text
                if let p = item.priority { text = text.replacingOccurrences(of: "<k>", with: String(p)) }
                if let name = item.responder { text = text.replacingOccurrences(of: "<responder>", with: name) }
                return text
            }
            return MetricColumn(name: fill(metric.column), metric: metric, item: item.index,
                                printedLabel: metric.printed.map { fill($0.label) })
        }
        switch group.order {
        case .byItem: return items.flatMap { item in group.metrics.map { column($0, item) } }
        case .byMetric: return group.metrics.flatMap { metric in items.map { column(metric, $0) } }
        }
    }

    /// The values of `columns` in one replication.
    public static func values(_ columns: [MetricColumn], _ input: MetricInput) -> [Double] {
        columns.map { $0.metric.value(input, $0.item) }
    }

    /// Results/README.md's summary.csv table sits between these lines.
    public static let readmeBeginMarker = "<!-- summary.csv columns: MetricCatalogue.readmeTable (Sources/DispatchResults/MetricCatalogue.swift); a test checks it -->"
    public static let readmeEndMarker = "<!-- end of summary.csv columns -->"

    /// The table of summary.csv's columns in Results/README.md: the seed, then one row per metric.
    public static var readmeTable: String {
        (["| column | unit | meaning |", "| --- | --- | --- |",
          "| `seed` | | the scenario seed (streams derive from it, the purpose and the replication) |"]
         + groups.flatMap(\.metrics).map { "| `\($0.column)` | \($0.unit) | \($0.meaning) |" }).joined(separator: "\n")
    }
}

/// A value shared between threads, read and changed under a lock.
final class LockedCache<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
