// @c shims for reasoner.h's RL math section: RLOO advantages and the T1 policy loss with its gradient
// with respect to the logits. Tested by python/tests/test_rl_math.py against numpy references.
import CReasoner
import ReasonerCore

@c public func rs_rloo_advantages(
  _ rewards: UnsafePointer<Double>?, _ valid: UnsafePointer<UInt8>?, _ prompts: size_t, _ k: size_t,
  _ out: UnsafeMutablePointer<Double>?
) -> Int32 {
  do {
    let n = prompts * k
    let values = n == 0 ? [] : Array(UnsafeBufferPointer(start: try required(rewards, "rewards"), count: n))
    let flags = valid.map { v in (0..<n).map { v[$0] != 0 } }
    let advantages = try rlooAdvantages(rewards: values, valid: flags, k: k)
    if n > 0 { try required(out, "out").update(from: advantages, count: n) }
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_policy_loss_default_params() -> rs_policy_loss_params {
  rs_policy_loss_params(temperature: 1, entropy_coef: 0, kl_coef: 0, kl_estimator: 3, clip_ratio: 0, seq_mean: 0)
}

@c public func rs_policy_loss(
  _ logits: UnsafePointer<Float>?, _ targets: UnsafePointer<Int32>?, _ mask: UnsafePointer<UInt8>?,
  _ advantages: UnsafePointer<Float>?, _ refLogprobs: UnsafePointer<Float>?, _ oldLogprobs: UnsafePointer<Float>?,
  _ b: size_t, _ t: size_t, _ v: size_t, _ params: UnsafePointer<rs_policy_loss_params>?,
  _ outLoss: UnsafeMutablePointer<Double>?, _ gradOut: UnsafeMutablePointer<Float>?,
  _ logprobsOut: UnsafeMutablePointer<Float>?, _ entropyOut: UnsafeMutablePointer<Float>?
) -> Int32 {
  do {
    let rows = b * t
    guard rows > 0, v > 0 else { throw ReasonerError(.invalidArgument, "logits: expected a non-empty [B, T, V] block, got [\(b), \(t), \(v)]") }
    let (logits, outLoss, grad) = (try required(logits, "logits"), try required(outLoss, "out_loss"), try required(gradOut, "grad_out"))
    let p = params?.pointee ?? rs_policy_loss_default_params()
    let estimators: [Int32: KLEstimator] = [1: .k1, 2: .k2, 3: .k3]
    guard let estimator = estimators[p.kl_estimator] else {
      throw ReasonerError(.invalidArgument, "kl_estimator = \(p.kl_estimator): expected 1, 2 or 3")
    }
    let maskFlags = UnsafeBufferPointer(start: try required(mask, "mask"), count: rows).map { $0 != 0 }
    let tokens = maskFlags.reduce(0) { $0 + ($1 ? 1 : 0) }
    guard tokens > 0 else { throw ReasonerError(.invalidArgument, "mask: no response token (every row masked out)") }
    let normalisers = try PolicyLoss.rowNormalisers(
      mask: maskFlags, length: t, aggregation: p.seq_mean != 0 ? .seqMean : .tokenMean, batchTokens: tokens, batchSequences: b)
    let loss = try PolicyLoss(
      targets: Array(UnsafeBufferPointer(start: try required(targets, "targets"), count: rows)), mask: maskFlags,
      advantages: Array(UnsafeBufferPointer(start: try required(advantages, "advantages"), count: rows)),
      normalisers: normalisers, vocabularySize: v, temperature: p.temperature, entropyCoef: p.entropy_coef,
      referenceLogProbs: refLogprobs.map { Array(UnsafeBufferPointer(start: $0, count: rows)) }, klCoef: p.kl_coef,
      klEstimator: estimator, oldLogProbs: oldLogprobs.map { Array(UnsafeBufferPointer(start: $0, count: rows)) },
      clipRatio: p.clip_ratio > 0 ? p.clip_ratio : nil)
    if p.kl_coef != 0 && refLogprobs == nil {
      throw ReasonerError(.invalidArgument, "ref_logprobs: kl_coef = \(p.kl_coef) needs the reference log-probs")
    }
    if UnsafePointer(grad) != logits { grad.update(from: logits, count: rows * v) }
    outLoss.pointee = loss.apply(rows: 0..<rows, logits: grad, vocabularySize: v, wantGradient: true)
    try loss.checkApplied()
    logprobsOut?.update(from: loss.targetLogProbs, count: rows)
    entropyOut?.update(from: loss.entropies, count: rows)
    return Int32(RS_OK)
  } catch { return fail(error) }
}
