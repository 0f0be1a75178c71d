// main.swift: engine-bench, M/M/1 through the engine against a hand-written loop (see BENCHMARKS.md).
//
// Each measurement runs in a child process of this executable (`--variant engine|loop`), so that
// its peak resident memory (getrusage ru_maxrss) is its own; the parent alternates the variants
// `--repeat` times and reports medians and the engine/hand-loop ratio of the same invocation.
// Only Glibc is used, not Foundation, so that the memory figures are the simulation's.

import DispatchEngine
import DispatchRandom
import Glibc

let usage = """
    usage: engine-bench [--customers N] [--repeat K] [--seed S]
      M/M/1 with arrival rate 0.9/min and service rate 1/min, N customers (default 10000000),
      through the engine and as a hand-written loop, each measured K times (default 5); prints
      medians of wall time, events per second (arrivals + departures), mean wait (exact: 9 min)
      and peak resident memory, and the ratio engine / hand loop.
    """

/// One child-process measurement, as printed on one line: `variant seconds events wait kilobytes`.
struct Measurement {
    var variant: String
    var seconds: Double
    var events: Int
    var meanWaitMinutes: Double
    var peakKilobytes: Int

    var eventsPerSecond: Double { Double(events) / seconds }

    var line: String { "\(variant) \(seconds) \(events) \(meanWaitMinutes) \(peakKilobytes)" }

    init(variant: String, seconds: Double, events: Int, meanWaitMinutes: Double, peakKilobytes: Int) {
        self.variant = variant
        self.seconds = seconds
        self.events = events
        self.meanWaitMinutes = meanWaitMinutes
        self.peakKilobytes = peakKilobytes
    }

    init?(line: Substring) {
        let fields = line.split(separator: " ")
        guard fields.count == 5, let seconds = Double(fields[1]), let events = Int(fields[2]),
              let wait = Double(fields[3]), let peak = Int(fields[4]) else { return nil }
        self.init(variant: String(fields[0]), seconds: seconds, events: events, meanWaitMinutes: wait,
                  peakKilobytes: peak)
    }
}

func fail(_ message: String) -> Never {
    let text = "engine-bench: error: \(message)\n\(usage)\n"
    _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    exit(2)
}

/// `value` with `decimals` digits after the point.
func fixed(_ value: Double, _ decimals: Int) -> String {
    var scale = 1
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int((abs(value) * Double(scale)).rounded())
    let fraction = String(scaled % scale)
    let digits = decimals > 0 ? "." + String(repeating: "0", count: decimals - fraction.count) + fraction : ""
    return (value < 0 ? "-" : "") + String(scaled / scale) + digits
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Runs one variant in this process and prints its measurement line.
func measure(variant: String, setup: QueueSetup) {
    let clock = ContinuousClock()
    let start = clock.now
    let run: QueueRun
    switch variant {
    case "engine": run = EngineQueue.run(setup)
    case "loop": run = HandLoopQueue.run(setup)
    default: fail("--variant must be engine or loop, found '\(variant)'")
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    precondition(run.customers == setup.customers, "\(variant): served \(run.customers) customers")
    var resources = rusage()
    getrusage(RUSAGE_SELF.rawValue, &resources)
    print(Measurement(variant: variant, seconds: seconds, events: run.events,
                      meanWaitMinutes: run.meanWaitMinutes, peakKilobytes: resources.ru_maxrss).line)
}

/// Runs one variant in a child process (this executable, via /proc/self/exe) and reads its line.
func measureInChild(variant: String, setup: QueueSetup) -> Measurement {
    var pipeEnds: [Int32] = [0, 0]
    guard pipe(&pipeEnds) == 0 else { fail("pipe failed: errno \(errno)") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], STDOUT_FILENO)
    posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
    let arguments = [CommandLine.arguments[0], "--variant", variant, "--customers", String(setup.customers),
                     "--seed", String(setup.seed)]
    var cArguments = arguments.map { strdup($0) } + [nil]
    var child = pid_t()
    let spawned = posix_spawn(&child, "/proc/self/exe", &actions, nil, &cArguments, environ)
    cArguments.forEach { free($0) }
    posix_spawn_file_actions_destroy(&actions)
    close(pipeEnds[1])
    guard spawned == 0 else { fail("cannot start a child process: error \(spawned)") }
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4_096)
    while true {
        let count = read(pipeEnds[0], &buffer, buffer.count)
        guard count > 0 else { break }
        output += buffer[0..<count]
    }
    close(pipeEnds[0])
    var status: Int32 = 0
    waitpid(child, &status, 0)
    let text = String(decoding: output, as: UTF8.self)
    guard status == 0, let line = text.split(separator: "\n").last, let measurement = Measurement(line: line) else {
        fail("child run of \(variant) failed (wait status \(status)): \(text)")
    }
    return measurement
}

// MARK: - Arguments

var customers = 10_000_000
var repetitions = 5
var seed: UInt64 = 20_260_101
var variant: String?
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else { fail("\(flag) needs a value") }
    switch flag {
    case "--customers":
        guard let n = Int(value), n > 0 else { fail("--customers: expected a whole number > 0, found '\(value)'") }
        customers = n
    case "--repeat":
        guard let k = Int(value), k > 0 else { fail("--repeat: expected a whole number > 0, found '\(value)'") }
        repetitions = k
    case "--seed":
        guard let s = UInt64(value) else { fail("--seed: expected a whole number >= 0, found '\(value)'") }
        seed = s
    case "--variant":
        variant = value
    default:
        fail("unknown option '\(flag)'")
    }
}

let setup = QueueSetup(customers: customers, meanInterarrivalMinutes: 1 / 0.9, meanServiceMinutes: 1, seed: seed)

if let variant {
    measure(variant: variant, setup: setup)
    exit(0)
}

// MARK: - Parent: alternate the variants, report medians

print("engine-bench: M/M/1, arrival rate 0.9/min, service rate 1/min, \(customers) customers, seed \(seed), \(repetitions) repetitions")
var runs: [String: [Measurement]] = ["engine": [], "loop": []]
var ratios: [Double] = []
for repetition in 1...repetitions {
    let order = repetition % 2 == 1 ? ["engine", "loop"] : ["loop", "engine"]
    var round: [String: Measurement] = [:]
    for name in order {
        let measurement = measureInChild(variant: name, setup: setup)
        round[name] = measurement
        runs[name, default: []].append(measurement)
    }
    let engine = round["engine"]!, loop = round["loop"]!
    let ratio = engine.eventsPerSecond / loop.eventsPerSecond
    ratios.append(ratio)
    print("  repetition \(repetition): engine \(fixed(engine.seconds, 3)) s, hand loop \(fixed(loop.seconds, 3)) s, ratio \(fixed(ratio, 3))")
}

print("")
print("| variant | wall time (s) | events/s | mean wait (min, exact 9) | peak RSS (MiB) |")
print("| --- | ---: | ---: | ---: | ---: |")
for (name, label) in [("engine", "engine (DiscreteEventModel)"), ("loop", "hand-written loop")] {
    let measured = runs[name]!
    let seconds = median(measured.map(\.seconds))
    let rate = median(measured.map(\.eventsPerSecond))
    let peak = median(measured.map { Double($0.peakKilobytes) }) / 1_024
    print("| \(label) | \(fixed(seconds, 3)) | \(fixed(rate, 0)) | \(fixed(measured[0].meanWaitMinutes, 4)) | \(fixed(peak, 1)) |")
}
let engineRate = median(runs["engine"]!.map(\.eventsPerSecond))
let loopRate = median(runs["loop"]!.map(\.eventsPerSecond))
print("")
print("events per run: \(runs["engine"]![0].events) (arrivals + departures)")
print("ratio engine / hand loop, events per second: \(fixed(engineRate / loopRate, 3)) (ratio of medians); median of same-repetition ratios \(fixed(median(ratios), 3))")
