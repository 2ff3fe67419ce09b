// CorrectnessReward: T1's rule-based reward, 1 when the verifier finds the response's final answer equal to
// the record's answer, else 0; and WeightedRewards, the weighted sum of several RewardFunctions (the
// built-in one plus custom ones, e.g. Python callables). Tested in Tests/ReasonerCoreTests/RLTrainerTests.swift.
import ReasonerReward

/// r_i = 1 if `verify(response:gold:)` accepts completion i against `answers[i]`, else 0.
///
/// Worked example: answers ["4", "4"], completions ["2+2 = \\boxed{4}", "I think 5"] → [1, 0].
public struct CorrectnessReward: RewardFunction {
  public var name: String { "correctness" }
  public var options: VerifierOptions

  public init(options: VerifierOptions = .init()) { self.options = options }

  public func rewards(for batch: RewardBatch) throws -> [Double?] {
    (0..<batch.count).map { i in
      verify(response: batch.completions[i], gold: batch.answers[i], options: options).isCorrect ? 1 : 0
    }
  }
}

/// Σ_f w_f·r_f over several reward functions. A completion any function leaves unscorable (nil) is
/// unscorable; a function that throws, or returns the wrong count or a non-finite value, aborts the batch.
public struct WeightedRewards: RewardFunction {
  public var terms: [(function: any RewardFunction, weight: Double)]

  public init(_ terms: [(function: any RewardFunction, weight: Double)]) { self.terms = terms }

  public var name: String { terms.map { "\($0.weight)·\($0.function.name)" }.joined(separator: " + ") }

  public func rewards(for batch: RewardBatch) throws -> [Double?] {
    var total = [Double?](repeating: 0, count: batch.count)
    for (function, weight) in terms {
      let values = try function.rewards(for: batch)
      guard values.count == batch.count else {
        throw ReasonerError(
          .callback, "reward '\(function.name)': returned \(values.count) values for \(batch.count) completions")
      }
      for i in 0..<batch.count {
        guard let v = values[i] else { total[i] = nil; continue }
        guard v.isFinite else {
          throw ReasonerError(.callback, "reward '\(function.name)': completion \(i) got \(v), expected a finite number")
        }
        total[i] = total[i].map { $0 + weight * v }
      }
    }
    return total
  }
}
