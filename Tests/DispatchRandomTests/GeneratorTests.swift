// GeneratorTests.swift: GSL's generators and the MRG32k3a type against published test vectors.

@testable import DispatchRandom
import Testing

@Suite("Generators")
struct GeneratorTests {
    /// The n-th value of `gsl_rng_get` after seeding, as GSL's rng/test.c checks it.
    private func nth(_ kind: GeneratorKind, seed: UInt32, _ n: Int) -> UInt {
        let stream = RandomStream(generator: kind, seed: seed)
        var k: UInt = 0
        for _ in 0..<n { k = stream.nextRaw() }
        return k
    }

    @Test("GSL test vectors: mt19937, taus2, ranlxd2")
    func gslTestVectors() {
        // GSL rng/test.c: rng_test(gsl_rng_mt19937, 4357, 1000, 1186927261) and friends.
        #expect(nth(.mt19937, seed: 4357, 1000) == 1_186_927_261)
        #expect(nth(.taus2, seed: 1, 10000) == 2_733_957_125)
        #expect(nth(.ranlxd2, seed: 1, 10000) == 3_949_287_736)
    }

    @Test("gfsr4 and every generator report their GSL names and stay in range")
    func namesAndRanges() {
        for kind in GeneratorKind.allCases {
            let stream = RandomStream(generator: kind, seed: 12345)
            #expect(stream.gslName == kind.rawValue)
            for _ in 0..<10_000 {
                let u = stream.uniform()
                #expect(u >= 0 && u < 1)
                let k = stream.nextRaw()
                #expect(stream.rawRange.contains(k))
            }
        }
    }

    @Test("MRG32k3a from 12345 x 6 reproduces L'Ecuyer's RngStream outputs")
    func mrg32k3aReference() {
        // Seed 0 gives RngStream's default state; the published first outputs and integers Y_i.
        let stream = RandomStream(generator: .mrg32k3a, seed: 0)
        let expectedU = [0.12701112204657714, 0.3185275653967945, 0.30918601558327008,
                         0.82584686292711362, 0.2216299157820229]
        for u in expectedU { #expect(stream.uniform() == u) }
        let raw = RandomStream(generator: .mrg32k3a, seed: 0)
        let expectedY: [UInt] = [545_508_589, 1_368_065_410, 1_327_943_761, 3_546_985_096, 951_893_194]
        for y in expectedY { #expect(raw.nextRaw() + 1 == y) }
        // The 1000th output.
        let far = RandomStream(generator: .mrg32k3a, seed: 0)
        var u = 0.0
        for _ in 0..<1000 { u = far.uniform() }
        #expect(u == 0.98607848680213228)
    }

    @Test("MRG32k3a: get and get_double agree, as GSL requires")
    func mrg32k3aIntDoubleRatio() {
        let a = RandomStream(generator: .mrg32k3a, seed: 99)
        let b = RandomStream(generator: .mrg32k3a, seed: 99)
        for _ in 0..<10_000 {
            let k = a.nextRaw()
            let u = b.uniform()
            #expect(Double(k + 1) * 2.328306549295727688e-10 == u)
        }
    }

    @Test("Jump matrices equal the constants published with RngStream.c")
    func jumpMatrices() {
        // L'Ecuyer, Simard, Chen and Kelton (2002), RngStream.c: A1p76, A2p76, A1p127, A2p127.
        #expect(MRG32k3aJump.substream.a1.rows == [[82_758_667, 1_871_391_091, 4_127_413_238],
                                                   [3_672_831_523, 69_195_019, 1_871_391_091],
                                                   [3_672_091_415, 3_528_743_235, 69_195_019]])
        #expect(MRG32k3aJump.substream.a2.rows == [[1_511_326_704, 3_759_209_742, 1_610_795_712],
                                                   [4_292_754_251, 1_511_326_704, 3_889_917_532],
                                                   [3_859_662_829, 4_292_754_251, 3_708_466_080]])
        #expect(MRG32k3aJump.stream.a1.rows == [[2_427_906_178, 3_580_155_704, 949_770_784],
                                                [226_153_695, 1_230_515_664, 3_580_155_704],
                                                [1_988_835_001, 986_791_581, 1_230_515_664]])
        #expect(MRG32k3aJump.stream.a2.rows == [[1_464_411_153, 277_697_599, 1_610_723_613],
                                                [32_183_930, 1_464_411_153, 1_022_607_788],
                                                [2_824_425_944, 32_183_930, 2_093_834_863]])
    }

    @Test("A jump of 2^k steps by matrix squaring equals 2^k steps of the generator", arguments: [0, 1, 5, 12])
    func jumpEqualsStepping(k: Int) {
        let start = MRG32k3aState.lecuyerDefault
        let stepped = RandomStream(mrg32k3aState: start)
        for _ in 0..<(1 << k) { _ = stepped.nextRaw() }
        let jump = MRG32k3aJump(a1: MRG32k3aJump.oneStep.a1.powerOfTwo(k), a2: MRG32k3aJump.oneStep.a2.powerOfTwo(k))
        #expect(start.advanced(by: jump, times: 1) == stepped.mrg32k3aState)
        // And jumping 3 * 2^k steps is three jumps.
        for _ in 0..<(2 << k) { _ = stepped.nextRaw() }
        #expect(start.advanced(by: jump, times: 3) == stepped.mrg32k3aState)
    }

    @Test("Invalid MRG32k3a states are refused")
    func invalidStates() {
        #expect(MRG32k3aState([0, 0, 0, 1, 1, 1]) == nil)
        #expect(MRG32k3aState([1, 1, 1, 0, 0, 0]) == nil)
        #expect(MRG32k3aState([MRG32k3aState.m1, 1, 1, 1, 1, 1]) == nil)
        #expect(MRG32k3aState([1, 1, 1, 1, 1]) == nil)
        #expect(MRG32k3aState([1, 2, 3, 4, 5, 6]) != nil)
    }
}
