// AdamW over flat buffers: decoupled weight decay (Loshchilov & Hutter), bias-corrected moments, with
// weight decay switched off on norms and biases. Tested in Tests/ReasonerCoreTests/AdamWTests.swift
// against a Double-precision transcription of the PyTorch torch.optim.AdamW update.

/// Hyper-parameters of AdamW (PyTorch's defaults except the learning rate and decay).
public struct AdamWConfig: Codable, Equatable, Sendable {
  public var beta1: Float = 0.9
  public var beta2: Float = 0.999
  public var epsilon: Float = 1e-8
  public var weightDecay: Float = 0.0

  enum CodingKeys: String, CodingKey {
    case beta1 = "beta1", beta2 = "beta2", epsilon = "eps", weightDecay = "weight_decay"
  }
  public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0) {
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
  }

  public func validate() throws {
    func need(_ ok: Bool, _ field: String, _ expected: String, _ got: Float) throws {
      if !ok { throw ReasonerError(.invalidArgument, "AdamW '\(field)': expected \(expected), got \(got)") }
    }
    try need(beta1 >= 0 && beta1 < 1, "beta1", "0 ≤ beta1 < 1", beta1)
    try need(beta2 >= 0 && beta2 < 1, "beta2", "0 ≤ beta2 < 1", beta2)
    try need(epsilon > 0 && epsilon.isFinite, "eps", "a positive number", epsilon)
    try need(weightDecay >= 0 && weightDecay.isFinite, "weight_decay", "≥ 0", weightDecay)
  }
}

/// One AdamW update, in place, on `parameters` with `gradients` and moments `m`, `v` (all [P]).
/// `step` is the 1-based update count (bias correction). `decays[i]` says whether element i gets weight
/// decay; pass ranges via `decayRanges` so norms and biases are excluded without a per-element mask.
public func adamWStep(
  parameters: UnsafeMutableBufferPointer<Float>, gradients: UnsafeBufferPointer<Float>,
  m: UnsafeMutableBufferPointer<Float>, v: UnsafeMutableBufferPointer<Float>,
  decayRanges: [Range<Int>], learningRate: Float, step: Int, config: AdamWConfig
) {
  precondition(parameters.count == gradients.count && m.count == parameters.count
    && v.count == parameters.count, "adamWStep: buffer sizes differ")
  precondition(step >= 1, "adamWStep: step is 1-based")
  let b1 = config.beta1, b2 = config.beta2, eps = config.epsilon
  let correction1 = 1 - pow(Double(b1), Double(step))
  let correction2 = 1 - pow(Double(b2), Double(step))
  let stepSize = Float(Double(learningRate) / correction1)
  let invSqrtCorrection2 = Float(1 / correction2.squareRoot())

  // Decoupled weight decay first (as torch.optim.AdamW): θ ← θ·(1 − lr·λ) on the decayed ranges.
  if config.weightDecay > 0 {
    let shrink = 1 - learningRate * config.weightDecay
    for r in decayRanges {
      for i in r { parameters[i] *= shrink }
    }
  }
  nonisolated(unsafe) let p = parameters.baseAddress!, g = gradients.baseAddress!
  nonisolated(unsafe) let mp = m.baseAddress!, vp = v.baseAddress!
  let n = parameters.count
  parallelFor((n + 65535) / 65536) { chunk in
    let lo = chunk * 65536, hi = min(n, lo + 65536)
    for i in lo..<hi {
      let gi = g[i]
      let mi = b1 * mp[i] + (1 - b1) * gi
      let vi = b2 * vp[i] + (1 - b2) * gi * gi
      mp[i] = mi
      vp[i] = vi
      p[i] -= stepSize * mi / ((vi.squareRoot() * invSqrtCorrection2) + eps)
    }
  }
}

#if canImport(Glibc)
  import Glibc
#endif
