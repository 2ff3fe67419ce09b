// The inference-scaling curve: hand-counted points, the finished-within-budget rule at its boundary,
// and monotonicity on random responses against a naive per-problem count.
import Testing

@testable import ReasonerCore

struct BudgetCurveTests {
  @Test func handCountedPointsAndTheBoundary() throws {
    // 2 problems × k = 2: (correct, tokens, finished)
    //  p0: (✓, 8, stop) (✓, 9, stop)      p1: (✓, 16, length) (✗, 4, stop)
    let correct = [true, true, true, false]
    let tokens = [8, 9, 16, 4]
    let finished = [true, true, false, true]
    let curve = try budgetCurve(correct: correct, tokens: tokens, finished: finished, k: 2, budgets: [4, 8, 9, 16])
    #expect(curve.map(\.budget) == [4, 8, 9, 16])
    // b = 8: p0 s0 finished at exactly 8 → counts; s1 needs 9 → not: p0 1/2, p1 0 → 0.25.
    // b = 16: the truncated p1 s0 never counts although its text is correct.
    #expect(curve.map(\.passAt1) == [0, 0.25, 0.5, 0.5])
    #expect(curve.map(\.finishedRate) == [0.25, 0.5, 0.75, 0.75])
  }

  @Test func monotoneAndMatchesANaiveCount() throws {
    var rng = SplitMix(seed: 7)
    let k = 3, problems = 40, maxTokens = 64
    var correct: [Bool] = [], tokens: [Int] = [], finished: [Bool] = []
    for _ in 0..<(k * problems) {
      let t = 1 + Int(rng.next() % UInt64(maxTokens))
      finished.append(t < maxTokens && rng.next() % 5 != 0)
      tokens.append(finished.last! ? t : maxTokens)
      correct.append(rng.next() % 2 == 0)
    }
    let budgets = Array(stride(from: 4, through: maxTokens, by: 4))
    let curve = try budgetCurve(correct: correct, tokens: tokens, finished: finished, k: k, budgets: budgets)
    for (point, b) in zip(curve, budgets) {
      var sum = 0.0
      for p in 0..<problems {
        var c = 0
        for s in 0..<k where correct[p * k + s] && finished[p * k + s] && tokens[p * k + s] <= b { c += 1 }
        sum += Double(c) / Double(k)
      }
      #expect(abs(point.passAt1 - sum / Double(problems)) < 1e-12, "b = \(b): \(point.passAt1) vs \(sum / Double(problems))")
    }
    for i in 1..<curve.count {
      #expect(curve[i].passAt1 >= curve[i - 1].passAt1 && curve[i].finishedRate >= curve[i - 1].finishedRate)
    }
    let overall = try passAtOne(correct: correct, k: k).overall.passAt1
    #expect(curve.last!.passAt1 <= overall)
  }

  @Test func everyResponseFinishedGivesOverallAtTheLargestBudget() throws {
    let correct = [true, false, true, true, false, false]
    let curve = try budgetCurve(
      correct: correct, tokens: [3, 5, 7, 2, 1, 7], finished: Array(repeating: true, count: 6), k: 3, budgets: [7])
    #expect(curve[0].passAt1 == (try passAtOne(correct: correct, k: 3)).overall.passAt1)
  }

  @Test func badInputIsAnError() {
    #expect(throws: ReasonerError.self) {
      try budgetCurve(correct: [true], tokens: [1, 2], finished: [true], k: 1, budgets: [4])
    }
    #expect(throws: ReasonerError.self) {
      try budgetCurve(correct: [true], tokens: [1], finished: [true], k: 1, budgets: [0])
    }
  }
}

/// A tiny seeded generator (SplitMix64) so the random case is the same on every run.
private struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
