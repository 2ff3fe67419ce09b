// TopPProcessor: nucleus sampling, keeps the smallest set of most probable tokens reaching mass p.
// Tested in SamplingDistributionTests.swift (chi-square against the renormalised nucleus).

/// Mirrors transformers' TopPLogitsWarper (Holtzman et al. 2020): sorted heaviest first, a token is kept
/// when the mass of the tokens before it is < p, over the distribution renormalised after top-k. The
/// boundary is found by quickselect, without sorting (see `heaviestPrefixCount`).
public struct TopPProcessor: LogitsProcessor {
  public let p: Float

  /// Throws unless 0 < p ≤ 1.
  public init(p: Float) throws {
    guard p > 0 && p <= 1 else {
      throw ReasonerError(.invalidArgument, "topP = \(p): expected a value in (0, 1]")
    }
    self.p = p
  }

  public func process(_ candidates: inout TokenCandidates) {
    if p >= 1 { return }
    candidates.keepHeaviest(coveringWeight: Double(p) * candidates.survivorWeight())
  }
}
