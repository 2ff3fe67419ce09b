// ModelLoader: the real SmolLM2 GGUF loads with HF names/shapes and un-permuted q/k; HF directories save and
// reload exactly (single file and sharded); bad config.json and mis-shaped tensors name file and field.
import Foundation
import Testing

@testable import ReasonerCore

/// A 2-layer, 16-wide model with random weights and a byte-level tokenizer of 256 bytes + 2 merges + 1 special.
func tinyModel(tied: Bool = true, bias: Bool = false) throws -> LoadedModel {
  let config = LlamaConfig(
    vocabSize: 259, hiddenSize: 16, intermediateSize: 24, numHiddenLayers: 2, numAttentionHeads: 4,
    numKeyValueHeads: 2, tieWordEmbeddings: tied, attentionBias: bias, modelType: bias ? "qwen2" : "llama")
  var seed: UInt64 = 42
  func random() -> Float {
    seed = seed &* 6364136223846793005 &+ 1442695040888963407
    return Float(Int64(bitPattern: seed >> 11) % 2000) / 1000 - 1
  }
  var tensors: [String: HostTensor] = [:]
  for (name, shape) in ModelShapes.expected(config) {
    tensors[name] = HostTensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in random() })
  }
  let tokens = (0..<256).map { ByteLevelAlphabet.string(of: [UInt8($0)]) } + ["Ġt", "he", "<|im_end|>"]
  let tokenizer = try Tokenizer(
    tokens: tokens, merges: [("Ġ", "t"), ("h", "e")], specialTokenIds: [258], preTokenizer: .smollm,
    bosTokenId: nil, eosTokenId: 258, addBosToken: false, chatTemplate: "<|im_start|>", source: "tiny")
  return LoadedModel(config: config, tensors: tensors, tokenizer: tokenizer, sourcePath: "tiny", format: .huggingFace)
}

struct FormatsModelLoaderTests {
  @Test func realGGUFLoadsWithHuggingFaceNamesAndLayout() throws {
    guard let m = FormatsFixtures.realModel, let g = FormatsFixtures.realGGUF else { return }
    let c = m.config
    #expect(c.numHiddenLayers == 30 && c.hiddenSize == 576 && c.intermediateSize == 1536)
    #expect(c.numAttentionHeads == 9 && c.numKeyValueHeads == 3 && c.vocabSize == 49152)
    #expect(c.ropeTheta == 100000 && c.rmsNormEps == 1e-5 && c.tieWordEmbeddings && !c.attentionBias)
    #expect(m.tensors.count == 272 && m.tensors["lm_head.weight"] == nil)
    #expect(m.tensors["model.layers.0.mlp.gate_proj.weight"]?.shape == [1536, 576])
    #expect(m.tensors["model.layers.29.self_attn.k_proj.weight"]?.shape == [192, 576])
    // q/k are the GGUF rows un-permuted; v is untouched.
    let rawQ = g.dequantize(g.tensor(named: "blk.3.attn_q.weight")!)
    #expect(m.tensors["model.layers.3.self_attn.q_proj.weight"]!.data == RopePermutation.ggufToHF(rawQ.data, heads: 9, columns: 576))
    let rawK = g.dequantize(g.tensor(named: "blk.3.attn_k.weight")!)
    #expect(m.tensors["model.layers.3.self_attn.k_proj.weight"]!.data == RopePermutation.ggufToHF(rawK.data, heads: 3, columns: 576))
    #expect(m.tensors["model.layers.3.self_attn.v_proj.weight"]! == g.dequantize(g.tensor(named: "blk.3.attn_v.weight")!))
    #expect(m.outputHead == m.tensors["model.embed_tokens.weight"])
  }

  @Test(arguments: [(true, false), (false, true)])
  func hfDirectorySavesAndReloadsExactly(tied: Bool, bias: Bool) throws {
    let m = try tinyModel(tied: tied, bias: bias)
    let dir = try FormatsFixtures.temporaryDirectory()
    try saveHFDirectory(config: m.config, tensors: m.tensors, tokenizer: m.tokenizer, to: dir)
    for f in ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "generation_config.json"] {
      #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(f).path), "\(f)")
    }
    let config = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("config.json"))) as! [String: Any]
    #expect(config["architectures"] as? [String] == [bias ? "Qwen2ForCausalLM" : "LlamaForCausalLM"])
    #expect(config["torch_dtype"] as? String == "float32" && config["model_type"] as? String == (bias ? "qwen2" : "llama"))
    let back = try ModelLoader.load(path: dir.path)
    var want = m.config
    want.headDim = want.headDimension  // config.json spells head_dim out for transformers
    #expect(back.config == want)
    #expect(back.tensors == m.tensors)
    #expect(back.tokenizer.encode("the theta 42<|im_end|>") == m.tokenizer.encode("the theta 42<|im_end|>"))
    #expect(back.tokenizer.eosTokenId == 258)
  }

  @Test func shardedSafetensorsIndexLoads() throws {
    let m = try tinyModel()
    let dir = try FormatsFixtures.temporaryDirectory()
    try saveHFDirectory(config: m.config, tensors: m.tensors, tokenizer: m.tokenizer, to: dir)
    try FileManager.default.removeItem(at: dir.appendingPathComponent("model.safetensors"))
    let names = m.tensors.keys.sorted()
    let halves = [Array(names[..<(names.count / 2)]), Array(names[(names.count / 2)...])]
    var map: [String: String] = [:]
    for (i, part) in halves.enumerated() {
      let file = "model-0000\(i + 1)-of-00002.safetensors"
      try writeSafetensors(tensors: m.tensors.filter { part.contains($0.key) }, to: dir.appendingPathComponent(file))
      for n in part { map[n] = file }
    }
    let index = try JSONSerialization.data(withJSONObject: ["metadata": [:], "weight_map": map])
    try index.write(to: dir.appendingPathComponent("model.safetensors.index.json"))
    #expect(try ModelLoader.load(path: dir.path).tensors == m.tensors)
  }

  @Test func safetensorsHalfPrecisionDecodes() throws {
    // F16 [1, -2, 0.5] and BF16 [1, -2] written by hand.
    let header = #"{"a":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[6,10]}}"#
    var bytes = TinyGGUFWriter.le(UInt64(header.utf8.count)) + Array(header.utf8)
    for h: UInt16 in [0x3C00, 0xC000, 0x3800, 0x3F80, 0xC000] { bytes += TinyGGUFWriter.le(h) }
    let path = try TinyGGUFWriter().write(bytes, name: "h.safetensors")
    let t = try Safetensors.read(path: path).tensors
    #expect(t["a"]?.data == [1, -2, 0.5] && t["b"]?.data == [1, -2])
  }

  @Test func missingConfigFieldNamesFileAndField() throws {
    let m = try tinyModel()
    let dir = try FormatsFixtures.temporaryDirectory()
    try saveHFDirectory(config: m.config, tensors: m.tensors, tokenizer: m.tokenizer, to: dir)
    let url = dir.appendingPathComponent("config.json")
    var config = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    config["hidden_size"] = nil
    try JSONSerialization.data(withJSONObject: config).write(to: url)
    let e = expectReasonerError { _ = try ModelLoader.load(path: dir.path) }
    #expect(e?.message == "\(url.path): missing field 'hidden_size'")
  }

  @Test func shapeDisagreeingWithConfigNamesTensor() throws {
    let m = try tinyModel()
    let dir = try FormatsFixtures.temporaryDirectory()
    try saveHFDirectory(config: m.config, tensors: m.tensors, tokenizer: m.tokenizer, to: dir)
    let url = dir.appendingPathComponent("config.json")
    var config = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    config["intermediate_size"] = 32
    try JSONSerialization.data(withJSONObject: config).write(to: url)
    let e = expectReasonerError { _ = try ModelLoader.load(path: dir.path) }
    #expect(e?.message.contains("model.safetensors: tensor 'model.layers.0.mlp.down_proj.weight' has shape [16, 24], expected [16, 32] from the config") == true, "\(e?.message ?? "")")
  }
}

extension FormatsModelLoaderTests {
  @Test func atomicWriteReplacesWholeFileAndLeavesNoTemporary() throws {
    let dir = try FormatsFixtures.temporaryDirectory()
    let url = dir.appendingPathComponent("w.safetensors")
    try writeSafetensors(tensors: ["a": HostTensor(shape: [3], data: [1, 2, 3])], to: url)
    try writeSafetensors(tensors: ["a": HostTensor(shape: [1], data: [7])], metadata: ["step": "2"], to: url)
    let back = try Safetensors.read(path: url.path)
    #expect(back.tensors["a"]?.data == [7] && back.metadata == ["step": "2"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["w.safetensors"])
    let e = expectReasonerError { try writeFileAtomically(Data([1]), to: URL(fileURLWithPath: "/nonexistent-dir/x")) }
    #expect(e?.message.hasPrefix("/nonexistent-dir/x: creating") == true, "\(e?.message ?? "")")
  }
}
