// Reads a Llama/Qwen2 GGUF as a LoadedModel: config from `llama.*`/`qwen2.*` metadata, tensors renamed to
// Hugging Face names, dequantized in parallel, q/k rows un-permuted to HF's RoPE layout.
// Tested in ModelLoaderTests (real SmolLM2 GGUF) and GGUFBadInputTests.
import Foundation
import Synchronization

enum GGUFModel {
  /// GGUF tensor name → Hugging Face Llama name (nil for names we do not know).
  static func huggingFaceName(_ name: String) -> String? {
    switch name {
    case "token_embd.weight": return "model.embed_tokens.weight"
    case "output_norm.weight": return "model.norm.weight"
    case "output.weight": return "lm_head.weight"
    default: break
    }
    let parts = name.split(separator: ".")
    guard parts.count == 4, parts[0] == "blk", let layer = Int(parts[1]) else { return nil }
    let suffix = parts[3]  // weight or bias
    let module: String
    switch parts[2] {
    case "attn_norm": module = "input_layernorm"
    case "ffn_norm": module = "post_attention_layernorm"
    case "attn_q": module = "self_attn.q_proj"
    case "attn_k": module = "self_attn.k_proj"
    case "attn_v": module = "self_attn.v_proj"
    case "attn_output": module = "self_attn.o_proj"
    case "ffn_gate": module = "mlp.gate_proj"
    case "ffn_up": module = "mlp.up_proj"
    case "ffn_down": module = "mlp.down_proj"
    default: return nil
    }
    return "model.layers.\(layer).\(module).\(suffix)"
  }

  /// LlamaConfig from `<arch>.*` metadata.
  static func config(_ g: GGUFFile) throws -> LlamaConfig {
    let m = g.metadata
    guard let arch = m["general.architecture"]?.string else {
      throw ReasonerError(.invalidFile, "\(g.path): missing metadata 'general.architecture'")
    }
    guard arch == "llama" || arch == "qwen2" else {
      throw ReasonerError(.unsupported, "\(g.path): metadata 'general.architecture' = '\(arch)', expected 'llama' or 'qwen2'")
    }
    func int(_ key: String) throws -> Int {
      guard let v = m["\(arch).\(key)"]?.int else {
        throw ReasonerError(.invalidFile, "\(g.path): missing integer metadata '\(arch).\(key)'")
      }
      return v
    }
    let heads = try int("attention.head_count")
    let vocab = m["\(arch).vocab_size"]?.int ?? m["tokenizer.ggml.tokens"]?.array?.count ?? 0
    let hidden = try int("embedding_length")
    let keyLength = m["\(arch).attention.key_length"]?.int
    let config = LlamaConfig(
      vocabSize: vocab, hiddenSize: hidden, intermediateSize: try int("feed_forward_length"),
      numHiddenLayers: try int("block_count"), numAttentionHeads: heads,
      numKeyValueHeads: m["\(arch).attention.head_count_kv"]?.int ?? heads,
      headDim: keyLength.flatMap { $0 == hidden / heads ? nil : $0 },
      maxPositionEmbeddings: m["\(arch).context_length"]?.int ?? 2048,
      rmsNormEps: Float(m["\(arch).attention.layer_norm_rms_epsilon"]?.double ?? 1e-5),
      ropeTheta: Float(m["\(arch).rope.freq_base"]?.double ?? 10000),
      tieWordEmbeddings: g.tensor(named: "output.weight") == nil,
      attentionBias: g.tensor(named: "blk.0.attn_q.bias") != nil,
      bosTokenId: m["tokenizer.ggml.bos_token_id"]?.int, eosTokenId: m["tokenizer.ggml.eos_token_id"]?.int,
      modelType: arch)
    if let ropeDims = m["\(arch).rope.dimension_count"]?.int, ropeDims != config.headDimension {
      throw ReasonerError(.unsupported, "\(g.path): metadata '\(arch).rope.dimension_count' = \(ropeDims), expected the head dimension \(config.headDimension) (partial rotary embeddings are not supported)")
    }
    do { try config.validate() } catch let e as ReasonerError {
      throw ReasonerError(e.kind, "\(g.path): \(e.message) (from GGUF metadata '\(arch).*')")
    }
    return config
  }

  static func load(path: String) throws -> LoadedModel {
    let g = try GGUFFile(path: path)
    let config = try config(g)
    let tokenizer = try Tokenizer.fromGGUF(g.metadata, source: path)
    var jobs: [(info: GGUFTensorInfo, name: String)] = []
    for info in g.tensors {
      guard let hf = huggingFaceName(info.name) else {
        throw ReasonerError(.unsupported, "\(path): tensor '\(info.name)' has no Hugging Face Llama equivalent")
      }
      jobs.append((info, hf))
    }
    // Llama GGUFs carry q/k permuted for pair rotation; Qwen2 GGUFs (NEOX rope) are not permuted.
    let unpermute = config.modelType == "llama"
    let results = Mutex<[String: HostTensor]>([:])
    let jobList = jobs
    // Largest first so the two workers finish together.
    let order = jobList.indices.sorted { jobList[$0].info.count > jobList[$1].info.count }
    parallelFor(order.count) { k in
      let (info, name) = jobList[order[k]]
      var t = g.dequantize(info)
      if unpermute && (name.contains("q_proj") || name.contains("k_proj")) {
        let heads = name.contains("q_proj") ? config.numAttentionHeads : config.numKeyValueHeads
        t.data = RopePermutation.ggufToHF(t.data, heads: heads, columns: t.shape.count == 2 ? t.shape[1] : 1)
      }
      results.withLock { $0[name] = t }
    }
    let tensors = results.withLock { $0 }
    try ModelShapes.validate(tensors, config: config, source: path)
    return LoadedModel(config: config, tensors: tensors, tokenizer: tokenizer, sourcePath: path, format: .gguf)
  }
}
