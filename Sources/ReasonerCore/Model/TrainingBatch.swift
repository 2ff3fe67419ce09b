// TrainingBatch: a [B, T] block of token ids, right-padded, positions 0..T−1 in every row.
// Tested in Tests/ReasonerCoreTests/ModelGradientTests.swift.

public struct TrainingBatch: Sendable, Equatable {
  /// [B, T] row-major token ids; padding ids must still be valid ids (the loss masks them).
  public let tokens: [Int32]
  public let batchSize: Int
  public let sequenceLength: Int

  public init(tokens: [Int32], batchSize: Int, sequenceLength: Int) throws {
    guard batchSize > 0, sequenceLength > 0 else {
      throw ReasonerError(
        .invalidArgument,
        "training batch: batch size \(batchSize) and sequence length \(sequenceLength) must be > 0")
    }
    guard tokens.count == batchSize * sequenceLength else {
      throw ReasonerError(
        .invalidArgument,
        "training batch: \(tokens.count) tokens, expected \(batchSize)×\(sequenceLength)")
    }
    self.tokens = tokens
    self.batchSize = batchSize
    self.sequenceLength = sequenceLength
  }

  public var rowCount: Int { batchSize * sequenceLength }
}

extension LlamaModel {
  /// Throws when a token id is outside the vocabulary or the sequence is longer than the context.
  public func check(_ batch: TrainingBatch) throws {
    if batch.sequenceLength > config.maxPositionEmbeddings {
      throw ReasonerError(
        .invalidArgument,
        "training batch: sequence length \(batch.sequenceLength) exceeds the context "
          + "(max_position_embeddings \(config.maxPositionEmbeddings))")
    }
    if let i = batch.tokens.firstIndex(where: { $0 < 0 || Int($0) >= config.vocabSize }) {
      throw ReasonerError(
        .invalidArgument,
        "training batch: token \(batch.tokens[i]) at row \(i / batch.sequenceLength), position "
          + "\(i % batch.sequenceLength) is outside the vocabulary 0..<\(config.vocabSize)")
    }
  }
}
