// SamplerWorkspace: the scratch memory of one sampling worker (weights, survivors, block sums), so a
// decode step allocates nothing. Tested through every sampler test (each draw runs on a workspace).

/// Scratch for sampling rows of width V on one thread at a time. Reused across rows and steps.
public final class SamplerWorkspace: @unchecked Sendable {
  /// V: the row width this workspace serves.
  public let vocabularySize: Int
  /// exp((logit − max)/τ) per token [V].
  let weights: UnsafeMutablePointer<Float>
  /// Surviving token ids [V] (only the first `count` are meaningful).
  let ids: UnsafeMutablePointer<Int32>
  /// Survivors as (weight, id) sort keys [V], for top-k/top-p selection (see `heavinessKey`).
  let keys: UnsafeMutablePointer<UInt64>
  /// Σ weights per block of `blockSize` consecutive tokens [⌈V / blockSize⌉], in Double.
  let blockSums: UnsafeMutablePointer<Double>
  /// Tokens per block of `blockSums`: small enough that a draw walks ≤ V/256 + 256 entries.
  static let blockSize = 256

  public init(vocabularySize: Int) {
    precondition(vocabularySize > 0, "SamplerWorkspace: vocabularySize must be > 0")
    self.vocabularySize = vocabularySize
    weights = .allocate(capacity: vocabularySize)
    ids = .allocate(capacity: vocabularySize)
    keys = .allocate(capacity: vocabularySize)
    blockSums = .allocate(capacity: Self.blockCount(vocabularySize))
  }

  static func blockCount(_ vocabularySize: Int) -> Int {
    (vocabularySize + blockSize - 1) / blockSize
  }

  deinit {
    weights.deallocate()
    ids.deallocate()
    keys.deallocate()
    blockSums.deallocate()
  }
}
