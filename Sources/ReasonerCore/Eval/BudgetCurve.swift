// T1's inference-scaling curve from one generation at the largest budget: accuracy at each smaller
// generation budget b. Tested in Tests/ReasonerCoreTests/BudgetCurveTests.swift (hand-counted cases,
// monotonicity, the finished-within-budget rule at the boundary).

/// pass@1 at one generation budget.
public struct BudgetPoint: Equatable, Sendable, Codable {
  /// b, in sampled tokens (stop token included, as `max_new_tokens` counts them).
  public var budget: Int
  /// mean over problems of (responses correct at b / k).
  public var passAt1: Double
  /// Share of responses that finished (stop token) within b tokens.
  public var finishedRate: Double

  enum CodingKeys: String, CodingKey {
    case budget, passAt1 = "pass_at_1", finishedRate = "finished_rate"
  }
}

/// The rule: a response counts as correct at budget b only if it finished with a stop token within b
/// sampled tokens (`finished && tokens ≤ b`) and its answer is correct. A response still going at b would
/// have been cut off there, and a cut-off response has no final answer (the RL trainer also penalises
/// truncation). So the curve never decreases with b, and a response truncated at the largest budget
/// counts at no budget — the curve's last point can sit below the overall pass@1, which judges every
/// response's text as it is.
///
/// - Parameters:
///   - correct: [P, K] verdicts of the responses generated at the largest budget.
///   - tokens: [P, K] sampled tokens of each response (stop token included).
///   - finished: [P, K] whether each response ended with a stop token (not `max_new_tokens`).
///   - k: K.
///   - budgets: the budgets, each ≥ 1.
public func budgetCurve(correct: [Bool], tokens: [Int], finished: [Bool], k: Int, budgets: [Int]) throws
  -> [BudgetPoint]
{
  guard tokens.count == correct.count, finished.count == correct.count else {
    throw ReasonerError(
      .invalidArgument,
      "budget curve: expected as many token counts (\(tokens.count)) and finish flags (\(finished.count)) "
        + "as verdicts (\(correct.count))")
  }
  if let bad = budgets.first(where: { $0 < 1 }) {
    throw ReasonerError(.invalidArgument, "budgets: expected every budget ≥ 1, got \(bad)")
  }
  return try budgets.map { b in
    let within = correct.indices.map { finished[$0] && tokens[$0] <= b }
    let correctAtB = correct.indices.map { within[$0] && correct[$0] }
    let report = try passAtOne(correct: correctAtB, k: k)
    let finishedCount = within.reduce(0) { $0 + ($1 ? 1 : 0) }
    return BudgetPoint(
      budget: b, passAt1: report.overall.passAt1,
      finishedRate: correct.isEmpty ? 0 : Double(finishedCount) / Double(correct.count))
  }
}
