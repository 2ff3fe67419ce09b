// Reward assembly: penalty modes, the group-centred KL term (hand-computed), and the KL estimators'
// values and derivatives (finite differences in Double, tolerance 1e-7). Exact where arithmetic is exact.
import Foundation
import Testing

@testable import ReasonerCore

struct RLRewardTests {
  let flags: [PenaltyFlags] = [
    .none, PenaltyFlags(truncated: true), PenaltyFlags(repetitive: true, garbled: true), .none,
    PenaltyFlags(garbled: true),
  ]
  let scores: [Double?] = [1, 1, 0, nil, nil]

  @Test func overrideModeMakesPenalisedRewardsMinusOne() throws {
    let r = try penalisedRewards(scores: scores, flags: flags, mode: .override)
    #expect(r == [1, -1, -1, nil, -1])
  }

  @Test func addModeSubtractsOneOnce() throws {
    let r = try penalisedRewards(scores: scores, flags: flags, mode: .add)
    #expect(r == [1, 0, -1, nil, nil])
    #expect(throws: ReasonerError.self) { try penalisedRewards(scores: [1], flags: [], mode: .add) }
  }

  @Test func groupCentredKLShiftsOnlyWithinGroups() throws {
    let rewards: [Double?] = [1, 0, 1, 0, nil, 1]
    let kl = [0.5, 1.5, 4.0, 10, 100, 30]
    let lambda = 0.1
    let r = try groupCentredKLRewards(rewards: rewards, kl: kl, coefficient: lambda, k: 3)
    // group 1 mean d = 2; group 2 mean over valid members (10, 30) = 20, the nil member left out.
    let expected: [Double?] = [1 - 0.1 * (0.5 - 2), 0 - 0.1 * (1.5 - 2), 1 - 0.1 * (4 - 2),
                               0 - 0.1 * (10 - 20), nil, 1 - 0.1 * (30 - 20)]
    for i in 0..<6 {
      if let e = expected[i] { #expect(abs(r[i]! - e) < 1e-12, "R[\(i)] = \(r[i]!) vs \(e)") }
      else { #expect(r[i] == nil) }
    }
    // The centred term leaves each group's mean reward unchanged.
    let mean1 = (r[0]! + r[1]! + r[2]!) / 3
    #expect(abs(mean1 - 2.0 / 3) < 1e-12)
    #expect(try groupCentredKLRewards(rewards: rewards, kl: kl, coefficient: 0, k: 3) == rewards)
    #expect(throws: ReasonerError.self) {
      try groupCentredKLRewards(rewards: rewards, kl: kl, coefficient: -1, k: 3)
    }
  }

  @Test(arguments: KLEstimator.allCases)
  func estimatorDerivativesMatchFiniteDifferences(estimator: KLEstimator) {
    var maxDiff = 0.0
    for (lp, lr) in [(-0.3, -1.2), (-2.0, -0.1), (-1.0, -1.0), (-5.0, -4.5)] {
      let h = 1e-6
      let fd = (estimator.value(logPolicy: lp + h, logReference: lr)
                - estimator.value(logPolicy: lp - h, logReference: lr)) / (2 * h)
      maxDiff = max(maxDiff, abs(fd - estimator.derivative(logPolicy: lp, logReference: lr)))
    }
    #expect(maxDiff < 1e-7, "\(estimator): max |derivative − finite difference| = \(maxDiff)")
  }

  @Test func estimatorValues() {
    let (lp, lr) = (-0.5, -1.5)  // log ratio lp − lr = 1
    #expect(KLEstimator.k1.value(logPolicy: lp, logReference: lr) == 1)
    #expect(KLEstimator.k2.value(logPolicy: lp, logReference: lr) == 0.5)
    #expect(abs(KLEstimator.k3.value(logPolicy: lp, logReference: lr) - (exp(-1.0) + 1 - 1)) < 1e-15)
    for e in KLEstimator.allCases { #expect(e.value(logPolicy: -2, logReference: -2) == 0) }
  }

  /// Under y ~ π, E[k1] = E[k3] = KL(π‖ρ) exactly: checked by summing over a 4-token distribution.
  @Test func k1AndK3AreUnbiased() {
    let p = [0.5, 0.25, 0.125, 0.125], q = [0.25, 0.25, 0.25, 0.25]
    let kl = zip(p, q).reduce(0) { $0 + $1.0 * log($1.0 / $1.1) }
    for e in [KLEstimator.k1, .k3] {
      let expectation = zip(p, q).reduce(0) { $0 + $1.0 * e.value(logPolicy: log($1.0), logReference: log($1.1)) }
      #expect(abs(expectation - kl) < 1e-12, "\(e): \(expectation) vs KL \(kl)")
    }
  }

  @Test func sequenceKLSumsMaskedTokens() throws {
    let lp: [Float] = [-1, -2, -0.5, -1, -3, -2]
    let lr: [Float] = [-1.5, -1, -0.5, -2, -3, -2]
    let mask = [true, true, false, true, false, true]
    let d = try sequenceKL(logPolicy: lp, logReference: lr, mask: mask, length: 3, estimator: .k1)
    let expected: [Double] = [0.5 - 1, 1]  // row 1: 0.5 − 1 (third token masked); row 2: 1 + 0
    #expect(d == expected)
    #expect(throws: ReasonerError.self) {
      try sequenceKL(logPolicy: lp, logReference: lr, mask: mask, length: 4, estimator: .k1)
    }
  }
}

struct RLDiagnosticsTests {
  @Test func maskedMeanAndLogProbGap() throws {
    let mask = [true, false, true, true]
    #expect(try maskedMean([1, 100, 2, 3], mask: mask) == 2)
    #expect(try maskedMean([1, 2], mask: [false, false]) == 0)
    let gap = try logProbGap(sampler: [-1, -5, -2, -0.5], trainer: [-1.5, 0, -2, -0.25], mask: mask)
    #expect(gap.max == 0.5 && gap.mean == 0.25)
    #expect(throws: ReasonerError.self) { try logProbGap(sampler: [-1], trainer: [], mask: [true]) }
  }
}
