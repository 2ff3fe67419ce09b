// Runs `reasoner generate` and `reasoner bench generate` on the tiny golden Llama (fixture weights plus a
// small byte-level tokenizer written here): JSON line shape, seed reproducibility, greedy = greedy, and the
// errors for invalid UTF-8 and a prompt longer than the context. The real model is used when present.
import Foundation
import Testing

@testable import ReasonerCLI

/// A Hugging Face directory: the fixture's config.json + model.safetensors (vocab 300, context 64) and a
/// tokenizer of the 256 byte-level symbols, 4 merges and 3 special tokens (ChatML template).
let tinyGenerateModel: String = {
  let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  let fixture = repo.appendingPathComponent("Tests/ReasonerCoreTests/Fixtures/golden_tiny_llama")
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reasoner-generate-\(UUID().uuidString)")
  try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  for name in ["config.json", "model.safetensors"] {
    try! FileManager.default.copyItem(at: fixture.appendingPathComponent(name), to: dir.appendingPathComponent(name))
  }
  // GPT-2's byte → printable-character map.
  var symbols: [String] = []
  var extra = 0
  for b in 0..<256 {
    let printable = (33...126).contains(b) || (161...172).contains(b) || (174...255).contains(b)
    symbols.append(String(UnicodeScalar(printable ? b : 256 + { defer { extra += 1 }; return extra }())!))
  }
  var vocab: [String: Int] = [:]
  for (i, s) in symbols.enumerated() { vocab[s] = i }
  let merges = [("h", "e"), ("l", "l"), ("he", "ll"), ("Ġ", "w")]
  for (i, m) in merges.enumerated() { vocab[m.0 + m.1] = 256 + i }
  let specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
  let tokenizer: [String: Any] = [
    "model": ["type": "BPE", "vocab": vocab, "merges": merges.map { "\($0.0) \($0.1)" }],
    "added_tokens": specials.enumerated().map { ["id": 260 + $0.offset, "content": $0.element, "special": true] },
    "pre_tokenizer": ["type": "ByteLevel", "add_prefix_space": false, "use_regex": true],
  ]
  let config: [String: Any] = [
    "eos_token": "<|im_end|>", "bos_token": "<|endoftext|>", "add_bos_token": false,
    "chat_template": "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}",
  ]
  try! JSONSerialization.data(withJSONObject: tokenizer).write(to: dir.appendingPathComponent("tokenizer.json"))
  try! JSONSerialization.data(withJSONObject: config).write(to: dir.appendingPathComponent("tokenizer_config.json"))
  return dir.path
}()

struct GenerateCLITests {
  func lines(_ stdout: String) throws -> [[String: Any]] {
    try stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
  }

  @Test func jsonLinesHaveEveryFieldAndReproduce() throws {
    let args = ["generate", "--model", tinyGenerateModel, "--prompt", "hello world", "--raw", "--n", "3",
                "--temperature", "1.2", "--top-k", "50", "--max-new-tokens", "6", "--seed", "5", "--json"]
    let r = try runReasoner(args)
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let rows = try lines(r.stdout)
    #expect(rows.count == 3)
    for (s, row) in rows.enumerated() {
      #expect(row["prompt_index"] as? Int == 0 && row["sample_index"] as? Int == s)
      let ids = row["token_ids"] as? [Int] ?? [], logprobs = row["logprobs"] as? [Double] ?? []
      let reason = row["finish_reason"] as? String
      #expect(!ids.isEmpty && ids.count == logprobs.count && ids.allSatisfy { (0..<300).contains($0) })
      #expect(logprobs.allSatisfy { $0 <= 0 && $0.isFinite })
      #expect(reason == "length" ? ids.count == 6 : reason == "stop" && ids.last == 262, "\(row)")
      #expect(row["text"] is String)
    }
    // Same seed, same completions; the samples of one prompt differ from each other.
    #expect(try runReasoner(args).stdout == r.stdout)
    let idLists = rows.map { $0["token_ids"] as! [Int] }
    #expect(Set(idLists.map { $0.description }).count > 1, "three samples at τ = 1.2 were identical: \(idLists)")
  }

  @Test func greedySamplesAreIdenticalAndTextIsReadable() throws {
    let r = try runReasoner(["generate", "--model", tinyGenerateModel, "--prompt", "hello", "--n", "2",
                             "--temperature", "0", "--max-new-tokens", "5"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let blocks = r.stdout.components(separatedBy: "--- sample ")
    #expect(blocks.count == 3, "\(r.stdout)")
    if blocks.count == 3 { #expect(blocks[1].dropFirst(1) == blocks[2].dropFirst(1).dropLast(0)) }
  }

  @Test func promptsFileWithInvalidUTF8NamesLineAndOffset() throws {
    let path = NSTemporaryDirectory() + "reasoner-generate-\(UUID().uuidString).jsonl"
    var bytes = Array("{\"problem\": \"fine\"}\n{\"problem\": \"bad ".utf8)
    bytes += [0xC3, 0x28] + Array("\"}\n".utf8)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let r = try runReasoner(["generate", "--model", tinyGenerateModel, "--prompts-file", path])
    #expect(r.status == 1)
    #expect(r.stderr.contains("\(path):2: invalid UTF-8 at byte offset 18"), "\(r.stderr)")
  }

  @Test func promptLongerThanContextIsRefused() throws {
    let r = try runReasoner(["generate", "--model", tinyGenerateModel, "--raw", "--max-new-tokens", "10",
                             "--prompt", String(repeating: "ab ", count: 40)])
    #expect(r.status == 1)
    #expect(r.stderr.contains("--prompt: the prompt is 120 tokens") && r.stderr.contains("context length 64"),
            "\(r.stderr)")
    let file = NSTemporaryDirectory() + "reasoner-generate-\(UUID().uuidString).jsonl"
    try "{\"q\": \"short\"}\n{\"q\": \"\(String(repeating: "x ", count: 40))\"}\n".write(
      toFile: file, atomically: true, encoding: .utf8)
    let f = try runReasoner(["generate", "--model", tinyGenerateModel, "--prompts-file", file, "--field", "q",
                             "--max-new-tokens", "10"])
    #expect(f.status == 1 && f.stderr.contains("\(file):2 field \"q\": the prompt is"), "\(f.stderr)")
  }

  @Test func utf8CheckAgreesWithSwiftsDecoder() {
    var rng = SystemRandomNumberGenerator()
    let alphabet: [UInt8] = [0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x90]
    for _ in 0..<5000 {
      let bytes = (0..<Int.random(in: 0..<7, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
      let valid = String(validating: bytes, as: UTF8.self) != nil
      #expect((firstInvalidUTF8Offset(bytes) == nil) == valid, "\(bytes.map { String($0, radix: 16) })")
    }
  }

  @Test func benchGeneratePrintsOneJSONLine() throws {
    let r = try runReasoner(["bench", "generate", "--model", tinyGenerateModel, "--batch", "3",
                             "--prompt-tokens", "5", "--new-tokens", "4", "--reps", "2", "--json"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let rows = try lines(r.stdout)
    #expect(rows.count == 1, "one line for all reps: \(r.stdout)")
    let row = rows.first ?? [:]
    for key in ["prefill_tokens_per_s", "decode_tokens_per_s", "peak_rss_mb"] {
      #expect((row[key] as? Double ?? 0) > 0, "\(key) in \(r.stdout)")
    }
    #expect((row["openblas_core"] as? String ?? "").isEmpty == false)
  }

  @Test func benchTrainRunsOnAModelFile() throws {
    let r = try runReasoner(["bench", "train", "--model", tinyGenerateModel, "--batch", "2", "--seq-len", "8",
                             "--steps", "1", "--json"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let row = try lines(r.stdout).first ?? [:]
    #expect((row["tokens_per_s"] as? Double ?? 0) > 0 && (row["peak_rss_mb"] as? Double ?? 0) > 0, "\(r.stdout)")
  }
}
