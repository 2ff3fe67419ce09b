// PolicyLoss: T1's token-level RL loss on the chunked output head — policy gradient with the sequence's
// RLOO advantage, entropy bonus, optional in-loss KL and optional PPO ratio clipping — with dL/dlogits.
// Tested in Tests/ReasonerCoreTests/RLPolicyLossTests.swift (finite differences in Double, closed forms,
// masks, token-mean vs seq-mean).
import Foundation
import Synchronization

/// Per response token (row r, masked in), with lp = log π_τ(y_r), H_r the entropy of π_τ = softmax(z/τ):
///
///   L_r = w_r · ( −A_r·lp  [or −min(ρA_r, clip(ρ, 1−ε, 1+ε)A_r), ρ = exp(lp − lp_old), when clipping]
///                 + λ·k(lp, lr_r)   [when reference log-probs are given: kl_in = loss]
///                 − α·H_r )
///
/// w_r is the row's normaliser (`rowNormalisers`: 1/N for token-mean, 1/(len_i·S) for seq-mean), so the
/// sum of `apply` over all micro-batches is the batch loss. Masked rows contribute 0 and get zero
/// gradient. The gradient goes through 1/τ (`writeTemperedRowGradient`).
public final class PolicyLoss: OutputLoss, @unchecked Sendable {
  // @unchecked: the only mutable state is the two output buffers, which concurrent `apply` calls write
  // at disjoint rows (the protocol's contract), and the error slot behind a Mutex.

  /// [R] target token y_r of each row (the token at t + 1).
  public let targets: [Int32]
  /// [R] true for response-token rows.
  public let mask: [Bool]
  /// [R] A_i of the row's sequence.
  public let advantages: [Float]
  /// [R] w_r, the loss normaliser of each row (0 where masked).
  public let normalisers: [Float]
  /// [R] log π_ref(y_r) for the in-loss KL term, or nil (no KL in the loss).
  public let referenceLogProbs: [Float]?
  /// [R] log π_old(y_r) (the sampler's), required when `clipRatio` is set.
  public let oldLogProbs: [Float]?
  public let temperature: Float
  public let entropyCoef: Double
  public let klCoef: Double
  public let klEstimator: KLEstimator
  public let clipRatio: Double?
  public let vocabularySize: Int

  private let logProbBuffer: UnsafeMutableBufferPointer<Float>
  private let entropyBuffer: UnsafeMutableBufferPointer<Float>
  private let failure = Mutex<String?>(nil)

  public init(
    targets: [Int32], mask: [Bool], advantages: [Float], normalisers: [Float], vocabularySize: Int,
    temperature: Double, entropyCoef: Double = 0, referenceLogProbs: [Float]? = nil,
    klCoef: Double = 0, klEstimator: KLEstimator = .k3, oldLogProbs: [Float]? = nil,
    clipRatio: Double? = nil
  ) throws {
    let rows = targets.count
    try checkRowArray(mask.count, rows, "mask")
    try checkRowArray(advantages.count, rows, "advantages")
    try checkRowArray(normalisers.count, rows, "normalisers")
    if let referenceLogProbs { try checkRowArray(referenceLogProbs.count, rows, "referenceLogProbs") }
    if let oldLogProbs { try checkRowArray(oldLogProbs.count, rows, "oldLogProbs") }
    try checkTargets(targets, mask: mask, vocabularySize: vocabularySize)
    try checkTemperature(temperature)
    guard entropyCoef.isFinite, klCoef.isFinite else {
      throw ReasonerError(.invalidArgument, "entropy_coef/kl_coef: expected finite numbers")
    }
    if let clipRatio {
      guard clipRatio > 0, clipRatio < 1 else {
        throw ReasonerError(.invalidArgument, "clip_ratio: expected a number in (0, 1), got \(clipRatio)")
      }
      guard oldLogProbs != nil else {
        throw ReasonerError(
          .invalidArgument, "oldLogProbs: ratio clipping (clip_ratio) needs the sampler's log-probs")
      }
    }
    for r in 0..<rows where mask[r] && !(advantages[r].isFinite && normalisers[r].isFinite) {
      throw ReasonerError(.numerical, "advantages/normalisers[\(r)]: expected finite numbers")
    }
    self.targets = targets
    self.mask = mask
    self.advantages = advantages
    self.normalisers = normalisers
    self.referenceLogProbs = referenceLogProbs
    self.oldLogProbs = oldLogProbs
    self.temperature = Float(temperature)
    self.entropyCoef = entropyCoef
    self.klCoef = klCoef
    self.klEstimator = klEstimator
    self.clipRatio = clipRatio
    self.vocabularySize = vocabularySize
    logProbBuffer = .allocate(capacity: rows)
    logProbBuffer.initialize(repeating: 0)
    entropyBuffer = .allocate(capacity: rows)
    entropyBuffer.initialize(repeating: 0)
  }

  deinit {
    logProbBuffer.deallocate()
    entropyBuffer.deallocate()
  }

  /// [R] log π_τ(y_r) as the trainer's forward computed it (0 on masked rows): for the sampler/trainer
  /// gap and the KL to the reference.
  public var targetLogProbs: [Float] { Array(logProbBuffer) }
  /// [R] H_r of π_τ (0 on masked rows): the trainer reports their masked mean.
  public var entropies: [Float] { Array(entropyBuffer) }

  /// Throws if an `apply` call was given rows or a vocabulary this loss was not built for (it cannot
  /// throw itself: it returns NaN then). Call after the head's pass.
  public func checkApplied() throws {
    if let message = failure.withLock({ $0 }) { throw ReasonerError(.invalidArgument, message) }
  }

  public func apply(rows: Range<Int>, logits: UnsafeMutablePointer<Float>, vocabularySize: Int,
                    wantGradient: Bool) -> Double
  {
    if let problem = rowProblem(rows, vocabularySize, expectedRows: targets.count,
                                expectedVocabulary: self.vocabularySize) {
      failure.withLock { $0 = problem }
      return .nan
    }
    let invT = 1 / temperature
    var total = 0.0
    for r in rows {
      let row = logits + (r - rows.lowerBound) * vocabularySize
      guard mask[r] else {
        if wantGradient { row.update(repeating: 0, count: vocabularySize) }
        continue
      }
      let y = Int(targets[r])
      let stats = temperedRowStats(row, count: vocabularySize, inverseTemperature: invT, target: y)
      logProbBuffer[r] = Float(stats.targetLogProb)
      entropyBuffer[r] = Float(stats.entropy)
      let (loss, gLogProb) = tokenTerms(row: r, logProb: stats.targetLogProb)
      let w = Double(normalisers[r])
      total += w * (loss - entropyCoef * stats.entropy)
      if wantGradient {
        writeTemperedRowGradient(
          row, count: vocabularySize, inverseTemperature: invT, target: y, stats: stats,
          dLossdLogProb: w * gLogProb, dLossdEntropy: -w * entropyCoef)
      }
    }
    return total
  }

  /// The policy-gradient and KL terms of row r (before w_r) and their derivative with respect to lp.
  private func tokenTerms(row r: Int, logProb lp: Double) -> (loss: Double, dLogProb: Double) {
    let a = Double(advantages[r])
    var loss: Double, dLp: Double
    if let eps = clipRatio, let old = oldLogProbs {
      // PPO: −min(ρA, clip(ρ)A). The unclipped branch carries gradient −Aρ; the clipped one none.
      let ratio = exp(lp - Double(old[r]))
      let unclipped = ratio * a, clipped = min(max(ratio, 1 - eps), 1 + eps) * a
      loss = -min(unclipped, clipped)
      dLp = unclipped <= clipped ? -a * ratio : 0
    } else {
      loss = -a * lp
      dLp = -a
    }
    if let reference = referenceLogProbs {
      let lr = Double(reference[r])
      loss += klCoef * klEstimator.value(logPolicy: lp, logReference: lr)
      dLp += klCoef * klEstimator.derivative(logPolicy: lp, logReference: lr)
    }
    return (loss, dLp)
  }

  /// w_r for every row of a micro-batch [S_micro, T]: token-mean gives 1/N with N = `batchTokens`, the
  /// response tokens of the whole accumulated batch; seq-mean gives 1/(len_i·S) with len_i the response
  /// tokens of row i's sequence and S = `batchSequences` of the whole batch. Masked rows get 0.
  public static func rowNormalisers(mask: [Bool], length: Int, aggregation: LossAggregation,
                                    batchTokens: Int, batchSequences: Int) throws -> [Float]
  {
    guard length > 0, mask.count % length == 0 else {
      throw ReasonerError(
        .invalidArgument, "mask: expected [S, T] with T = \(length), got \(mask.count) values")
    }
    let tokens = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
    guard batchTokens >= tokens, batchTokens > 0 else {
      throw ReasonerError(
        .invalidArgument,
        "batchTokens: expected at least this micro-batch's \(max(tokens, 1)) response tokens, got \(batchTokens)")
    }
    guard batchSequences >= mask.count / length, batchSequences > 0 else {
      throw ReasonerError(
        .invalidArgument,
        "batchSequences: expected at least this micro-batch's \(mask.count / length), got \(batchSequences)")
    }
    var out = [Float](repeating: 0, count: mask.count)
    for start in stride(from: 0, to: mask.count, by: length) {
      let rowTokens = mask[start..<start + length].reduce(0) { $0 + ($1 ? 1 : 0) }
      let w: Double =
        aggregation == .tokenMean
        ? 1 / Double(batchTokens) : 1 / (Double(max(rowTokens, 1)) * Double(batchSequences))
      for r in start..<start + length where mask[r] { out[r] = Float(w) }
    }
    return out
  }

  /// [S·T] per-row copies of per-sequence values [S] (e.g. each sequence's advantage A_i).
  public static func rowValues(perSequence values: [Double], length: Int) -> [Float] {
    values.flatMap { repeatElement(Float($0), count: length) }
  }
}

// MARK: argument checks shared with TokenLogProbObserver

func checkRowArray(_ count: Int, _ rows: Int, _ name: String) throws {
  guard count == rows else {
    throw ReasonerError(.invalidArgument, "\(name): expected \(rows) values (one per row), got \(count)")
  }
}

func checkTargets(_ targets: [Int32], mask: [Bool], vocabularySize: Int) throws {
  guard vocabularySize > 0 else {
    throw ReasonerError(.invalidArgument, "vocabularySize: expected > 0, got \(vocabularySize)")
  }
  for (r, y) in targets.enumerated() where mask[r] && !(0..<Int32(vocabularySize)).contains(y) {
    throw ReasonerError(
      .invalidArgument, "targets[\(r)]: expected a token id in 0..<\(vocabularySize), got \(y)")
  }
}

func checkTemperature(_ temperature: Double) throws {
  guard temperature.isFinite, temperature > 0 else {
    throw ReasonerError(.invalidArgument, "temperature: expected a finite number > 0, got \(temperature)")
  }
}

/// Why an `apply` call cannot be served, or nil.
func rowProblem(_ rows: Range<Int>, _ vocabularySize: Int, expectedRows: Int, expectedVocabulary: Int)
  -> String?
{
  if vocabularySize != expectedVocabulary {
    return "apply: vocabularySize \(vocabularySize) differs from the loss's \(expectedVocabulary)"
  }
  if rows.lowerBound < 0 || rows.upperBound > expectedRows {
    return "apply: rows \(rows) outside the loss's 0..<\(expectedRows)"
  }
  return nil
}
