// LlamaModel: a Llama-family causal LM (Llama, SmolLM2, Qwen2) whose weights live in one ParameterStore.
// Construction validates every tensor name and shape against the config. Training forward/backward is
// in LlamaModel+Training.swift, KV-cache decoding in LlamaModel+Decoding.swift.
// Tested in Tests/ReasonerCoreTests/ModelForwardTests.swift and ModelParameterTests.swift.
import Foundation
import Synchronization

public final class LlamaModel: Sendable {
  public let config: LlamaConfig
  /// Every weight, HF names (see `LlamaConfig.parameterLayout`).
  public let parameters: ParameterStore
  let dims: ModelDims
  let rotary: RotaryTable
  /// Activations of the last `forwardBackward`, reused by the next one of a fitting shape.
  let trainingWorkspace = Mutex<TrainingActivations?>(nil)

  /// Builds the model from HF-named tensors (loaders hand these over). Throws naming the tensor and the
  /// expected and actual shape, or listing missing and unexpected tensors.
  public convenience init(config: LlamaConfig, weights: [String: HostTensor]) throws {
    try config.validate()
    let layout = config.parameterLayout
    let missing = layout.names.filter { weights[$0] == nil }
    let extra = weights.keys.filter { layout.entry($0) == nil }.sorted()
    if !missing.isEmpty || !extra.isEmpty {
      var parts: [String] = []
      if !missing.isEmpty { parts.append("missing tensors \(missing.prefix(8).joined(separator: ", "))"
          + (missing.count > 8 ? " (and \(missing.count - 8) more)" : "")) }
      if !extra.isEmpty { parts.append("unexpected tensors \(extra.prefix(8).joined(separator: ", "))"
          + (extra.count > 8 ? " (and \(extra.count - 8) more)" : "")) }
      throw ReasonerError(.invalidArgument, "model weights: " + parts.joined(separator: "; "))
    }
    for e in layout.entries where weights[e.name]!.shape != e.shape {
      throw ReasonerError(
        .invalidArgument,
        "model weights: tensor '\(e.name)' has shape \(weights[e.name]!.shape), expected \(e.shape) "
          + "from the config")
    }
    let store = ParameterStore(layout: layout)
    for e in layout.entries {
      _ = store.view(e.name).update(fromContentsOf: weights[e.name]!.data)
    }
    self.init(config: config, parameters: store)
  }

  /// Wraps an existing store (same layout as `config.parameterLayout`), sharing it.
  public init(config: LlamaConfig, parameters: ParameterStore) {
    precondition(parameters.layout == config.parameterLayout, "LlamaModel: store layout ≠ config")
    self.config = config
    self.parameters = parameters
    dims = ModelDims(config)
    rotary = RotaryTable(
      headDim: config.headDimension, theta: config.ropeTheta,
      maxPositions: config.maxPositionEmbeddings)
  }

  /// Random weights like Hugging Face's `_init_weights`: linear and embedding weights ~ N(0, std²),
  /// norm weights 1, biases 0. The same seed gives the same weights.
  public static func randomInit(config: LlamaConfig, seed: UInt64, std: Float = 0.02) -> LlamaModel {
    do { try config.validate() } catch { preconditionFailure("LlamaModel.randomInit: \(error)") }
    let store = ParameterStore(layout: config.parameterLayout)
    var rng = SplitMix64(seed: seed)
    for e in store.layout.entries {
      let v = store.view(e.name)
      if e.name.hasSuffix("norm.weight") {
        v.update(repeating: 1)
      } else if !e.name.hasSuffix(".bias") {
        var i = 0
        while i < v.count {
          let (a, b) = rng.nextGaussianPair()
          v[i] = std * a
          if i + 1 < v.count { v[i + 1] = std * b }
          i += 2
        }
      }
    }
    return LlamaModel(config: config, parameters: store)
  }

  /// Every tensor under its HF name (copies).
  public func exportWeights() -> [String: HostTensor] {
    var out: [String: HostTensor] = [:]
    for name in parameters.layout.names { out[name] = parameters.tensor(name) }
    return out
  }

  /// The [V, C] output projection: the embedding table when tied.
  var headWeightName: String {
    config.tieWordEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight"
  }
}
