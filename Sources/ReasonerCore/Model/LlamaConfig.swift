// LlamaConfig: the shape of a Llama-family model (Llama, SmolLM2, Qwen2), read from HF config.json or GGUF
// metadata. Tested in Tests/ReasonerCoreTests/LlamaConfigTests.swift (round-trip, field-named errors).
//
// Shape legend used across the core: B batch, T time, C channels (hiddenSize), H heads, KVH kv heads,
// D head dim, F feed-forward width, V vocab, L layers.

/// Hyper-parameters of a Llama-family causal LM. Keys are Hugging Face `config.json`'s.
public struct LlamaConfig: Codable, Equatable, Sendable {
  public var vocabSize: Int
  public var hiddenSize: Int
  public var intermediateSize: Int
  public var numHiddenLayers: Int
  public var numAttentionHeads: Int
  public var numKeyValueHeads: Int
  public var headDim: Int?
  public var maxPositionEmbeddings: Int
  public var rmsNormEps: Float
  public var ropeTheta: Float
  public var tieWordEmbeddings: Bool
  /// Qwen2 has biases on the q/k/v projections; Llama does not.
  public var attentionBias: Bool
  public var bosTokenId: Int?
  public var eosTokenId: Int?
  /// "llama" or "qwen2"; decides the `architectures` field written into checkpoints.
  public var modelType: String

  enum CodingKeys: String, CodingKey {
    case vocabSize = "vocab_size", hiddenSize = "hidden_size", intermediateSize = "intermediate_size"
    case numHiddenLayers = "num_hidden_layers", numAttentionHeads = "num_attention_heads"
    case numKeyValueHeads = "num_key_value_heads", headDim = "head_dim"
    case maxPositionEmbeddings = "max_position_embeddings", rmsNormEps = "rms_norm_eps"
    case ropeTheta = "rope_theta", tieWordEmbeddings = "tie_word_embeddings"
    case attentionBias = "attention_bias", bosTokenId = "bos_token_id", eosTokenId = "eos_token_id"
    case modelType = "model_type"
    case ropeParameters = "rope_parameters"
  }

  /// transformers ≥ 5 writes `rope_parameters: {rope_theta, rope_type}` instead of a top-level `rope_theta`.
  struct RopeParameters: Codable {
    var ropeTheta: Float?
    enum CodingKeys: String, CodingKey { case ropeTheta = "rope_theta" }
  }

  public init(
    vocabSize: Int, hiddenSize: Int, intermediateSize: Int, numHiddenLayers: Int,
    numAttentionHeads: Int, numKeyValueHeads: Int, headDim: Int? = nil,
    maxPositionEmbeddings: Int = 2048, rmsNormEps: Float = 1e-5, ropeTheta: Float = 10000,
    tieWordEmbeddings: Bool = true, attentionBias: Bool = false, bosTokenId: Int? = nil,
    eosTokenId: Int? = nil, modelType: String = "llama"
  ) {
    self.vocabSize = vocabSize
    self.hiddenSize = hiddenSize
    self.intermediateSize = intermediateSize
    self.numHiddenLayers = numHiddenLayers
    self.numAttentionHeads = numAttentionHeads
    self.numKeyValueHeads = numKeyValueHeads
    self.headDim = headDim
    self.maxPositionEmbeddings = maxPositionEmbeddings
    self.rmsNormEps = rmsNormEps
    self.ropeTheta = ropeTheta
    self.tieWordEmbeddings = tieWordEmbeddings
    self.attentionBias = attentionBias
    self.bosTokenId = bosTokenId
    self.eosTokenId = eosTokenId
    self.modelType = modelType
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    vocabSize = try c.decode(Int.self, forKey: .vocabSize)
    hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
    intermediateSize = try c.decode(Int.self, forKey: .intermediateSize)
    numHiddenLayers = try c.decode(Int.self, forKey: .numHiddenLayers)
    numAttentionHeads = try c.decode(Int.self, forKey: .numAttentionHeads)
    numKeyValueHeads =
      try c.decodeIfPresent(Int.self, forKey: .numKeyValueHeads) ?? numAttentionHeads
    headDim = try c.decodeIfPresent(Int.self, forKey: .headDim)
    maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 2048
    rmsNormEps = try c.decodeIfPresent(Float.self, forKey: .rmsNormEps) ?? 1e-6
    ropeTheta =
      try c.decodeIfPresent(Float.self, forKey: .ropeTheta)
      ?? (try? c.decodeIfPresent(RopeParameters.self, forKey: .ropeParameters))??.ropeTheta ?? 10000
    tieWordEmbeddings = try c.decodeIfPresent(Bool.self, forKey: .tieWordEmbeddings) ?? false
    modelType = try c.decodeIfPresent(String.self, forKey: .modelType) ?? "llama"
    attentionBias =
      try c.decodeIfPresent(Bool.self, forKey: .attentionBias) ?? (modelType == "qwen2")
    bosTokenId = try? c.decodeIfPresent(Int.self, forKey: .bosTokenId)
    // eos_token_id may be a list (Llama 3): the first one is the model's end of turn.
    eosTokenId =
      (try? c.decodeIfPresent(Int.self, forKey: .eosTokenId))
      ?? (try? c.decodeIfPresent([Int].self, forKey: .eosTokenId))??.first
  }

  /// Writes HF keys; rope theta both top-level (transformers < 5) and in `rope_parameters` (≥ 5).
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(vocabSize, forKey: .vocabSize)
    try c.encode(hiddenSize, forKey: .hiddenSize)
    try c.encode(intermediateSize, forKey: .intermediateSize)
    try c.encode(numHiddenLayers, forKey: .numHiddenLayers)
    try c.encode(numAttentionHeads, forKey: .numAttentionHeads)
    try c.encode(numKeyValueHeads, forKey: .numKeyValueHeads)
    try c.encode(headDimension, forKey: .headDim)
    try c.encode(maxPositionEmbeddings, forKey: .maxPositionEmbeddings)
    try c.encode(rmsNormEps, forKey: .rmsNormEps)
    try c.encode(ropeTheta, forKey: .ropeTheta)
    try c.encode(RopeParameters(ropeTheta: ropeTheta), forKey: .ropeParameters)
    try c.encode(tieWordEmbeddings, forKey: .tieWordEmbeddings)
    try c.encode(attentionBias, forKey: .attentionBias)
    try c.encodeIfPresent(bosTokenId, forKey: .bosTokenId)
    try c.encodeIfPresent(eosTokenId, forKey: .eosTokenId)
    try c.encode(modelType, forKey: .modelType)
  }

  /// D: width of one attention head.
  public var headDimension: Int { headDim ?? hiddenSize / numAttentionHeads }
  /// H / KVH: query heads sharing one key/value head.
  public var groupSize: Int { numAttentionHeads / numKeyValueHeads }

  /// Checks every field a forward pass relies on; the message names the field and what was expected.
  public func validate() throws {
    func need(_ ok: Bool, _ field: String, _ expected: String, _ got: Any) throws {
      if !ok {
        throw ReasonerError(.invalidArgument, "config field '\(field)': expected \(expected), got \(got)")
      }
    }
    try need(vocabSize > 0, "vocab_size", "> 0", vocabSize)
    try need(hiddenSize > 0, "hidden_size", "> 0", hiddenSize)
    try need(intermediateSize > 0, "intermediate_size", "> 0", intermediateSize)
    try need(numHiddenLayers > 0, "num_hidden_layers", "> 0", numHiddenLayers)
    try need(numAttentionHeads > 0, "num_attention_heads", "> 0", numAttentionHeads)
    try need(
      numKeyValueHeads > 0 && numAttentionHeads % numKeyValueHeads == 0, "num_key_value_heads",
      "a divisor of num_attention_heads (\(numAttentionHeads))", numKeyValueHeads)
    try need(
      headDimension > 0 && headDimension % 2 == 0, "head_dim", "a positive even number",
      headDimension)
    try need(
      headDim != nil || hiddenSize % numAttentionHeads == 0, "hidden_size",
      "a multiple of num_attention_heads (\(numAttentionHeads))", hiddenSize)
    try need(maxPositionEmbeddings > 0, "max_position_embeddings", "> 0", maxPositionEmbeddings)
    try need(rmsNormEps > 0 && rmsNormEps.isFinite, "rms_norm_eps", "a positive number", rmsNormEps)
    try need(ropeTheta > 0 && ropeTheta.isFinite, "rope_theta", "a positive number", ropeTheta)
  }
}
