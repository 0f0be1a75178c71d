// Budget.swift: turning a budget split into units: how many each responder type's share buys, and
// how they are spread over zones.

/// How a budget share became units of one responder type.
public struct BudgetLine: Sendable, Hashable, Codable {
    public let responder: String
    /// The share of the annual budget given to this type.
    public let share: Double
    public let dollars: Double
    public let costPerUnitHour: Double
    /// Hours a year one unit is on duty.
    public let hoursPerUnitYear: Double
    /// Units the share pays for, before rounding down.
    public let affordableUnits: Double
    /// Whole units bought.
    public let units: Int
    /// Dollars left after buying whole units.
    public let unspentDollars: Double
}

/// The budget arithmetic of a scenario whose units are bought from a budget.
public struct BudgetAllocation: Sendable, Hashable, Codable {
    public let annualDollars: Double
    public let lines: [BudgetLine]

    public init(annualDollars: Double, lines: [BudgetLine]) {
        self.annualDollars = annualDollars
        self.lines = lines
    }

    /// The units `share` of `annualDollars` pays for at `costPerUnitHour`, for units on duty
    /// `hoursPerUnitYear` hours a year, before rounding down: `annual x share / (cost x hours)`.
    public static func affordableUnits(annualDollars: Double, share: Double, costPerUnitHour: Double,
                                       hoursPerUnitYear: Double) -> Double {
        annualDollars * share / (costPerUnitHour * hoursPerUnitYear)
    }

    /// What `share` of `annualDollars` buys at `costPerUnitHour` for units on duty
    /// `hoursPerUnitYear` hours a year: `annual x share / (cost x hours)` units, rounded down to a
    /// whole unit (a fraction of a unit cannot be staffed); the rest is reported as unspent.
    public static func line(responder: String, annualDollars: Double, share: Double, costPerUnitHour: Double,
                            hoursPerUnitYear: Double) -> BudgetLine {
        let dollars = annualDollars * share
        let affordable = affordableUnits(annualDollars: annualDollars, share: share, costPerUnitHour: costPerUnitHour,
                                         hoursPerUnitYear: hoursPerUnitYear)
        // A relative tolerance keeps exact purchases (e.g. 5.000000000001 or 4.999999999999) whole.
        let units = Int((affordable * (1 + 1e-12)).rounded(.down))
        let spent = Double(units) * costPerUnitHour * hoursPerUnitYear
        return BudgetLine(responder: responder, share: share, dollars: dollars, costPerUnitHour: costPerUnitHour,
                          hoursPerUnitYear: hoursPerUnitYear, affordableUnits: affordable, units: units,
                          unspentDollars: max(0, dollars - spent))
    }

    /// Spreads `units` over zones in proportion to `weights` (the zones' call shares) by the
    /// largest-remainder method: each zone gets the whole part of its quota `units x weight /
    /// sum`, and the units left over go one each to the zones with the largest remainders, ties
    /// to the zone listed first. The counts sum to `units`.
    public static func spread(units: Int, weights: [Double]) -> [Int] {
        let total = weights.reduce(0, +)
        precondition(total > 0 && units >= 0, "spread needs positive weights and units >= 0")
        let quotas = weights.map { Double(units) * $0 / total }
        var counts = quotas.map { Int($0.rounded(.down)) }
        let left = units - counts.reduce(0, +)
        let order = quotas.indices.sorted { a, b in
            let ra = quotas[a] - Double(counts[a]), rb = quotas[b] - Double(counts[b])
            return ra != rb ? ra > rb : a < b
        }
        for zone in order.prefix(left) { counts[zone] += 1 }
        return counts
    }
}
