// SeederTests.swift: stream derivation is reproducible, separates purposes and replications, and
// never collides within a run.

@testable import DispatchRandom
import Testing

@Suite("Stream seeding")
struct SeederTests {
    private func firstDraws(_ stream: RandomStream, _ n: Int = 8) -> [UInt] {
        (0..<n).map { _ in stream.nextRaw() }
    }

    @Test("Same seed, purpose and replication give the same stream", arguments: GeneratorKind.allCases)
    func reproducible(kind: GeneratorKind) {
        let a = StreamSeeder(seed: 2026, generator: kind)
        let b = StreamSeeder(seed: 2026, generator: kind)
        #expect(firstDraws(a.stream(purpose: 3, replication: 7)) == firstDraws(b.stream(purpose: 3, replication: 7)))
    }

    @Test("Streams of one run start in distinct states", arguments: GeneratorKind.allCases)
    func distinctWithinRun(kind: GeneratorKind) {
        let seeder = StreamSeeder(seed: 42, generator: kind)
        var seen = Set<[UInt]>()
        for purpose in 0..<12 {
            for replication in 0..<20 {
                seen.insert(firstDraws(seeder.stream(purpose: purpose, replication: replication), 4))
            }
        }
        #expect(seen.count == 12 * 20)
    }

    @Test("MRG32k3a: purpose p, replication r is stream p, substream r of the base state")
    func mrgStreamLayout() {
        let seeder = StreamSeeder(seed: 7)
        let base = seeder.baseState
        let s = seeder.stream(purpose: 2, replication: 5).mrg32k3aState
        var expected = base
        for _ in 0..<2 { expected = expected.advanced(by: .stream, times: 1) }
        for _ in 0..<5 { expected = expected.advanced(by: .substream, times: 1) }
        #expect(s == expected)
        #expect(base.components[0..<3].allSatisfy { $0 >= 1 && $0 < MRG32k3aState.m1 })
        #expect(base.components[3..<6].allSatisfy { $0 >= 1 && $0 < MRG32k3aState.m2 })
    }

    @Test("32-bit seeds are never 0 and distinct for every purpose and replication of a run")
    func gslSeedsDistinct() {
        // A seed whose hash lands next to the 2^32 - 1 wrap point must still give distinct seeds.
        for seed: UInt64 in [0, 1, 4357, .max] {
            let seeder = StreamSeeder(seed: seed, generator: .mt19937)
            var seen = Set<UInt32>()
            for replication in 0..<64 {
                for purpose in 0..<StreamSeeder.purposeLimit {
                    let s = seeder.gslSeed(purpose: purpose, replication: replication)
                    #expect(s != 0)
                    seen.insert(s)
                }
            }
            #expect(seen.count == 64 * StreamSeeder.purposeLimit)
        }
    }

    @Test("Different scenario seeds give different streams")
    func seedsDiffer() {
        let a = StreamSeeder(seed: 1).stream(purpose: 0, replication: 0)
        let b = StreamSeeder(seed: 2).stream(purpose: 0, replication: 0)
        #expect(firstDraws(a) != firstDraws(b))
    }
}
