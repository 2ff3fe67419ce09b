// StreamingDetokenizer: turns tokens into text as they are sampled, holding back an incomplete UTF-8
// character until its last byte arrives (so stop strings never see a U+FFFD from a split character).
// Tested in TokenizerTests (emoji split over several byte tokens).

/// Incremental decoder: `append` returns the newly completed text.
public struct StreamingDetokenizer: Sendable {
  public let tokenizer: Tokenizer
  var pending: [UInt8] = []
  /// All text emitted so far.
  public private(set) var text = ""

  public init(tokenizer: Tokenizer) { self.tokenizer = tokenizer }

  /// Adds one token; returns the text that became complete (possibly empty).
  public mutating func append(_ id: Int32) -> String {
    pending.append(contentsOf: tokenizer.decodeBytes([id]))
    let complete = completeUTF8PrefixLength(pending)
    if complete == 0 { return "" }
    let piece = String(decoding: pending[0..<complete], as: UTF8.self)
    pending.removeFirst(complete)
    text += piece
    return piece
  }

  /// Flushes held-back bytes (as U+FFFD if they never completed a character).
  public mutating func finish() -> String {
    let piece = String(decoding: pending, as: UTF8.self)
    pending.removeAll()
    text += piece
    return piece
  }
}

/// Length of the longest prefix of `bytes` that does not end inside a UTF-8 character that could still be
/// completed. Invalid bytes count as complete (they decode to U+FFFD rather than being held forever).
public func completeUTF8PrefixLength(_ bytes: [UInt8]) -> Int {
  let n = bytes.count
  // Look back at most 3 bytes for the lead byte of a trailing partial character.
  var i = n - 1
  while i >= 0 && i >= n - 4 {
    let b = bytes[i]
    if b & 0xC0 != 0x80 {  // a lead byte (or ASCII)
      let need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
      return (b >= 0xC0 && b < 0xF8 && n - i < need) ? i : n
    }
    i -= 1
  }
  return n
}
