// UncertaintyTests.swift: the `uncertainty` block: located errors, draws expanded into points with
// common random numbers, paired effects against a baseline, byte-identical files whatever --jobs,
// and the exact case: an M/M/c whose time on scene is uncertain.

import DispatchEngine
import DispatchModel
import DispatchRandom
@testable import DispatchResults
@testable import DispatchRuns
@testable import DispatchScenario
import DispatchYAML
import Foundation
import Testing

/// An M/M/5 queue (4.5 calls an hour) whose mean time on scene is uncertain, uniform on [30, 50]
/// minutes: offered loads 2.25-3.75 Erlangs.
private func mmcText(draws: Int, replications: Int, horizonDays: Int, method: String = "latin_hypercube") -> String {
    """
    name: mmc-uncertain
    seed: 7
    horizon: \(horizonDays) days
    warmup: 2 days
    replications: \(replications)
    demand:
      calls_per_hour: 4.5
    zones:
      - name: city
    travel:
      minutes: [[0]]
    responders:
      - name: police
        units: { city: 5 }
    call_types:
      - name: call
        share: 1.0
        priority: 1
        eligible: [police]
        on_scene:
          police: { distribution: exponential, mean: 60 min }
    uncertainty:
      draws: \(draws)
      method: \(method)
      parameters:
        call_types.call.on_scene.police.mean: { distribution: uniform, low: 30 min, high: 50 min }
    """
}

private func writeTemporary(_ text: String, name: String = "scenario.yaml") throws -> (folder: String, file: String) {
    let folder = temporaryFolder()
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let file = folder + "/" + name
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    return (folder, file)
}

/// Erlang C mean wait of M/M/5 at 4.5 calls an hour with mean service `s` minutes.
private func erlangWait(_ s: Double) throws -> Double {
    try MMcQueue(arrivalRatePerMinute: 4.5 / 60, serviceRatePerMinute: 1 / s, servers: 5).meanWaitMinutes
}

@Suite("Uncertainty analysis")
struct UncertaintyTests {
    @Test("The block is read: draws, method, seed and each path's distribution")
    func loads() throws {
        let s = try ScenarioLoader.load(text: mmcText(draws: 12, replications: 2, horizonDays: 10), fileName: "mmc.yaml")
        let u = try #require(s.uncertainty)
        #expect(u.draws == 12 && u.method == .latinHypercube && u.seed == nil)
        #expect(u.parameters.map(\.path) == ["call_types.call.on_scene.police.mean"])
        #expect(u.parameters[0].distribution == (try Distribution.uniform(low: 30, high: 50)))
    }

    @Test("Bad blocks get located errors: method, distribution, its parameters, a path that does not exist, draws")
    func errors() throws {
        let base = mmcText(draws: 12, replications: 2, horizonDays: 10)
        func errors(_ old: String, _ new: String) -> [String] {
            precondition(base.contains(old))
            return loadErrors(base.replacingOccurrences(of: old, with: new))
        }
        #expect(errors("method: latin_hypercube", "method: latin_hypercub")
                == ["city.yaml:24:11: error: uncertainty.method: expected one of latin_hypercube, random, found 'latin_hypercub' (did you mean 'latin_hypercube'?)"])
        #expect(errors("{ distribution: uniform, low: 30 min, high: 50 min }", "{ distribution: unifrom, low: 30 min, high: 50 min }")
                == ["city.yaml:26:59: error: uncertainty.parameters.call_types.call.on_scene.police.mean.distribution: expected one of gamma, lognormal, normal, triangular, truncated_normal, uniform, found 'unifrom' (did you mean 'uniform'?)"])
        #expect(errors("low: 30 min, high: 50 min", "low: 50 min, high: 30 min")
                == ["city.yaml:26:87: error: uncertainty.parameters.call_types.call.on_scene.police.mean.high: expected high > low (50), found 30"])
        #expect(errors("call_types.call.on_scene.police.mean:", "call_types.cal.on_scene.police.mean:")
                == ["city.yaml:26:5: error: uncertainty.parameters.call_types.cal.on_scene.police.mean: no item named 'cal' in call_types (did you mean 'call_types.call'?)"])
        #expect(errors("draws: 12", "draws: 1")
                == ["city.yaml:23:10: error: uncertainty.draws: expected a whole number between 2 and 10000, found '1'"])
    }

    @Test("A value drawn and set, or drawn and swept, is refused")
    func conflicts() throws {
        let (folder, file) = try writeTemporary(mmcText(draws: 4, replications: 2, horizonDays: 10))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(diagnostics {
            _ = try RunPlan(file: file, overrides: [Override.parse("call_types.call.on_scene.police.mean=45")],
                            replications: nil, seed: nil)
        } == ["--set call_types.call.on_scene.police.mean=45: error: sets 'call_types.call.on_scene.police.mean', which the uncertainty block of \(file) draws; remove it from the block to fix it"])
        let sweepFile = folder + "/sweep.yaml"
        try """
            name: s
            base: scenario.yaml
            grid:
              call_types.call.on_scene.police.mean: [40, 45]
            """.write(toFile: sweepFile, atomically: true, encoding: .utf8)
        #expect(diagnostics {
            _ = try RunPlan(sweep: SweepFile.load(file: sweepFile), overrides: [], replications: nil, seed: nil)
        } == ["\(file):26:5: error: uncertainty.parameters.call_types.call.on_scene.police.mean: 'call_types.call.on_scene.police.mean' is both swept by \(sweepFile) and drawn here; a value may be varied one way only"])
    }

    @Test("Every draw becomes a point with the drawn value set, the same replications and seed, and the manifest keeps the draws")
    func expansion() throws {
        let (folder, file) = try writeTemporary(mmcText(draws: 6, replications: 3, horizonDays: 10))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let plan = try RunPlan(file: file, overrides: [], replications: nil, seed: nil)
        let u = try #require(plan.uncertainty)
        #expect(plan.points.count == 6 && plan.parameters == ["call_types.call.on_scene.police.mean"])
        for (d, point) in plan.points.enumerated() {
            #expect(point.scenario.seed == 7 && point.scenario.replications == 3)
            #expect(point.values == [UncertaintySpec.text(u.values[d][0])])
            #expect(abs((point.scenario.city.callTypes[0].onScene[0]?.mean ?? .nan) - u.values[d][0]) < 1e-9)
        }
        // A Latin hypercube of 6: one value in each sixth of [30, 50].
        #expect(Set(u.values.map { Int(($0[0] - 30) / 20 * 6) }) == Set(0..<6))
    }

    @Test("A sweep of a scenario with a block runs the same draws at every point; its files key the rows by sweep point")
    func sweepWithDraws() throws {
        let (folder, _) = try writeTemporary(mmcText(draws: 3, replications: 2, horizonDays: 4))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sweepFile = folder + "/sweep.yaml"
        try """
            name: s
            base: scenario.yaml
            grid:
              demand.calls_per_hour: [3, 4]
            """.write(toFile: sweepFile, atomically: true, encoding: .utf8)
        let plan = try RunPlan(sweep: SweepFile.load(file: sweepFile), overrides: [], replications: nil, seed: nil)
        let u = try #require(plan.uncertainty)
        #expect(plan.points.count == 6 && u.basePoints == 2)
        #expect(plan.parameters == ["demand.calls_per_hour", "call_types.call.on_scene.police.mean"])
        // Point b x 3 + d: sweep value of point b, drawn value of draw d (the same at both points).
        for b in 0..<2 {
            for d in 0..<3 {
                let point = plan.points[u.point(base: b, draw: d)]
                #expect(point.values == [["3", "4"][b], UncertaintySpec.text(u.values[d][0])])
                #expect(point.scenario.city.callsPerHour == [3.0, 4.0][b])
            }
        }
        _ = try Execution.execute(plan, into: folder + "/out", jobs: 2, force: false, resume: false, version: "test")
        let lines = try read(folder + "/out", "uncertainty.csv").split(separator: "\n")
        #expect(lines[0].hasPrefix("sweep_point,demand.calls_per_hour,draw,call_types.call.on_scene.police.mean,calls,"))
        #expect(lines.count == 7 && lines[4].hasPrefix("1,4,0,"))
        #expect(try read(folder + "/out", "uncertainty_summary.csv").split(separator: "\n")[0]
                == "sweep_point,demand.calls_per_hour,output,mean,se,low,high,input_variance,simulation_variance,input_share,draws")
    }

    @Test("M/M/5 with uncertain time on scene: the mean wait over the draws matches the integral of Erlang C over the uniform distribution")
    func erlangIntegral() throws {
        let (folder, file) = try writeTemporary(mmcText(draws: 8, replications: 6, horizonDays: 42))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let plan = try RunPlan(file: file, overrides: [], replications: nil, seed: nil)
        let execution = try Execution.execute(plan, into: folder + "/out", jobs: 2, force: false, resume: false, version: "test")
        let wait = try #require(execution.uncertainty["mean_wait_min"])
        // The exact value: (1/20) x the integral over [30, 50] of Erlang C's mean wait (Simpson's
        // rule on 2000 intervals: exact to far better than the simulation's error).
        let n = 2000, h = 20.0 / Double(n)
        var integral = try erlangWait(30) + erlangWait(50)
        for i in 1..<n { integral += Double(i % 2 == 0 ? 2 : 4) * (try erlangWait(30 + Double(i) * h)) }
        let exact = integral * h / 3 / 20
        #expect(abs(wait.mean - exact) <= 4 * wait.standardError, "mean \(wait.mean) against \(exact), se \(wait.standardError)")
        // The draws' own exact values: the simulation error alone. Replication r of every draw
        // shares its random numbers, so the draws' errors are correlated; the replications are
        // independent: e(r) = the mean over draws of (simulated - exact) wait in replication r has
        // an interval over the replications.
        let u = try #require(plan.uncertainty)
        let exactAtDraws = try u.values.map { try erlangWait($0[0]) }
        let rows = try read(folder + "/out", "summary.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let point = rows[0].firstIndex(of: "point")!, replication = rows[0].firstIndex(of: "replication")!
        let waitColumn = rows[0].firstIndex(of: "mean_wait_min")!
        var errors = [Double](repeating: 0, count: plan.replications)
        for row in rows.dropFirst() {
            errors[Int(row[replication])!] += (Double(row[waitColumn])! - exactAtDraws[Int(row[point])!]) / Double(u.draws)
        }
        let ci = ConfidenceInterval(errors)
        #expect(abs(ci.mean) <= 4 * ci.standardError, "errors \(errors)")
        // Most of the spread between draws is the input's: waits run from about 2 to 20 minutes.
        #expect(wait.inputShare > 0.9)
        // The number of calls does not depend on the time on scene: no input share at all.
        #expect(execution.uncertainty["calls"]?.inputVariance == 0)
    }

    @Test("Effects against a baseline are the per-replication differences, and the files are byte-identical for any --jobs")
    func effectsAndDeterminism() throws {
        // The example with 8 draws instead of 40, beside it so that its base resolves.
        let sweepFile = "Scenarios/examples/.test-uncertainty-\(UUID().uuidString).yaml"
        try String(contentsOfFile: "Scenarios/examples/small-uncertainty.yaml", encoding: .utf8)
            .replacingOccurrences(of: "draws: 40", with: "draws: 8").write(toFile: sweepFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: sweepFile) }
        let plan = try RunPlan(sweep: SweepFile.load(file: sweepFile), overrides: [Override.parse("horizon=2 days")],
                               replications: 2, seed: nil)
        #expect(plan.points.count == 8)
        let a = temporaryFolder(), b = temporaryFolder()
        defer { for f in [a, b] { try? FileManager.default.removeItem(atPath: f) } }
        _ = try Execution.execute(plan, into: a, jobs: 1, force: false, resume: false, version: "test")
        _ = try Execution.execute(plan, into: b, jobs: 2, force: false, resume: false, version: "test")
        for name in ["summary.csv", "aggregate.csv", "manifest.json"] + UncertaintyOutput.files {
            #expect(try read(a, name) == read(b, name), "\(name)")
        }
        // The per-unit tables are left out of an analysis (a row per unit for every draw).
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: a)) == Set(
            ["summary.csv", "aggregate.csv", "by_zone.csv", "by_call_type.csv", "response.csv", "crisis_funnel.csv",
             "manifest.json"] + UncertaintyOutput.files))
        // Draw 3's effect on calls handled by police, from uncertainty.csv, against the same draw
        // run by hand: the scenario and its baseline, replication by replication.
        let table = try read(a, "uncertainty.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let column = try #require(table[0].firstIndex(of: "effect_calls_police"))
        let point = plan.points[3]
        var sum = 0.0
        for r in 0..<2 {
            let (result, baseline) = point.scenario.runReplication(r)
            let metrics = ResultTables.summaryMetrics(city: point.scenario.city, result: result, baseline: baseline)
            let base = ResultTables.summaryMetrics(city: point.scenario.baseline!.city, result: baseline!)
            let i = ResultTables.summaryMetricColumns(point.scenario.city, baseline: true).firstIndex(of: "calls_police")!
            let j = ResultTables.summaryMetricColumns(point.scenario.baseline!.city).firstIndex(of: "calls_police")!
            sum += metrics[i] - base[j]
        }
        #expect(Double(table[4][column]) == sum / 2)
        // Sensitivity rows: every output against every parameter.
        let sensitivity = try read(a, "sensitivity.csv").split(separator: "\n")
        #expect(sensitivity[0] == "output,parameter,prcc,sobol_first")
        #expect(sensitivity.contains { $0.hasPrefix("effect_expected_use_of_force,call_types.behavioral_health.outcomes.police.use_of_force,") })
    }
}
