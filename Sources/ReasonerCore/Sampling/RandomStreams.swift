// Seeded random streams for sampling: SplitMix64 (seeding) and xoshiro256** (drawing), one independent
// stream per (seed, prompt, sample) so results never depend on batching or thread count.
// Tested in Tests/ReasonerCoreTests/SamplingRandomTests.swift (reference outputs, uniformity, independence).

/// SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference C): used to expand a key into a
/// xoshiro state, as the xoshiro authors recommend.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// xoshiro256** 1.0 (Blackman & Vigna, prng.di.unimi.it/xoshiro256starstar.c): fast, 256-bit state.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
  private var s: (UInt64, UInt64, UInt64, UInt64)

  /// Seeds the four state words from SplitMix64(seed) (never all zero).
  public init(seed: UInt64) {
    var mixer = SplitMix64(seed: seed)
    s = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
  }

  /// Starts from a raw state (must not be all zero): for the reference vectors in the tests.
  public init(state: (UInt64, UInt64, UInt64, UInt64)) {
    precondition(state != (0, 0, 0, 0), "xoshiro256** state must not be all zero")
    s = state
  }

  public mutating func next() -> UInt64 {
    let result = rotateLeft(s.1 &* 5, 7) &* 9
    let t = s.1 << 17
    s.2 ^= s.0
    s.3 ^= s.1
    s.1 ^= s.2
    s.0 ^= s.3
    s.2 ^= t
    s.3 = rotateLeft(s.3, 45)
    return result
  }

  /// A uniform draw in [0, 1) with 53 random bits.
  public mutating func nextUniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  @inline(__always) private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }
}

/// The random stream of one completion: a function of (run seed, prompt index, sample index) only.
/// The three are mixed through SplitMix64 steps so that neighbouring indices give unrelated streams.
public func samplingStream(seed: UInt64, promptIndex: Int, sampleIndex: Int) -> Xoshiro256StarStar {
  func mix(_ x: UInt64) -> UInt64 {
    var generator = SplitMix64(seed: x)
    return generator.next()
  }
  var key = mix(seed)
  key = mix(key ^ UInt64(bitPattern: Int64(promptIndex)))
  key = mix(key ^ (UInt64(bitPattern: Int64(sampleIndex)) &* 0xD1B5_4A32_D192_ED03))
  return Xoshiro256StarStar(seed: key)
}
