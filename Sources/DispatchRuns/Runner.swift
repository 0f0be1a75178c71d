// Runner.swift: executes the runs of a plan into a results folder: in parallel, each finished
// run saved at once, skipping runs an interrupted execution already finished, with progress on
// standard error when it is a terminal. Results do not depend on the number of jobs: each run
// draws only from its own streams, and files are assembled in (point, replication) order.

import Dispatch
import DispatchModel
import DispatchResults
import DispatchScenario
import DispatchYAML
import Foundation

/// What an execution did.
public struct Execution: Sendable {
    public let plan: RunPlan
    public let directory: String
    /// Runs simulated by this execution, and runs found already finished.
    public let ran: Int
    public let skipped: Int
    public let wallSeconds: Double
    /// Across-replication statistics per point and metric, when this execution wrote the final
    /// files (not for a shard, nor when resuming a folder that was already complete).
    public let aggregate: [AggregateRow]
    /// With an uncertainty block: per output (metric, or `effect_<metric>`), its summary over the
    /// draws of the first point (the run's, or a sweep's point 0).
    public let uncertainty: [String: TwoLevelSummary]

    /// Runs `plan` (or one shard of it) into `directory`.
    public static func execute(_ plan: RunPlan, into directory: String, jobs: Int, shard: Shard? = nil,
                               force: Bool, resume: Bool, version: String,
                               progress: ProgressReporter? = nil) throws -> Execution {
        let start = DispatchTime.now()
        let header = PlanHeader(plan: plan, toolVersion: version)
        if resume, !force, try ResultsFolder.isComplete(directory, fingerprint: header.fingerprint, shard: shard) {
            let mine = plan.runs(shard: shard).count
            return Execution(plan: plan, directory: directory, ran: 0, skipped: mine, wallSeconds: 0, aggregate: [],
                             uncertainty: [:])
        }
        let (folder, done) = try ResultsFolder.open(directory, header: header, force: force, resume: resume)
        let mine = plan.runs(shard: shard)
        let todo = mine.filter { !done.contains($0) }
        let pointsByIndex = Dictionary(uniqueKeysWithValues: plan.points.map { ($0.index, $0) })
        let next = Counter()
        let failure = FirstError()
        progress?.start(total: mine.count, alreadyDone: mine.count - todo.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, todo.count))) { _ in
            while !failure.happened, let i = next.take(below: todo.count) {
                let id = todo[i]
                let point = pointsByIndex[id.point]!
                let (result, baseline) = point.scenario.runReplication(id.replication)
                do {
                    try folder.save(RunRecord(plan: plan, point: point, replication: id.replication, result: result,
                                              baseline: baseline))
                    progress?.finished()
                } catch {
                    failure.record(error)
                }
            }
        }
        progress?.end()
        if let error = failure.error { throw resumable(error) }
        var aggregate: [AggregateRow] = []
        var uncertainty: [String: TwoLevelSummary] = [:]
        let seconds = { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
        do {
            if let shard {
                try folder.markShard(shard, header: header, runs: mine)
            } else {
                let records = try folder.records()
                aggregate = ResultsFolder.aggregateRows(header: header, records: records)
                for output in UncertaintyOutput.outputs(header: header, records: records) {
                    uncertainty[output.name] = TwoLevelSummary(output.values[0])
                }
                try folder.assemble(header: header, records: records)
            }
        } catch {
            throw resumable(error)
        }
        return Execution(plan: plan, directory: directory, ran: todo.count, skipped: mine.count - todo.count,
                         wallSeconds: seconds(), aggregate: aggregate, uncertainty: uncertainty)
    }
}

/// A failure to save results, with what is kept and how to finish.
private func resumable(_ error: Error) -> Error {
    guard let error = error as? OutputError else { return error }
    return OutputError(path: error.path, message: error.message + "; the runs finished so far are kept: once the cause is fixed, the same command with --resume finishes the results")
}

/// Reports progress; called from worker threads.
public final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let output: FileHandle
    private var total = 0, done = 0, doneAtStart = 0
    private var started = DispatchTime.now()
    private var lastDrawn = DispatchTime.now()

    /// A reporter that redraws one line on standard error, or nil when standard error is not a
    /// terminal.
    public static func onTerminal(label: String) -> ProgressReporter? {
        isatty(STDERR_FILENO) == 1 ? ProgressReporter(label: label, output: .standardError) : nil
    }

    init(label: String, output: FileHandle) {
        self.label = label
        self.output = output
    }

    func start(total: Int, alreadyDone: Int) {
        lock.withLock {
            self.total = total
            done = alreadyDone
            doneAtStart = alreadyDone
            started = .now()
        }
        draw(force: true)
    }

    func finished() {
        lock.withLock { done += 1 }
        draw(force: false)
    }

    func end() {
        draw(force: true)
        try? output.write(contentsOf: Data("\n".utf8))
    }

    private func draw(force: Bool) {
        let line: String? = lock.withLock {
            let now = DispatchTime.now()
            guard force || now.uptimeNanoseconds - lastDrawn.uptimeNanoseconds > 200_000_000 else { return nil }
            lastDrawn = now
            let elapsed = Double(now.uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            let rate = elapsed > 0 ? Double(done - doneAtStart) / elapsed : 0
            let left = rate > 0 ? Double(total - done) / rate : 0
            return String(format: "\r%@: %d/%d runs, %.1f runs/s, %.0f s left   ", label, done, total, rate, left)
        }
        if let line { try? output.write(contentsOf: Data(line.utf8)) }
    }
}

/// Hands out 0, 1, 2, ... to worker threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.withLock {
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }
}

/// The first error any worker hit; the others stop taking runs.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var first: Error?

    var happened: Bool { lock.withLock { first != nil } }
    var error: Error? { lock.withLock { first } }

    func record(_ error: Error) {
        lock.withLock { if first == nil { first = error } }
    }
}
