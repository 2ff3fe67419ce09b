// Tokenizer: ids hard-coded from HF `tokenizers` (printed by scripts/golden/tokenizer_expectations.py),
// pre-tokenizer pieces from scripts/golden/pretokenizer_expectations.py, round trips, special tokens,
// streaming decode, tokenizer.json write/reload, bad UTF-8. The full MATH500 comparison with HF is
// python/tests/test_tokenizer_matches_hf.py.
import Foundation
import Testing

@testable import ReasonerCore

let hardStrings = [
  "", " ", "  15", "\n\n17", "a   b\t\tc", "123456789012345678901234567890", "emoji 😀👍🏽 👨‍👩‍👧‍👦 🇫🇷",
  "中文字符 日本語 한국어", "e\u{301} a\u{308} Z\u{351}\u{352}", "<|im_start|>user\nHi<|im_end|>\n",
  "don't I'LL we've", "a\r\nb\u{2028}c\u{a0}d\u{3000}e", "$\\frac{1}{2}$ \\boxed{42}", "trailing   ",
]

struct TokenizerTests {
  /// From scripts/golden/tokenizer_expectations.py (HF tokenizers, SmolLM2 vocab, Digits + ByteLevel).
  @Test func idsMatchHuggingFaceExpectations() throws {
    guard let tok = FormatsFixtures.realTokenizer else { return }
    let expected: [(String, [Int32])] = [
      ("Hello world", [19556, 905]),
      ("  15", [256, 33, 37]),
      ("\n\n17", [1116, 33, 39]),
      ("What is 123+4567?", [1780, 314, 216, 33, 34, 35, 27, 36, 37, 38, 39, 47]),
      ("<|im_start|>user\nHi<|im_end|>", [1, 4093, 198, 26843, 2]),
      ("naïve 😀 中文", [3546, 46494, 40303, 218, 216, 28589, 29184]),
    ]
    for (text, ids) in expected {
      #expect(tok.encode(text) == ids, "\(text.debugDescription)")
    }
    #expect(tok.vocabularySize == 49152 && tok.merges.count == 48900)
    #expect(tok.bosTokenId == 1 && tok.eosTokenId == 2 && !tok.addBosToken)
    #expect(tok.specialTokens.count == 17 && tok.specialTokens["<|im_end|>"] == 2)
    #expect(tok.encode("Hi", addSpecial: true) == tok.encode("Hi"))  // add_bos_token is false
  }

  @Test func roundTripsHardStrings() throws {
    guard let tok = FormatsFixtures.realTokenizer else { return }
    for s in hardStrings {
      #expect(tok.decode(tok.encode(s)) == s, "\(s.debugDescription)")
    }
  }

  @Test func specialTokensMatchedWholeNeverSplit() throws {
    guard let tok = FormatsFixtures.realTokenizer else { return }
    #expect(tok.encode("<|im_start|>") == [1])
    #expect(tok.encode("x<|im_end|><|im_end|>y").filter { $0 == 2 }.count == 2)
    let partial = tok.encode("<|im_start|")
    #expect(!partial.contains(1) && tok.decode(partial) == "<|im_start|")
    #expect(tok.isSpecial(2) && !tok.isSpecial(100))
  }

  @Test func streamingDecodeHoldsIncompleteCharacters() throws {
    guard let tok = FormatsFixtures.realTokenizer else { return }
    let text = "ok 😀中"
    let ids = tok.encode(text)
    var stream = StreamingDetokenizer(tokenizer: tok)
    var pieces: [String] = []
    for id in ids { pieces.append(stream.append(id)) }
    pieces.append(stream.finish())
    #expect(pieces.joined() == text)
    #expect(!pieces.joined().contains("\u{FFFD}"))
    // Cutting mid-character never crashes: decode gives U+FFFD, the helper holds the bytes back.
    let cut = Array(tok.decodeBytes(ids).prefix(5))  // "ok " + 2 of the emoji's 4 bytes
    #expect(completeUTF8PrefixLength(cut) == 3)
    #expect(String(decoding: cut, as: UTF8.self).hasSuffix("\u{FFFD}"))
  }

  @Test func byteAlphabetRoundTripsEveryByte() {
    let all = (0...255).map(UInt8.init)
    #expect(ByteLevelAlphabet.bytes(of: ByteLevelAlphabet.string(of: all)) == all)
    #expect(ByteLevelAlphabet.string(of: [0x20]) == "Ġ" && ByteLevelAlphabet.string(of: [0x0A]) == "Ċ")
  }

  /// Written as tokenizer.json + tokenizer_config.json and read back: same ids, same facts.
  @Test func tokenizerJSONRoundTrip() throws {
    guard let tok = FormatsFixtures.realTokenizer else { return }
    let dir = try FormatsFixtures.temporaryDirectory()
    try tok.writeHuggingFaceFiles(to: dir)
    let back = try Tokenizer.fromHFDirectory(dir)
    #expect(back.preTokenizer == .smollm && back.vocabularySize == tok.vocabularySize)
    #expect(back.bosTokenId == tok.bosTokenId && back.eosTokenId == tok.eosTokenId)
    #expect(back.chatTemplateString == tok.chatTemplateString)
    for s in hardStrings + ["What is 123+4567?"] {
      #expect(back.encode(s) == tok.encode(s), "\(s.debugDescription)")
    }
  }

  @Test func invalidUTF8NamesLineAndOffset() throws {
    let bytes: [UInt8] = Array("{\"t\":\"ok\"}\n{\"t\":\"a".utf8) + [0xC3, 0x28] + Array("\"}\n".utf8)
    let e = expectReasonerError { _ = try validatedUTF8(bytes, source: "p.jsonl") }
    #expect(e?.message == "p.jsonl:2: invalid UTF-8 at byte offset 18 (byte 0xc3), expected UTF-8 text")
    let path = try TinyGGUFWriter().write(bytes, name: "bad.jsonl")
    #expect(expectReasonerError { _ = try readJSONLField(path: path, field: "t") }?.message.contains("byte offset 18") == true)
    let good = try TinyGGUFWriter().write(Array("{\"t\":\"é\"}\n{\"u\":1}\n".utf8), name: "g.jsonl")
    #expect(expectReasonerError { _ = try readJSONLField(path: good, field: "t") }?.message == "\(good):2: missing field 't'")
  }

  @Test func unknownPreTokenizerIsAnError() throws {
    guard let g = FormatsFixtures.realGGUF else { return }
    var m = g.metadata
    m["tokenizer.ggml.pre"] = .string("mystery")
    let e = expectReasonerError { _ = try Tokenizer.fromGGUF(m, source: "x.gguf") }
    #expect(e?.message.contains("'tokenizer.ggml.pre' = 'mystery'") == true)
  }
}

extension TokenizerTests {
  @Test func decodeCanSkipSpecialTokens() throws {
    let tok = try tinyModel().tokenizer
    let ids = tok.encode("the<|im_end|>")
    #expect(ids.last == 258)
    #expect(tok.decode(ids) == "the<|im_end|>" && tok.decode(ids, skipSpecial: true) == "the")
  }

  /// Llama-3 style tokenizer.json: BOS comes from a TemplateProcessing post-processor, not add_bos_token.
  @Test func bosFromTemplateProcessingPostProcessor() throws {
    let tok = try tinyModel().tokenizer
    let dir = try FormatsFixtures.temporaryDirectory()
    try tok.writeHuggingFaceFiles(to: dir)
    var json = tok.huggingFaceJSON()
    json["post_processor"] = ["type": "TemplateProcessing", "single": [
      ["SpecialToken": ["id": "<|im_end|>", "type_id": 0]], ["Sequence": ["id": "A", "type_id": 0]],
    ]]
    try writeJSON(json, to: dir.appendingPathComponent("tokenizer.json"))
    var config = tok.huggingFaceConfigJSON()
    config["add_bos_token"] = nil
    config["bos_token"] = "<|im_end|>"
    try writeJSON(config, to: dir.appendingPathComponent("tokenizer_config.json"))
    let back = try Tokenizer.fromHFDirectory(dir)
    #expect(back.addBosToken && back.bosTokenId == 258)
    #expect(back.encode("he", addSpecial: true) == [258, 257])
  }
}

extension TokenizerTests {
  /// Each pre-tokenizer rule is written into tokenizer.json in HF's form and recognized when read back.
  @Test(arguments: PreTokenizerKind.allCases)
  func preTokenizerSurvivesTokenizerJSON(kind: PreTokenizerKind) throws {
    let tiny = try tinyModel().tokenizer
    let tok = try Tokenizer(
      tokens: tiny.tokens, merges: tiny.merges, specialTokenIds: [258], preTokenizer: kind, bosTokenId: nil,
      eosTokenId: 258, addBosToken: false, ignoreMerges: kind == .llama3, source: "tiny")
    let dir = try FormatsFixtures.temporaryDirectory()
    try tok.writeHuggingFaceFiles(to: dir)
    let back = try Tokenizer.fromHFDirectory(dir)
    #expect(back.preTokenizer == kind)
    let text = "the 12345 theta\n\n  x"
    #expect(back.encode(text) == tok.encode(text))
  }
}
