// DemoTokenizer: the embedded demo's character-level tokenizer — one id per character of the demo task's
// alphabet plus PAD/BOS/EOS. Tested in Tests/ReasonerCoreTests/DataDemoTaskTests.swift (round trips,
// unknown characters named by offset, special ids).

/// Characters map to ids 3…; 0, 1, 2 are PAD, BOS, EOS. Decoding stops at EOS and drops a leading BOS;
/// a PAD or BOS in the middle of a sampled response decodes to U+FFFD, so a response that emits them
/// reads as garbled to the penalty rules instead of silently losing tokens.
public struct DemoTokenizer: Equatable, Sendable {
  public static let padId: Int32 = 0
  public static let bosId: Int32 = 1
  public static let eosId: Int32 = 2
  /// Every character the demo task writes (see DemoTask): digits, the equation and check-line symbols,
  /// the letters of "try", "low", "high", "ok", and `\boxed{}`.
  public static let alphabet: [Character] = Array("\n 0123456789+-*=:?x{}\\bdeghiklortwy")

  private let ids: [Character: Int32]

  public init() {
    var ids: [Character: Int32] = [:]
    for (i, c) in Self.alphabet.enumerated() { ids[c] = Int32(i + 3) }
    self.ids = ids
  }

  /// V: 3 special tokens plus the alphabet.
  public var vocabularySize: Int { Self.alphabet.count + 3 }
  public var eosId: Int32 { Self.eosId }
  public var bosId: Int32 { Self.bosId }
  public var padId: Int32 { Self.padId }

  /// One id per character, with BOS first when `addBOS`. Throws on a character outside the alphabet,
  /// naming its offset.
  public func encode(_ text: String, addBOS: Bool = false) throws -> [Int32] {
    var out: [Int32] = addBOS ? [Self.bosId] : []
    out.reserveCapacity(text.count + 1)
    for (offset, c) in text.enumerated() {
      guard let id = ids[c] else {
        throw ReasonerError(
          .invalidArgument,
          "demo tokenizer: character \(String(reflecting: String(c))) at offset \(offset) is not in the "
            + "demo alphabet \(String(reflecting: String(Self.alphabet)))")
      }
      out.append(id)
    }
    return out
  }

  /// The text of `ids` up to the first EOS (excluded). Ids outside the vocabulary also decode to U+FFFD.
  public func decode(_ ids: [Int32]) -> String {
    var text = ""
    for (i, id) in ids.enumerated() {
      if id == Self.eosId { break }
      if id == Self.bosId && i == 0 { continue }
      let index = Int(id) - 3
      text.append(Self.alphabet.indices.contains(index) ? Self.alphabet[index] : "\u{FFFD}")
    }
    return text
  }
}
