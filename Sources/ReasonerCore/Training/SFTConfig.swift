// SFTConfig: every setting of a supervised fine-tuning run, validated up front with messages naming the
// CLI flag at fault; saved in trainer_state.json so a resume can check it continues the same run.
// Tested in Tests/ReasonerCoreTests/TrainingLoopTests.swift (validation messages, resume mismatch).
import Foundation

public struct SFTConfig: Codable, Equatable, Sendable {
  /// Optimizer steps to reach (a resumed run continues up to this count).
  public var steps: Int
  /// B: rows per optimizer step.
  public var batchSize: Int
  /// M: rows per forward/backward; B / M micro-batches are accumulated.
  public var microBatchSize: Int
  /// T: the longest row; longer records are truncated from the end of the completion.
  public var sequenceLength: Int
  public var learningRate: Float
  public var warmupSteps: Int
  public var schedule: ScheduleKind
  /// Cosine floor as a fraction of the peak learning rate.
  public var minLearningRateRatio: Float
  /// Global-norm clip (≤ 0: no clipping).
  public var gradClip: Float
  /// betas, eps and weight decay (norms and biases never decay).
  public var adamW: AdamWConfig
  /// Seeds the data order (a fresh permutation per epoch).
  public var seed: UInt64
  /// false: records in file order, epoch after epoch.
  public var shuffle: Bool

  enum CodingKeys: String, CodingKey {
    case steps, batchSize = "batch_size", microBatchSize = "micro_batch_size", sequenceLength = "seq_len"
    case learningRate = "lr", warmupSteps = "warmup", schedule, minLearningRateRatio = "min_lr_ratio"
    case gradClip = "grad_clip", adamW = "adamw", seed, shuffle
  }

  public init(steps: Int, batchSize: Int = 8, microBatchSize: Int = 8, sequenceLength: Int = 512,
              learningRate: Float = 1e-5, warmupSteps: Int = 0, schedule: ScheduleKind = .cosine,
              minLearningRateRatio: Float = 0.1, gradClip: Float = 1.0, adamW: AdamWConfig = AdamWConfig(),
              seed: UInt64 = 0, shuffle: Bool = true) {
    self.steps = steps
    self.batchSize = batchSize
    self.microBatchSize = microBatchSize
    self.sequenceLength = sequenceLength
    self.learningRate = learningRate
    self.warmupSteps = warmupSteps
    self.schedule = schedule
    self.minLearningRateRatio = minLearningRateRatio
    self.gradClip = gradClip
    self.adamW = adamW
    self.seed = seed
    self.shuffle = shuffle
  }

  public var learningRateSchedule: LearningRateSchedule {
    LearningRateSchedule(peak: learningRate, warmupSteps: warmupSteps, totalSteps: steps, kind: schedule,
                         minRatio: minLearningRateRatio)
  }

  /// Micro-batches per optimizer step.
  public var accumulationSteps: Int { batchSize / microBatchSize }

  /// Throws naming the flag (`steps`, `batch-size`, `micro-batch-size`, `seq-len`, `lr`, …) and what it needs.
  public func validate(contextLength: Int? = nil) throws {
    func need(_ ok: Bool, _ field: String, _ expected: String, _ got: Any) throws {
      if !ok { throw ReasonerError(.invalidArgument, "\(field): expected \(expected), got \(got)") }
    }
    try need(steps >= 1, "steps", "≥ 1", steps)
    try need(batchSize >= 1, "batch-size", "≥ 1", batchSize)
    try need(microBatchSize >= 1 && microBatchSize <= batchSize, "micro-batch-size",
             "1 … batch-size (\(batchSize))", microBatchSize)
    try need(batchSize % microBatchSize == 0, "micro-batch-size",
             "a divisor of batch-size (\(batchSize))", microBatchSize)
    try need(sequenceLength >= 2, "seq-len", "≥ 2 tokens (a prompt token and a completion token)", sequenceLength)
    if let contextLength {
      try need(sequenceLength <= contextLength, "seq-len",
               "≤ the model's context (max_position_embeddings \(contextLength))", sequenceLength)
    }
    try need(learningRate.isFinite && learningRate > 0, "lr", "a positive finite number", learningRate)
    try need(warmupSteps >= 0, "warmup", "≥ 0 steps", warmupSteps)
    try need(minLearningRateRatio >= 0 && minLearningRateRatio <= 1, "min-lr-ratio", "0 … 1", minLearningRateRatio)
    try need(gradClip.isFinite, "grad-clip", "a finite number (≤ 0 disables clipping)", gradClip)
    do { try adamW.validate() } catch let e as ReasonerError {
      throw ReasonerError(.invalidArgument, e.message.replacingOccurrences(of: "'weight_decay'", with: "weight-decay"))
    }
  }
}
