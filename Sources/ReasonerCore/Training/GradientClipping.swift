// Global-norm gradient clipping, and the finite check that keeps NaN/inf away from the weights.
// Tested in Tests/ReasonerCoreTests/AdamWTests.swift.

/// The L2 norm of all gradients, accumulated in Double. Returns .nan/.infinity if any element is not finite.
public func globalNorm(_ gradients: UnsafeBufferPointer<Float>) -> Double {
  let n = gradients.count
  let chunks = (n + 65535) / 65536
  let partial = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, chunks))
  defer { partial.deallocate() }
  nonisolated(unsafe) let g = gradients.baseAddress!
  nonisolated(unsafe) let out = partial.baseAddress!
  parallelFor(chunks) { c in
    var s = 0.0
    for i in (c * 65536)..<min(n, c * 65536 + 65536) { s += Double(g[i]) * Double(g[i]) }
    out[c] = s
  }
  return partial.reduce(0, +).squareRoot()
}

/// Scales `gradients` so their global norm is at most `maxNorm` (no-op when maxNorm ≤ 0 or the norm is
/// already below). Returns the norm before clipping.
@discardableResult
public func clipGradients(_ gradients: UnsafeMutableBufferPointer<Float>, maxNorm: Double) -> Double {
  let norm = globalNorm(UnsafeBufferPointer(gradients))
  if maxNorm > 0, norm.isFinite, norm > maxNorm {
    let scale = Float(maxNorm / (norm + 1e-6))
    for i in gradients.indices { gradients[i] *= scale }
  }
  return norm
}
