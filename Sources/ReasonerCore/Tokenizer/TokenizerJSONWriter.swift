// Writes a Tokenizer as a Hugging Face tokenizer.json (BPE model, vocab, merges, pre-tokenizer, ByteLevel
// decoder, added tokens) so `tokenizers`/`transformers` load our checkpoints. Tested in TokenizerTests
// (written file reloads to identical ids) and python/tests/test_tokenizer_matches_hf.py.
import Foundation

extension Tokenizer {
  /// The HF `pre_tokenizer` object of this tokenizer's pre-tokenization rule.
  var preTokenizerJSON: [String: Any] {
    let byteLevel: [String: Any] = ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true]
    func split(_ digits: String) -> [String: Any] {
      let pattern = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}\(digits)| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"
      return ["type": "Sequence", "pretokenizers": [
        ["type": "Split", "pattern": ["Regex": pattern], "behavior": "Isolated", "invert": false],
        ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false],
      ]]
    }
    switch preTokenizer {
    case .gpt2: return byteLevel
    case .smollm:
      return ["type": "Sequence", "pretokenizers": [["type": "Digits", "individual_digits": true], byteLevel]]
    case .llama3: return split("{1,3}")
    case .qwen2: return split("")
    }
  }

  /// The tokenizer.json object.
  public func huggingFaceJSON() -> [String: Any] {
    var vocab: [String: Int] = [:]
    for (i, t) in tokens.enumerated() where !isSpecial(Int32(i)) { vocab[t] = i }
    let added: [[String: Any]] = specialTokens.sorted { $0.value < $1.value }.map { text, id in
      ["id": Int(id), "content": text, "single_word": false, "lstrip": false, "rstrip": false,
       "normalized": false, "special": true]
    }
    for (text, id) in specialTokens { vocab[text] = Int(id) }
    var root: [String: Any] = [
      "version": "1.0", "truncation": NSNull(), "padding": NSNull(), "added_tokens": added,
      "normalizer": NSNull(), "pre_tokenizer": preTokenizerJSON,
      "post_processor": ["type": "ByteLevel", "add_prefix_space": true, "trim_offsets": false, "use_regex": true],
      "decoder": ["type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true],
    ]
    root["model"] = [
      "type": "BPE", "dropout": NSNull(), "unk_token": NSNull(), "continuing_subword_prefix": NSNull(),
      "end_of_word_suffix": NSNull(), "fuse_unk": false, "byte_fallback": false,
      "ignore_merges": encoder.ignoreMerges, "vocab": vocab, "merges": merges.map { [$0.0, $0.1] },
    ] as [String: Any]
    return root
  }

  /// tokenizer_config.json: special tokens, BOS policy and the chat template.
  public func huggingFaceConfigJSON() -> [String: Any] {
    var c: [String: Any] = [
      "tokenizer_class": "GPT2Tokenizer", "add_bos_token": addBosToken, "add_prefix_space": false,
      "clean_up_tokenization_spaces": false, "model_max_length": 8192,
    ]
    if let b = bosTokenId { c["bos_token"] = tokens[Int(b)] }
    if let e = eosTokenId { c["eos_token"] = tokens[Int(e)] }
    if let p = padTokenId { c["pad_token"] = tokens[Int(p)] }
    if let t = chatTemplateString { c["chat_template"] = t }
    c["added_tokens_decoder"] = Dictionary(uniqueKeysWithValues: specialTokens.map { text, id in
      (String(id), ["content": text, "lstrip": false, "normalized": false, "rstrip": false, "single_word": false, "special": true] as [String: Any])
    })
    return c
  }

  /// Writes tokenizer.json and tokenizer_config.json into `dir`.
  public func writeHuggingFaceFiles(to dir: URL) throws {
    try writeJSON(huggingFaceJSON(), to: dir.appendingPathComponent("tokenizer.json"))
    try writeJSON(huggingFaceConfigJSON(), to: dir.appendingPathComponent("tokenizer_config.json"))
  }
}

/// Writes a JSON object (keys sorted so files diff cleanly) atomically; errors name the file.
public func writeJSON(_ object: Any, to url: URL) throws {
  let data: Data
  do {
    data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
  } catch {
    throw ReasonerError(.invalidArgument, "\(url.path): cannot encode as JSON (\(error.localizedDescription))")
  }
  try writeFileAtomically(data, to: url)
}
