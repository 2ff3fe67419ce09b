// Chat templates: SmolLM2's real template string (from the GGUF) mirrored, Llama-3 layout, raw mode.
import Testing

@testable import ReasonerCore

struct TokenizerChatTemplateTests {
  /// SmolLM2-135M-Instruct's `tokenizer.chat_template`, copied from the GGUF metadata.
  static let smolTemplate = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"

  @Test func smolLM2DefaultSystemPromptOnlyWithoutSystemMessage() {
    #expect(ChatTemplate.detect(Self.smolTemplate) == .chatML)
    let system = ChatTemplate.defaultSystemPrompt(in: Self.smolTemplate)
    #expect(system == "You are a helpful AI assistant named SmolLM, trained by Hugging Face")
    let user = ChatTemplate.chatML.render(messages: [("user", "2+2?")], addGenerationPrompt: true, defaultSystemPrompt: system)
    #expect(user == "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n")
    let withSystem = ChatTemplate.chatML.render(messages: [("system", "Be brief."), ("user", "hi")], addGenerationPrompt: false, defaultSystemPrompt: system)
    #expect(withSystem == "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n")
  }

  @Test func realModelTemplateIsDetected() throws {
    guard let tok = FormatsFixtures.realTokenizer else { return }
    #expect(tok.chatTemplateString == Self.smolTemplate)
    #expect(tok.chatTemplate == .chatML)
    #expect(tok.encode(tok.renderChat([("user", "Hi")])).prefix(2) == [1, 9690])  // <|im_start|> "system"
  }

  @Test func llama3AndRaw() {
    let t = "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n' }}"
    #expect(ChatTemplate.detect(t) == .llama3 && ChatTemplate.detect(nil) == .raw)
    let r = ChatTemplate.llama3.render(messages: [("user", " hi \n")], addGenerationPrompt: true)
    #expect(r == "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n")
    #expect(ChatTemplate.raw.render(messages: [("user", "a"), ("assistant", "b")], addGenerationPrompt: true) == "ab")
  }
}
