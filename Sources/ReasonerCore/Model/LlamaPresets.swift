// Named configurations for benchmarks and tests that need a real model's shape without its weights.
// Tested in Tests/ReasonerCoreTests/ModelParameterTests.swift (parameter count of SmolLM2-135M).

extension LlamaConfig {
  /// SmolLM2-135M(-Instruct): 30 layers, width 576, 9 heads / 3 KV heads, tied head, 134.5 M parameters.
  public static let smolLM2_135M = LlamaConfig(
    vocabSize: 49152, hiddenSize: 576, intermediateSize: 1536, numHiddenLayers: 30, numAttentionHeads: 9,
    numKeyValueHeads: 3, maxPositionEmbeddings: 8192, rmsNormEps: 1e-5, ropeTheta: 100000,
    tieWordEmbeddings: true, bosTokenId: 1, eosTokenId: 2)

  /// Presets by the name the CLI accepts.
  public static func preset(named name: String) throws -> LlamaConfig {
    switch name {
    case "smollm2-135m": return smolLM2_135M
    default:
      throw ReasonerError(.invalidArgument, "unknown preset '\(name)' (known: smollm2-135m)")
    }
  }
}
