// RLTextCodec: how the RL trainer turns a record's problem into prompt tokens and sampled tokens back into
// text — the model's BPE tokenizer with its chat template, or the demo's character tokenizer.
// Tested in Tests/ReasonerCoreTests/RLTrainerTests.swift (the demo codec) and the CLI tests.

/// Prompt rendering, detokenisation and the tokens that end a response.
public struct RLTextCodec: Sendable {
  /// Prompt token ids for a problem (template applied).
  public let encodePrompt: @Sendable (String) throws -> [Int32]
  /// Completion text from sampled ids (stop tokens dropped).
  public let decode: @Sendable ([Int32]) -> String
  /// Tokens that end a completion (EOS, end of turn).
  public let stopTokenIDs: [Int32]

  public init(encodePrompt: @escaping @Sendable (String) throws -> [Int32],
              decode: @escaping @Sendable ([Int32]) -> String, stopTokenIDs: [Int32]) {
    self.encodePrompt = encodePrompt
    self.decode = decode
    self.stopTokenIDs = stopTokenIDs
  }

  /// The instruction appended to each problem by the default "chat" template.
  public static let boxInstruction = "Please reason step by step, and put your final answer within \\boxed{}."

  /// A BPE tokenizer with `template`: "chat" renders the tokenizer's chat template around
  /// "problem\n\ninstruction"; any other template replaces `{problem}` and is encoded as is.
  public static func tokenizer(_ tokenizer: Tokenizer, template: String) -> RLTextCodec {
    let stops = [tokenizer.eosTokenId].compactMap { $0 } + ["<|im_end|>", "<|eot_id|>", "<|endoftext|>"]
      .compactMap { tokenizer.specialTokens[$0] }
    return RLTextCodec(
      encodePrompt: { problem in
        let text =
          template == "chat"
          ? tokenizer.renderChat([("user", problem + "\n\n" + boxInstruction)])
          : template.replacingOccurrences(of: "{problem}", with: problem)
        return tokenizer.encode(text, addSpecial: template != "chat" && tokenizer.addBosToken)
      },
      decode: { ids in
        tokenizer.decode(ids.filter { !stops.contains($0) })
      },
      stopTokenIDs: Array(Set(stops)).sorted())
  }

  /// The demo's character tokenizer: BOS, then `template` with `{problem}` replaced; EOS ends a response.
  public static func demo(_ tokenizer: DemoTokenizer = DemoTokenizer(), template: String = "{problem}\n")
    -> RLTextCodec
  {
    RLTextCodec(
      encodePrompt: { problem in
        try tokenizer.encode(template.replacingOccurrences(of: "{problem}", with: problem), addBOS: true)
      },
      decode: { tokenizer.decode($0) },
      stopTokenIDs: [tokenizer.eosId])
  }
}
