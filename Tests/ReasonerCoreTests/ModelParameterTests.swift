// ParameterStore layout and LlamaModel construction: names/shapes from the config, round trip through
// exportWeights, field-naming errors for missing, extra and mis-shaped tensors, and the activation
// memory figure for SmolLM2-135M at 8 × 512 (printed; checked against the per-layer formula).
import Testing

@testable import ReasonerCore

struct ModelParameterTests {
  static let smolLM2 = LlamaConfig.smolLM2_135M
  static let smolLM2Inline = LlamaConfig(
    vocabSize: 49152, hiddenSize: 576, intermediateSize: 1536, numHiddenLayers: 30, numAttentionHeads: 9,
    numKeyValueHeads: 3, maxPositionEmbeddings: 8192, rmsNormEps: 1e-5, ropeTheta: 100000)

  @Test func smolLM2LayoutHasTheRealParameterCount() {
    #expect(Self.smolLM2.parameterLayout == Self.smolLM2Inline.parameterLayout)
    let layout = Self.smolLM2.parameterLayout
    #expect(layout.totalCount == 134_515_008, "SmolLM2-135M has 134,515,008 parameters")
    #expect(layout.entry("model.layers.29.mlp.down_proj.weight")?.shape == [576, 1536])
    #expect(layout.entry("model.layers.0.self_attn.k_proj.weight")?.shape == [192, 576])
    #expect(layout.entry("lm_head.weight") == nil, "tied head has no lm_head tensor")
    #expect(ParameterStore.isNormOrBias("model.layers.3.post_attention_layernorm.weight"))
    #expect(ParameterStore.isNormOrBias("model.layers.3.self_attn.q_proj.bias"))
    #expect(!ParameterStore.isNormOrBias("model.layers.3.self_attn.q_proj.weight"))
  }

  @Test func exportThenLoadRoundTrips() throws {
    let model = TinyModels.model(TinyModels.biasedUntied, seed: 1)
    let copy = try LlamaModel(config: TinyModels.biasedUntied, weights: model.exportWeights())
    #expect(Array(copy.parameters.storage) == Array(model.parameters.storage))
  }

  @Test func badWeightsNameTheTensor() throws {
    let config = TinyModels.plain
    let good = LlamaModel.randomInit(config: config, seed: 2).exportWeights()
    func message(_ weights: [String: HostTensor]) -> String {
      do { _ = try LlamaModel(config: config, weights: weights) } catch { return "\(error)" }
      return "no error"
    }
    var missing = good
    missing["model.layers.1.mlp.up_proj.weight"] = nil
    #expect(message(missing).contains("missing tensors model.layers.1.mlp.up_proj.weight"))
    var extra = good
    extra["lm_head.weight"] = HostTensor(shape: [1], data: [0])
    #expect(message(extra).contains("unexpected tensors lm_head.weight"))
    var misshaped = good
    misshaped["model.layers.0.self_attn.k_proj.weight"] = HostTensor(shape: [64, 64], data: .init(repeating: 0, count: 4096))
    let m = message(misshaped)
    #expect(m.contains("'model.layers.0.self_attn.k_proj.weight' has shape [64, 64], expected [32, 64]"), "\(m)")
  }

  @Test func activationMemoryForSmolLM2At8x512() {
    let bytes = LlamaModel.activationBytes(config: Self.smolLM2, batchSize: 8, sequenceLength: 512)
    // Per layer and token: x, x2 (C each), 2 rstd, qkv (960), lse (9), attention (576), gate|up (3072).
    let perLayer = 4096 * (576 * 2 + 2 + 960 + 9 + 576 + 3072) * 4
    print("activation memory, SmolLM2-135M 8×512: \(bytes / 1_048_576) MiB (\(perLayer / 1_048_576) MiB per layer kept)")
    #expect(bytes > 30 * perLayer && bytes < 30 * perLayer + 400 * 1_048_576)
  }

  @Test func batchWithBadTokenIsRejected() throws {
    let model = LlamaModel.randomInit(config: TinyModels.plain, seed: 1)
    let batch = try TrainingBatch(tokens: [1, 2, 300, 4], batchSize: 2, sequenceLength: 2)
    #expect(throws: ReasonerError.self) { try model.check(batch) }
    #expect(throws: ReasonerError.self) { try TrainingBatch(tokens: [1, 2, 3], batchSize: 2, sequenceLength: 2) }
  }
}
