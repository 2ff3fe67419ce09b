// KL estimators of KL(π_θ‖π_ref) from one sampled token's log-probabilities (Schulman's k1, k2, k3),
// their derivatives with respect to log π_θ, and the per-sequence sum d_i used in the reward.
// Tested in Tests/ReasonerCoreTests/RLKLTests.swift (values, derivatives vs finite differences, sums).
import Foundation

/// One estimator of KL(π_θ‖π_ref) at a token sampled from π_θ, from lp = log π_θ(y) and lr = log π_ref(y).
/// All three have expectation KL under y ~ π_θ (k2 only to second order); k2 and k3 are never negative.
public enum KLEstimator: String, Codable, Sendable, CaseIterable {
  /// lp − lr: unbiased, high variance, can be negative. T1's default in the reward.
  case k1
  /// ½(lp − lr)²: biased, low variance.
  case k2
  /// exp(lr − lp) − (lr − lp) − 1: unbiased and ≥ 0 (GRPO's in-loss term).
  case k3

  /// The estimate at one token.
  public func value(logPolicy lp: Double, logReference lr: Double) -> Double {
    switch self {
    case .k1: return lp - lr
    case .k2: return 0.5 * (lp - lr) * (lp - lr)
    case .k3: return exp(lr - lp) - (lr - lp) - 1
    }
  }

  /// d(estimate)/d(lp) with lr held fixed: what the policy loss chains into d lp / d logits.
  public func derivative(logPolicy lp: Double, logReference lr: Double) -> Double {
    switch self {
    case .k1: return 1
    case .k2: return lp - lr
    case .k3: return 1 - exp(lr - lp)
    }
  }
}

/// d_i = Σ_t k(lp_{i,t}, lr_{i,t}) over each sequence's response tokens: the per-response KL that the
/// reward's group-centred term uses (computed without gradient).
///
/// - Parameters:
///   - logPolicy: [S, T] log π_θ of each sampled token (τ-scaled, as sampled and trained).
///   - logReference: [S, T] log π_ref of the same tokens.
///   - mask: [S, T], true for response tokens; padding and prompt positions contribute nothing.
///   - length: T, the padded width of each row.
/// - Returns: [S] the per-sequence sums (a sum, not a mean: longer responses can drift further).
public func sequenceKL(logPolicy: [Float], logReference: [Float], mask: [Bool], length: Int,
                       estimator: KLEstimator) throws -> [Double] {
  guard length > 0, logPolicy.count % length == 0 else {
    throw ReasonerError(
      .invalidArgument, "logPolicy: expected [S, T] with T = \(length), got \(logPolicy.count) values")
  }
  guard logReference.count == logPolicy.count, mask.count == logPolicy.count else {
    throw ReasonerError(
      .invalidArgument,
      "logReference/mask: expected \(logPolicy.count) values each ([S, T]), got "
        + "\(logReference.count) and \(mask.count)")
  }
  return stride(from: 0, to: logPolicy.count, by: length).map { row in
    var sum = 0.0
    for t in row..<row + length where mask[t] {
      sum += estimator.value(logPolicy: Double(logPolicy[t]), logReference: Double(logReference[t]))
    }
    return sum
  }
}
