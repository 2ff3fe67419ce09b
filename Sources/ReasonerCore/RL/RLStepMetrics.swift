// RLStepMetrics: the figures of one RL step, written as one JSON line of OUT/metrics.jsonl (snake_case
// keys) and drawn by OUT/report.html. Tested in Tests/ReasonerCoreTests/RLTrainerTests.swift (fields present).
import Foundation

public struct RLStepMetrics: Codable, Equatable, Sendable {
  public var step: Int
  public var lr: Double
  /// Mean of R_i before the KL term (r + p, unscorable responses left out).
  public var rewardMean: Double
  /// Share of responses the correctness reward accepted.
  public var accuracy: Double
  public var truncatedRate: Double
  public var repetitiveRate: Double
  public var garbledRate: Double
  public var responseLengthMean: Double
  public var responseLengthMax: Int
  /// Mean full-vocabulary entropy of π_τ over the trained response tokens (nil when nothing trained).
  public var entropy: Double?
  /// Mean over responses of d_i = Σ_t k(log π_θ, log π_ref) (the configured estimator), and the same
  /// against the initial policy (nil when not tracked).
  public var klRef: Double
  public var klInit: Double?
  /// Share of prompt groups whose rewards were all equal (skipped when skip_equal_groups).
  public var allEqualFraction: Double
  public var trainedResponses: Int
  public var policyLoss: Double?
  public var gradNorm: Double?
  /// max and mean |log π_sampler − log π_trainer| over the trained tokens (~1e-5 expected).
  public var logprobGapMax: Double?
  public var logprobGapMean: Double?
  public var secondsSample: Double
  public var secondsScore: Double
  public var secondsTrain: Double
  public var secondsTotal: Double
  /// Held-out pass@1 when this step ran an evaluation.
  public var evalPassAt1: Double?

  enum CodingKeys: String, CodingKey {
    case step, lr, rewardMean = "reward_mean", accuracy, truncatedRate = "truncated_rate"
    case repetitiveRate = "repetitive_rate", garbledRate = "garbled_rate"
    case responseLengthMean = "response_length_mean", responseLengthMax = "response_length_max"
    case entropy, klRef = "kl_ref", klInit = "kl_init", allEqualFraction = "all_equal_fraction"
    case trainedResponses = "trained_responses", policyLoss = "policy_loss", gradNorm = "grad_norm"
    case logprobGapMax = "logprob_gap_max", logprobGapMean = "logprob_gap_mean"
    case secondsSample = "seconds_sample", secondsScore = "seconds_score", secondsTrain = "seconds_train"
    case secondsTotal = "seconds_total", evalPassAt1 = "eval_pass_at_1"
  }

  /// One JSON line (no trailing newline), keys sorted.
  public func jsonLine() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  /// The numeric fields by key, for HTMLReport's charts.
  public var chartRow: [String: Double] {
    guard let data = try? JSONEncoder().encode(self),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return [:] }
    return object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
  }

  /// The report's charts: reward/accuracy, penalties, entropy, KL, lengths, loss/grad norm, gap, timings.
  public static let charts: [ChartSpec] = [
    ChartSpec("Reward and accuracy", keys: ["reward_mean", "accuracy", "eval_pass_at_1"]),
    ChartSpec("Penalty rates", keys: ["truncated_rate", "repetitive_rate", "garbled_rate"]),
    ChartSpec("Entropy", keys: ["entropy"]),
    ChartSpec("KL (per response)", keys: ["kl_ref", "kl_init"]),
    ChartSpec("Response length", keys: ["response_length_mean", "response_length_max"]),
    ChartSpec("All-equal groups", keys: ["all_equal_fraction"]),
    ChartSpec("Policy loss", keys: ["policy_loss"]),
    ChartSpec("Gradient norm", keys: ["grad_norm"]),
    ChartSpec("Sampler/trainer log-prob gap", keys: ["logprob_gap_max", "logprob_gap_mean"]),
    ChartSpec("Seconds per step", keys: ["seconds_sample", "seconds_score", "seconds_train", "seconds_total"]),
  ]
}
