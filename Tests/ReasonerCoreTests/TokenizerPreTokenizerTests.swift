// Pre-tokenizer pieces of the GPT-2, SmolLM, Llama-3 and Qwen2 rules against HF `tokenizers`
// (scripts/golden/fixtures/pretokenizer_pieces.json, from scripts/golden/pretokenizer_expectations.py).
import Foundation
import Testing

@testable import ReasonerCore

struct TokenizerPreTokenizerTests {
  @Test(arguments: PreTokenizerKind.allCases)
  func piecesMatchHuggingFace(kind: PreTokenizerKind) throws {
    let fixture = try FormatsFixtures.json("pretokenizer_pieces.json")
    let strings = fixture["strings"] as! [String]
    let want = (fixture["pieces"] as! [String: Any])[kind.rawValue] as! [[String]]
    for (s, expected) in zip(strings, want) {
      let scalars = Array(s.unicodeScalars)
      let got = kind.split(scalars).map { r in
        ByteLevelAlphabet.string(of: String(String.UnicodeScalarView(scalars[r])).utf8)
      }
      #expect(got == expected, "\(kind) on \(s.debugDescription)")
    }
  }
}
