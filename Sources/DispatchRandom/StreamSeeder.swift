// StreamSeeder.swift: independent, reproducible streams for every replication and purpose.

/// Derives one stream per (purpose, replication) from a single scenario seed.
///
/// Two runs with the same seed and generator get the same stream for the same purpose and
/// replication, whatever else differs between them: that is what makes common random numbers
/// work (two scenarios see the same arrivals), and what keeps a change in how one purpose draws
/// from shifting another purpose's numbers.
///
/// The scheme, which is part of the reproducibility contract and must not change silently:
///
/// - **mrg32k3a** (default): the seed is expanded by SplitMix64 into a starting state (three
///   components in [1, m1), three in [1, m2)). Purpose `p` uses stream `p` (2^127 steps apart) and
///   replication `r` uses substream `r` of it (2^76 steps apart), exactly as in L'Ecuyer et al.
///   (2002). Streams of one run are therefore provably disjoint as long as no substream draws
///   more than 2^76 numbers, for any purpose < 2^64 and replication < 2^51.
/// - **mt19937, taus2, ranlxd2, gfsr4**: GSL seeds these from 32 bits and maps seed 0 to a default,
///   so seeds are assigned, not hashed: `h` = the low 32 bits of SplitMix64(seed), index =
///   replication * 256 + purpose, GSL seed = 1 + (h + index) mod (2^32 - 1). Seeds of one run are
///   distinct and never 0 for purpose < 256 and replication < 2^24, so no two streams start in the
///   same state; that their sequences never overlap is probable (given the periods) but not proven.
public struct StreamSeeder: Sendable, Hashable {
    public let seed: UInt64
    public let generator: GeneratorKind

    /// The largest number of purposes the 32-bit seeding scheme separates.
    public static let purposeLimit = 256
    /// The largest number of replications the 32-bit seeding scheme separates.
    public static let replicationLimit = 1 << 24

    public init(seed: UInt64, generator: GeneratorKind = .default) {
        self.seed = seed
        self.generator = generator
    }

    /// The stream for one purpose in one replication.
    /// - Precondition: `0 <= purpose < 256` and `0 <= replication < 2^24`.
    public func stream(purpose: Int, replication: Int) -> RandomStream {
        precondition((0..<Self.purposeLimit).contains(purpose), "stream purpose \(purpose) out of range")
        precondition((0..<Self.replicationLimit).contains(replication),
                     "replication \(replication) out of range")
        switch generator {
        case .mrg32k3a:
            let state = baseState.jumped(stream: UInt64(purpose), substream: UInt64(replication))
            return RandomStream(mrg32k3aState: state)
        default:
            return RandomStream(generator: generator, seed: gslSeed(purpose: purpose, replication: replication))
        }
    }

    /// The 32-bit seed handed to `gsl_rng_set` for the GSL generators.
    public func gslSeed(purpose: Int, replication: Int) -> UInt32 {
        let h = SplitMix64.mix(seed) & 0xFFFF_FFFF
        let index = UInt64(replication) * UInt64(Self.purposeLimit) + UInt64(purpose)
        return UInt32(1 + (h + index) % 0xFFFF_FFFF)
    }

    /// The MRG32k3a state that stream 0, substream 0 starts from.
    public var baseState: MRG32k3aState {
        var mixer = SplitMix64(state: seed)
        var components: [UInt64] = []
        for i in 0..<6 {
            let m = i < 3 ? MRG32k3aState.m1 : MRG32k3aState.m2
            components.append(1 + mixer.next() % (m - 1))
        }
        return MRG32k3aState(unchecked: components)
    }
}

/// Steele, Lea and Flood's SplitMix64 (OOPSLA 2014): used only to expand a seed, never to draw.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
