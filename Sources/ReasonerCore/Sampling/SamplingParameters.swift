// SamplingParameters: how completions are drawn (temperature, top-k, top-p, min-p, length, seed, stops),
// with a throwing validate() whose messages name the field. Tested in SamplingValidationTests.swift.

/// The knobs of one generation run. Defaults are "plain sampling at τ = 1": every filter off.
///
/// Processing order of a logits row (see `TokenSampler`): temperature → top-k → top-p → min-p
/// (Hugging Face transformers' warper order); each filter sees the distribution renormalised over the
/// survivors of the previous ones. `temperature == 0` means greedy (argmax, ties → lowest id), and
/// then the filters do not matter (the argmax survives all of them).
public struct SamplingParameters: Sendable, Equatable {
  /// τ ≥ 0. Logits are divided by τ before the softmax; 0 means greedy.
  public var temperature: Float
  /// Keep only the k most probable tokens; 0 turns the filter off.
  public var topK: Int
  /// Keep the smallest set of most probable tokens whose probability reaches p; 1 turns it off.
  public var topP: Float
  /// Keep tokens whose probability is at least minP × the largest probability; 0 turns it off.
  public var minP: Float
  /// The most tokens sampled per completion (stop tokens included).
  public var maxNewTokens: Int
  /// The run's seed; each completion draws from `samplingStream(seed:promptIndex:sampleIndex:)`.
  public var seed: UInt64
  /// Token ids that end a completion (EOS, end-of-turn). The stop token is kept in `tokenIDs`.
  public var stopTokenIDs: [Int32]
  /// Strings that end a completion once they appear in its decoded text (needs a detokenizer).
  public var stopStrings: [String]

  public init(temperature: Float = 1, topK: Int = 0, topP: Float = 1, minP: Float = 0,
              maxNewTokens: Int = 256, seed: UInt64 = 0, stopTokenIDs: [Int32] = [],
              stopStrings: [String] = []) {
    self.temperature = temperature
    self.topK = topK
    self.topP = topP
    self.minP = minP
    self.maxNewTokens = maxNewTokens
    self.seed = seed
    self.stopTokenIDs = stopTokenIDs
    self.stopStrings = stopStrings
  }

  /// Checks every field; the error names the field, its value and what was expected.
  public func validate() throws {
    func bad(_ field: String, _ value: Any, _ expected: String) -> ReasonerError {
      ReasonerError(.invalidArgument, "sampling parameter \(field) = \(value): expected \(expected)")
    }
    if !(temperature.isFinite && temperature >= 0) {
      throw bad("temperature", temperature, "a finite value ≥ 0 (0 means greedy)")
    }
    if topK < 0 { throw bad("topK", topK, "≥ 0 (0 turns top-k off)") }
    if !(topP > 0 && topP <= 1) { throw bad("topP", topP, "a value in (0, 1] (1 turns top-p off)") }
    if !(minP >= 0 && minP <= 1) { throw bad("minP", minP, "a value in [0, 1] (0 turns min-p off)") }
    if maxNewTokens < 1 { throw bad("maxNewTokens", maxNewTokens, "≥ 1") }
    if let empty = stopStrings.firstIndex(where: \.isEmpty) {
      throw bad("stopStrings[\(empty)]", "\"\"", "a non-empty string")
    }
  }
}
