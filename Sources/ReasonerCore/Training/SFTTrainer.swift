// SFTTrainer: the supervised fine-tuning loop. One step = B examples in B/M micro-batches, cross-entropy
// over completion tokens normalised by the loss tokens of the WHOLE step, gradients accumulated, a finite
// check (NaN/inf skips the update), global-norm clipping, then AdamW (no decay on norms and biases).
// Tested in Tests/ReasonerCoreTests/TrainingLoopTests.swift and GoldenLlamaTests.swift (PyTorch's 10 steps).
import Foundation

/// What one step did (one line of metrics.jsonl).
public struct SFTStepMetrics: Sendable, Equatable {
  /// 1-based step number.
  public var step: Int
  /// Mean cross-entropy over the step's completion tokens (non-finite when skipped).
  public var loss: Double
  public var learningRate: Float
  /// Global gradient norm before clipping.
  public var gradNorm: Double
  /// Non-padding tokens processed (prompt + completion).
  public var tokens: Int
  /// Completion tokens the loss counted.
  public var lossTokens: Int
  public var tokensPerSecond: Double
  /// Wall time since the run started (earlier sessions included after a resume).
  public var elapsedSeconds: Double
  /// Why the update was skipped (non-finite loss or gradient), nil when applied.
  public var skipped: String?

  /// The JSON object written to metrics.jsonl (non-finite numbers become null).
  public var jsonObject: [String: Any] {
    func number(_ x: Double) -> Any { x.isFinite ? x : NSNull() }
    var o: [String: Any] = [
      "step": step, "loss": number(loss), "lr": Double(learningRate), "grad_norm": number(gradNorm),
      "tokens": tokens, "loss_tokens": lossTokens, "tokens_per_s": tokensPerSecond, "elapsed_s": elapsedSeconds,
    ]
    if let skipped { o["skipped"] = skipped }
    return o
  }
}

public final class SFTTrainer {
  public let model: LlamaModel
  public let dataset: SFTDataset
  public let config: SFTConfig
  /// dLoss/dθ of the current step, same layout as the model's parameters.
  public let gradients: ParameterStore
  /// Adam first and second moments (PyTorch's exp_avg, exp_avg_sq).
  public let adamM: ParameterStore
  public let adamV: ParameterStore
  /// Steps taken, skipped ones included (the schedule and the metrics count these).
  public internal(set) var step = 0
  /// Updates applied (AdamW's bias-correction count).
  public internal(set) var optimizerStep = 0
  /// Non-finite steps in a row; 3 stops the run.
  public internal(set) var consecutiveSkips = 0
  /// Seconds spent in earlier sessions of this run (restored on resume).
  public internal(set) var previousElapsed = 0.0
  public internal(set) var order: DataOrder
  /// Padding id for right-padded rows (never a target).
  public let paddingToken: Int32
  let decayRanges: [Range<Int>]
  private var sessionStart = Date()

  public static let maxConsecutiveSkips = 3

  /// Validates everything before any work: the config (naming the flag), seq-len against the model's
  /// context and the dataset's, and every token id against the vocabulary.
  public init(model: LlamaModel, dataset: SFTDataset, config: SFTConfig, paddingToken: Int32 = 0) throws {
    try config.validate(contextLength: model.config.maxPositionEmbeddings)
    guard !dataset.examples.isEmpty else { throw ReasonerError(.invalidArgument, "SFT data: the dataset is empty") }
    let V = model.config.vocabSize
    for (i, e) in dataset.examples.enumerated() {
      if e.tokens.count > config.sequenceLength {
        throw ReasonerError(.invalidArgument, "SFT example \(i): \(e.tokens.count) tokens > seq-len \(config.sequenceLength)")
      }
      if e.completionStart < 1 || e.completionStart >= e.tokens.count {
        throw ReasonerError(.invalidArgument, "SFT example \(i): completion start \(e.completionStart) outside 1..<\(e.tokens.count)")
      }
      if let bad = e.tokens.first(where: { $0 < 0 || Int($0) >= V }) {
        throw ReasonerError(.invalidArgument, "SFT example \(i): token \(bad) is outside the model's vocabulary 0..<\(V)")
      }
    }
    guard paddingToken >= 0 && Int(paddingToken) < V else {
      throw ReasonerError(.invalidArgument, "padding token \(paddingToken) is outside the vocabulary 0..<\(V)")
    }
    self.model = model
    self.dataset = dataset
    self.config = config
    self.paddingToken = paddingToken
    gradients = model.parameters.makeZeroedSibling()
    adamM = model.parameters.makeZeroedSibling()
    adamV = model.parameters.makeZeroedSibling()
    order = DataOrder(count: dataset.examples.count, seed: config.seed, shuffle: config.shuffle)
    decayRanges = model.parameters.layout.entries.filter { !ParameterStore.isNormOrBias($0.name) }
      .map { $0.offset..<($0.offset + $0.count) }
  }

  /// The next B examples in micro-batches of M (advances the data order).
  func nextMicroBatches() throws -> [SFTMicroBatch] {
    try (0..<config.accumulationSteps).map { _ in
      let rows = (0..<config.microBatchSize).map { _ in dataset.examples[order.next()] }
      return try SFTMicroBatch(examples: rows, paddingToken: paddingToken)
    }
  }

  /// One optimizer step. A non-finite loss or gradient norm leaves weights and moments untouched and
  /// returns metrics with `skipped` set (the caller stops after `maxConsecutiveSkips`).
  public func trainStep() throws -> SFTStepMetrics {
    let started = Date()
    let microBatches = try nextMicroBatches()
    // One normaliser for every micro-batch: the mean is over the whole accumulated batch.
    let lossTokens = microBatches.reduce(0) { $0 + $1.lossTokenCount }
    gradients.zero()
    var loss = 0.0
    for mb in microBatches {
      let ce = try CrossEntropyLoss(
        targets: mb.targets, vocabularySize: model.config.vocabSize, normalizer: Double(lossTokens))
      loss += model.forwardBackward(batch: mb.batch, loss: ce, gradients: gradients)
    }
    let lr = config.learningRateSchedule.learningRate(atStep: step)
    // Returns the norm before clipping; clips only when the norm is finite.
    let norm = clipGradients(gradients.storage, maxNorm: Double(config.gradClip))
    step += 1
    var skipped: String?
    if !loss.isFinite || !norm.isFinite {
      consecutiveSkips += 1
      skipped = !loss.isFinite ? "non-finite loss" : "non-finite gradient"
    } else {
      consecutiveSkips = 0
      optimizerStep += 1
      adamWStep(
        parameters: model.parameters.storage, gradients: UnsafeBufferPointer(gradients.storage),
        m: adamM.storage, v: adamV.storage, decayRanges: decayRanges, learningRate: lr, step: optimizerStep,
        config: config.adamW)
    }
    let tokens = microBatches.reduce(0) { $0 + $1.realTokenCount }
    let seconds = max(Date().timeIntervalSince(started), 1e-9)
    return SFTStepMetrics(
      step: step, loss: loss, learningRate: lr, gradNorm: norm, tokens: tokens, lossTokens: lossTokens,
      tokensPerSecond: Double(tokens) / seconds, elapsedSeconds: elapsedSeconds, skipped: skipped)
  }

  /// Wall time of the run so far (earlier sessions included).
  public var elapsedSeconds: Double { previousElapsed + Date().timeIntervalSince(sessionStart) }

  /// Steps until `config.steps`, calling `onStep` after each (log, checkpoint). Throws `.numerical` after
  /// `maxConsecutiveSkips` non-finite steps in a row (the last one's metrics are passed to `onStep` first).
  public func run(onStep: (SFTStepMetrics) throws -> Void = { _ in }) throws {
    sessionStart = Date()
    while step < config.steps {
      let m = try trainStep()
      try onStep(m)
      if consecutiveSkips >= Self.maxConsecutiveSkips {
        throw ReasonerError(
          .numerical,
          "step \(m.step): \(consecutiveSkips) steps in a row had a non-finite loss or gradient "
            + "(last: \(m.skipped ?? "?")); stopping. Lower --lr or check the data; the weights hold the last finite update.")
      }
    }
  }

  /// Sets the session clock after a resume (elapsed time of earlier sessions).
  func restoreClock(previousElapsed: Double) {
    self.previousElapsed = previousElapsed
    sessionStart = Date()
  }

  /// The in-memory entry point (no files): fine-tunes `model` in place on token pairs and returns every
  /// step's metrics. `endToken` (e.g. EOS) is appended to each completion.
  @discardableResult
  public static func finetune(model: LlamaModel, pairs: [(prompt: [Int32], completion: [Int32])],
                              endToken: Int32?, config: SFTConfig) throws -> [SFTStepMetrics] {
    let data = try SFTDataset(pairs: pairs, sequenceLength: config.sequenceLength, endToken: endToken)
    let trainer = try SFTTrainer(model: model, dataset: data, config: config, paddingToken: endToken ?? 0)
    var out: [SFTStepMetrics] = []
    try trainer.run { out.append($0) }
    return out
  }
}
