// The settings of an evaluation or filter run, validated with messages naming the field, and recorded
// in OUT/results.json. Tested in Tests/ReasonerCoreTests/EvaluatorTests.swift (bad settings).

public struct EvaluationConfig: Equatable, Sendable, Codable {
  public var model: String
  public var data: String
  /// k ≥ 1 (1 when greedy).
  public var samples: Int
  /// τ ≥ 0; 0 is greedy.
  public var temperature: Double
  public var topP: Double
  /// The generation length; with budgets it must be ≥ the largest one.
  public var maxNewTokens: Int
  public var seed: UInt64
  public var limit: Int?
  /// Increasing, each in 1…maxNewTokens.
  public var budgets: [Int]
  /// "chat" or a text with {problem} (RLTextCodec).
  public var promptTemplate: String
  /// "fp32" (default) or "bf16": how decode's linear layers read the weights (DecodeWeightPrecision).
  public var decodeWeights: String = DecodeWeightPrecision.fp32.rawValue

  public init(model: String, data: String, samples: Int, temperature: Double, topP: Double = 1,
              maxNewTokens: Int, seed: UInt64 = 0, limit: Int? = nil, budgets: [Int] = [],
              promptTemplate: String = "chat") {
    self.model = model
    self.data = data
    self.samples = samples
    self.temperature = temperature
    self.topP = topP
    self.maxNewTokens = maxNewTokens
    self.seed = seed
    self.limit = limit
    self.budgets = budgets
    self.promptTemplate = promptTemplate
  }

  enum CodingKeys: String, CodingKey {
    case model, data, samples, temperature, topP = "top_p", maxNewTokens = "max_new_tokens", seed, limit
    case budgets, promptTemplate = "prompt_template", decodeWeights = "decode_weights"
  }

  public var samplingParameters: SamplingParameters {
    SamplingParameters(temperature: Float(temperature), topP: Float(topP), maxNewTokens: maxNewTokens, seed: seed)
  }

  public func validate() throws {
    func bad(_ field: String, _ message: String) -> ReasonerError {
      ReasonerError(.invalidArgument, "\(field): \(message)")
    }
    if samples < 1 { throw bad("samples", "expected at least 1, got \(samples)") }
    if !(temperature.isFinite && temperature >= 0) {
      throw bad("temperature", "expected a finite value ≥ 0 (0 is greedy), got \(temperature)")
    }
    if temperature == 0 && samples > 1 {
      throw bad("samples", "greedy decoding (temperature 0) gives the same response every time: expected "
                  + "samples 1, got \(samples) (use a temperature > 0 to average over samples)")
    }
    if !(topP > 0 && topP <= 1) { throw bad("top-p", "expected a value in (0, 1], got \(topP)") }
    if maxNewTokens < 1 { throw bad("max-new-tokens", "expected at least 1, got \(maxNewTokens)") }
    if let limit, limit < 1 { throw bad("limit", "expected at least 1, got \(limit)") }
    for (i, b) in budgets.enumerated() {
      if b < 1 || b > maxNewTokens {
        throw bad("budgets", "expected each budget in 1…max-new-tokens (\(maxNewTokens)), got \(b)")
      }
      if i > 0 && b <= budgets[i - 1] { throw bad("budgets", "expected increasing budgets, got \(budgets)") }
    }
    if DecodeWeightPrecision(rawValue: decodeWeights) == nil {
      throw bad("decode-weights", "expected fp32 or bf16, got \"\(decodeWeights)\"")
    }
    if !(promptTemplate == "chat" || promptTemplate.contains("{problem}")) {
      throw bad("prompt-template", "expected \"chat\" or a text containing {problem}, got \"\(promptTemplate)\"")
    }
  }
}
