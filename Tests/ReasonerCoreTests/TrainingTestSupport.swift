// Shared helpers of the training tests: a byte-level tokenizer sized to the tiny models' vocabulary (300:
// 256 bytes, ChatML specials, fillers), the golden fixture copied with that tokenizer so ModelLoader
// loads it, and scratch directories.
import Foundation

@testable import ReasonerCore

enum TrainingFixtures {
  /// Folder of the committed PyTorch golden model (config.json, model.safetensors, inputs.json, …).
  static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/golden_tiny_llama")

  static let chatMLTemplate =
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
    + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"

  /// 256 byte tokens (ids = byte values), then <|endoftext|> 256, <|im_start|> 257, <|im_end|> 258, and
  /// special fillers up to `vocabularySize`. No merges: every byte is one token.
  static func byteTokenizer(vocabularySize: Int = 300) throws -> Tokenizer {
    var tokens = (0..<256).map { String(ByteLevelAlphabet.characterForByte[$0]) }
    tokens += ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    while tokens.count < vocabularySize { tokens.append("<|extra_\(tokens.count)|>") }
    return try Tokenizer(
      tokens: tokens, merges: [], specialTokenIds: Set((256..<vocabularySize).map { Int32($0) }),
      preTokenizer: .gpt2, bosTokenId: nil, eosTokenId: 256, padTokenId: 256, addBosToken: false,
      chatTemplate: chatMLTemplate, source: "test byte tokenizer")
  }

  /// A fresh empty scratch folder.
  static func scratch(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "reasoner-training-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.removeItem(atPath: path)
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// The golden model as a complete HF directory (fixture files + the byte tokenizer), loadable by ModelLoader.
  static func goldenModelDirectory() throws -> String {
    let dir = scratch("golden")
    for f in ["config.json", "model.safetensors", "generation_config.json"] {
      try FileManager.default.copyItem(
        atPath: goldenDirectory.appendingPathComponent(f).path, toPath: dir + "/" + f)
    }
    try byteTokenizer().writeHuggingFaceFiles(to: URL(fileURLWithPath: dir))
    return dir
  }

  /// inputs.json of the golden fixture.
  struct GoldenInputs: Decodable {
    struct AdamW: Decodable {
      var lr: Float
      var beta1: Float
      var beta2: Float
      var eps: Float
      var weight_decay: Float
    }
    var input_ids: [[Int32]]
    var loss_mask: [[Int]]
    var initial_loss: Double
    var adamw: AdamW
    var losses_10_steps: [Double]
  }

  static func goldenInputs() throws -> GoldenInputs {
    let data = try Data(contentsOf: goldenDirectory.appendingPathComponent("inputs.json"))
    return try JSONDecoder().decode(GoldenInputs.self, from: data)
  }

  /// The golden rows as SFT examples: tokens up to the last masked-in one, completion = first masked-in.
  static func goldenExamples(_ inputs: GoldenInputs) -> [SFTExample] {
    zip(inputs.input_ids, inputs.loss_mask).map { ids, mask in
      let first = mask.firstIndex(of: 1)!, last = mask.lastIndex(of: 1)!
      return SFTExample(tokens: Array(ids[...last]), completionStart: first)
    }
  }
}
