// BudgetTests.swift: budget arithmetic: units a budget share buys, and their largest-remainder spread over zones.

import DispatchModel
import Testing

@Suite("Budget arithmetic")
struct BudgetTests {
    @Test("a share that buys whole units exactly leaves nothing unspent")
    func exactPurchase() {
        let line = BudgetAllocation.line(responder: "police", annualDollars: 1_000_000, share: 0.5,
                                         costPerUnitHour: 100, hoursPerUnitYear: 1_000)
        #expect(line.responder == "police")
        #expect(line.share == 0.5)
        #expect(line.dollars == 500_000)
        #expect(line.costPerUnitHour == 100)
        #expect(line.hoursPerUnitYear == 1_000)
        #expect(line.affordableUnits == 5)
        #expect(line.units == 5)
        #expect(line.unspentDollars == 0)
    }

    @Test("rounding error on either side of a whole number still buys the whole number")
    func exactPurchaseThroughRounding() {
        // 12,480,000 x 0.29 / (60 x 2,080) is 29 in exact arithmetic, 28.999999999999996 in doubles.
        let below = BudgetAllocation.line(responder: "crisis", annualDollars: 12_480_000, share: 0.29,
                                          costPerUnitHour: 60, hoursPerUnitYear: 2_080)
        #expect(below.affordableUnits < 29)
        #expect(below.units == 29)
        #expect(below.unspentDollars == 0)
        // 17,520,000 x 0.07 / (60 x 2,920) is 7, 7.000000000000001 in doubles.
        let above = BudgetAllocation.line(responder: "crisis", annualDollars: 17_520_000, share: 0.07,
                                          costPerUnitHour: 60, hoursPerUnitYear: 2_920)
        #expect(above.affordableUnits > 7)
        #expect(above.units == 7)
        // Dollars less cost leaves rounding dust here (2.3e-10 of 1,226,400 dollars), not money.
        #expect(above.unspentDollars >= 0 && above.unspentDollars <= 1e-12 * above.dollars)
    }

    @Test("a fraction of a unit is not bought; its dollars are reported unspent")
    func roundsDown() {
        // 500,000 / (100 x 1,200) = 4.1666...: 4 units cost 480,000.
        let line = BudgetAllocation.line(responder: "police", annualDollars: 1_000_000, share: 0.5,
                                         costPerUnitHour: 100, hoursPerUnitYear: 1_200)
        #expect(abs(line.affordableUnits - 25.0 / 6) < 1e-12)
        #expect(line.units == 4)
        #expect(line.unspentDollars == 20_000)
        // Just short of one unit buys none.
        let short = BudgetAllocation.line(responder: "co_responder", annualDollars: 99_999, share: 1,
                                          costPerUnitHour: 50, hoursPerUnitYear: 2_000)
        #expect(short.units == 0)
        #expect(short.unspentDollars == 99_999)
        let none = BudgetAllocation.line(responder: "police", annualDollars: 1_000_000, share: 0,
                                         costPerUnitHour: 100, hoursPerUnitYear: 1_000)
        #expect(none.units == 0)
        #expect(none.unspentDollars == 0)
    }

    @Test("whole quotas are kept as they are")
    func spreadWholeQuotas() {
        #expect(BudgetAllocation.spread(units: 10, weights: [0.5, 0.3, 0.2]) == [5, 3, 2])
        #expect(BudgetAllocation.spread(units: 6, weights: [3, 2, 1]) == [3, 2, 1])
        #expect(BudgetAllocation.spread(units: 0, weights: [0.5, 0.5]) == [0, 0])
        #expect(BudgetAllocation.spread(units: 7, weights: [1]) == [7])
    }

    @Test("units left over go to the largest remainders")
    func spreadLargestRemainder() {
        // Quotas 2.25, 1.75, 1.0: the one unit left goes to the 0.75 remainder.
        #expect(BudgetAllocation.spread(units: 5, weights: [0.45, 0.35, 0.2]) == [2, 2, 1])
        // Quotas 0.3, 1.8, 0.9: floors 0, 1, 0; remainders 0.3, 0.8, 0.9 take the two left.
        #expect(BudgetAllocation.spread(units: 3, weights: [0.1, 0.6, 0.3]) == [0, 2, 1])
        // Weights need not sum to 1: quotas 1.6, 2.4.
        #expect(BudgetAllocation.spread(units: 4, weights: [2, 3]) == [2, 2])
    }

    @Test("equal remainders go to the zone listed first")
    func spreadTies() {
        // Quotas 7/3 each: the one unit left goes to zone 0.
        #expect(BudgetAllocation.spread(units: 7, weights: [1, 1, 1]) == [3, 2, 2])
        // Quotas 0.5 each: two units to the first two zones.
        #expect(BudgetAllocation.spread(units: 2, weights: [0.25, 0.25, 0.25, 0.25]) == [1, 1, 0, 0])
        // Quotas 0.5, 1.0, 1.5, 2.0: the tied 0.5 remainders of zones 0 and 2; zone 0 wins.
        #expect(BudgetAllocation.spread(units: 5, weights: [0.1, 0.2, 0.3, 0.4]) == [1, 1, 1, 2])
        // Quotas 0.6, 1.2, 0.6, 0.6: two units to the tied 0.6 remainders, zones 0 and 2 first.
        #expect(BudgetAllocation.spread(units: 3, weights: [0.2, 0.4, 0.2, 0.2]) == [1, 1, 1, 0])
    }

    @Test("counts sum to the units and each is its quota rounded down or up")
    func spreadPreservesSum() {
        let weightSets: [[Double]] = [[0.31, 0.27, 0.42], [0.05, 0.05, 0.9], [1, 2, 3, 4, 5, 6, 7],
                                      [0.2, 0.2, 0.2, 0.2, 0.2], [0.123, 0.456, 0.789], [1e-3, 1, 1e3]]
        for weights in weightSets {
            let total = weights.reduce(0, +)
            for units in 0...40 {
                let counts = BudgetAllocation.spread(units: units, weights: weights)
                #expect(counts.reduce(0, +) == units, "spread(\(units), \(weights)) = \(counts)")
                for (count, weight) in zip(counts, weights) {
                    let quota = Double(units) * weight / total
                    #expect(Double(count) >= quota.rounded(.down) && Double(count) <= quota.rounded(.up),
                            "spread(\(units), \(weights)) = \(counts): \(count) for quota \(quota)")
                }
            }
        }
    }
}
