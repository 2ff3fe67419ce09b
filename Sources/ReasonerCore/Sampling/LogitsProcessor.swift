// LogitsProcessor: one small protocol for the steps that turn a logits row into the distribution a
// token is drawn from (temperature, top-k, top-p, min-p: one conforming type per file), in the manner of
// huggingface/swift-transformers' LogitsWarper. Tested in SamplingDistributionTests.swift (chi-square).

/// One step of the sampling pipeline. It reads and narrows `candidates` in place: the temperature sets
/// the scale and computes the weights, filters shrink the survivor set. Order: `TokenSampler.pipeline`.
public protocol LogitsProcessor: Sendable {
  func process(_ candidates: inout TokenCandidates)
}
