// TemperatureProcessor: divides the logits by τ (τ = 0: greedy), the first step of every pipeline.
// Tested in SamplingDistributionTests.swift (chi-square at τ = 0.7, 1, 1.2; greedy = argmax).

/// Mirrors transformers' TemperatureLogitsWarper: weights become exp((logit − max)/τ). τ = 0 marks the
/// row greedy and keeps the weights at τ = 1, so the reported log-probability is the τ = 1 one.
public struct TemperatureProcessor: LogitsProcessor {
  public let temperature: Float

  /// Throws unless τ is 0 or a finite positive value whose inverse is finite.
  public init(temperature: Float) throws {
    guard temperature == 0 || (temperature > 0 && temperature.isFinite && (1 / temperature).isFinite)
    else {
      throw ReasonerError(
        .invalidArgument,
        "temperature = \(temperature): expected 0 (greedy) or a finite value > 0 with a finite inverse")
    }
    self.temperature = temperature
  }

  public func process(_ candidates: inout TokenCandidates) {
    candidates.isGreedy = temperature == 0
    candidates.weigh(inverseTemperature: temperature == 0 ? 1 : 1 / temperature)
  }
}
