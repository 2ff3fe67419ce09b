// SFTMicroBatch: M examples right-padded to the longest of them into a [M, T_mb] TrainingBatch, with
// next-token targets on completion tokens only (prompt and padding rows are −1).
// Tested in Tests/ReasonerCoreTests/SFTDataTests.swift (layout and mask of a hand-built batch).

public struct SFTMicroBatch: Sendable {
  /// [M, T_mb] token ids, T_mb = the longest example; padding uses `paddingToken`.
  public let batch: TrainingBatch
  /// [M·T_mb]: row b·T_mb + t predicts token (b, t+1) when that token is a completion token; else −1.
  public let targets: [Int32]
  /// Tokens that are not padding (prompt + completion), the throughput count.
  public let realTokenCount: Int
  /// Targets ≠ −1, the loss tokens.
  public var lossTokenCount: Int { targets.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }

  public init(examples: [SFTExample], paddingToken: Int32 = 0) throws {
    guard let width = examples.map(\.tokens.count).max(), width > 0 else {
      throw ReasonerError(.invalidArgument, "SFT micro-batch: no examples")
    }
    var tokens = [Int32](repeating: paddingToken, count: examples.count * width)
    var counts = [Bool](repeating: false, count: tokens.count)
    for (b, e) in examples.enumerated() {
      for (t, id) in e.tokens.enumerated() {
        tokens[b * width + t] = id
        counts[b * width + t] = t >= e.completionStart
      }
    }
    batch = try TrainingBatch(tokens: tokens, batchSize: examples.count, sequenceLength: width)
    targets = CrossEntropyLoss.nextTokenTargets(batch: batch, counts: counts)
    realTokenCount = examples.reduce(0) { $0 + $1.tokens.count }
  }
}
