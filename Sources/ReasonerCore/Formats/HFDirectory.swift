// Hugging Face model directories: loading (config.json, model.safetensors or a sharded index, tokenizer.json,
// tokenizer_config.json) and saving checkpoints `transformers` loads. Tested in HFDirectoryTests (GGUF → HF
// directory → reload gives identical tensors and ids; missing config field; shape disagreeing with config).
import Foundation

enum HFDirectory {
  static func load(_ dir: URL) throws -> LoadedModel {
    let configPath = dir.appendingPathComponent("config.json").path
    guard let configData = FileManager.default.contents(atPath: configPath) else {
      throw ReasonerError(.io, "\(configPath): cannot read (a Hugging Face model directory needs config.json)")
    }
    let config: LlamaConfig
    do {
      config = try JSONDecoder().decode(LlamaConfig.self, from: configData)
    } catch let DecodingError.keyNotFound(key, _) {
      throw ReasonerError(.invalidFile, "\(configPath): missing field '\(key.stringValue)'")
    } catch let DecodingError.typeMismatch(type, ctx) {
      let field = ctx.codingPath.map(\.stringValue).joined(separator: ".")
      throw ReasonerError(.invalidFile, "\(configPath): field '\(field)': expected \(type)")
    } catch {
      throw ReasonerError(.invalidFile, "\(configPath): \(error)")
    }
    do { try config.validate() } catch let e as ReasonerError {
      throw ReasonerError(e.kind, "\(configPath): \(e.message)")
    }
    var tensors: [String: HostTensor] = [:]
    let single = dir.appendingPathComponent("model.safetensors").path
    let index = dir.appendingPathComponent("model.safetensors.index.json").path
    var source = single
    if FileManager.default.fileExists(atPath: single) {
      tensors = try Safetensors.read(path: single).tensors
    } else if FileManager.default.fileExists(atPath: index) {
      source = index
      guard let map = try readJSONObject(index)["weight_map"] as? [String: String] else {
        throw ReasonerError(.invalidFile, "\(index): field 'weight_map': expected an object of tensor → file")
      }
      for shard in Set(map.values).sorted() {
        let shardTensors = try Safetensors.read(path: dir.appendingPathComponent(shard).path).tensors
        tensors.merge(shardTensors) { a, _ in a }
      }
      for name in map.keys where tensors[name] == nil {
        throw ReasonerError(.invalidFile, "\(index): tensor '\(name)' is listed for '\(map[name]!)' but is not in that file")
      }
    } else {
      throw ReasonerError(.io, "\(dir.path): expected model.safetensors or model.safetensors.index.json")
    }
    try ModelShapes.validate(tensors, config: config, source: source)
    let tokenizer = try Tokenizer.fromHFDirectory(dir)
    return LoadedModel(config: config, tensors: tensors, tokenizer: tokenizer, sourcePath: dir.path, format: .huggingFace)
  }
}

/// Writes a Hugging Face model directory: config.json (architectures, model_type, torch_dtype float32),
/// model.safetensors (F32; tied models omit lm_head.weight), tokenizer.json, tokenizer_config.json and
/// generation_config.json. `tensors` use Hugging Face names and shapes (as `ModelLoader` returns them).
public func saveHFDirectory(config: LlamaConfig, tensors: [String: HostTensor], tokenizer: Tokenizer,
                            to dir: URL, metadata: [String: String] = [:]) throws {
  try ModelShapes.validate(tensors, config: config, source: "saveHFDirectory")
  do {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  } catch {
    throw ReasonerError(.io, "\(dir.path): cannot create directory (\(error.localizedDescription))")
  }
  let configData = try JSONEncoder().encode(config)
  var configJSON = try JSONSerialization.jsonObject(with: configData) as! [String: Any]
  configJSON["architectures"] = [config.modelType == "qwen2" ? "Qwen2ForCausalLM" : "LlamaForCausalLM"]
  configJSON["torch_dtype"] = "float32"
  configJSON["hidden_act"] = "silu"
  if config.headDim == nil { configJSON["head_dim"] = config.headDimension }
  try writeJSON(configJSON, to: dir.appendingPathComponent("config.json"))
  var weights = tensors.filter { !$0.key.hasPrefix("__") }
  if config.tieWordEmbeddings { weights["lm_head.weight"] = nil }
  var meta = metadata
  meta["format"] = "pt"
  try writeSafetensors(tensors: weights, metadata: meta, to: dir.appendingPathComponent("model.safetensors"))
  try tokenizer.writeHuggingFaceFiles(to: dir)
  var generation: [String: Any] = ["_from_model_config": true]
  if let b = tokenizer.bosTokenId { generation["bos_token_id"] = Int(b) }
  if let e = tokenizer.eosTokenId { generation["eos_token_id"] = Int(e) }
  if let p = tokenizer.padTokenId { generation["pad_token_id"] = Int(p) }
  try writeJSON(generation, to: dir.appendingPathComponent("generation_config.json"))
}
