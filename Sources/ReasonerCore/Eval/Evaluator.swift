// The evaluator: judges sampled responses with the one verifier and counts pass@1 averaged over k
// (overall and per subject/level), the box rate, truncation and the budget curve. Pure arithmetic over
// injected responses, so tests count exactly. Tested in Tests/ReasonerCoreTests/EvaluatorTests.swift.
import ReasonerReward

/// One response to judge: what the model wrote and how its generation ended.
public struct SampledResponse: Equatable, Sendable {
  public var problemIndex: Int
  public var sampleIndex: Int
  /// The completion text, stop tokens removed.
  public var text: String
  /// Sampled tokens, stop token included (what `max_new_tokens` and budgets count).
  public var tokenCount: Int
  public var finishReason: FinishReason

  public init(problemIndex: Int, sampleIndex: Int, text: String, tokenCount: Int, finishReason: FinishReason) {
    self.problemIndex = problemIndex
    self.sampleIndex = sampleIndex
    self.text = text
    self.tokenCount = tokenCount
    self.finishReason = finishReason
  }
}

/// One judged response: a line of OUT/responses.jsonl.
public struct ScoredResponse: Equatable, Sendable, Codable {
  /// The problem's position in the evaluated data (0-based, after --limit).
  public var index: Int
  public var sample: Int
  public var response: String
  public var answer: String
  /// The final answer the verifier extracted, nil when none.
  public var extracted: String?
  public var correct: Bool
  /// The verifier's rule or rejection reason.
  public var reason: String
  /// Whether the final answer was given in a closed \boxed{} (the extraction used a box).
  public var boxed: Bool
  public var tokens: Int
  public var finishReason: FinishReason

  enum CodingKeys: String, CodingKey {
    case index, sample, response, answer, extracted, correct, reason, boxed, tokens
    case finishReason = "finish_reason"
  }

  /// Every key on every line: a response without an answer has `"extracted": null`.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(index, forKey: .index)
    try c.encode(sample, forKey: .sample)
    try c.encode(response, forKey: .response)
    try c.encode(answer, forKey: .answer)
    try c.encode(extracted, forKey: .extracted)
    try c.encode(correct, forKey: .correct)
    try c.encode(reason, forKey: .reason)
    try c.encode(boxed, forKey: .boxed)
    try c.encode(tokens, forKey: .tokens)
    try c.encode(finishReason, forKey: .finishReason)
  }
}

/// Everything OUT/results.json reports about the responses (the run's config is added by the caller).
public struct EvaluationSummary: Equatable, Sendable, Codable {
  public var overall: PassAtOneScore
  public var samplesPerProblem: Int
  public var responses: Int
  /// field → value → pass@1 of the problems with that value (fields the data has, see
  /// `EvaluationProblem.groupingFields`).
  public var breakdown: [String: [String: PassAtOneScore]]
  /// Share of responses whose final answer is in a \boxed{}.
  public var boxRate: Double
  /// Share of responses the verifier found any final answer in.
  public var answeredRate: Double
  /// Share of responses that hit max_new_tokens.
  public var truncatedRate: Double
  public var meanTokens: Double
  /// The inference-scaling curve (empty without budgets), see `budgetCurve`.
  public var budgets: [BudgetPoint]
  /// [P] each problem's correct samples / k, in data order.
  public var problemPassRates: [Double]

  enum CodingKeys: String, CodingKey {
    case overall, samplesPerProblem = "samples_per_problem", responses, breakdown
    case boxRate = "box_rate", answeredRate = "answered_rate", truncatedRate = "truncated_rate"
    case meanTokens = "mean_tokens", budgets, problemPassRates = "problem_pass_rates"
  }
}

public enum Evaluator {
  /// Judges `responses` (exactly one per (problem, sample) pair, any order) against the problems' answers.
  ///
  /// - Parameters:
  ///   - problems: [P].
  ///   - responses: [P·k], each (problemIndex < P, sampleIndex < k) once.
  ///   - k: samples per problem, ≥ 1.
  ///   - budgets: generation budgets for the curve (may be empty).
  /// - Returns: the summary and the judged responses ordered by (problem, sample).
  public static func score(problems: [EvaluationProblem], responses: [SampledResponse], samplesPerProblem k: Int,
                           budgets: [Int] = []) throws -> (summary: EvaluationSummary, responses: [ScoredResponse])
  {
    guard k >= 1 else { throw ReasonerError(.invalidArgument, "samples: expected at least 1, got \(k)") }
    guard !problems.isEmpty else { throw ReasonerError(.invalidArgument, "problems: expected at least one") }
    var slots = [SampledResponse?](repeating: nil, count: problems.count * k)
    for r in responses {
      guard (0..<problems.count).contains(r.problemIndex), (0..<k).contains(r.sampleIndex) else {
        throw ReasonerError(
          .invalidArgument, "response (problem \(r.problemIndex), sample \(r.sampleIndex)): expected problem "
            + "< \(problems.count) and sample < \(k)")
      }
      let slot = r.problemIndex * k + r.sampleIndex
      if slots[slot] != nil {
        throw ReasonerError(
          .invalidArgument, "response (problem \(r.problemIndex), sample \(r.sampleIndex)) given twice")
      }
      slots[slot] = r
    }
    if let missing = slots.firstIndex(where: { $0 == nil }) {
      throw ReasonerError(
        .invalidArgument, "response (problem \(missing / k), sample \(missing % k)) is missing")
    }
    let scored = slots.map { r -> ScoredResponse in
      let r = r!
      let gold = problems[r.problemIndex].answer
      let verdict = verify(response: r.text, gold: gold)
      let boxed = verdict.extracted != nil && (extractAnswer(r.text)?.rule.contains("box") ?? false)
      return ScoredResponse(
        index: r.problemIndex, sample: r.sampleIndex, response: r.text, answer: gold,
        extracted: verdict.extracted, correct: verdict.isCorrect, reason: verdict.reason, boxed: boxed,
        tokens: r.tokenCount, finishReason: r.finishReason)
    }
    let correct = scored.map(\.correct)
    var groups: [String: [String?]] = [:]
    for field in EvaluationProblem.groupingFields where problems.contains(where: { $0.groups[field] != nil }) {
      groups[field] = problems.map { $0.groups[field] }
    }
    let report = try passAtOne(correct: correct, k: k, groups: groups)
    let curve = try budgetCurve(
      correct: correct, tokens: scored.map(\.tokens), finished: scored.map { $0.finishReason == .stop },
      k: k, budgets: budgets)
    let n = Double(scored.count)
    func rate(_ flag: (ScoredResponse) -> Bool) -> Double { Double(scored.filter(flag).count) / n }
    let summary = EvaluationSummary(
      overall: report.overall, samplesPerProblem: k, responses: scored.count, breakdown: report.breakdown,
      boxRate: rate(\.boxed), answeredRate: rate { $0.extracted != nil },
      truncatedRate: rate { $0.finishReason == .length },
      meanTokens: Double(scored.reduce(0) { $0 + $1.tokens }) / n, budgets: curve,
      problemPassRates: try passRates(correct: correct, k: k))
    return (summary, scored)
  }
}
