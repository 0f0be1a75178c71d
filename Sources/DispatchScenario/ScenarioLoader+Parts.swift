// ScenarioLoader+Parts.swift: what the section decoders have read so far, and the scenario they
// make once every section has been read without error.

import DispatchModel
import DispatchRandom
import DispatchYAML

extension ScenarioLoader {
    /// One top-level section of a scenario file: the keys it reads and its decoder, which reads
    /// `parts.top`, stores what it decoded in `parts` and records every problem in the collector.
    struct Section: Sendable {
        let keys: [String]
        let decode: @Sendable (inout ScenarioParts, DiagnosticCollector) -> Void

        init(keys: [String], _ decode: @escaping @Sendable (inout ScenarioParts, DiagnosticCollector) -> Void) {
            self.keys = keys
            self.decode = decode
        }
    }

    /// The sections' values as they are decoded: nil where a section has not run, or failed (its
    /// problems are then in the collector).
    struct ScenarioParts {
        let top: YAMLMapping
        let sourceFile: String

        var name: String?
        var seed: UInt64?
        var replications: Int?
        var generator: GeneratorKind?
        var horizon: Double?
        var warmup: Double?
        var demand: Demand?
        var zones: [ZoneSpec]?
        var travel: Travel?
        /// Each responder type's name and entry.
        var responderItems: [(name: String, value: YAMLValue)]?
        /// The budget section: nil until decoded (or failed), `.some(nil)` when the file has none.
        var budget: BudgetSpec??
        var responders: [ResponderType] = []
        var budgetLines: [BudgetLine] = []
        var callTypes: [(type: CallType, value: YAMLValue)]?
        var officerInitiated: [OfficerInitiatedActivity]?
        var responseTargets: [Int: Double]?
        var costs: OutcomeCosts?
        var hoursPerOfficerYear: Double?
        /// The baseline section, when the file has one.
        var baseline: BaselineSpec?
        /// The uncertainty block, when the file has one.
        var uncertainty: UncertaintySpec?

        init(top: YAMLMapping, sourceFile: String) {
            self.top = top
            self.sourceFile = sourceFile
        }

        /// The city, after the checks of meaning that need all of it (ScenarioLoader+Meaning.swift),
        /// and their warnings. Call only when every section decoded without error.
        func checkedCity() throws -> (CityConfiguration, [ScenarioError]) {
            guard let horizon, let warmup, let demand, let zones, let travel, let callTypes, let responderItems,
                  let responseTargets, let costs, let hoursPerOfficerYear, let officerInitiated else {
                preconditionFailure("a scenario value is missing although no error was recorded")
            }
            let city = CityConfiguration(
                zones: zones.map(\.zone), travelMinutes: travel.minutes, turnout: travel.turnout,
                responders: responders, callTypes: callTypes.map(\.type), callsPerHour: demand.callsPerHour,
                hourOfDayProfile: demand.hourOfDay, horizonMinutes: horizon, warmupMinutes: warmup,
                responseTargets: responseTargets, costs: costs, hoursPerOfficerYear: hoursPerOfficerYear,
                dayOfWeekProfile: demand.dayOfWeek, officerInitiated: officerInitiated)
            let meaning = DiagnosticCollector()
            checkMeaning(city: city, callTypeValues: callTypes.map(\.value), responderValues: responderItems.map(\.value),
                         top: top, meaning)
            try meaning.finish()
            return (city, meaning.warnings)
        }

        /// The scenario of `city`, without its baseline.
        func scenario(city: CityConfiguration, warnings: [ScenarioError]) throws -> Scenario {
            guard let name, let seed, let replications, let generator, let budget else {
                preconditionFailure("a scenario value is missing although no error was recorded")
            }
            return Scenario(name: name, sourceFile: sourceFile, seed: seed, replications: replications,
                            generator: generator, city: city,
                            budget: budget.map { BudgetAllocation(annualDollars: $0.annualDollars, lines: budgetLines) },
                            warnings: warnings, uncertainty: uncertainty)
        }
    }
}
