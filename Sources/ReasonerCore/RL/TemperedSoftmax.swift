// The row math every RL output loss shares: log-softmax of logits/τ, the target's log-probability, the
// full-vocabulary entropy, and the chain rule back to the raw logits (forward and backward side by side).
// Tested through Tests/ReasonerCoreTests/RLPolicyLossTests.swift (finite differences, closed forms).
import Foundation

/// What one row's forward keeps for its backward. With z the raw logits [V] and p = softmax(z/τ):
struct TemperedRowStats {
  /// log Σ_j exp(z_j/τ): log p_j = z_j/τ − logNormaliser.
  var logNormaliser: Double
  /// log π_τ(y) = log p_y for the row's target y.
  var targetLogProb: Double
  /// H = −Σ_j p_j log p_j over the full vocabulary.
  var entropy: Double
}

/// Forward of one row. `row` [V] raw logits, `target` in 0..<V. Exponentials in Float (the head's
/// precision), sums in Double so V = 50k terms lose nothing. Uses H = log s − Σ e_j a_j / s with
/// a_j = (z_j − max)/τ, e_j = exp(a_j), s = Σ e_j: no log of a probability that may underflow to 0.
func temperedRowStats(_ row: UnsafePointer<Float>, count: Int, inverseTemperature: Float, target: Int)
  -> TemperedRowStats
{
  var maxLogit = -Float.infinity
  for j in 0..<count { maxLogit = max(maxLogit, row[j]) }
  var sum = 0.0, weighted = 0.0
  for j in 0..<count {
    let a = (row[j] - maxLogit) * inverseTemperature
    let e = Double(expf(a))
    sum += e
    weighted += e * Double(a)
  }
  let logSum = log(sum)
  let shift = Double(maxLogit) * Double(inverseTemperature)
  return TemperedRowStats(
    logNormaliser: shift + logSum,
    targetLogProb: Double((row[target] - maxLogit) * inverseTemperature) - logSum,
    entropy: logSum - weighted / sum)
}

/// Backward of one row: overwrites `row` [V] (the raw logits z, read first) with dL/dz, given the
/// loss's sensitivities to the row's two outputs, g_lp = dL/d log p_y and g_H = dL/dH:
///   d log p_y / dz_j = (δ_jy − p_j)/τ,   dH/dz_j = −p_j (log p_j + H)/τ,
/// so dL/dz_j = (g_lp·(δ_jy − p_j) − g_H·p_j·(log p_j + H)) / τ.
func writeTemperedRowGradient(_ row: UnsafeMutablePointer<Float>, count: Int, inverseTemperature: Float,
                              target: Int, stats: TemperedRowStats, dLossdLogProb gLogProb: Double,
                              dLossdEntropy gEntropy: Double)
{
  let invT = Double(inverseTemperature)
  let gLp = Float(gLogProb * invT), gH = Float(gEntropy * invT)
  let logZ = Float(stats.logNormaliser), entropy = Float(stats.entropy)
  for j in 0..<count {
    let logP = row[j] * inverseTemperature - logZ
    let p = expf(logP)
    row[j] = -gLp * p - gH * p * (logP + entropy)
  }
  row[target] += gLp
}
