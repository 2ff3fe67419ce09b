// TopKProcessor: keeps the k most probable tokens. Tested in SamplingDistributionTests.swift
// (chi-square against the renormalised top-k distribution; ties go to the lower id).

/// Mirrors transformers' TopKLogitsWarper: every token outside the k largest weights is dropped; ties at
/// the boundary keep the lower ids (transformers keeps all tied tokens; here k is exact).
public struct TopKProcessor: LogitsProcessor {
  public let k: Int

  /// Throws unless k ≥ 1 (a pipeline with top-k off simply omits this processor).
  public init(k: Int) throws {
    guard k >= 1 else {
      throw ReasonerError(.invalidArgument, "topK = \(k): expected ≥ 1 (omit the filter to turn it off)")
    }
    self.k = k
  }

  public func process(_ candidates: inout TokenCandidates) {
    if k >= (candidates.survivorCount ?? candidates.vocabularySize) { return }
    candidates.keepHeaviest(count: k)
  }
}
