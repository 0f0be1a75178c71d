// MRG32k3a.swift: L'Ecuyer's stream and substream jump-ahead for the MRG32k3a generator.
//
// The generator's two component recurrences are linear: x1[n] = A1 x1[n-1] mod m1 and
// x2[n] = A2 x2[n-1] mod m2 with 3x3 matrices A1, A2. Jumping ahead 2^e steps multiplies by
// A^(2^e) mod m, computed here by repeated squaring in exact 64-bit integer arithmetic. Streams are
// 2^127 steps apart and substreams 2^76 apart, as in L'Ecuyer, Simard, Chen and Kelton, "An
// object-oriented random-number package with many long streams and substreams", Operations
// Research 50(6), 2002. Tests check the matrices against the constants published with RngStream.c.

/// The six state components of an MRG32k3a generator, in RngStream's order: x1[n-3], x1[n-2],
/// x1[n-1], then the same for x2. A valid state has the first three in [0, m1), the last three in
/// [0, m2), and neither triple all zero.
public struct MRG32k3aState: Hashable, Sendable, CustomStringConvertible {
    public static let m1: UInt64 = 4_294_967_087
    public static let m2: UInt64 = 4_294_944_443

    public let components: [UInt64]

    /// L'Ecuyer's default initial state: 12345 six times.
    public static let lecuyerDefault = MRG32k3aState(unchecked: Array(repeating: 12345, count: 6))

    /// A state from six components, or nil when they do not form a valid state.
    public init?(_ components: [UInt64]) {
        guard components.count == 6,
              components[0..<3].allSatisfy({ $0 < Self.m1 }),
              components[3..<6].allSatisfy({ $0 < Self.m2 }),
              components[0..<3].contains(where: { $0 != 0 }),
              components[3..<6].contains(where: { $0 != 0 })
        else { return nil }
        self.components = components
    }

    init(unchecked components: [UInt64]) {
        self.components = components
    }

    public var description: String { components.map(String.init).joined(separator: ",") }

    /// This state advanced by `count` steps of `jump` (a stream or substream jump).
    func advanced(by jump: MRG32k3aJump, times count: UInt64) -> MRG32k3aState {
        let (p1, p2) = jump.power(count)
        let x1 = p1.apply(Array(components[0..<3]))
        let x2 = p2.apply(Array(components[3..<6]))
        return MRG32k3aState(unchecked: x1 + x2)
    }

    /// The state `2^127 * stream + 2^76 * substream` steps after this one.
    public func jumped(stream: UInt64, substream: UInt64) -> MRG32k3aState {
        advanced(by: .stream, times: stream).advanced(by: .substream, times: substream)
    }
}

/// A 3x3 matrix modulo m, the transition of one MRG32k3a component.
struct ModularMatrix: Equatable {
    var rows: [[UInt64]]
    let modulus: UInt64

    static func identity(modulus: UInt64) -> ModularMatrix {
        ModularMatrix(rows: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], modulus: modulus)
    }

    /// (a * b) mod m for a, b < m < 2^32: the product fits in 64 bits.
    static func mulmod(_ a: UInt64, _ b: UInt64, _ m: UInt64) -> UInt64 { (a * b) % m }

    static func * (lhs: ModularMatrix, rhs: ModularMatrix) -> ModularMatrix {
        let m = lhs.modulus
        var out = [[UInt64]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 {
            for j in 0..<3 {
                var sum: UInt64 = 0
                for k in 0..<3 {
                    sum = (sum + mulmod(lhs.rows[i][k], rhs.rows[k][j], m)) % m
                }
                out[i][j] = sum
            }
        }
        return ModularMatrix(rows: out, modulus: m)
    }

    func apply(_ v: [UInt64]) -> [UInt64] {
        (0..<3).map { i in
            var sum: UInt64 = 0
            for k in 0..<3 { sum = (sum + Self.mulmod(rows[i][k], v[k], modulus)) % modulus }
            return sum
        }
    }

    func power(_ exponent: UInt64) -> ModularMatrix {
        var result = ModularMatrix.identity(modulus: modulus)
        var base = self
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result * base }
            base = base * base
            e >>= 1
        }
        return result
    }

    /// self^(2^e), by e squarings.
    func powerOfTwo(_ e: Int) -> ModularMatrix {
        var m = self
        for _ in 0..<e { m = m * m }
        return m
    }
}

/// A jump of 2^e steps for both components.
struct MRG32k3aJump {
    let a1: ModularMatrix
    let a2: ModularMatrix

    /// One step of the recurrence (L'Ecuyer 1999, Table II): a12 = 1403580, a13 = -810728,
    /// a21 = 527612, a23 = -1370589.
    static let oneStep = MRG32k3aJump(
        a1: ModularMatrix(rows: [[0, 1, 0], [0, 0, 1], [MRG32k3aState.m1 - 810_728, 1_403_580, 0]],
                          modulus: MRG32k3aState.m1),
        a2: ModularMatrix(rows: [[0, 1, 0], [0, 0, 1], [MRG32k3aState.m2 - 1_370_589, 0, 527_612]],
                          modulus: MRG32k3aState.m2))

    static let stream = MRG32k3aJump(a1: oneStep.a1.powerOfTwo(127), a2: oneStep.a2.powerOfTwo(127))
    static let substream = MRG32k3aJump(a1: oneStep.a1.powerOfTwo(76), a2: oneStep.a2.powerOfTwo(76))

    func power(_ count: UInt64) -> (ModularMatrix, ModularMatrix) {
        (a1.power(count), a2.power(count))
    }
}
