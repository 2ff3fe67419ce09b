// TextTokens: splits text into word and punctuation tokens hashed to Int32, so the repetition detector
// can run on text the same way as on model token ids. Tested in Tests/ReasonerRewardTests/DetectorTests.swift.

/// One token of text: its hash and where it starts (offset in Unicode scalars).
struct TextToken { var id: Int32; var scalarOffset: Int }

/// Words (runs of letters and digits) and single punctuation marks; whitespace separates and is dropped.
func textTokens(_ text: String) -> [TextToken] {
  var tokens: [TextToken] = []
  var hash: UInt32 = 2_166_136_261
  var start = -1
  var offset = 0
  func flush() {
    if start >= 0 { tokens.append(TextToken(id: Int32(bitPattern: hash), scalarOffset: start)); start = -1 }
    hash = 2_166_136_261
  }
  for scalar in text.unicodeScalars {
    let v = scalar.value
    let isWordCharacter = v < 128 ? ((v | 32) >= 97 && (v | 32) <= 122) || (v >= 48 && v <= 57) : scalar.properties.isAlphabetic
    if isWordCharacter {
      if start < 0 { start = offset }
      hash = (hash ^ v) &* 16_777_619  // FNV-1a
    } else {
      flush()
      if !(v == 32 || v == 10 || v == 9 || v == 13 || (v >= 128 && scalar.properties.isWhitespace)) {
        tokens.append(TextToken(id: Int32(bitPattern: (2_166_136_261 ^ v) &* 16_777_619 ^ 0x5bd1e995), scalarOffset: offset))
      }
    }
    offset += 1
  }
  flush()
  return tokens
}
