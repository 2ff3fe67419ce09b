// A tabular end-to-end check of the RL pieces together (sampling at τ, penalties, RLOO, PolicyLoss's
// gradient, SGD) on the demo's decisive branch, with no network: after "try g" a policy either checks
// (right with probability 0.9, its arithmetic reliability) or commits to g (right with probability 0.25).
// Starting like the SFT model (P(commit) = 0.6, so greedy commits), the learned branch must flip within
// 40 steps of 16 × 16 samples and the sampled reward must rise by > 0.2. A sign error anywhere in the
// loss or advantages makes the reward fall instead. Fixed seeds; a statistical assertion, not a timing.
import Foundation
import Testing

@testable import ReasonerCore

struct RLBranchSimulationTests {
  /// Runs `steps` RL steps on the two-way branch logits [commit, check]; returns (mean reward per step,
  /// final logits).
  func train(steps: Int, seed: UInt64, lr: Float = 1.0) throws -> ([Double], [Float]) {
    let (prompts, k, tau) = (16, 16, 1.2)
    var rng = DemoRandom(seed: seed)
    var logits: [Float] = [Float(log(0.6)), Float(log(0.4))]  // [V = 2]: commit, check
    var rewardCurve: [Double] = []
    for _ in 0..<steps {
      let pCheck = 1 / (1 + exp(Double(logits[0] - logits[1]) / tau))
      var choices: [Int32] = [], scores: [Double?] = [], flags: [PenaltyFlags] = []
      for _ in 0..<(prompts * k) {
        let check = rng.unit() < pCheck
        choices.append(check ? 1 : 0)
        scores.append(rng.unit() < (check ? 0.9 : 0.25) ? 1 : 0)
        flags.append(PenaltyFlags(truncated: rng.unit() < 0.02))  // a few truncated responses
      }
      let rewards = try penalisedRewards(scores: scores, flags: flags, mode: .override)
      let shaped = try groupCentredKLRewards(
        rewards: rewards, kl: [Double](repeating: 0.1, count: rewards.count), coefficient: 2e-4, k: k)
      rewardCurve.append(shaped.reduce(0) { $0 + $1! } / Double(shaped.count))
      let advantages = try rlooAdvantages(rewards: shaped.map { $0! }, k: k)
      // One row per sample: the branch token, its logits the shared [2] vector.
      let rows = prompts * k
      let mask = [Bool](repeating: true, count: rows)
      let loss = try PolicyLoss(
        targets: choices, mask: mask, advantages: advantages.map(Float.init),
        normalisers: try PolicyLoss.rowNormalisers(
          mask: mask, length: 1, aggregation: .tokenMean, batchTokens: rows, batchSequences: rows),
        vocabularySize: 2, temperature: tau)
      var rowLogits = (0..<rows).flatMap { _ in logits }
      _ = rowLogits.withUnsafeMutableBufferPointer {
        loss.apply(rows: 0..<rows, logits: $0.baseAddress!, vocabularySize: 2, wantGradient: true)
      }
      for r in 0..<rows {
        logits[0] -= lr * rowLogits[2 * r]
        logits[1] -= lr * rowLogits[2 * r + 1]
      }
    }
    return (rewardCurve, logits)
  }

  @Test(arguments: [UInt64(1), 2, 3])
  func rewardRisesAndGreedyFlipsToChecking(seed: UInt64) throws {
    let (curve, logits) = try train(steps: 40, seed: seed)
    let early = curve.prefix(5).reduce(0, +) / 5, late = curve.suffix(5).reduce(0, +) / 5
    #expect(late - early > 0.2, "seed \(seed): reward \(early) → \(late)")
    #expect(logits[1] > logits[0] + 1, "seed \(seed): greedy should check now; logits \(logits)")
  }
}
