// FingerprintTests.swift: the event-trace fingerprints of replication 0 of the example scenarios,
// pinned.

import DispatchEngine
@testable import DispatchModel
import DispatchRandom
@testable import DispatchResults
@testable import DispatchRuns
@testable import DispatchScenario
import DispatchYAML
import Testing

/// Pins the exact sequence of events that replication 0 of each example scenario simulates, as the
/// engine's event-trace fingerprint (`Simulation.traceFingerprint`: a hash of every executed
/// event's time, to the last bit, priority and scheduling order) and the number of events.
///
/// Any change to the simulated sequence changes these pins: to the engine's event order, to the
/// model's dispatch rules, event priorities or the events it schedules, to how random numbers are
/// drawn or streams derived, to the scenario loader's reading of these files, or to the files
/// themselves. That is the point: a refactoring that should not change results must leave every
/// pin as it is. A change that does alter them must be deliberate, and the commit that updates the
/// pins must say why the simulated sequence changed. A failing pin prints the new values.
///
/// The replication is driven here as `CityConfiguration.runReplication` (Replication.swift) drives
/// it, with fingerprinting turned on; each test also checks that the result is the one
/// `runReplication` gives, so the pins describe the runs users get.
@Suite("Event-trace fingerprints of the example scenarios")
struct ScenarioFingerprintTests {
    struct Pin: Sendable, CustomTestStringConvertible {
        let file: String
        let overrides: [String]
        let events: Int
        let fingerprint: UInt64

        var testDescription: String { ([file] + overrides.map { "--set \($0)" }).joined(separator: " ") }
    }

    static let pins = [
        // The file as shipped simulates 1000 days; 60 are enough for a pin.
        Pin(file: "Scenarios/examples/erlang-c.yaml", overrides: ["horizon=60 days"],
            events: 13176, fingerprint: 0x469a_524d_88d2_6549),
        Pin(file: "Scenarios/examples/small-city.yaml", overrides: [],
            events: 890, fingerprint: 0xc1c0_fd16_aa5c_1acf),
        Pin(file: "Scenarios/midsize-baseline.yaml", overrides: [],
            events: 213296, fingerprint: 0xecc3_594f_3ec3_f9f2),
        Pin(file: "Scenarios/midsize-crisis-split.yaml", overrides: [],
            events: 210371, fingerprint: 0xeebd_ff42_75b5_5bf1),
    ]

    @Test("Replication 0 runs exactly the pinned sequence of events", arguments: pins)
    func pinned(_ pin: Pin) throws {
        let scenario = try ScenarioLoader.load(file: pin.file, overrides: pin.overrides.map { try Override.parse($0) })
        let city = scenario.city
        // As CityConfiguration.runReplication, with the fingerprint on.
        var run = ReplicationRun(city: city, seeder: scenario.seeder, replication: 0, traceFingerprint: true)
        run.run()
        let events = run.eventsExecuted
        let traced = run.traceFingerprint
        let result = run.finish()
        let fingerprint = try #require(traced)

        #expect(result == city.runReplication(seeder: scenario.seeder, replication: 0),
                "a traced replication differs from an untraced one")
        #expect(events == pin.events && fingerprint == pin.fingerprint,
                "\(pin.testDescription): now events: \(events), fingerprint: 0x\(String(fingerprint, radix: 16))")
    }
}
