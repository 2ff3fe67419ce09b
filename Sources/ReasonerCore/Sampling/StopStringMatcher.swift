// StopStringMatcher: finds stop strings in a completion's decoded text as it grows, decoding only a
// short suffix window per step. Tested in GenerationTests.swift (stop strings, text cut).

/// Checks the decoded text of the last few tokens after each new token. The window holds the longest
/// stop string's UTF-8 byte count plus 8 tokens, so any stop string completed by the newest token lies
/// inside it as long as tokens decode to at least one byte each (tokens that decode to nothing, such as
/// skipped special tokens, shorten the reach). A window that starts inside a multi-byte character
/// decodes to U+FFFD at its start, which never completes a stop string.
struct StopStringMatcher {
  let stopStrings: [String]
  let windowTokens: Int

  init(stopStrings: [String]) {
    self.stopStrings = stopStrings
    windowTokens = (stopStrings.map(\.utf8.count).max() ?? 0) + 8
  }

  var isActive: Bool { !stopStrings.isEmpty }

  /// The first stop string (in `stopStrings` order) found in the decoded window ending at the newest token.
  func match(_ tokens: [Int32], detokenizer: ([Int32]) -> String) -> String? {
    let text = detokenizer(Array(tokens.suffix(windowTokens)))
    return stopStrings.first { text.contains($0) }
  }

  /// The completion's text: all tokens decoded, cut before the first occurrence of `stop`.
  static func text(of tokens: [Int32], cutAt stop: String?, detokenizer: ([Int32]) -> String) -> String {
    let full = detokenizer(tokens)
    guard let stop, let range = full.range(of: stop) else { return full }
    return String(full[..<range.lowerBound])
  }
}
