// Verifier: the public entry point — extract the response's final answer, normalise both sides, parse
// them into typed answers and compare; the Verdict says why. Pure, Sendable and bounded: safe to call
// from many threads at once. Tested in Tests/ReasonerRewardTests/VerifierCaseTests.swift and DataAgreementTests.swift.

/// The verifier's decision on one response.
public struct Verdict: Sendable, Equatable {
  public var isCorrect: Bool
  /// The final answer found in the response (nil when extraction failed).
  public var extracted: String?
  /// Which rule matched, or why the answer was rejected.
  public var reason: String

  public init(isCorrect: Bool, extracted: String?, reason: String) {
    self.isCorrect = isCorrect
    self.extracted = extracted
    self.reason = reason
  }
}

public struct VerifierOptions: Sendable {
  /// Responses longer than this (in UTF-8 bytes) are rejected without extraction.
  public var maxResponseBytes: Int
  /// Extracted answers longer than this are compared as normalised strings only.
  public var maxAnswerBytes: Int
  public init(maxResponseBytes: Int = 1 << 20, maxAnswerBytes: Int = 2_000) {
    self.maxResponseBytes = maxResponseBytes
    self.maxAnswerBytes = maxAnswerBytes
  }
}

/// Whether `response`'s final answer equals `gold` (a bare answer such as "\\frac{1}{2}" or "(1, 2]").
///
/// Worked example: `verify(response: "so $x = \\boxed{\\dfrac{1}{2}}$.", gold: "0.5")` is correct with
/// extracted "\\dfrac{1}{2}" and reason "last \\boxed; exactly equal".
public func verify(response: String, gold: String, options: VerifierOptions = .init()) -> Verdict {
  guard response.utf8.count <= options.maxResponseBytes else {
    return Verdict(isCorrect: false, extracted: nil, reason: "response longer than \(options.maxResponseBytes) bytes")
  }
  switch extract(response) {
  case .failure(let f):
    return Verdict(isCorrect: false, extracted: nil, reason: f.reason)
  case .success(let e):
    let m = compareAnswerStrings(gold: gold, response: e.answer, options: options)
    return Verdict(isCorrect: m.equal, extracted: e.answer, reason: e.rule + "; " + m.rule)
  }
}

/// Compares two bare answers (no extraction): what `verify` does after finding the response's answer.
public func answersMatch(gold: String, answer: String, options: VerifierOptions = .init()) -> Verdict {
  let m = compareAnswerStrings(gold: gold, response: answer, options: options)
  return Verdict(isCorrect: m.equal, extracted: answer, reason: m.rule)
}

func compareAnswerStrings(gold: String, response: String, options: VerifierOptions) -> Match {
  let g = normalizeAnswer(gold)
  if g.latex.isEmpty { return .no("empty gold answer") }
  guard response.utf8.count <= options.maxAnswerBytes else {
    let r = normalizeAnswer(String(response.prefix(options.maxAnswerBytes * 4)))
    return r.latex == g.latex
      ? .yes("answer above \(options.maxAnswerBytes) bytes: identical after normalisation")
      : .no("answer above \(options.maxAnswerBytes) bytes: compared literally, different")
  }
  let r = normalizeAnswer(response)
  if r.latex.isEmpty { return .no("empty answer") }
  if g.latex == r.latex { return .yes("identical after normalisation") }
  if g.isText || r.isText {
    let gt = canonicalText(g.latex), rt = canonicalText(r.latex)
    if gt == rt { return .yes("same text") }
    if g.isText && r.isText { return .no("different text") }
  }
  let goldAnswer: Answer
  do { goldAnswer = try parseAnswer(g.latex) } catch let failure as ParseFailure {
    return canonicalText(g.latex) == canonicalText(r.latex)
      ? .yes("gold unparsed (\(failure.message)); same text") : .no("gold unparsed (\(failure.message)); different text")
  } catch { return .no("gold unparsed") }
  let responseAnswer: Answer
  do { responseAnswer = try parseAnswer(r.latex) } catch let failure as ParseFailure {
    return canonicalText(g.latex) == canonicalText(r.latex)
      ? .yes("same text") : .no("answer unparsed (\(failure.message))")
  } catch { return .no("answer unparsed") }
  var budget = ComparisonBudget()
  return compareAnswers(gold: goldAnswer, response: responseAnswer, budget: &budget)
}
