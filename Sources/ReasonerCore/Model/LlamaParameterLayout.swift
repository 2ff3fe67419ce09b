// The HF tensor names and shapes of a Llama-family model, in the order the flat store keeps them.
// q/k/v weights (and biases) sit back to back, as do gate/up, so each group is one matrix product.
// Tested in Tests/ReasonerCoreTests/ModelParameterTests.swift.

extension LlamaConfig {
  /// Every parameter tensor: name and PyTorch shape.
  public var parameterLayout: ParameterLayout {
    let c = hiddenSize, d = headDimension, f = intermediateSize
    let qDim = numAttentionHeads * d, kvDim = numKeyValueHeads * d
    var t: [(name: String, shape: [Int])] = [("model.embed_tokens.weight", [vocabSize, c])]
    for l in 0..<numHiddenLayers {
      let p = "model.layers.\(l)."
      t.append((p + "input_layernorm.weight", [c]))
      t.append((p + "self_attn.q_proj.weight", [qDim, c]))
      t.append((p + "self_attn.k_proj.weight", [kvDim, c]))
      t.append((p + "self_attn.v_proj.weight", [kvDim, c]))
      if attentionBias {
        t.append((p + "self_attn.q_proj.bias", [qDim]))
        t.append((p + "self_attn.k_proj.bias", [kvDim]))
        t.append((p + "self_attn.v_proj.bias", [kvDim]))
      }
      t.append((p + "self_attn.o_proj.weight", [c, qDim]))
      t.append((p + "post_attention_layernorm.weight", [c]))
      t.append((p + "mlp.gate_proj.weight", [f, c]))
      t.append((p + "mlp.up_proj.weight", [f, c]))
      t.append((p + "mlp.down_proj.weight", [c, f]))
    }
    t.append(("model.norm.weight", [c]))
    if !tieWordEmbeddings { t.append(("lm_head.weight", [vocabSize, c])) }
    return ParameterLayout(t)
  }
}

/// Derived widths used by every kernel (legend in LlamaConfig.swift).
struct ModelDims: Sendable {
  let channels: Int  // C
  let heads: Int  // H
  let kvHeads: Int  // KVH
  let headDim: Int  // D
  let ffn: Int  // F
  let vocab: Int  // V
  let layers: Int  // L
  let eps: Float
  var qDim: Int { heads * headDim }
  var kvDim: Int { kvHeads * headDim }
  /// Width of one fused q|k|v row.
  var qkvDim: Int { qDim + 2 * kvDim }
  var group: Int { heads / kvHeads }

  init(_ c: LlamaConfig) {
    channels = c.hiddenSize
    heads = c.numAttentionHeads
    kvHeads = c.numKeyValueHeads
    headDim = c.headDimension
    ffn = c.intermediateSize
    vocab = c.vocabSize
    layers = c.numHiddenLayers
    eps = c.rmsNormEps
  }
}

/// Pointers into one layer's tensors of a store (parameters or gradients: same layout).
struct LayerViews {
  /// [C]
  let inputNorm: UnsafeMutablePointer<Float>
  /// [H·D + 2·KVH·D, C]: q, k, v weights back to back.
  let qkv: UnsafeMutablePointer<Float>
  /// [H·D + 2·KVH·D] or nil without attention bias.
  let qkvBias: UnsafeMutablePointer<Float>?
  /// [C, H·D]
  let output: UnsafeMutablePointer<Float>
  /// [C]
  let postNorm: UnsafeMutablePointer<Float>
  /// [2F, C]: gate then up.
  let gateUp: UnsafeMutablePointer<Float>
  /// [C, F]
  let down: UnsafeMutablePointer<Float>

  init(_ store: ParameterStore, layer l: Int, bias: Bool) {
    let p = "model.layers.\(l)."
    inputNorm = store.pointer(p + "input_layernorm.weight")
    qkv = store.pointer(p + "self_attn.q_proj.weight")
    qkvBias = bias ? store.pointer(p + "self_attn.q_proj.bias") : nil
    output = store.pointer(p + "self_attn.o_proj.weight")
    postNorm = store.pointer(p + "post_attention_layernorm.weight")
    gateUp = store.pointer(p + "mlp.gate_proj.weight")
    down = store.pointer(p + "mlp.down_proj.weight")
  }
}
