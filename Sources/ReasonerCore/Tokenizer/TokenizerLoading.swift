// Builds a Tokenizer from GGUF metadata (tokenizer.ggml.*) or from a Hugging Face tokenizer.json.
// Tested in TokenizerTests (real GGUF, a tokenizer.json round trip) and TokenizerBadInputTests.
import Foundation

extension Tokenizer {
  /// From GGUF metadata: `tokenizer.ggml.model` must be "gpt2" (byte-level BPE).
  public static func fromGGUF(_ metadata: [String: GGUFValue], source: String) throws -> Tokenizer {
    func field(_ key: String) throws -> GGUFValue {
      guard let v = metadata[key] else {
        throw ReasonerError(.invalidFile, "\(source): missing metadata '\(key)'")
      }
      return v
    }
    let model = try field("tokenizer.ggml.model").string ?? ""
    guard model == "gpt2" else {
      throw ReasonerError(.unsupported, "\(source): metadata 'tokenizer.ggml.model' = '\(model)', expected 'gpt2' (byte-level BPE)")
    }
    guard let tokens = try field("tokenizer.ggml.tokens").stringArray else {
      throw ReasonerError(.invalidFile, "\(source): metadata 'tokenizer.ggml.tokens': expected an array of strings")
    }
    guard let mergeStrings = try field("tokenizer.ggml.merges").stringArray else {
      throw ReasonerError(.invalidFile, "\(source): metadata 'tokenizer.ggml.merges': expected an array of strings")
    }
    let merges = try mergeStrings.enumerated().map { i, m in
      let parts = m.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
      guard parts.count == 2 else {
        throw ReasonerError(.invalidFile, "\(source): metadata 'tokenizer.ggml.merges'[\(i)] = '\(m)': expected 'left right'")
      }
      return (String(parts[0]), String(parts[1]))
    }
    // llama.cpp token types: 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte.
    let types = metadata["tokenizer.ggml.token_type"]?.intArray ?? []
    if !types.isEmpty && types.count != tokens.count {
      throw ReasonerError(.invalidFile, "\(source): metadata 'tokenizer.ggml.token_type' has \(types.count) entries, expected one per token (\(tokens.count))")
    }
    var special = Set<Int32>()
    for (i, t) in types.enumerated() where t == 3 || t == 4 { special.insert(Int32(i)) }
    let preName = metadata["tokenizer.ggml.pre"]?.string ?? "gpt2"
    let pre: PreTokenizerKind
    switch preName {
    case "smollm", "starcoder", "refact": pre = .smollm
    case "gpt2", "default": pre = .gpt2
    case "llama-bpe", "llama3", "smaug-bpe": pre = .llama3
    case "qwen2", "deepseek-r1-qwen": pre = .qwen2
    default:
      throw ReasonerError(.unsupported, "\(source): metadata 'tokenizer.ggml.pre' = '\(preName)', expected one of smollm, gpt2, llama-bpe, qwen2")
    }
    func id(_ key: String) -> Int32? { metadata[key]?.int.map { Int32($0) } }
    return try Tokenizer(
      tokens: tokens, merges: merges, specialTokenIds: special, preTokenizer: pre,
      bosTokenId: id("tokenizer.ggml.bos_token_id"), eosTokenId: id("tokenizer.ggml.eos_token_id"),
      padTokenId: id("tokenizer.ggml.padding_token_id"),
      addBosToken: metadata["tokenizer.ggml.add_bos_token"]?.bool ?? false,
      ignoreMerges: pre == .llama3, chatTemplate: metadata["tokenizer.chat_template"]?.string, source: source)
  }

  /// From `tokenizer.json` (and `tokenizer_config.json` beside it, if present, for the chat template,
  /// BOS/EOS and `add_bos_token`).
  public static func fromHFDirectory(_ dir: URL) throws -> Tokenizer {
    let path = dir.appendingPathComponent("tokenizer.json").path
    let root = try readJSONObject(path)
    let configPath = dir.appendingPathComponent("tokenizer_config.json").path
    let config = FileManager.default.fileExists(atPath: configPath) ? try readJSONObject(configPath) : [:]
    guard let model = root["model"] as? [String: Any], (model["type"] as? String ?? "BPE") == "BPE" else {
      throw ReasonerError(.unsupported, "\(path): field 'model.type': expected 'BPE'")
    }
    guard let vocab = model["vocab"] as? [String: Any] else {
      throw ReasonerError(.invalidFile, "\(path): field 'model.vocab': expected an object of token → id")
    }
    var added: [(String, Int, Bool)] = []
    for item in root["added_tokens"] as? [[String: Any]] ?? [] {
      if let content = item["content"] as? String, let id = item["id"] as? Int {
        added.append((content, id, item["special"] as? Bool ?? true))
      }
    }
    let size = max(vocab.values.compactMap { $0 as? Int }.max() ?? -1, added.map(\.1).max() ?? -1) + 1
    var tokens = [String](repeating: "", count: size)
    for (t, v) in vocab {
      guard let id = v as? Int, id >= 0 else {
        throw ReasonerError(.invalidFile, "\(path): field 'model.vocab'['\(t)']: expected a non-negative integer id")
      }
      tokens[id] = t
    }
    var special = Set<Int32>()
    // Every added token is matched whole in text (HF splits on all of them, special or not).
    for (content, id, _) in added {
      tokens[id] = content
      special.insert(Int32(id))
    }
    var merges: [(String, String)] = []
    for (i, m) in (model["merges"] as? [Any] ?? []).enumerated() {
      if let s = m as? String {
        let parts = s.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
          throw ReasonerError(.invalidFile, "\(path): field 'model.merges'[\(i)] = '\(s)': expected 'left right'")
        }
        merges.append((String(parts[0]), String(parts[1])))
      } else if let pair = m as? [String], pair.count == 2 {
        merges.append((pair[0], pair[1]))
      } else {
        throw ReasonerError(.invalidFile, "\(path): field 'model.merges'[\(i)]: expected 'left right' or [left, right]")
      }
    }
    let pre = try preTokenizerKind(fromJSON: root["pre_tokenizer"], source: path)
    func tokenId(_ key: String) -> Int32? {
      var text = config[key] as? String
      if text == nil, let obj = config[key] as? [String: Any] { text = obj["content"] as? String }
      guard let text, let i = tokens.firstIndex(of: text) else { return nil }
      return Int32(i)
    }
    let bos = tokenId("bos_token")
    // Llama-3 style files add BOS through a TemplateProcessing post-processor instead of add_bos_token.
    var bosFromPostProcessor = false
    if let post = root["post_processor"] as? [String: Any], let bos,
      let single = (post["type"] as? String == "TemplateProcessing" ? [post] : post["processors"] as? [[String: Any]] ?? [])
        .first(where: { $0["type"] as? String == "TemplateProcessing" })?["single"] as? [[String: Any]]
    {
      bosFromPostProcessor = single.contains { ($0["SpecialToken"] as? [String: Any])?["id"] as? String == tokens[Int(bos)] }
    }
    return try Tokenizer(
      tokens: tokens, merges: merges, specialTokenIds: special, preTokenizer: pre,
      bosTokenId: bos, eosTokenId: tokenId("eos_token"), padTokenId: tokenId("pad_token"),
      addBosToken: config["add_bos_token"] as? Bool ?? bosFromPostProcessor,
      ignoreMerges: model["ignore_merges"] as? Bool ?? false,
      chatTemplate: config["chat_template"] as? String, source: path)
  }

  /// Recognizes the pre_tokenizer shapes of GPT-2, SmolLM (Digits + ByteLevel), Llama-3 and Qwen2.
  static func preTokenizerKind(fromJSON value: Any?, source: String) throws -> PreTokenizerKind {
    guard let obj = value as? [String: Any], let type = obj["type"] as? String else {
      throw ReasonerError(.unsupported, "\(source): field 'pre_tokenizer': expected an object with a 'type'")
    }
    if type == "ByteLevel" && (obj["use_regex"] as? Bool ?? true) { return .gpt2 }
    if type == "Sequence", let items = obj["pretokenizers"] as? [[String: Any]] {
      let types = items.map { $0["type"] as? String ?? "" }
      if types == ["Digits", "ByteLevel"], items[0]["individual_digits"] as? Bool == true,
        items[1]["use_regex"] as? Bool ?? true
      {
        return .smollm
      }
      if types.first == "Split", let pattern = (items[0]["pattern"] as? [String: Any])?["Regex"] as? String {
        if pattern.contains("\\p{N}{1,3}") { return .llama3 }
        if pattern.contains("|\\p{N}|") || pattern.contains("|\\p{N}| ") { return .qwen2 }
      }
    }
    throw ReasonerError(.unsupported, "\(source): field 'pre_tokenizer' (type \(type)): expected ByteLevel, Sequence[Digits(individual_digits), ByteLevel], or the Llama-3/Qwen2 Split regex")
  }
}

/// Parses a JSON file whose top level is an object; errors name the file.
func readJSONObject(_ path: String) throws -> [String: Any] {
  guard let data = FileManager.default.contents(atPath: path) else {
    throw ReasonerError(.io, "\(path): cannot read file")
  }
  let obj: Any
  do {
    obj = try JSONSerialization.jsonObject(with: data)
  } catch {
    throw ReasonerError(.invalidFile, "\(path): not valid JSON (\(error.localizedDescription))")
  }
  guard let dict = obj as? [String: Any] else {
    throw ReasonerError(.invalidFile, "\(path): expected a JSON object at the top level")
  }
  return dict
}
