// Extraction: finds the final answer in a model response. Rules, in order:
//  1. the last top-level \boxed{…} / \fbox{…} / \framebox{…} (nested braces, `\boxed 5`). Boxes joined to
//     the last one only by a connector (", ", " or ", " and ", "$ $") are taken together as a list, so
//     hedging between different answers ("\boxed{3} or \boxed{5}") is compared as the list {3, 5} and earns
//     nothing unless the gold is that list; an earlier box followed by prose is an intermediate result;
//  2. without a box: the last "final answer is …", "the answer is …", "answer: …" or GSM8K "#### …";
//  3. otherwise the math ($…$, \(…\), \[…\]) of the last non-empty line, or that line when it is short math.
// A last box that is never closed means the response was cut off: no answer. Tested in Tests/ReasonerRewardTests/ExtractionTests.swift.

/// The answer found in a response and the rule that found it.
public struct Extraction: Sendable, Equatable {
  public var answer: String
  public var rule: String
}

/// Why no answer could be extracted.
struct ExtractionFailure: Error, Equatable { let reason: String }

/// The final answer of `response`, or nil when there is none (see `extractAnswerWithReason`).
public func extractAnswer(_ response: String) -> Extraction? {
  if case .success(let e) = extract(response) { return e }
  return nil
}

private let boxNames: [[UInt8]] = [Array("\\boxed".utf8), Array("\\fbox".utf8), Array("\\framebox".utf8)]

struct BoxSpan { var start: Int; var contentStart: Int; var contentEnd: Int; var end: Int; var closed: Bool }

func extract(_ response: String) -> Result<Extraction, ExtractionFailure> {
  let bytes = Array(response.utf8)
  let boxes = findTopLevelBoxes(bytes)
  if let last = boxes.last {
    guard last.closed else { return .failure(ExtractionFailure(reason: "the last \\boxed{ is never closed (cut off?)")) }
    // Walk back over boxes on the same line as the last one.
    var group = [last]
    var k = boxes.count - 2
    while k >= 0, boxes[k].closed, isConnector(bytes[boxes[k].end..<group[0].start]) {
      group.insert(boxes[k], at: 0); k -= 1
    }
    var contents: [String] = []
    for b in group {
      let text = String(decoding: bytes[b.contentStart..<b.contentEnd], as: UTF8.self).trimmingSpaces
      if !text.isEmpty, !contents.contains(text) { contents.append(text) }
    }
    if contents.isEmpty { return .failure(ExtractionFailure(reason: "empty \\boxed{}")) }
    if contents.count == 1 { return .success(Extraction(answer: contents[0], rule: "last \\boxed")) }
    return .success(Extraction(answer: contents.joined(separator: ", "), rule: "\(contents.count) boxes joined by connectors, as a list"))
  }
  if let phrase = answerAfterPhrase(bytes) { return .success(phrase) }
  if let line = lastLineMath(bytes) { return .success(line) }
  return .failure(ExtractionFailure(reason: "no \\boxed{}, answer phrase or final math line found"))
}

func findTopLevelBoxes(_ b: [UInt8]) -> [BoxSpan] {
  var boxes: [BoxSpan] = []
  var i = 0
  let n = b.count
  while i < n {
    guard b[i] == 92 else { i += 1; continue }  // backslash
    var matched: [UInt8]? = nil
    for name in boxNames where i + name.count <= n && b[i..<i + name.count].elementsEqual(name) {
      let after = i + name.count
      if after < n, isASCIILetter(b[after]) { continue }
      matched = name; break
    }
    guard let name = matched else { i += 1; continue }
    var j = i + name.count
    while j < n, b[j] == 32 { j += 1 }
    if j < n, b[j] == 123 {  // {
      var depth = 0, k = j
      var closedAt: Int? = nil
      while k < n {
        if b[k] == 92 { k += 2; continue }  // skip \{ \} escapes
        if b[k] == 123 { depth += 1 } else if b[k] == 125 {
          depth -= 1
          if depth == 0 { closedAt = k; break }
        }
        k += 1
      }
      if let c = closedAt {
        boxes.append(BoxSpan(start: i, contentStart: j + 1, contentEnd: c, end: c + 1, closed: true))
        i = c + 1
      } else {
        boxes.append(BoxSpan(start: i, contentStart: j + 1, contentEnd: n, end: n, closed: false))
        return boxes
      }
    } else if j > i + name.count || (j < n && !isASCIILetter(b[j])) {
      // \boxed 5: up to whitespace or a math delimiter.
      var k = j
      while k < n, b[k] != 32, b[k] != 10, b[k] != 36, b[k] != 13 { k += 1 }
      if k > j { boxes.append(BoxSpan(start: i, contentStart: j, contentEnd: k, end: k, closed: true)) }
      i = max(k, j + 1)
    } else {
      i = j
    }
  }
  return boxes
}

/// Text between two boxes that only joins them: spaces, $, commas, semicolons, "or", "and", \text{}, \quad.
func isConnector(_ between: ArraySlice<UInt8>) -> Bool {
  guard between.count <= 24 else { return false }
  var text = String(decoding: between, as: UTF8.self)
  for word in ["\\text", "\\quad", "\\qquad", "\\mathrm", "and", "or"] { text = text.replacingOccurrences(of: word, with: "") }
  return text.allSatisfy { " $,;{}\\".contains($0) }
}

@inline(__always) func isASCIILetter(_ c: UInt8) -> Bool { (c | 32) >= 97 && (c | 32) <= 122 }

private let phrases: [[UInt8]] = ["final answer is", "the answer is", "answer is:", "answer:", "####", "answer is"].map {
  Array($0.utf8)
}

/// The rest of the line after the last answer phrase, up to the end of its sentence.
private func answerAfterPhrase(_ b: [UInt8]) -> Extraction? {
  var best: (end: Int, phrase: String)? = nil
  for p in phrases {
    guard let at = lastIndexCaseInsensitive(of: p, in: b) else { continue }
    let end = at + p.count
    if best == nil || end > best!.end { best = (end, String(decoding: p, as: UTF8.self)) }
  }
  guard let (start, phrase) = best else { return nil }
  var k = start
  while k < b.count, b[k] != 10 { k += 1 }
  var text = String(decoding: b[start..<k], as: UTF8.self).trimmingSpaces
  if let math = lastMathSegment(text) { text = math } else { text = firstSentence(text) }
  while text.hasSuffix(".") { text.removeLast() }
  text = text.trimmingSpaces
  return text.isEmpty ? nil : Extraction(answer: text, rule: "after \"\(phrase)\"")
}

private func lastIndexCaseInsensitive(of p: [UInt8], in b: [UInt8]) -> Int? {
  guard b.count >= p.count, let first = p.first else { return nil }
  var i = b.count - p.count
  while i >= 0 {
    if b[i] | 32 == first | 32 {
      var ok = true
      for k in 1..<p.count where b[i + k] | (isASCIILetter(b[i + k]) ? 32 : 0) != p[k] { ok = false; break }
      if ok { return i }
    }
    i -= 1
  }
  return nil
}

/// Text up to ". " (a full stop followed by a space), so 3.5 stays whole.
private func firstSentence(_ text: String) -> String {
  if let r = text.range(of: ". ") { return String(text[..<r.lowerBound]) }
  return text
}

/// The last $…$, $$…$$, \(…\) or \[…\] segment of a string.
func lastMathSegment(_ text: String) -> String? {
  var best: String? = nil
  for (open, close) in [("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)")] {
    if let c = text.range(of: close, options: .backwards),
      let o = text.range(of: open, options: .backwards, range: text.startIndex..<c.lowerBound)
    {
      best = String(text[o.upperBound..<c.lowerBound]); break
    }
  }
  if best == nil, let c = text.range(of: "$", options: .backwards),
    let o = text.range(of: "$", options: .backwards, range: text.startIndex..<c.lowerBound)
  {
    best = String(text[o.upperBound..<c.lowerBound])
  }
  guard let found = best?.trimmingSpaces, !found.isEmpty else { return nil }
  return found
}

private func lastLineMath(_ b: [UInt8]) -> Extraction? {
  var end = b.count
  while end > 0, b[end - 1] == 10 || b[end - 1] == 32 || b[end - 1] == 13 { end -= 1 }
  var start = end
  while start > 0, b[start - 1] != 10 { start -= 1 }
  guard start < end else { return nil }
  let line = String(decoding: b[start..<end], as: UTF8.self)
  if let math = lastMathSegment(line) { return Extraction(answer: math, rule: "math of the last line") }
  // A short last line of digits and operators only ("= 42"), not prose.
  let hasWord = line.split(whereSeparator: { !$0.isLetter }).contains { $0.count >= 3 }
  if line.count <= 40, !hasWord, line.contains(where: { $0.isNumber }) {
    return Extraction(answer: line.trimmingSpaces, rule: "short last line")
  }
  return nil
}
