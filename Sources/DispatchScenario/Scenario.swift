// Scenario.swift: a loaded, validated scenario: the city plus how to run it.

import DispatchModel
import DispatchRandom
import DispatchYAML

/// A scenario file, loaded and checked: a city to simulate and the run settings.
public struct Scenario: Sendable {
    public let name: String
    /// The file it came from, as given on the command line.
    public let sourceFile: String
    public var seed: UInt64
    public var replications: Int
    public var generator: GeneratorKind
    public let city: CityConfiguration
    /// Budget arithmetic, when units were bought from a budget.
    public let budget: BudgetAllocation?
    /// Warnings found while loading (for example a heavily loaded system).
    public let warnings: [ScenarioError]
    /// The baseline city (`baseline:`), run with the same seed and replications to measure
    /// officer time freed; nil for none. It runs on the same footing as this one (horizon,
    /// warm-up, seed, replications, generator, demand, officer-year): the loader refuses others.
    public private(set) var baseline: Baseline?
    /// The file's `uncertainty` block: parameter sets to draw and run (RunPlan expands them); nil
    /// for none.
    public let uncertainty: UncertaintySpec?

    /// A baseline: where it came from and its city.
    public struct Baseline: Sendable {
        /// Its file (`baseline: FILE`); nil when it is this scenario with values changed
        /// (`baseline: { set: ... }`).
        public let file: String?
        /// The overrides, as PATH=VALUE, that made it: for a file, those of this scenario's
        /// overrides (`--set`, sweep values) that reached the file; else the `set` entries.
        public let overrides: [String]
        public let city: CityConfiguration
    }

    public init(name: String, sourceFile: String, seed: UInt64, replications: Int, generator: GeneratorKind,
                city: CityConfiguration, budget: BudgetAllocation?, warnings: [ScenarioError], baseline: Baseline? = nil,
                uncertainty: UncertaintySpec? = nil) {
        self.name = name
        self.sourceFile = sourceFile
        self.seed = seed
        self.replications = replications
        self.generator = generator
        self.city = city
        self.budget = budget
        self.warnings = warnings
        self.baseline = baseline
        self.uncertainty = uncertainty
    }

    /// This scenario with `baseline` as its baseline.
    func with(baseline: Baseline) -> Scenario {
        var copy = self
        copy.baseline = baseline
        return copy
    }

    /// Runs replication `replication` of the city, and of the baseline when there is one, with the
    /// same streams.
    public func runReplication(_ replication: Int) -> (result: ReplicationResult, baseline: ReplicationResult?) {
        (city.runReplication(seeder: seeder, replication: replication),
         baseline?.city.runReplication(seeder: seeder, replication: replication))
    }

    public var seeder: StreamSeeder { StreamSeeder(seed: seed, generator: generator) }
}
