// The results of generation: one Completion per (prompt, sample), why it ended, and the progress
// reports sent while decoding. Tested in GenerationTests.swift.

/// Why a completion ended: a stop token or stop string (`stop`), or `maxNewTokens` reached (`length`).
public enum FinishReason: String, Sendable, Codable, Equatable {
  case stop
  case length
}

/// What stopped a completion that finished with `.stop`.
public enum StopCause: Sendable, Equatable {
  /// A token of `stopTokenIDs`; it is the last entry of `tokenIDs`.
  case token(Int32)
  /// A stop string appeared in the decoded text; the token that completed it is the last entry of
  /// `tokenIDs`.
  case string(String)
}

/// One sampled continuation.
///
/// `tokenIDs` and `logprobs` are exactly what was sampled, stop token included: the RL trainer scores
/// and trains on these. `logprobs[t]` = log softmax(logits/τ)[tokenIDs[t]] over the full vocabulary
/// (τ = 1 when greedy), see `SampledToken`. `text` (present when a detokenizer was given) is the decoded
/// completion without a final stop token and cut just before the first occurrence of the stop string.
public struct Completion: Sendable, Equatable {
  public var promptIndex: Int
  public var sampleIndex: Int
  public var tokenIDs: [Int32]
  /// [tokenIDs.count]
  public var logprobs: [Float]
  public var finishReason: FinishReason
  public var stopCause: StopCause?
  public var text: String?

  public init(promptIndex: Int, sampleIndex: Int, tokenIDs: [Int32] = [], logprobs: [Float] = [],
              finishReason: FinishReason = .length, stopCause: StopCause? = nil, text: String? = nil) {
    self.promptIndex = promptIndex
    self.sampleIndex = sampleIndex
    self.tokenIDs = tokenIDs
    self.logprobs = logprobs
    self.finishReason = finishReason
    self.stopCause = stopCause
    self.text = text
  }
}

/// Sent after every decode step.
public struct GenerationProgress: Sendable, Equatable {
  /// Tokens sampled so far over all completions (of all chunks).
  public var generatedTokens: Int
  /// Completions that have finished.
  public var finishedCompletions: Int
  /// prompts × samples per prompt.
  public var totalCompletions: Int
}
