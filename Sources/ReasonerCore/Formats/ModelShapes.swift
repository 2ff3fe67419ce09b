// ModelShapes: the Hugging Face tensor names and [out, in] shapes a LlamaConfig implies; loaders check
// every file against it. Tested in ModelLoaderTests (a shape disagreeing with the config, a missing tensor).

public enum ModelShapes {
  /// Every tensor the model needs, with its shape.
  public static func expected(_ c: LlamaConfig) -> [String: [Int]] {
    let C = c.hiddenSize, D = c.headDimension, H = c.numAttentionHeads, KVH = c.numKeyValueHeads
    let F = c.intermediateSize, V = c.vocabSize
    var s: [String: [Int]] = ["model.embed_tokens.weight": [V, C], "model.norm.weight": [C]]
    if !c.tieWordEmbeddings { s["lm_head.weight"] = [V, C] }
    for l in 0..<c.numHiddenLayers {
      let p = "model.layers.\(l)."
      s[p + "input_layernorm.weight"] = [C]
      s[p + "post_attention_layernorm.weight"] = [C]
      s[p + "self_attn.q_proj.weight"] = [H * D, C]
      s[p + "self_attn.k_proj.weight"] = [KVH * D, C]
      s[p + "self_attn.v_proj.weight"] = [KVH * D, C]
      s[p + "self_attn.o_proj.weight"] = [C, H * D]
      s[p + "mlp.gate_proj.weight"] = [F, C]
      s[p + "mlp.up_proj.weight"] = [F, C]
      s[p + "mlp.down_proj.weight"] = [C, F]
      if c.attentionBias {
        s[p + "self_attn.q_proj.bias"] = [H * D]
        s[p + "self_attn.k_proj.bias"] = [KVH * D]
        s[p + "self_attn.v_proj.bias"] = [KVH * D]
      }
    }
    return s
  }

  /// Throws naming the file, the tensor, and the expected shape, for any missing or mis-shaped tensor.
  /// Extra tensors (e.g. a `lm_head.weight` equal to the embedding in a tied model) are allowed.
  public static func validate(_ tensors: [String: HostTensor], config: LlamaConfig, source: String) throws {
    for (name, shape) in expected(config).sorted(by: { $0.key < $1.key }) {
      guard let t = tensors[name] else {
        throw ReasonerError(.invalidFile, "\(source): missing tensor '\(name)' (expected shape \(shape) from the config)")
      }
      if t.shape != shape {
        throw ReasonerError(.invalidFile, "\(source): tensor '\(name)' has shape \(t.shape), expected \(shape) from the config")
      }
    }
  }
}
