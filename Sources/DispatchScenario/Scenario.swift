// Scenario.swift: a loaded, validated scenario: the city plus how to run it.

import DispatchModel
import DispatchRandom

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
    /// The named baseline city (`baseline:`), run with the same seed and replications to measure
    /// officer-hours freed; nil for none.
    public let baseline: Baseline?

    /// A baseline scenario: its file and city.
    public struct Baseline: Sendable {
        public let file: String
        public let city: CityConfiguration
    }

    public init(name: String, sourceFile: String, seed: UInt64, replications: Int, generator: GeneratorKind,
                city: CityConfiguration, budget: BudgetAllocation?, warnings: [ScenarioError], baseline: Baseline? = nil) {
        self.name = name
        self.sourceFile = sourceFile
        self.seed = seed
        self.replications = replications
        self.generator = generator
        self.city = city
        self.budget = budget
        self.warnings = warnings
        self.baseline = baseline
    }

    /// Runs replication `replication` of the city, and of the baseline when there is one, with the
    /// same streams.
    public func runReplication(_ replication: Int) -> (result: ReplicationResult, baseline: ReplicationResult?) {
        (city.runReplication(seeder: seeder, replication: replication),
         baseline?.city.runReplication(seeder: seeder, replication: replication))
    }

    public var seeder: StreamSeeder { StreamSeeder(seed: seed, generator: generator) }
}
