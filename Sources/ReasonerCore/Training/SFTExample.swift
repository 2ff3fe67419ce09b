// SFT examples: a prompt and a completion as one token row whose loss covers the completion only, and the
// in-memory dataset built from (prompt, completion) token pairs with truncation to the sequence length.
// Tested in Tests/ReasonerCoreTests/SFTDataTests.swift.

/// One training row: `tokens` [T_i ≤ seq-len] = prompt then completion; the loss counts the completion tokens
/// (positions ≥ `completionStart`), each predicted from the position before it.
public struct SFTExample: Sendable, Equatable {
  public let tokens: [Int32]
  /// Index of the first completion token (= prompt length); ≥ 1 so every completion token has a predictor.
  public let completionStart: Int

  public init(tokens: [Int32], completionStart: Int) {
    self.tokens = tokens
    self.completionStart = completionStart
  }

  /// Number of tokens the loss counts.
  public var lossTokenCount: Int { tokens.count - completionStart }
}

/// Examples ready for training, plus what was cut to fit them.
public struct SFTDataset: Sendable {
  public let examples: [SFTExample]
  public let sequenceLength: Int
  /// Records whose completion was cut at the end to fit `sequenceLength`.
  public let truncatedCount: Int
  /// Records dropped: the prompt alone fills the sequence length, or a field was null (JSONL only).
  public let droppedCount: Int

  public init(examples: [SFTExample], sequenceLength: Int, truncatedCount: Int, droppedCount: Int) {
    self.examples = examples
    self.sequenceLength = sequenceLength
    self.truncatedCount = truncatedCount
    self.droppedCount = droppedCount
  }

  /// The in-memory entry point: each pair becomes prompt + completion (append the end-of-turn/EOS token to
  /// `completion` yourself, or pass `endToken`). A pair longer than `sequenceLength` keeps its prompt and
  /// loses the end of its completion (counted in `truncatedCount`); a prompt of ≥ `sequenceLength` tokens
  /// leaves no completion token and the pair is dropped (`droppedCount`). Throws on an empty result, an
  /// empty prompt (nothing would predict the first completion token), an empty completion or seq-len < 2.
  public init(pairs: [(prompt: [Int32], completion: [Int32])], sequenceLength: Int, endToken: Int32? = nil)
    throws
  {
    guard sequenceLength >= 2 else {
      throw ReasonerError(.invalidArgument, "seq-len: expected ≥ 2 tokens, got \(sequenceLength)")
    }
    var examples: [SFTExample] = []
    var truncated = 0, dropped = 0
    for (i, pair) in pairs.enumerated() {
      guard !pair.prompt.isEmpty else {
        throw ReasonerError(.invalidArgument, "SFT pair \(i): empty prompt (the first completion token needs a predictor)")
      }
      let completion = pair.completion + (endToken.map { [$0] } ?? [])
      guard !completion.isEmpty else {
        throw ReasonerError(.invalidArgument, "SFT pair \(i): empty completion (no token to learn)")
      }
      guard pair.prompt.count < sequenceLength else {
        dropped += 1
        continue
      }
      let room = sequenceLength - pair.prompt.count
      if completion.count > room { truncated += 1 }
      examples.append(SFTExample(tokens: pair.prompt + completion.prefix(room), completionStart: pair.prompt.count))
    }
    guard !examples.isEmpty else {
      throw ReasonerError(
        .invalidArgument,
        "SFT data: no usable examples (\(pairs.count) given, \(dropped) with a prompt of ≥ seq-len \(sequenceLength) tokens)")
    }
    self.init(examples: examples, sequenceLength: sequenceLength, truncatedCount: truncated, droppedCount: dropped)
  }
}
