// RandomStream.swift: one owned GSL generator, the source of every random draw in DispatchSim.

internal import CGSL

/// A stream of uniform random numbers from one GSL generator, which it owns and frees.
///
/// A stream is a value you pass to whoever draws from it; it is never global and never shared
/// across threads (it is deliberately not `Sendable`). Streams for a simulation run come from a
/// ``StreamSeeder``, which gives each replication and each purpose its own stream.
public final class RandomStream {
    let rng: UnsafeMutablePointer<gsl_rng>

    /// The generator behind this stream.
    public let generator: GeneratorKind

    /// A stream of `generator` seeded through `gsl_rng_set`, exactly as GSL's own test vectors are.
    ///
    /// GSL uses only the low 32 bits of the seed for most generators, and replaces seed 0 by the
    /// generator's default seed (4357 for mt19937 and gfsr4, 1 for taus2 and ranlxd2; for mrg32k3a,
    /// seed 0 is L'Ecuyer's default state of six times 12345). Simulations should get their
    /// streams from a ``StreamSeeder``, which avoids these collisions.
    public init(generator: GeneratorKind = .default, seed: UInt32) {
        _ = gslReady
        guard let rng = gsl_rng_alloc(generator.gslType) else {
            fatalError("gsl_rng_alloc failed for \(generator): out of memory")
        }
        self.rng = rng
        self.generator = generator
        gsl_rng_set(rng, UInt(seed))
    }

    /// An MRG32k3a stream starting at the given state (six components, RngStream order).
    init(mrg32k3aState state: MRG32k3aState) {
        _ = gslReady
        guard let rng = gsl_rng_alloc(GeneratorKind.mrg32k3a.gslType) else {
            fatalError("gsl_rng_alloc failed for mrg32k3a: out of memory")
        }
        self.rng = rng
        self.generator = .mrg32k3a
        let components: [Double] = state.components.map { Double($0) }
        let status = components.withUnsafeBufferPointer { dsim_mrg32k3a_set_state(rng, $0.baseAddress) }
        precondition(status == GSL_SUCCESS, "MRG32k3a state could not be set")
    }

    deinit {
        gsl_rng_free(rng)
    }

    /// The generator's name as GSL reports it.
    public var gslName: String { String(cString: rng.pointee.type.pointee.name) }

    /// The next raw integer from the generator (`gsl_rng_get`), in `rawRange`.
    public func nextRaw() -> UInt {
        gsl_rng_get(rng)
    }

    /// The range of `nextRaw()` (`gsl_rng_min` ... `gsl_rng_max`).
    public var rawRange: ClosedRange<UInt> { gsl_rng_min(rng)...gsl_rng_max(rng) }

    /// A uniform number in [0, 1) (`gsl_rng_uniform`).
    public func uniform() -> Double {
        gsl_rng_uniform(rng)
    }

    /// A uniform number in (0, 1) (`gsl_rng_uniform_pos`).
    public func uniformPositive() -> Double {
        gsl_rng_uniform_pos(rng)
    }

    /// The current state of an MRG32k3a stream, or nil for other generators.
    public var mrg32k3aState: MRG32k3aState? {
        var buffer = [Double](repeating: 0, count: 6)
        let status = buffer.withUnsafeMutableBufferPointer { dsim_mrg32k3a_get_state(rng, $0.baseAddress) }
        guard status == GSL_SUCCESS else { return nil }
        return MRG32k3aState(unchecked: buffer.map { UInt64($0) })
    }
}
