// RLConfig: every knob of a `reasoner rl` run (data, sampling, optimiser, objective, penalties, schedule
// of evals and checkpoints), read from JSON with snake_case keys; validate() names the field at fault.
// Tested in Tests/ReasonerCoreTests/RLTrainerConfigTests.swift (defaults, round trip, field-named errors).
import Foundation

/// The configuration of one RL run. Objective fields (kl_coef, kl_estimator, kl_in, entropy_coef,
/// loss_aggregation, penalty_mode, clip_ratio, temperature) live in the same flat JSON object and are
/// read by `RLObjective`.
public struct RLConfig: Codable, Equatable, Sendable {
  /// Model file or directory (GGUF or Hugging Face), for the CLI.
  public var model: String = ""
  /// Training records: JSONL with `problem` and `answer` (other fields are passed to reward functions).
  public var data: String = ""
  /// "chat" (the model's chat template with an instruction to box the answer) or a template with a
  /// `{problem}` placeholder, used as is.
  public var promptTemplate: String = "chat"
  /// B: prompts per step.
  public var batchSize: Int = 8
  /// K: samples per prompt (≥ 2: RLOO needs a leave-one-out baseline).
  public var k: Int = 16
  public var topP: Double = 1.0
  public var maxNewTokens: Int = 512
  public var lr: Double = 1e-6
  public var schedule: ScheduleKind = .constant
  public var warmup: Int = 0
  public var weightDecay: Double = 0
  /// Global gradient-norm clip; 0 turns clipping off.
  public var maxGradNorm: Double = 1.0
  /// β of θ_ref ← β·θ_ref + (1−β)·θ (1 keeps the reference frozen).
  public var emaBeta: Double = 0.99
  public var refUpdateEvery: Int = 1
  public var penaltyTruncated: Bool = true
  public var penaltyRepetitive: Bool = true
  public var penaltyGarbled: Bool = true
  /// Skip prompt groups whose K rewards are all equal (no RLOO signal; T1's online filter).
  public var skipEqualGroups: Bool = true
  /// Responses per forward/backward pass (gradients accumulate over micro-batches).
  public var microBatchSize: Int = 16
  /// Also compute the KL to the initial policy each step (one more forward-only pass).
  public var trackInitialKL: Bool = true
  public var seed: UInt64 = 0
  public var steps: Int = 100
  /// Held-out JSONL evaluated every `eval_every` steps (0: never), pass@1 over `eval_samples` samples.
  public var evalData: String? = nil
  public var evalEvery: Int = 0
  public var evalSamples: Int = 4
  public var evalTemperature: Double = 1.0
  public var evalProblems: Int = 256
  public var checkpointEvery: Int = 0
  public var out: String = "runs/rl"
  /// The memory a step may use (GiB); 0 means 80% of physical memory.
  public var memoryLimitGB: Double = 0
  /// The objective: T1's defaults (τ 1.2, k1 KL in the reward with λ 2e-4, token-mean, override).
  public var objective = RLObjective()

  public init() {}

  enum CodingKeys: String, CodingKey, CaseIterable {
    case model, data, promptTemplate = "prompt_template", batchSize = "batch_size", k
    case topP = "top_p", maxNewTokens = "max_new_tokens", lr, schedule, warmup
    case weightDecay = "weight_decay", maxGradNorm = "max_grad_norm", emaBeta = "ema_beta"
    case refUpdateEvery = "ref_update_every", penaltyTruncated = "penalty_truncated"
    case penaltyRepetitive = "penalty_repetitive", penaltyGarbled = "penalty_garbled"
    case skipEqualGroups = "skip_equal_groups", microBatchSize = "micro_batch_size"
    case trackInitialKL = "track_initial_kl", seed, steps, evalData = "eval_data"
    case evalEvery = "eval_every", evalSamples = "eval_samples", evalTemperature = "eval_temperature"
    case evalProblems = "eval_problems", checkpointEvery = "checkpoint_every", out
    case memoryLimitGB = "memory_limit_gb"
  }

  /// Missing keys take their defaults; a value of the wrong type names its key. Unknown keys are an
  /// error (a typo must not silently leave a default in place), except the objective's.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: AnyKey.self)
    let known = Set(CodingKeys.allCases.map(\.rawValue)).union(RLObjective.CodingKeys.allKeys)
    if let unknown = c.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
      throw ReasonerError(.invalidArgument, "config field '\(unknown)': unknown key")
    }
    func field<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
      do { return try c.decodeIfPresent(T.self, forKey: AnyKey(key.rawValue)) ?? fallback } catch {
        throw ReasonerError(.invalidArgument, "config field '\(key.rawValue)': expected \(T.self)")
      }
    }
    let d = RLConfig()
    model = try field(.model, d.model)
    data = try field(.data, d.data)
    promptTemplate = try field(.promptTemplate, d.promptTemplate)
    batchSize = try field(.batchSize, d.batchSize)
    k = try field(.k, d.k)
    topP = try field(.topP, d.topP)
    maxNewTokens = try field(.maxNewTokens, d.maxNewTokens)
    lr = try field(.lr, d.lr)
    schedule = try field(.schedule, d.schedule)
    warmup = try field(.warmup, d.warmup)
    weightDecay = try field(.weightDecay, d.weightDecay)
    maxGradNorm = try field(.maxGradNorm, d.maxGradNorm)
    emaBeta = try field(.emaBeta, d.emaBeta)
    refUpdateEvery = try field(.refUpdateEvery, d.refUpdateEvery)
    penaltyTruncated = try field(.penaltyTruncated, d.penaltyTruncated)
    penaltyRepetitive = try field(.penaltyRepetitive, d.penaltyRepetitive)
    penaltyGarbled = try field(.penaltyGarbled, d.penaltyGarbled)
    skipEqualGroups = try field(.skipEqualGroups, d.skipEqualGroups)
    microBatchSize = try field(.microBatchSize, d.microBatchSize)
    trackInitialKL = try field(.trackInitialKL, d.trackInitialKL)
    seed = try field(.seed, d.seed)
    steps = try field(.steps, d.steps)
    evalData = try field(.evalData, d.evalData)
    evalEvery = try field(.evalEvery, d.evalEvery)
    evalSamples = try field(.evalSamples, d.evalSamples)
    evalTemperature = try field(.evalTemperature, d.evalTemperature)
    evalProblems = try field(.evalProblems, d.evalProblems)
    checkpointEvery = try field(.checkpointEvery, d.checkpointEvery)
    out = try field(.out, d.out)
    memoryLimitGB = try field(.memoryLimitGB, d.memoryLimitGB)
    objective = try RLObjective(from: decoder)
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(model, forKey: .model)
    try c.encode(data, forKey: .data)
    try c.encode(promptTemplate, forKey: .promptTemplate)
    try c.encode(batchSize, forKey: .batchSize)
    try c.encode(k, forKey: .k)
    try c.encode(topP, forKey: .topP)
    try c.encode(maxNewTokens, forKey: .maxNewTokens)
    try c.encode(lr, forKey: .lr)
    try c.encode(schedule, forKey: .schedule)
    try c.encode(warmup, forKey: .warmup)
    try c.encode(weightDecay, forKey: .weightDecay)
    try c.encode(maxGradNorm, forKey: .maxGradNorm)
    try c.encode(emaBeta, forKey: .emaBeta)
    try c.encode(refUpdateEvery, forKey: .refUpdateEvery)
    try c.encode(penaltyTruncated, forKey: .penaltyTruncated)
    try c.encode(penaltyRepetitive, forKey: .penaltyRepetitive)
    try c.encode(penaltyGarbled, forKey: .penaltyGarbled)
    try c.encode(skipEqualGroups, forKey: .skipEqualGroups)
    try c.encode(microBatchSize, forKey: .microBatchSize)
    try c.encode(trackInitialKL, forKey: .trackInitialKL)
    try c.encode(seed, forKey: .seed)
    try c.encode(steps, forKey: .steps)
    try c.encodeIfPresent(evalData, forKey: .evalData)
    try c.encode(evalEvery, forKey: .evalEvery)
    try c.encode(evalSamples, forKey: .evalSamples)
    try c.encode(evalTemperature, forKey: .evalTemperature)
    try c.encode(evalProblems, forKey: .evalProblems)
    try c.encode(checkpointEvery, forKey: .checkpointEvery)
    try c.encode(out, forKey: .out)
    try c.encode(memoryLimitGB, forKey: .memoryLimitGB)
    try objective.encode(to: encoder)
  }

  /// Reads a JSON config file; errors name the file and the field.
  public static func load(path: String) throws -> RLConfig {
    guard let bytes = FileManager.default.contents(atPath: path) else {
      throw ReasonerError(.io, "\(path): cannot read the config file")
    }
    do { return try JSONDecoder().decode(RLConfig.self, from: bytes) } catch let error as ReasonerError {
      throw ReasonerError(error.kind, "\(path): \(error.message)")
    } catch {
      throw ReasonerError(.invalidFile, "\(path): not a JSON object (\(error.localizedDescription))")
    }
  }

  /// Checks every field that needs no file access; the message names the field and what was expected.
  public func validate() throws {
    func need(_ ok: Bool, _ field: String, _ expected: String, _ got: Any) throws {
      if !ok {
        throw ReasonerError(.invalidArgument, "config field '\(field)': expected \(expected), got \(got)")
      }
    }
    try objective.validate()
    try need(batchSize >= 1, "batch_size", "≥ 1 prompt per step", batchSize)
    try need(k >= 2, "k", "≥ 2 samples per prompt (RLOO's leave-one-out baseline needs K ≥ 2)", k)
    try need(topP > 0 && topP <= 1, "top_p", "a number in (0, 1]", topP)
    try need(maxNewTokens >= 1, "max_new_tokens", "≥ 1", maxNewTokens)
    try need(lr.isFinite && lr > 0, "lr", "a finite number > 0", lr)
    try need(warmup >= 0, "warmup", "≥ 0 steps", warmup)
    try need(weightDecay.isFinite && weightDecay >= 0, "weight_decay", "a finite number ≥ 0", weightDecay)
    try need(maxGradNorm.isFinite && maxGradNorm >= 0, "max_grad_norm", "a finite number ≥ 0 (0: off)", maxGradNorm)
    try need(emaBeta.isFinite && (0...1).contains(emaBeta), "ema_beta", "a number in [0, 1]", emaBeta)
    try need(refUpdateEvery >= 1, "ref_update_every", "≥ 1 step", refUpdateEvery)
    try need(microBatchSize >= 1, "micro_batch_size", "≥ 1 response", microBatchSize)
    try need(steps >= 1, "steps", "≥ 1", steps)
    try need(evalEvery >= 0, "eval_every", "≥ 0 (0: never)", evalEvery)
    try need(evalSamples >= 1, "eval_samples", "≥ 1", evalSamples)
    try need(evalTemperature.isFinite && evalTemperature >= 0, "eval_temperature", "a finite number ≥ 0 (0: greedy)", evalTemperature)
    try need(evalProblems >= 1, "eval_problems", "≥ 1", evalProblems)
    try need(checkpointEvery >= 0, "checkpoint_every", "≥ 0 (0: only at the end)", checkpointEvery)
    try need(!out.isEmpty, "out", "an output directory", "\"\"")
    try need(memoryLimitGB.isFinite && memoryLimitGB >= 0, "memory_limit_gb", "a number ≥ 0 (0: 80% of RAM)", memoryLimitGB)
    try need(
      promptTemplate == "chat" || promptTemplate.contains("{problem}"), "prompt_template",
      "\"chat\" or a template containing {problem}", promptTemplate)
  }

  /// The learning-rate schedule over `steps` optimizer steps.
  public var learningRateSchedule: LearningRateSchedule {
    LearningRateSchedule(peak: Float(lr), warmupSteps: warmup, totalSteps: steps, kind: schedule)
  }
}

/// A coding key for any string (to list and check the keys of a config object).
struct AnyKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(_ string: String) { stringValue = string }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { return nil }
}

extension RLObjective.CodingKeys {
  static var allKeys: Set<String> {
    ["kl_coef", "kl_estimator", "kl_in", "entropy_coef", "loss_aggregation", "penalty_mode",
     "clip_ratio", "temperature"]
  }
}
