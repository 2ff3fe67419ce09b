// RLObjective: the objective's knobs of one T1 RL step (KL, entropy, aggregation, penalties, clipping,
// temperature), read from the `reasoner rl` config file with the snake_case keys.
// Tested in Tests/ReasonerCoreTests/RLObjectiveTests.swift (defaults, round trip, field-named errors).

/// Where the KL-to-reference term enters the objective.
public enum KLPlacement: String, Codable, Sendable, CaseIterable {
  /// R_i = r_i + p_i − λ·(d_i − mean_j d_j), no gradient through the KL (T1's default).
  case reward
  /// A per-token KL term added to the loss with coefficient λ and its gradient (GRPO-style, usually k3).
  case loss
}

/// How per-token losses are averaged into the batch loss.
public enum LossAggregation: String, Codable, Sendable, CaseIterable {
  /// (1/N)·Σ_{i,t}, N = response tokens of the whole (accumulated) batch. Default.
  case tokenMean = "token-mean"
  /// (1/S)·Σ_i (1/len_i)·Σ_t: each sequence weighs the same whatever its length.
  case seqMean = "seq-mean"
}

/// The knobs of the RL objective. Every field has the default of the T1 recipe in the RL issue.
public struct RLObjective: Codable, Equatable, Sendable {
  /// λ: the KL coefficient, used by whichever placement `klIn` picks.
  public var klCoef: Double = 2e-4
  public var klEstimator: KLEstimator = .k1
  public var klIn: KLPlacement = .reward
  /// α_ent: coefficient of the entropy bonus (the loss subtracts α_ent·H). Off unless set.
  public var entropyCoef: Double = 0
  public var lossAggregation: LossAggregation = .tokenMean
  public var penaltyMode: PenaltyMode = .override
  /// ε of PPO-style ratio clipping to [1−ε, 1+ε]; nil (default) turns clipping off.
  public var clipRatio: Double? = nil
  /// τ: sampling temperature; the loss's log-probabilities are those of softmax(logits/τ).
  public var temperature: Double = 1.2

  enum CodingKeys: String, CodingKey {
    case klCoef = "kl_coef", klEstimator = "kl_estimator", klIn = "kl_in"
    case entropyCoef = "entropy_coef", lossAggregation = "loss_aggregation"
    case penaltyMode = "penalty_mode", clipRatio = "clip_ratio", temperature
  }

  public init(
    klCoef: Double = 2e-4, klEstimator: KLEstimator = .k1, klIn: KLPlacement = .reward,
    entropyCoef: Double = 0, lossAggregation: LossAggregation = .tokenMean,
    penaltyMode: PenaltyMode = .override, clipRatio: Double? = nil, temperature: Double = 1.2
  ) {
    self.klCoef = klCoef
    self.klEstimator = klEstimator
    self.klIn = klIn
    self.entropyCoef = entropyCoef
    self.lossAggregation = lossAggregation
    self.penaltyMode = penaltyMode
    self.clipRatio = clipRatio
    self.temperature = temperature
  }

  /// Missing keys take their defaults; other keys of the config file are ignored (they belong to the
  /// trainer). A wrong value names its key and lists what is allowed.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    func field<T: Decodable>(_ key: CodingKeys, _ fallback: T, _ expected: String) throws -> T {
      do { return try c.decodeIfPresent(T.self, forKey: key) ?? fallback } catch {
        throw ReasonerError(
          .invalidArgument, "config field '\(key.rawValue)': expected \(expected)")
      }
    }
    klCoef = try field(.klCoef, 2e-4, "a number")
    klEstimator = try field(.klEstimator, .k1, "one of k1, k2, k3")
    klIn = try field(.klIn, .reward, "one of reward, loss")
    entropyCoef = try field(.entropyCoef, 0.0, "a number")
    lossAggregation = try field(.lossAggregation, .tokenMean, "one of token-mean, seq-mean")
    penaltyMode = try field(.penaltyMode, .override, "one of override, add")
    clipRatio = try field(.clipRatio, nil as Double?, "a number or null")
    temperature = try field(.temperature, 1.2, "a number")
  }

  /// Checks every field; the message names the field and what was expected.
  public func validate() throws {
    func need(_ ok: Bool, _ field: String, _ expected: String, _ got: Any) throws {
      if !ok {
        throw ReasonerError(.invalidArgument, "config field '\(field)': expected \(expected), got \(got)")
      }
    }
    try need(klCoef.isFinite && klCoef >= 0, "kl_coef", "a finite number ≥ 0", klCoef)
    try need(
      entropyCoef.isFinite && entropyCoef >= 0, "entropy_coef", "a finite number ≥ 0", entropyCoef)
    if let clipRatio {
      try need(
        clipRatio.isFinite && clipRatio > 0 && clipRatio < 1, "clip_ratio",
        "a number in (0, 1) or null", clipRatio)
    }
    try need(temperature.isFinite && temperature > 0, "temperature", "a finite number > 0", temperature)
  }
}
