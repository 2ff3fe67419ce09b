// `reasoner info --model PATH`: the configuration and tokenizer facts as JSON. Tested in ReasonerCLITests
// and python/tests/test_tokenizer_matches_hf.py (which reads the vocabulary size from it).
import ArgumentParser
import Foundation
import ReasonerCore

struct Info: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print a model's configuration and tokenizer facts as JSON.")

  @Option(help: "A .gguf file or a Hugging Face model directory.") var model: String

  func run() throws {
    let loaded = try loadModelOrExit(model)
    let tok = loaded.tokenizer
    let configJSON = try JSONSerialization.jsonObject(with: JSONEncoder().encode(loaded.config))
    var tokenizer: [String: Any] = [
      "vocabulary_size": tok.vocabularySize, "merges": tok.merges.count,
      "pre_tokenizer": tok.preTokenizer.rawValue, "add_bos_token": tok.addBosToken,
      "special_tokens": tok.specialTokens.count, "chat_template": tok.chatTemplate.rawValue,
    ]
    for (key, id) in [("bos", tok.bosTokenId), ("eos", tok.eosTokenId), ("pad", tok.padTokenId)] {
      if let id {
        tokenizer["\(key)_token_id"] = Int(id)
        tokenizer["\(key)_token"] = tok.tokenText(id) ?? ""
      }
    }
    if let system = ChatTemplate.defaultSystemPrompt(in: tok.chatTemplateString) {
      tokenizer["default_system_prompt"] = system
    }
    let parameters = loaded.tensors.values.reduce(0) { $0 + $1.count }
    let out: [String: Any] = [
      "path": loaded.sourcePath, "format": loaded.format.rawValue, "config": configJSON,
      "tokenizer": tokenizer, "tensors": loaded.tensors.count, "parameters": parameters,
    ]
    let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys, .withoutEscapingSlashes])
    print(String(decoding: data, as: UTF8.self))
  }
}

/// Loads a model; a ReasonerError becomes a one-line message on stderr and exit status 1.
func loadModelOrExit(_ path: String) throws -> LoadedModel {
  do { return try ModelLoader.load(path: path) } catch let e as ReasonerError {
    FileHandle.standardError.write(Data("error: \(e)\n".utf8))
    throw ExitCode(1)
  }
}
