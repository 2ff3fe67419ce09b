// SFT data from JSONL: each record's prompt and completion fields become token ids, either in the model's
// chat template (user turn = prompt, assistant turn = completion + end of turn) or raw (prompt, completion,
// EOS). Tested in Tests/ReasonerCoreTests/SFTDataTests.swift.
import Foundation

/// How a record becomes text.
public enum SFTFormat: String, Codable, Sendable, CaseIterable {
  /// The tokenizer's chat template: user message = prompt, assistant message = completion, then the
  /// template's end-of-turn token (`<|im_end|>` for ChatML, `<|eot_id|>` for Llama 3, else EOS).
  case chat
  /// Prompt tokens (with BOS when the tokenizer adds one), completion tokens, EOS.
  case raw
}

extension SFTDataset {
  /// Reads `path` (one JSON object per line) and tokenizes every record. A line that is not JSON or lacks a
  /// field throws naming the line and the field; a record whose prompt or completion is `null` is dropped
  /// and counted (e.g. AMC problems without a written solution).
  public init(jsonl path: String, tokenizer: Tokenizer, promptField: String = "problem",
              completionField: String = "solution", format: SFTFormat = .chat, sequenceLength: Int) throws {
    guard sequenceLength >= 2 else {
      throw ReasonerError(.invalidArgument, "seq-len: expected ≥ 2 tokens, got \(sequenceLength)")
    }
    let records = try JSONLReader.read(path)
    var pairs: [(prompt: [Int32], completion: [Int32])] = []
    var nulls = 0
    let end = tokenizer.endOfTurnTokenId(format: format)
    for record in records {
      if record.fields[promptField] is NSNull || record.fields[completionField] is NSNull {
        nulls += 1
        continue
      }
      let prompt = try record.string(promptField, file: path)
      let completion = try record.string(completionField, file: path)
      pairs.append(tokenizer.sftTokens(prompt: prompt, completion: completion, format: format, endToken: end))
    }
    guard !pairs.isEmpty else {
      throw ReasonerError(
        .invalidFile, "\(path): no usable records (\(nulls) of \(records.count) have a null '\(promptField)' or '\(completionField)')")
    }
    let built = try SFTDataset(pairs: pairs, sequenceLength: sequenceLength)
    self.init(examples: built.examples, sequenceLength: sequenceLength, truncatedCount: built.truncatedCount,
              droppedCount: built.droppedCount + nulls)
  }
}

extension Tokenizer {
  /// The token that ends an assistant turn in `format` (nil when the tokenizer has none).
  public func endOfTurnTokenId(format: SFTFormat) -> Int32? {
    if format == .chat {
      switch chatTemplate {
      case .chatML: if let id = specialTokens["<|im_end|>"] { return id }
      case .llama3: if let id = specialTokens["<|eot_id|>"] { return id }
      case .raw: break
      }
    }
    return eosTokenId
  }

  /// Prompt and completion token ids of one SFT record (the end token appended to the completion). The two
  /// parts are encoded separately, so the loss mask falls exactly on the completion's first token.
  public func sftTokens(prompt: String, completion: String, format: SFTFormat, endToken: Int32?)
    -> (prompt: [Int32], completion: [Int32])
  {
    let promptIds: [Int32]
    switch format {
    case .chat where chatTemplate != .raw:
      // The rendered text already carries any BOS text (Llama 3); ChatML has none.
      promptIds = encode(renderChat([("user", prompt)], addGenerationPrompt: true), addSpecial: false)
    default:
      promptIds = encode(prompt, addSpecial: true)
    }
    return (promptIds, encode(completion, addSpecial: false) + (endToken.map { [$0] } ?? []))
  }
}
