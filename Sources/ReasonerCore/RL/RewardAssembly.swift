// Reward assembly (T1 steps 2–3): correctness, the −1 penalties and the group-centred KL term,
// R_i = r_i + p_i − λ·(d_i − mean_j d_j). Tested in Tests/ReasonerCoreTests/RLRewardTests.swift.

/// How a penalty combines with the correctness reward.
public enum PenaltyMode: String, Codable, Sendable, CaseIterable {
  /// A penalised response's reward becomes −1, whatever its correctness (T1).
  case override
  /// A penalised response's reward is r + p with p = −1 (once, however many penalties fired).
  case add
}

/// Which penalties fired for one response.
public struct PenaltyFlags: Equatable, Sendable {
  /// Hit max_new_tokens before end-of-sequence.
  public var truncated: Bool
  /// The n-gram repetition rule fired.
  public var repetitive: Bool
  /// Mixed scripts, replacement or control characters.
  public var garbled: Bool

  public init(truncated: Bool = false, repetitive: Bool = false, garbled: Bool = false) {
    self.truncated = truncated
    self.repetitive = repetitive
    self.garbled = garbled
  }
  public static let none = PenaltyFlags()
  /// p_i: −1 if any penalty fired, else 0.
  public var penalty: Double { truncated || repetitive || garbled ? -1 : 0 }
}

/// r_i + p_i for each response (the reward before the KL term).
///
/// - Parameters:
///   - scores: [S] r_i from the reward function(s), nil when unscorable.
///   - flags: [S] the penalties of each response.
/// - Returns: [S]. `.override`: −1 for any penalised response (even an unscorable one: the penalty alone
///   decides), else r_i. `.add`: r_i + p_i, and nil stays nil (an unscorable response has no r to add to).
public func penalisedRewards(scores: [Double?], flags: [PenaltyFlags], mode: PenaltyMode) throws
  -> [Double?]
{
  guard scores.count == flags.count else {
    throw ReasonerError(
      .invalidArgument, "flags: expected one per score (\(scores.count)), got \(flags.count)")
  }
  return zip(scores, flags).map { score, flag in
    switch mode {
    case .override: return flag.penalty < 0 ? -1 : score
    case .add: return score.map { $0 + flag.penalty }
    }
  }
}

/// R_i = rewards_i − λ·(d_i − mean_j d_j), the mean over the valid members of i's group of K.
/// Centring within the group means the KL term shifts no group's mean reward: it only ranks the group's
/// members by how far they drifted from the reference (T1's form, so RLOO sees only relative drift).
///
/// - Parameters:
///   - rewards: [P, K] r_i + p_i (see `penalisedRewards`), nil when unscorable.
///   - kl: [P, K] d_i, each response's summed KL estimate (`sequenceKL`).
///   - coefficient: λ ≥ 0 (T1: 2e-4).
///   - k: K.
/// - Returns: [P, K]; unscorable members stay nil and are left out of the mean.
public func groupCentredKLRewards(rewards: [Double?], kl: [Double], coefficient: Double, k: Int) throws
  -> [Double?]
{
  guard k >= 1, rewards.count % k == 0 else {
    throw ReasonerError(
      .invalidArgument, "rewards: expected [P, K] with K = \(k), got \(rewards.count) values")
  }
  guard kl.count == rewards.count else {
    throw ReasonerError(
      .invalidArgument, "kl: expected one value per reward (\(rewards.count)), got \(kl.count)")
  }
  guard coefficient >= 0, coefficient.isFinite else {
    throw ReasonerError(.invalidArgument, "kl_coef: expected a finite number ≥ 0, got \(coefficient)")
  }
  var out = rewards
  for group in stride(from: 0, to: rewards.count, by: k) {
    let members = (group..<group + k).filter { rewards[$0] != nil }
    if members.isEmpty { continue }
    let meanKL = members.reduce(0.0) { $0 + kl[$1] } / Double(members.count)
    for i in members { out[i] = rewards[i]! - coefficient * (kl[i] - meanKL) }
  }
  return out
}
