// RLOO: the leave-one-out baseline advantage within each prompt's group of K samples (T1 step 4).
// Tested in Tests/ReasonerCoreTests/RLAdvantageTests.swift (all-equal, K = 2, invalid members, errors).

/// A_i = R_i − mean_{j≠i, j valid} R_j, computed independently for each prompt's group of K samples.
///
/// - Parameters:
///   - rewards: [P, K] row-major, R_i of sample i of prompt p at `p·K + i`.
///   - valid: [P, K] or nil (all valid). An invalid sample (its reward was unscorable, `None` in Python)
///     gets advantage 0 and is left out of the other members' baselines; its reward value is ignored.
///   - k: K, the group size (≥ 2; K = 1 has no leave-one-out baseline).
/// - Returns: [P, K] advantages. A group with fewer than 2 valid members gets all zeros.
///
/// Masking: per sample (invalid → 0). Normalisation: none (no division by the group's std, as in RLOO).
/// Worked example: rewards [1, 0, 0, 1] with K = 4 give baselines [1/3, 2/3, 2/3, 1/3], so
/// advantages [2/3, −2/3, −2/3, 2/3].
public func rlooAdvantages(rewards: [Double], valid: [Bool]? = nil, k: Int) throws -> [Double] {
  guard k >= 2 else {
    throw ReasonerError(
      .invalidArgument, "k: expected at least 2 samples per prompt for a leave-one-out baseline, got \(k)")
  }
  guard rewards.count % k == 0 else {
    throw ReasonerError(
      .invalidArgument, "rewards: expected a multiple of k = \(k) values ([P, K]), got \(rewards.count)")
  }
  if let valid, valid.count != rewards.count {
    throw ReasonerError(
      .invalidArgument, "valid: expected \(rewards.count) flags (one per reward), got \(valid.count)")
  }
  for (i, r) in rewards.enumerated() where (valid?[i] ?? true) && !r.isFinite {
    throw ReasonerError(.numerical, "rewards[\(i)]: expected a finite number, got \(r)")
  }
  var advantages = [Double](repeating: 0, count: rewards.count)
  for group in stride(from: 0, to: rewards.count, by: k) {
    let members = (group..<group + k).filter { valid?[$0] ?? true }
    let n = members.count
    // Fewer than 2 valid members: no baseline. All equal: exactly 0 (rounding in the sum could
    // otherwise leave ±1e-17 advantages that a trainer would mistake for signal).
    if n < 2 || members.allSatisfy({ rewards[$0] == rewards[members[0]] }) { continue }
    let sum = members.reduce(0.0) { $0 + rewards[$1] }
    for i in members {
      let baseline = (sum - rewards[i]) / Double(n - 1)  // mean of the other n − 1 valid rewards
      advantages[i] = rewards[i] - baseline
    }
  }
  return advantages
}

/// Whether every valid member of each group got the same reward ([P], one flag per group): such a group
/// has zero advantages and carries no learning signal (the trainer may skip it; T1's online filter).
public func allEqualGroups(rewards: [Double], valid: [Bool]? = nil, k: Int) -> [Bool] {
  guard k > 0 else { return [] }
  return stride(from: 0, to: rewards.count - rewards.count % k, by: k).map { group in
    let values = (group..<group + k).filter { valid?[$0] ?? true }.map { rewards[$0] }
    guard let first = values.first else { return true }
    return values.allSatisfy { $0 == first }
  }
}
