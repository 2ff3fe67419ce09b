// PolicyLoss and TokenLogProbObserver against an independent Double reference: the loss value, its
// gradient by central finite differences (h = 1e-5 on the Double reference), and the closed forms of each
// term; masks, chunking, token-mean vs seq-mean, PPO clipping. Tolerances: Float rounding, ≤ 2e-6 on
// gradients of size ~0.1 and 1e-5 relative on losses; every failure prints the max difference.
import Foundation
import Testing

@testable import ReasonerCore

/// A small random RL batch: S sequences × T rows, vocabulary V, with masks and per-row inputs.
struct RandomRLBatch {
  let s = 3, t = 5, v = 7
  var rows: Int { s * t }
  var logits: [Float] = []  // [R, V]
  var targets: [Int32] = []  // [R]
  var mask: [Bool] = []  // [R]
  var advantages: [Float] = []  // [R]
  var reference: [Float] = []  // [R]
  var old: [Float] = []  // [R]
  var normalisers: [Float] = []  // [R]

  init(seed: UInt64, aggregation: LossAggregation = .tokenMean) {
    var state = seed
    func uniform() -> Double {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Double(state >> 11) / Double(1 << 53)
    }
    logits = (0..<(s * t * v)).map { _ in Float(uniform() * 6 - 3) }
    targets = (0..<(s * t)).map { _ in Int32(uniform() * Double(v)) }
    // Row 0 of each sequence is prompt (masked out), plus some padding at the end.
    mask = (0..<(s * t)).map { r in r % t != 0 && uniform() > 0.2 }
    let seqAdvantages = (0..<s).map { _ in uniform() * 2 - 1 }
    advantages = PolicyLoss.rowValues(perSequence: seqAdvantages, length: t)
    reference = (0..<(s * t)).map { _ in Float(-0.5 - uniform() * 2.5) }
    old = (0..<(s * t)).map { _ in Float(-0.5 - uniform() * 2.5) }
    let tokens = mask.filter { $0 }.count
    normalisers = try! PolicyLoss.rowNormalisers(
      mask: mask, length: t, aggregation: aggregation, batchTokens: tokens, batchSequences: s)
  }
}

/// The loss recomputed from scratch in Double: log-softmax of z/τ, then the formula of PolicyLoss.
func referencePolicyLoss(_ b: RandomRLBatch, logits: [Double], temperature: Double, entropyCoef: Double,
                         klCoef: Double, withReference: Bool, clipRatio: Double?) -> Double
{
  var total = 0.0
  for r in 0..<b.rows where b.mask[r] {
    let z = (0..<b.v).map { logits[r * b.v + $0] / temperature }
    let m = z.max()!
    let logZ = m + log(z.reduce(0) { $0 + exp($1 - m) })
    let logp = z.map { $0 - logZ }
    let entropy = -logp.reduce(0) { $0 + exp($1) * $1 }
    let lp = logp[Int(b.targets[r])], a = Double(b.advantages[r])
    var loss: Double
    if let eps = clipRatio {
      let ratio = exp(lp - Double(b.old[r]))
      loss = -min(ratio * a, min(max(ratio, 1 - eps), 1 + eps) * a)
    } else {
      loss = -a * lp
    }
    if withReference {
      let d = Double(b.reference[r]) - lp
      loss += klCoef * (exp(d) - d - 1)
    }
    total += Double(b.normalisers[r]) * (loss - entropyCoef * entropy)
  }
  return total
}

struct RLPolicyLossTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var temperature = 1.2, entropyCoef = 0.0, klCoef = 0.0, withReference = false
    var clipRatio: Double? = nil
    var zeroAdvantages = false
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "policy gradient", temperature: 0.7),
    Case(name: "entropy bonus", entropyCoef: 0.5, zeroAdvantages: true),
    Case(name: "k3 KL in the loss", temperature: 1.3, klCoef: 0.8, withReference: true,
         zeroAdvantages: true),
    Case(name: "all terms", entropyCoef: 0.1, klCoef: 0.3, withReference: true),
    Case(name: "PPO clipping", temperature: 1.0, clipRatio: 0.2),
  ]

  func makeLoss(_ b: RandomRLBatch, _ c: Case) throws -> PolicyLoss {
    try PolicyLoss(
      targets: b.targets, mask: b.mask,
      advantages: c.zeroAdvantages ? [Float](repeating: 0, count: b.rows) : b.advantages,
      normalisers: b.normalisers, vocabularySize: b.v, temperature: c.temperature,
      entropyCoef: c.entropyCoef, referenceLogProbs: c.withReference ? b.reference : nil,
      klCoef: c.klCoef, klEstimator: .k3, oldLogProbs: c.clipRatio == nil ? nil : b.old,
      clipRatio: c.clipRatio)
  }

  func gradient(_ loss: PolicyLoss, _ b: RandomRLBatch) -> (Double, [Float]) {
    var g = b.logits
    let value = g.withUnsafeMutableBufferPointer {
      loss.apply(rows: 0..<b.rows, logits: $0.baseAddress!, vocabularySize: b.v, wantGradient: true)
    }
    return (value, g)
  }

  @Test(arguments: cases)
  func gradientMatchesFiniteDifferences(c: Case) throws {
    for seed: UInt64 in [1, 2, 3] {
      var b = RandomRLBatch(seed: seed)
      if c.zeroAdvantages { b.advantages = [Float](repeating: 0, count: b.rows) }
      let (value, grad) = gradient(try makeLoss(b, c), b)
      var z = b.logits.map(Double.init)
      func ref(_ z: [Double]) -> Double {
        referencePolicyLoss(b, logits: z, temperature: c.temperature, entropyCoef: c.entropyCoef,
                            klCoef: c.klCoef, withReference: c.withReference, clipRatio: c.clipRatio)
      }
      let expected = ref(z)
      #expect(abs(value - expected) <= 1e-5 * max(1, abs(expected)), "loss \(value) vs \(expected)")
      var maxDiff = 0.0, maxGrad = 0.0
      let h = 1e-5
      for i in 0..<z.count {
        let saved = z[i]
        z[i] = saved + h
        let up = ref(z)
        z[i] = saved - h
        let down = ref(z)
        z[i] = saved
        let fd = (up - down) / (2 * h)
        maxDiff = max(maxDiff, abs(fd - Double(grad[i])))
        maxGrad = max(maxGrad, abs(fd))
      }
      #expect(maxGrad > 1e-3, "the case should have a non-trivial gradient")
      #expect(maxDiff < 2e-6, "\(c.name) seed \(seed): max |dL/dz − finite difference| = \(maxDiff)")
    }
  }

  /// Closed forms with p = softmax(z/τ), lp = log p_y, H = −Σ p log p, w the row normaliser:
  /// PG −w·A·(δ_jy − p_j)/τ; entropy bonus −α·w·(−p_j(log p_j + H))/τ; k3 λ·w·(1 − e^{lr−lp})(δ_jy − p_j)/τ.
  @Test(arguments: cases.filter { $0.clipRatio == nil })
  func gradientMatchesClosedForm(c: Case) throws {
    var b = RandomRLBatch(seed: 11)
    if c.zeroAdvantages { b.advantages = [Float](repeating: 0, count: b.rows) }
    let loss = try makeLoss(b, c)
    let (_, grad) = gradient(loss, b)
    var maxDiff = 0.0
    for r in 0..<b.rows {
      let z = (0..<b.v).map { Double(b.logits[r * b.v + $0]) / c.temperature }
      let m = z.max()!
      let logZ = m + log(z.reduce(0) { $0 + exp($1 - m) })
      let logp = z.map { $0 - logZ }, p = logp.map { exp($0) }
      let entropy = -zip(p, logp).reduce(0) { $0 + $1.0 * $1.1 }
      let y = Int(b.targets[r]), w = Double(b.normalisers[r]), lp = logp[y]
      if b.mask[r] {
        #expect(abs(Double(loss.targetLogProbs[r]) - lp) < 1e-5)
        #expect(abs(Double(loss.entropies[r]) - entropy) < 1e-5)
      }
      for j in 0..<b.v {
        let delta = j == y ? 1.0 : 0.0
        var expected = -w * Double(b.advantages[r]) * (delta - p[j]) / c.temperature
        expected += -c.entropyCoef * w * (-p[j] * (logp[j] + entropy)) / c.temperature
        if c.withReference {
          expected += c.klCoef * w * (1 - exp(Double(b.reference[r]) - lp)) * (delta - p[j]) / c.temperature
        }
        if !b.mask[r] { expected = 0 }
        maxDiff = max(maxDiff, abs(expected - Double(grad[r * b.v + j])))
      }
    }
    #expect(maxDiff < 2e-6, "\(c.name): max |dL/dz − closed form| = \(maxDiff)")
  }

  @Test func maskedRowsContributeNothing() throws {
    let c = Case(name: "all terms", entropyCoef: 0.1, klCoef: 0.3, withReference: true)
    let b = RandomRLBatch(seed: 5)
    var scrambled = b
    for r in 0..<b.rows where !b.mask[r] {
      for j in 0..<b.v { scrambled.logits[r * b.v + j] = 50 * Float(j % 3) - 40 }
      scrambled.targets[r] = Int32.max  // out of range: must not even be read
      scrambled.advantages[r] = 1e6
      scrambled.reference[r] = -1e6
    }
    let (value, grad) = gradient(try makeLoss(b, c), b)
    let (scrambledValue, scrambledGrad) = gradient(try makeLoss(scrambled, c), scrambled)
    #expect(value == scrambledValue, "loss \(value) vs \(scrambledValue) after changing masked rows")
    #expect(grad == scrambledGrad)
    for r in 0..<b.rows where !b.mask[r] {
      #expect(grad[(r * b.v)..<((r + 1) * b.v)].allSatisfy { $0 == 0 }, "masked row \(r) has gradient")
    }
  }

  @Test func chunkedCallsEqualOneCall() throws {
    let c = Case(name: "all terms", entropyCoef: 0.1, klCoef: 0.3, withReference: true)
    let b = RandomRLBatch(seed: 8)
    let (whole, wholeGrad) = gradient(try makeLoss(b, c), b)
    let loss = try makeLoss(b, c)
    var g = b.logits
    var sum = 0.0
    for range in [0..<4, 4..<11, 11..<b.rows] {
      sum += g.withUnsafeMutableBufferPointer {
        loss.apply(rows: range, logits: $0.baseAddress! + range.lowerBound * b.v, vocabularySize: b.v,
                   wantGradient: true)
      }
    }
    #expect(abs(sum - whole) < 1e-12)
    #expect(g == wholeGrad)
  }

  @Test func tokenMeanAndSeqMeanNormalisers() throws {
    let mask: [Bool] = [false, true, true, true, false, false, true, false]  // 2 sequences × T = 4
    let token = try PolicyLoss.rowNormalisers(
      mask: mask, length: 4, aggregation: .tokenMean, batchTokens: 8, batchSequences: 4)
    let eighth: Float = 1.0 / 8
    #expect(token == [0, eighth, eighth, eighth, 0, 0, eighth, 0])
    let seq = try PolicyLoss.rowNormalisers(
      mask: mask, length: 4, aggregation: .seqMean, batchTokens: 8, batchSequences: 4)
    let third: Float = 1.0 / 12, quarter: Float = 1.0 / 4
    #expect(seq == [0, third, third, third, 0, 0, quarter, 0])
    #expect(throws: ReasonerError.self) {
      try PolicyLoss.rowNormalisers(
        mask: mask, length: 4, aggregation: .tokenMean, batchTokens: 3, batchSequences: 2)
    }
  }

  /// Accumulating two micro-batches with whole-batch normalisers gives the whole batch's loss, for both
  /// aggregations; and with A = 1 and nothing else, seq-mean is the mean over sequences of −mean lp.
  @Test(arguments: LossAggregation.allCases)
  func microBatchesAccumulateToTheBatchLoss(aggregation: LossAggregation) throws {
    let b = RandomRLBatch(seed: 21, aggregation: aggregation)
    let whole = try PolicyLoss(
      targets: b.targets, mask: b.mask, advantages: b.advantages, normalisers: b.normalisers,
      vocabularySize: b.v, temperature: 1.2)
    let (wholeValue, _) = gradient(whole, b)
    let tokens = b.mask.filter { $0 }.count
    var accumulated = 0.0
    for seq in 0..<b.s {
      let rows = (seq * b.t)..<((seq + 1) * b.t)
      let mask = Array(b.mask[rows])
      let w = try PolicyLoss.rowNormalisers(
        mask: mask, length: b.t, aggregation: aggregation, batchTokens: tokens, batchSequences: b.s)
      let part = try PolicyLoss(
        targets: Array(b.targets[rows]), mask: mask, advantages: Array(b.advantages[rows]),
        normalisers: w, vocabularySize: b.v, temperature: 1.2)
      var z = Array(b.logits[(rows.lowerBound * b.v)..<(rows.upperBound * b.v)])
      accumulated += z.withUnsafeMutableBufferPointer {
        part.apply(rows: 0..<b.t, logits: $0.baseAddress!, vocabularySize: b.v, wantGradient: false)
      }
    }
    #expect(abs(accumulated - wholeValue) < 1e-12, "\(accumulated) vs \(wholeValue)")

    // Direct definition of each aggregation with A = 1.
    let ones = [Float](repeating: 1, count: b.rows)
    let unit = try PolicyLoss(
      targets: b.targets, mask: b.mask, advantages: ones, normalisers: b.normalisers,
      vocabularySize: b.v, temperature: 1.2)
    let (value, _) = gradient(unit, b)
    let lp = unit.targetLogProbs.map(Double.init)
    var expected = 0.0
    if aggregation == .tokenMean {
      expected = -(0..<b.rows).filter { b.mask[$0] }.reduce(0) { $0 + lp[$1] } / Double(tokens)
    } else {
      for seq in 0..<b.s {
        let rows = ((seq * b.t)..<((seq + 1) * b.t)).filter { b.mask[$0] }
        if !rows.isEmpty { expected += -rows.reduce(0) { $0 + lp[$1] } / Double(rows.count) }
      }
      expected /= Double(b.s)
    }
    #expect(abs(value - expected) < 1e-6, "\(aggregation): \(value) vs \(expected)")
  }

  @Test func observerRecordsTheSameLogProbs() throws {
    let b = RandomRLBatch(seed: 13)
    let loss = try makeLoss(b, Case(name: "pg", temperature: 0.9))
    _ = gradient(loss, b)
    let observer = try TokenLogProbObserver(
      targets: b.targets, mask: b.mask, vocabularySize: b.v, temperature: 0.9)
    var z = b.logits
    let value = z.withUnsafeMutableBufferPointer {
      observer.apply(rows: 0..<b.rows, logits: $0.baseAddress!, vocabularySize: b.v, wantGradient: true)
    }
    #expect(value == 0)
    #expect(z.allSatisfy { $0 == 0 }, "the observer has no gradient")
    #expect(observer.targetLogProbs == loss.targetLogProbs)
    try observer.checkApplied()
  }

  @Test func badInputIsNamed() throws {
    let b = RandomRLBatch(seed: 3)
    #expect(throws: ReasonerError.self) {
      try PolicyLoss(targets: b.targets, mask: b.mask, advantages: [1], normalisers: b.normalisers,
                     vocabularySize: b.v, temperature: 1)
    }
    #expect(throws: ReasonerError.self) {
      try PolicyLoss(targets: b.targets, mask: b.mask, advantages: b.advantages,
                     normalisers: b.normalisers, vocabularySize: b.v, temperature: 0)
    }
    #expect(throws: ReasonerError.self) {  // clipping without the sampler's log-probs
      try PolicyLoss(targets: b.targets, mask: b.mask, advantages: b.advantages,
                     normalisers: b.normalisers, vocabularySize: b.v, temperature: 1, clipRatio: 0.2)
    }
    let loss = try makeLoss(b, Case(name: "pg"))
    var z = b.logits
    let value = z.withUnsafeMutableBufferPointer {
      loss.apply(rows: 0..<b.rows, logits: $0.baseAddress!, vocabularySize: b.v + 1, wantGradient: true)
    }
    #expect(value.isNaN)
    #expect(throws: ReasonerError.self) { try loss.checkApplied() }
  }
}
