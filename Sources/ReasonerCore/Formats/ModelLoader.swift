// ModelLoader: one entry point for a model on disk (a .gguf file or a Hugging Face directory), returning HF
// names, HF shapes and HF's rotate-half RoPE layout whatever the source. Tested in ModelLoaderTests.
import Foundation

/// A model as loaded from disk, ready for the Llama forward.
public struct LoadedModel: Sendable {
  public enum Format: String, Sendable { case gguf, huggingFace = "hf" }
  public var config: LlamaConfig
  /// Hugging Face names → fp32 tensors in HF shapes ([out, in]); q/k rows in rotate-half order.
  public var tensors: [String: HostTensor]
  public var tokenizer: Tokenizer
  public var sourcePath: String
  public var format: Format

  public init(config: LlamaConfig, tensors: [String: HostTensor], tokenizer: Tokenizer, sourcePath: String, format: Format) {
    self.config = config
    self.tensors = tensors
    self.tokenizer = tokenizer
    self.sourcePath = sourcePath
    self.format = format
  }

  /// The output head: `lm_head.weight`, or the embedding when tied. Shape [V, C].
  public var outputHead: HostTensor? { tensors["lm_head.weight"] ?? tensors["model.embed_tokens.weight"] }
}

public enum ModelLoader {
  /// Loads a `.gguf` file or a Hugging Face model directory.
  public static func load(path: String) throws -> LoadedModel {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ReasonerError(.io, "\(path): no such file or directory (expected a .gguf file or a Hugging Face model directory)")
    }
    if isDirectory.boolValue { return try HFDirectory.load(URL(fileURLWithPath: path)) }
    return try GGUFModel.load(path: path)
  }

  /// Only the tokenizer (a GGUF's header is parsed, no tensor is dequantized).
  public static func loadTokenizer(path: String) throws -> Tokenizer {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ReasonerError(.io, "\(path): no such file or directory (expected a .gguf file or a Hugging Face model directory)")
    }
    if isDirectory.boolValue { return try Tokenizer.fromHFDirectory(URL(fileURLWithPath: path)) }
    return try Tokenizer.fromGGUF(GGUFFile(path: path).metadata, source: path)
  }
}
