// GeneratorKind.swift: the GSL uniform generators a run can be asked to use, by name.

internal import CGSL

/// A uniform random number generator from GSL, chosen by name in scenario files (`generator:`).
///
/// `mrg32k3a` (the default) is L'Ecuyer's combined multiple recursive generator, period about
/// 2^191, exposed to GSL as a generator type of this project's; it is the only one that supports
/// provably disjoint streams and substreams, so every run uses it unless told otherwise. The others
/// are GSL's own: `mt19937` (Matsumoto and Nishimura's Mersenne Twister), `taus2` (L'Ecuyer's
/// maximally equidistributed Tausworthe), `ranlxd2` (Lüscher's RANLUX, double precision, highest
/// luxury) and `gfsr4` (Ziff's four-tap shift register).
public enum GeneratorKind: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case mrg32k3a
    case mt19937
    case taus2
    case ranlxd2
    case gfsr4

    /// The generator every run uses unless a scenario names another.
    public static let `default`: GeneratorKind = .mrg32k3a

    public var description: String { rawValue }

    /// Whether streams of this generator are provably disjoint (L'Ecuyer jump-ahead).
    public var hasDisjointStreams: Bool { self == .mrg32k3a }

    var gslType: UnsafePointer<gsl_rng_type> {
        switch self {
        case .mrg32k3a: return dsim_rng_type_mrg32k3a()
        case .mt19937: return dsim_rng_type_mt19937()
        case .taus2: return dsim_rng_type_taus2()
        case .ranlxd2: return dsim_rng_type_ranlxd2()
        case .gfsr4: return dsim_rng_type_gfsr4()
        }
    }
}
