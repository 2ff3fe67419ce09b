// TokenSampler: the processor pipeline for one SamplingParameters, applied to one logits row to draw a
// token and its log-probability. Tested in SamplingDistributionTests.swift (chi-square, greedy,
// log-probabilities against a Double log-softmax).

/// A sampled token and its log-probability log π_τ(token) = log softmax(logits/τ)[token] over the FULL
/// vocabulary (before top-k/top-p/min-p), i.e. the distribution the RL trainer's own forward computes.
/// For greedy (τ = 0) it is the τ = 1 log-probability. With filters on, it is not the log-probability
/// of the truncated distribution the token was drawn from.
public struct SampledToken: Sendable, Equatable {
  public var id: Int32
  public var logprob: Float

  public init(id: Int32, logprob: Float) {
    self.id = id
    self.logprob = logprob
  }
}

/// Draws tokens from logits rows. Pipeline order: temperature → top-k → top-p → min-p (transformers'
/// order); filters that are off are left out, and greedy rows skip the filters.
public struct TokenSampler: Sendable {
  public let pipeline: [any LogitsProcessor]

  public init(parameters: SamplingParameters) throws {
    try parameters.validate()
    var steps: [any LogitsProcessor] = [try TemperatureProcessor(temperature: parameters.temperature)]
    if parameters.temperature > 0 {
      if parameters.topK > 0 { steps.append(try TopKProcessor(k: parameters.topK)) }
      if parameters.topP < 1 { steps.append(try TopPProcessor(p: parameters.topP)) }
      if parameters.minP > 0 { steps.append(try MinPProcessor(minP: parameters.minP)) }
    }
    pipeline = steps
  }

  /// Runs the pipeline on `logits` [V] (V = workspace.vocabularySize) and draws with `uniform` ∈ [0, 1).
  /// Throws when the row holds NaN or +∞, or no finite value.
  public func sample(logits: UnsafePointer<Float>, uniform: Double, workspace: SamplerWorkspace) throws
    -> SampledToken
  {
    var candidates = TokenCandidates(logits: logits, workspace: workspace)
    for step in pipeline { step.process(&candidates) }
    guard candidates.isFinite else {
      throw ReasonerError(
        .numerical,
        "logits row of width \(workspace.vocabularySize) holds NaN or +∞, or no finite value "
          + "(max \(candidates.maxLogit), normaliser \(candidates.totalWeight))")
    }
    let id = candidates.draw(uniform: uniform)
    return SampledToken(id: id, logprob: candidates.logProbability(of: id))
  }
}
