// ChatTemplate: renders a conversation as the model's chat format (ChatML for SmolLM2/Qwen2, Llama-3) or
// raw text; chosen from the model's Jinja template string. Tested in ChatTemplateTests (SmolLM2's template).

/// The chat formats we render natively instead of running Jinja.
public enum ChatTemplate: String, Sendable, CaseIterable {
  /// `<|im_start|>role\ncontent<|im_end|>\n` per message; generation prompt `<|im_start|>assistant\n`.
  case chatML
  /// `<|begin_of_text|>` then `<|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|>` per message.
  case llama3
  /// Message contents concatenated, no markup.
  case raw

  /// The format a Jinja template string implements (raw when there is none or it is unknown).
  public static func detect(_ template: String?) -> ChatTemplate {
    guard let t = template else { return .raw }
    if t.contains("<|im_start|>") { return .chatML }
    if t.contains("<|start_header_id|>") { return .llama3 }
    return .raw
  }

  /// The system prompt a ChatML template inserts when the conversation has none, e.g. SmolLM2's
  /// `{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\nYou are a helpful AI
  /// assistant named SmolLM, trained by Hugging Face<|im_end|>\n' }}{% endif %}` (Qwen2's is similar).
  public static func defaultSystemPrompt(in template: String?) -> String? {
    guard let t = template, let start = t.range(of: "<|im_start|>system\\n") ?? t.range(of: "<|im_start|>system\n")
    else { return nil }
    guard let end = t.range(of: "<|im_end|>", range: start.upperBound..<t.endIndex) else { return nil }
    let prompt = String(t[start.upperBound..<end.lowerBound])
    // A template that builds the system turn from a message (`+ message['content'] +`) has no default.
    return prompt.contains("'") || prompt.contains("{") ? nil : prompt
  }

  /// The prompt text. `defaultSystemPrompt` is inserted first (ChatML only) when the first message is not
  /// a system message, as SmolLM2's and Qwen2's templates do. Encode the result with `addSpecial: false`:
  /// the Llama-3 rendering already starts with its BOS text.
  public func render(messages: [(role: String, content: String)], addGenerationPrompt: Bool,
                     defaultSystemPrompt: String? = nil) -> String {
    var out = ""
    switch self {
    case .chatML:
      if let system = defaultSystemPrompt, messages.first?.role != "system" {
        out += "<|im_start|>system\n\(system)<|im_end|>\n"
      }
      for m in messages { out += "<|im_start|>\(m.role)\n\(m.content)<|im_end|>\n" }
      if addGenerationPrompt { out += "<|im_start|>assistant\n" }
    case .llama3:
      out = "<|begin_of_text|>"
      for m in messages {
        out += "<|start_header_id|>\(m.role)<|end_header_id|>\n\n"
        out += m.content.trimmingWhitespace() + "<|eot_id|>"
      }
      if addGenerationPrompt { out += "<|start_header_id|>assistant<|end_header_id|>\n\n" }
    case .raw:
      for m in messages { out += m.content }
    }
    return out
  }
}

extension Tokenizer {
  /// The chat format of this model's template.
  public var chatTemplate: ChatTemplate { ChatTemplate.detect(chatTemplateString) }

  /// Renders with this model's template and default system prompt.
  public func renderChat(_ messages: [(role: String, content: String)], addGenerationPrompt: Bool = true) -> String {
    chatTemplate.render(messages: messages, addGenerationPrompt: addGenerationPrompt,
                        defaultSystemPrompt: ChatTemplate.defaultSystemPrompt(in: chatTemplateString))
  }
}

extension String {
  /// Jinja's `| trim`: leading and trailing whitespace removed.
  func trimmingWhitespace() -> String {
    let s = unicodeScalars
    guard let first = s.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    let last = s.lastIndex(where: { !$0.properties.isWhitespace })!
    return String(s[first...last])
  }
}
