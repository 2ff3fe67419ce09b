// LanguageModel: a loaded LlamaModel with its tokenizer and chat template, turning prompt texts into
// completions through the one Generator. The glue `reasoner generate` and the RL trainer share.
// Tested in Tests/ReasonerCoreTests/RealModelGenerationTests.swift and Tests/ReasonerCLITests/GenerateCLITests.swift.
import Foundation

/// A model ready to generate text: weights, tokenizer, and the stop tokens of its chat format.
public final class LanguageModel: Sendable {
  public let model: LlamaModel
  public let tokenizer: Tokenizer
  /// Where it was loaded from (for messages).
  public let sourcePath: String
  /// How decode's linear layers read the weights (`.bf16`: a bf16 copy per generation; fp32 otherwise).
  public let decodeWeights: DecodeWeightPrecision

  public init(model: LlamaModel, tokenizer: Tokenizer, sourcePath: String, decodeWeights: DecodeWeightPrecision = .fp32) {
    self.model = model
    self.tokenizer = tokenizer
    self.sourcePath = sourcePath
    self.decodeWeights = decodeWeights
  }

  /// Loads a `.gguf` file or a Hugging Face directory (weights dequantized to fp32).
  public static func load(path: String, decodeWeights: DecodeWeightPrecision = .fp32) throws -> LanguageModel {
    let loaded = try ModelLoader.load(path: path)
    if loaded.tokenizer.vocabularySize > loaded.config.vocabSize {
      throw ReasonerError(
        .invalidFile,
        "\(path): the tokenizer has \(loaded.tokenizer.vocabularySize) tokens but vocab_size is "
          + "\(loaded.config.vocabSize) (expected at most vocab_size tokens)")
    }
    let model = try LlamaModel(config: loaded.config, weights: loaded.tensors)
    return LanguageModel(model: model, tokenizer: loaded.tokenizer, sourcePath: path, decodeWeights: decodeWeights)
  }

  /// The tokens most prompts fit in (prompt plus new tokens).
  public var contextLength: Int { model.contextLength }

  /// Token ids that end a completion: EOS and the chat format's end-of-turn token when the vocabulary
  /// has them (`<|im_end|>` for ChatML, `<|eot_id|>` for Llama-3).
  public var stopTokenIDs: [Int32] {
    var ids: [Int32] = []
    if let eos = tokenizer.eosTokenId { ids.append(eos) }
    for text in ["<|im_end|>", "<|eot_id|>", "<|endoftext|>"] {
      if let id = tokenizer.specialTokens[text], !ids.contains(id) { ids.append(id) }
    }
    return ids
  }

  /// The prompt's token ids: with `chat`, the text as one user turn in the model's chat template
  /// (default system prompt included) followed by the assistant header; otherwise the raw text
  /// (with BOS when the model asks for one).
  public func promptTokens(_ text: String, chat: Bool) -> [Int32] {
    if chat {
      return tokenizer.encode(tokenizer.renderChat([(role: "user", content: text)]), addSpecial: false)
    }
    return tokenizer.encode(text, addSpecial: true)
  }

  /// `samplesPerPrompt` completions for every prompt, ordered by (prompt, sample), each with its
  /// text (cut before a stop token or stop string), token ids and log-probabilities. When
  /// `parameters.stopTokenIDs` is empty, `stopTokenIDs` (EOS, end-of-turn) is used.
  /// - Throws: `ReasonerError` naming the prompt when one is empty or does not fit the context.
  public func generate(prompts: [[Int32]], samplesPerPrompt: Int, parameters: SamplingParameters,
                       maxConcurrentSlots: Int = 64,
                       progress: ((GenerationProgress) -> Void)? = nil) throws -> [Completion] {
    var parameters = parameters
    if parameters.stopTokenIDs.isEmpty { parameters.stopTokenIDs = stopTokenIDs }
    let generator = Generator(model: try model.decoding(weights: decodeWeights), maxConcurrentSlots: maxConcurrentSlots)
    let tokenizer = self.tokenizer
    return try generator.generate(
      prompts: prompts, samplesPerPrompt: samplesPerPrompt, parameters: parameters,
      detokenizer: { tokenizer.decode($0) }, progress: progress)
  }

  /// Text prompts: tokenized with `promptTokens(_:chat:)`, then `generate(prompts:…)`.
  public func generate(texts: [String], chat: Bool, samplesPerPrompt: Int, parameters: SamplingParameters,
                       maxConcurrentSlots: Int = 64) throws -> [Completion] {
    try generate(prompts: texts.map { promptTokens($0, chat: chat) }, samplesPerPrompt: samplesPerPrompt,
                 parameters: parameters, maxConcurrentSlots: maxConcurrentSlots)
  }
}
