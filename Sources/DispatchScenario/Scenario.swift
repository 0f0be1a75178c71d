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

    public init(name: String, sourceFile: String, seed: UInt64, replications: Int, generator: GeneratorKind,
                city: CityConfiguration, budget: BudgetAllocation?, warnings: [ScenarioError]) {
        self.name = name
        self.sourceFile = sourceFile
        self.seed = seed
        self.replications = replications
        self.generator = generator
        self.city = city
        self.budget = budget
        self.warnings = warnings
    }

    public var seeder: StreamSeeder { StreamSeeder(seed: seed, generator: generator) }
}
