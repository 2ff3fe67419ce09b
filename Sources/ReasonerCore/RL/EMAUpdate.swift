// EMA reference update (T1 step 6): θ_ref ← β·θ_ref + (1−β)·θ over flat parameter buffers, one
// OpenBLAS saxpby per 2^30-element chunk. Tested in Tests/ReasonerCoreTests/RLEMATests.swift against a
// Double loop.
import CBLAS

/// θ_ref ← β·θ_ref + (1−β)·θ, element-wise. β = 1 leaves the reference unchanged (frozen, bit for bit);
/// β = 0 copies the policy.
///
/// - Parameters:
///   - reference: [P] the reference model's flat parameters, updated in place.
///   - policy: [P] the policy's flat parameters, in the same order.
///   - beta: β in [0, 1].
public func emaUpdate(reference: UnsafeMutableBufferPointer<Float>, policy: UnsafeBufferPointer<Float>,
                      beta: Float) throws
{
  guard reference.count == policy.count else {
    throw ReasonerError(
      .invalidArgument,
      "policy: expected \(reference.count) parameters (the reference's), got \(policy.count)")
  }
  guard beta.isFinite, (0...1).contains(beta) else {
    throw ReasonerError(.invalidArgument, "ema beta: expected a number in [0, 1], got \(beta)")
  }
  if beta == 1 { return }  // frozen: skip the pass (and its rounding) entirely
  guard let ref = reference.baseAddress, let pol = policy.baseAddress else { return }
  let chunk = 1 << 30  // saxpby counts are 32-bit
  for start in stride(from: 0, to: reference.count, by: chunk) {
    let n = Int32(min(chunk, reference.count - start))
    cblas_saxpby(n, 1 - beta, pol + start, 1, beta, ref + start, 1)  // y ← α·x + β·y
  }
}
