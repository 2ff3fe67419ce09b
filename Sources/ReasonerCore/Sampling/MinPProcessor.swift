// MinPProcessor: keeps tokens whose probability is at least minP × the top probability.
// Tested in SamplingDistributionTests.swift (chi-square against the renormalised min-p set).

/// Mirrors transformers' MinPLogitsWarper (Nguyen et al. 2024): a token survives when its probability is
/// ≥ minP·p_max. The ratio to p_max does not depend on renormalisation, so its place in the order only
/// matters for which tokens earlier filters already removed.
public struct MinPProcessor: LogitsProcessor {
  public let minP: Float

  /// Throws unless 0 ≤ minP ≤ 1.
  public init(minP: Float) throws {
    guard minP >= 0 && minP <= 1 else {
      throw ReasonerError(.invalidArgument, "minP = \(minP): expected a value in [0, 1]")
    }
    self.minP = minP
  }

  public func process(_ candidates: inout TokenCandidates) {
    if minP <= 0 { return }
    candidates.keepAtLeast(weight: minP * candidates.maxSurvivorWeight)
  }
}
